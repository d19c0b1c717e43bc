# hotel_module(<name> SOURCES ... [DEPS ...] [TESTS ...])
# Declares an OBJECT library (the `hotel` executable links every object, so the linker never
# drops a module) and, for each test source in TESTS, one GoogleTest executable registered
# with ctest. Test executables link `hotel_lib`, a static archive of every module.
# Label by file name: *_pgtest.cpp -> `postgres` (needs a running server), else `unit`.
function(hotel_module name)
  cmake_parse_arguments(M "" "" "SOURCES;DEPS;TESTS" ${ARGN})
  add_library(${name} OBJECT ${M_SOURCES})
  target_link_libraries(${name} PUBLIC ${M_DEPS})
  set_property(GLOBAL APPEND PROPERTY HOTEL_MODULES ${name})
  if(HOTEL_BUILD_TESTS AND M_TESTS)
    foreach(test_src IN LISTS M_TESTS)
      get_filename_component(test_name ${test_src} NAME_WE)
      hotel_test(${test_name} ${test_src})
    endforeach()
  endif()
endfunction()

function(hotel_test test_name)
  add_executable(${test_name} ${ARGN})
  target_link_libraries(${test_name} PRIVATE hotel_lib hotel_test_support)
  set(labels unit)
  if(test_name MATCHES "_pgtest$")
    set(labels postgres)
  elseif(test_name MATCHES "_e2etest$")
    set(labels e2e)
  endif()
  add_test(NAME ${test_name} COMMAND ${test_name})
  set_tests_properties(${test_name} PROPERTIES LABELS "${labels}" TIMEOUT 300
    ENVIRONMENT "HOTEL_BINARY=$<TARGET_FILE:hotel>;HOTEL_SOURCE_DIR=${CMAKE_SOURCE_DIR}")
endfunction()

# hotel_fuzz_instrument(<target>): coverage-guided instrumentation of a parser's objects for
# libFuzzer (asan builds with clang only; elsewhere a no-op).
function(hotel_fuzz_instrument target)
  if(HOTEL_SANITIZE AND CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    target_compile_options(${target} PRIVATE -fsanitize=fuzzer-no-link)
  endif()
endfunction()

# hotel_fuzzer(<name> <source> <corpus_dir>): a libFuzzer target (asan builds with clang) and
# a ctest `<name>` that runs it for a bounded time from the seed corpus (label `fuzz`). New
# inputs go to the build tree, never into the source corpus.
function(hotel_fuzzer name source corpus_dir)
  if(NOT (HOTEL_SANITIZE AND CMAKE_CXX_COMPILER_ID MATCHES "Clang") OR NOT HOTEL_BUILD_TESTS)
    return()
  endif()
  add_executable(${name} ${source})
  target_compile_options(${name} PRIVATE -fsanitize=fuzzer)
  target_link_options(${name} PRIVATE -fsanitize=fuzzer)
  target_link_libraries(${name} PRIVATE hotel_lib)
  set(work ${CMAKE_BINARY_DIR}/fuzz/${name})
  file(MAKE_DIRECTORY ${work})
  add_test(NAME ${name}
           COMMAND ${name} -runs=${HOTEL_FUZZ_RUNS} -max_total_time=${HOTEL_FUZZ_SECONDS} -rss_limit_mb=2048
                   -max_len=65536 ${work} ${corpus_dir})
  set_tests_properties(${name} PROPERTIES LABELS fuzz TIMEOUT 300)
endfunction()
