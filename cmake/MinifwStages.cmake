# How a stage is built.
#
# For a stage NN (a folder exercises/NN-name, and solutions/NN-name where the
# reference is present) this file makes:
#
#   minifw_NN_exercise   static library from exercises/NN-name/*.cpp
#   minifw_NN_solution   static library from solutions/NN-name/*.cpp
#   test_NN              tests/NN-name/*.cpp linked with the track's choice
#                        for every stage 01..NN, registered with CTest
#   test_NN_red          (MINIFW_VERIFY) stage NN from exercises/, every
#                        earlier stage from solutions/: must fail
#   example_NN_<name>    one per lessons/NN-name/examples/<name>.cpp
#   bench_NN_<name>      one per lessons/NN-name/benchmarks/<name>.cpp
#
# Each stage is compiled once per variant; the test objects are compiled once
# and linked into both the track's binary and the red binary.

include(GoogleTest)

# Flags for the project's own code (not for llhttp, which is C from the distro).
function(minifw_project_flags target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow
                         -Wnon-virtual-dtor -Wold-style-cast)
  if(MINIFW_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

# A stage's library: the files of one variant (exercises/ or solutions/) and
# the stage's given code, minifw/src/NN-name/ (private headers and sources
# that are not exercises), so that given code is kept once for both variants.
function(minifw_stage_library target dir name)
  file(GLOB sources CONFIGURE_DEPENDS "${dir}/*.cpp")
  set(given "${PROJECT_SOURCE_DIR}/minifw/src/${name}")
  file(GLOB given_sources CONFIGURE_DEPENDS "${given}/*.cpp")
  # Built only when a binary links it: the learner track never compiles the
  # reference, and the reference track compiles stubs only for the red binaries.
  add_library(${target} STATIC EXCLUDE_FROM_ALL ${sources} ${given_sources})
  target_include_directories(${target} PRIVATE "${dir}" "${given}")
  target_link_libraries(${target} PUBLIC minifw_core)
  minifw_project_flags(${target})
endfunction()

# Is stage `id` taken from solutions/ on this track?
function(minifw_stage_is_reference id out)
  set(result OFF)
  if(MINIFW_REFERENCE_STAGES STREQUAL "all")
    set(result ON)
  elseif(id IN_LIST MINIFW_REFERENCE_STAGES)
    set(result ON)
  endif()
  set(${out} ${result} PARENT_SCOPE)
endfunction()

function(minifw_add_all_stages)
  set(root "${PROJECT_SOURCE_DIR}")
  file(GLOB stage_dirs LIST_DIRECTORIES true RELATIVE "${root}/exercises"
       CONFIGURE_DEPENDS "${root}/exercises/[0-9][0-9]-*")
  list(SORT stage_dirs)
  if(MINIFW_STAGES)
    # A contributor working on one stage can build just the stages it needs.
    list(FILTER stage_dirs INCLUDE REGEX "^(${MINIFW_STAGES_REGEX})-")
  endif()

  set(track_libs "")     # the track's library per earlier stage, newest first
  set(solution_libs "")  # the reference library per earlier stage, newest first
  set(have_all_solutions ON)
  set(stage_ids "")
  foreach(name IN LISTS stage_dirs)
    string(SUBSTRING "${name}" 0 2 id)
    file(GLOB exercise_sources CONFIGURE_DEPENDS "${root}/exercises/${name}/*.cpp")
    if(NOT exercise_sources)
      message(WARNING "exercises/${name} holds no .cpp file yet: stage ${id} is skipped")
      continue()
    endif()
    list(APPEND stage_ids ${id})
    minifw_stage_library(minifw_${id}_exercise "${root}/exercises/${name}" ${name})
    set(has_solution OFF)
    if(IS_DIRECTORY "${root}/solutions/${name}")
      set(has_solution ON)
      minifw_stage_library(minifw_${id}_solution "${root}/solutions/${name}" ${name})
    else()
      set(have_all_solutions OFF)
    endif()

    minifw_stage_is_reference(${id} reference)
    if(reference AND NOT has_solution)
      message(FATAL_ERROR "Stage ${id} is on the reference list, but solutions/${name} "
                          "is not in this copy of the course. Use: ./course use-exercises ${id}")
    endif()
    if(reference)
      set(chosen minifw_${id}_solution)
    else()
      set(chosen minifw_${id}_exercise)
    endif()
    list(PREPEND track_libs ${chosen})
    add_library(minifw_${id} INTERFACE)
    target_link_libraries(minifw_${id} INTERFACE ${track_libs})

    # Tests: compiled once, linked into the track's binary (and the red one).
    set(test_dir "${root}/tests/${name}")
    file(GLOB test_sources CONFIGURE_DEPENDS "${test_dir}/*.cpp")
    if(test_sources)
      add_library(test_${id}_objects OBJECT ${test_sources})
      # The stage's given code too: a test may check a given private header's
      # contract directly (stage 02's parser_state.hpp, for its callbacks).
      target_include_directories(test_${id}_objects PRIVATE "${test_dir}"
                                 "${root}/minifw/src/${name}")
      target_link_libraries(test_${id}_objects PUBLIC minifw_test_support minifw_core)
      target_compile_definitions(test_${id}_objects PRIVATE
                                 MINIFW_STAGE_ID="${id}" MINIFW_SOURCE_DIR="${root}")
      minifw_project_flags(test_${id}_objects)

      add_executable(test_${id} $<TARGET_OBJECTS:test_${id}_objects>)
      target_link_libraries(test_${id} PRIVATE minifw_test_main test_${id}_objects minifw_${id})
      math(EXPR ctest_timeout "${MINIFW_TEST_TIMEOUT} + 5")
      gtest_discover_tests(test_${id}
        DISCOVERY_MODE PRE_TEST
        TEST_PREFIX "${id}:"
        PROPERTIES LABELS "stage${id}" TIMEOUT ${ctest_timeout}
                   ENVIRONMENT "MINIFW_TEST_TIMEOUT=${MINIFW_TEST_TIMEOUT}")

      if(MINIFW_VERIFY AND has_solution)
        add_executable(test_${id}_red $<TARGET_OBJECTS:test_${id}_objects>)
        target_link_libraries(test_${id}_red PRIVATE minifw_test_main test_${id}_objects
                              minifw_${id}_exercise ${solution_libs})
      endif()
    endif()

    # Examples and benchmarks link the track's framework up to this stage.
    file(GLOB examples CONFIGURE_DEPENDS "${root}/lessons/${name}/examples/*.cpp")
    foreach(source IN LISTS examples)
      get_filename_component(stem "${source}" NAME_WE)
      add_executable(example_${id}_${stem} "${source}")
      target_link_libraries(example_${id}_${stem} PRIVATE minifw_${id})
      minifw_project_flags(example_${id}_${stem})
    endforeach()
    if(MINIFW_BUILD_BENCHMARKS)
      file(GLOB benches CONFIGURE_DEPENDS "${root}/lessons/${name}/benchmarks/*.cpp")
      foreach(source IN LISTS benches)
        get_filename_component(stem "${source}" NAME_WE)
        add_executable(bench_${id}_${stem} "${source}")
        target_link_libraries(bench_${id}_${stem} PRIVATE minifw_${id} benchmark::benchmark)
      endforeach()
    endif()

    if(has_solution)
      list(PREPEND solution_libs minifw_${id}_solution)
    endif()
  endforeach()

  # The whole framework on this track, for the demo app and tools.
  add_library(minifw INTERFACE)
  target_link_libraries(minifw INTERFACE ${track_libs})

  # What the course CLI reads to find binaries without guessing.
  file(WRITE "${PROJECT_BINARY_DIR}/minifw-track.txt"
       "stages=${stage_ids}\nreference=${MINIFW_REFERENCE_STAGES}\nverify=${MINIFW_VERIFY}\n"
       "sanitize=${MINIFW_SANITIZE}\n")
endfunction()
