# SPDX-License-Identifier: GPL-3.0-or-later
#
# Find toml++ and provide the imported target tomlplusplus::tomlplusplus.
#
# 1. The package's own CMake config. Debian 12's libtomlplusplus-dev ships one in
#    /usr/lib/x86_64-linux-gnu/cmake/tomlplusplus: it defines tomlplusplus::tomlplusplus for the
#    compiled library libtomlplusplus.so with -DTOML_HEADER_ONLY=0 -DTOML_SHARED_LIB=1.
# 2. Otherwise pkg-config (tomlplusplus.pc, which Debian installs in /usr/lib/<triplet>/pkgconfig),
#    wrapped in the same target name.
#
# Sets tomlplusplus_FOUND and tomlplusplus_VERSION.

find_package(tomlplusplus CONFIG QUIET)

if(tomlplusplus_FOUND AND TARGET tomlplusplus::tomlplusplus)
    set(_gbw_toml_found_by "${tomlplusplus_DIR}")
else()
    find_package(PkgConfig QUIET)
    if(PKG_CONFIG_FOUND)
        pkg_check_modules(PC_tomlplusplus QUIET IMPORTED_TARGET tomlplusplus)
    endif()
    if(PC_tomlplusplus_FOUND)
        if(NOT TARGET tomlplusplus::tomlplusplus)
            add_library(tomlplusplus::tomlplusplus INTERFACE IMPORTED)
            target_link_libraries(tomlplusplus::tomlplusplus INTERFACE PkgConfig::PC_tomlplusplus)
        endif()
        set(tomlplusplus_VERSION "${PC_tomlplusplus_VERSION}")
        set(_gbw_toml_found_by "pkg-config ${PC_tomlplusplus_PREFIX}")
    endif()
endif()

# The message names where it came from: the config directory or "pkg-config <prefix>".
include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(tomlplusplus
    REQUIRED_VARS _gbw_toml_found_by
    VERSION_VAR tomlplusplus_VERSION)
unset(_gbw_toml_found_by)
