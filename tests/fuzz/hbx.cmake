# libFuzzer target for the hbx-json response parsers (asan + clang builds only).
hotel_fuzzer(hbx_wire_fuzz ${CMAKE_CURRENT_LIST_DIR}/hbx_wire_fuzz.cpp ${CMAKE_CURRENT_LIST_DIR}/corpus/hbx)
