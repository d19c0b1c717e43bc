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
