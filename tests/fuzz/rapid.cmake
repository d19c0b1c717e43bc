# libFuzzer target for the rapid-json response parsers (asan + clang builds only).
hotel_fuzzer(rapid_wire_fuzz ${CMAKE_CURRENT_LIST_DIR}/rapid_wire_fuzz.cpp ${CMAKE_CURRENT_LIST_DIR}/corpus/rapid)
