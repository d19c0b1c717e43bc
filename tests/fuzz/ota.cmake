# libFuzzer target for the ota-xml response parsers (asan + clang builds only).
hotel_fuzzer(ota_wire_fuzz ${CMAKE_CURRENT_LIST_DIR}/ota_wire_fuzz.cpp ${CMAKE_CURRENT_LIST_DIR}/corpus/ota)
