# SPDX-License-Identifier: GPL-3.0-or-later
#
# Helpers for tests/: one executable per unit, one ctest entry per executable.
#
#   gbw_add_test(NAME <name> SOURCES <file>... [LIBRARIES <lib>...] [LABELS <label>...] [TIMEOUT <s>])
#     Builds tst_<name> from SOURCES, linked to GTest::gtest_main, LIBRARIES and gbw_warnings, with
#     GBW_TEST_DATA_DIR="<source>/tests/data" defined, and registers it as ctest test <name>, run
#     from the top of the build tree.
#
#   gbw_add_benchmark(NAME <name> SOURCES <file>... [LIBRARIES <lib>...])
#     Builds bench_<name> linked to benchmark::benchmark (the sources provide BENCHMARK_MAIN()).
#     Benchmarks are built with everything else but are not ctest tests.

include_guard(GLOBAL)

function(gbw_add_test)
    cmake_parse_arguments(PARSE_ARGV 0 arg "" "NAME;TIMEOUT" "SOURCES;LIBRARIES;LABELS")
    if(arg_UNPARSED_ARGUMENTS)
        message(FATAL_ERROR "gbw_add_test: unknown arguments: ${arg_UNPARSED_ARGUMENTS}")
    endif()
    if(NOT arg_NAME OR NOT arg_SOURCES)
        message(FATAL_ERROR "gbw_add_test: NAME and SOURCES are required")
    endif()

    set(target tst_${arg_NAME})
    add_executable(${target} ${arg_SOURCES})
    target_link_libraries(${target} PRIVATE GTest::gtest_main ${arg_LIBRARIES} gbw_warnings)
    target_compile_definitions(${target} PRIVATE GBW_TEST_DATA_DIR="${GBW_SAMPLES_DIR}")

    add_test(NAME ${arg_NAME} COMMAND ${target} WORKING_DIRECTORY ${CMAKE_BINARY_DIR})
    if(arg_LABELS)
        set_tests_properties(${arg_NAME} PROPERTIES LABELS "${arg_LABELS}")
    endif()
    if(arg_TIMEOUT)
        set_tests_properties(${arg_NAME} PROPERTIES TIMEOUT ${arg_TIMEOUT})
    endif()
endfunction()

function(gbw_add_benchmark)
    cmake_parse_arguments(PARSE_ARGV 0 arg "" "NAME" "SOURCES;LIBRARIES")
    if(arg_UNPARSED_ARGUMENTS)
        message(FATAL_ERROR "gbw_add_benchmark: unknown arguments: ${arg_UNPARSED_ARGUMENTS}")
    endif()
    if(NOT arg_NAME OR NOT arg_SOURCES)
        message(FATAL_ERROR "gbw_add_benchmark: NAME and SOURCES are required")
    endif()

    set(target bench_${arg_NAME})
    add_executable(${target} ${arg_SOURCES})
    target_link_libraries(${target} PRIVATE benchmark::benchmark ${arg_LIBRARIES} gbw_warnings)
endfunction()
