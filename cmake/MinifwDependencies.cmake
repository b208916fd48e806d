# Every dependency comes from the distribution's packages; nothing is
# downloaded at configure or build time. The README says why each is here.
find_package(Threads REQUIRED)
find_package(Boost 1.81 REQUIRED COMPONENTS json)
find_package(SQLite3 REQUIRED)
find_package(GTest REQUIRED)
if(MINIFW_BUILD_BENCHMARKS)
  find_package(benchmark REQUIRED)
endif()

# llhttp: a pkg-config package on most systems. Debian 12 instead ships its
# C sources and header (package node-llhttp); we compile those into one
# static library so both cases give the same target, minifw::llhttp.
find_package(PkgConfig QUIET)
if(PkgConfig_FOUND)
  pkg_check_modules(LLHTTP QUIET IMPORTED_TARGET llhttp)
endif()
if(LLHTTP_FOUND)
  add_library(minifw::llhttp ALIAS PkgConfig::LLHTTP)
else()
  find_path(LLHTTP_INCLUDE_DIR llhttp.h
            PATHS /usr/share/include/llhttp /usr/include/llhttp /usr/local/include)
  find_path(LLHTTP_SOURCE_DIR llhttp.c PATHS /usr/share/llhttp)
  if(NOT LLHTTP_INCLUDE_DIR OR NOT LLHTTP_SOURCE_DIR)
    message(FATAL_ERROR
      "llhttp not found. On Debian/Ubuntu: sudo apt-get install node-llhttp; "
      "elsewhere install the llhttp package (found with pkg-config). "
      "Or run ./course setup, which installs everything.")
  endif()
  add_library(minifw_llhttp STATIC
              ${LLHTTP_SOURCE_DIR}/llhttp.c ${LLHTTP_SOURCE_DIR}/api.c
              ${LLHTTP_SOURCE_DIR}/http.c)
  target_include_directories(minifw_llhttp SYSTEM PUBLIC ${LLHTTP_INCLUDE_DIR})
  set_target_properties(minifw_llhttp PROPERTIES C_STANDARD 99 POSITION_INDEPENDENT_CODE ON)
  add_library(minifw::llhttp ALIAS minifw_llhttp)
endif()
