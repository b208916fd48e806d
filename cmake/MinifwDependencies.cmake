# Every dependency comes from the distribution's packages; nothing is
# downloaded at configure or build time. The README says why each is here.
find_package(Threads REQUIRED)
# CMake 3.30 and newer (Debian 13) drop their FindBoost for Boost's own
# BoostConfig.cmake, which every supported release ships; older CMake has no
# such policy and keeps FindBoost, which finds the same Boost.
if(POLICY CMP0167)
  cmake_policy(SET CMP0167 NEW)
endif()
find_package(Boost 1.81 REQUIRED COMPONENTS json)
find_package(SQLite3 REQUIRED)
find_package(GTest REQUIRED)
if(MINIFW_BUILD_BENCHMARKS)
  find_package(benchmark REQUIRED)
endif()

# llhttp, as whichever of three forms the system has, all giving one target,
# minifw::llhttp:
#   1. a CMake package (Debian 13's libllhttp-dev: target llhttp::llhttp_shared);
#   2. a pkg-config package, named libllhttp (Debian 13) or llhttp (others);
#   3. its C sources and header (Debian 12 and Ubuntu 24.04's node-llhttp),
#      compiled here into one static library.
# MINIFW_LLHTTP_VERSION says which llhttp it is: 8 and 9 differ in what
# they let through (see lessons/02-http/README.md).
find_package(llhttp CONFIG QUIET)
if(TARGET llhttp::llhttp_shared OR TARGET llhttp::llhttp_static)
  if(TARGET llhttp::llhttp_shared)
    add_library(minifw::llhttp ALIAS llhttp::llhttp_shared)
  else()
    add_library(minifw::llhttp ALIAS llhttp::llhttp_static)
  endif()
  get_target_property(LLHTTP_INCLUDE_DIR minifw::llhttp INTERFACE_INCLUDE_DIRECTORIES)
  set(_minifw_llhttp_from "its CMake package (${llhttp_DIR})")
else()
  find_package(PkgConfig QUIET)
  if(PkgConfig_FOUND)
    pkg_search_module(LLHTTP QUIET IMPORTED_TARGET libllhttp llhttp)
  endif()
  if(LLHTTP_FOUND)
    add_library(minifw::llhttp ALIAS PkgConfig::LLHTTP)
    set(_minifw_llhttp_from "pkg-config (${LLHTTP_MODULE_NAME})")
  else()
    find_path(LLHTTP_INCLUDE_DIR llhttp.h
              PATHS /usr/share/include/llhttp /usr/include/llhttp /usr/local/include)
    find_path(LLHTTP_SOURCE_DIR llhttp.c PATHS /usr/share/llhttp)
    if(NOT LLHTTP_INCLUDE_DIR OR NOT LLHTTP_SOURCE_DIR)
      message(FATAL_ERROR
        "llhttp not found: neither a CMake package, nor pkg-config's libllhttp or llhttp, "
        "nor its sources in /usr/share/llhttp. On Debian or Ubuntu, ./course setup installs "
        "it (libllhttp-dev where the release has it, else node-llhttp); elsewhere install "
        "your distribution's llhttp development package.")
    endif()
    add_library(minifw_llhttp STATIC
                ${LLHTTP_SOURCE_DIR}/llhttp.c ${LLHTTP_SOURCE_DIR}/api.c
                ${LLHTTP_SOURCE_DIR}/http.c)
    target_include_directories(minifw_llhttp SYSTEM PUBLIC ${LLHTTP_INCLUDE_DIR})
    set_target_properties(minifw_llhttp PROPERTIES C_STANDARD 99 POSITION_INDEPENDENT_CODE ON)
    add_library(minifw::llhttp ALIAS minifw_llhttp)
    set(_minifw_llhttp_from "its sources in ${LLHTTP_SOURCE_DIR}")
  endif()
endif()

# The version, from the header's LLHTTP_VERSION_* macros, whichever form it came in.
set(MINIFW_LLHTTP_VERSION "")
foreach(_minifw_dir IN LISTS LLHTTP_INCLUDE_DIR LLHTTP_INCLUDE_DIRS
                              CMAKE_C_IMPLICIT_INCLUDE_DIRECTORIES)
  if(NOT MINIFW_LLHTTP_VERSION AND EXISTS "${_minifw_dir}/llhttp.h")
    file(STRINGS "${_minifw_dir}/llhttp.h" _minifw_lines
         REGEX "^#define LLHTTP_VERSION_(MAJOR|MINOR|PATCH) ")
    string(REGEX REPLACE "[^;]*_(MAJOR|MINOR|PATCH) +([0-9]+)" "\\2" _minifw_parts
           "${_minifw_lines}")
    list(JOIN _minifw_parts "." MINIFW_LLHTTP_VERSION)
  endif()
endforeach()
message(STATUS "llhttp ${MINIFW_LLHTTP_VERSION}, from ${_minifw_llhttp_from}")
