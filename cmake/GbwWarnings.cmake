# SPDX-License-Identifier: GPL-3.0-or-later
#
# gbw_warnings: an INTERFACE library carrying the project's warning flags. Every project target
# links it privately:
#
#     target_link_libraries(gbw_core PRIVATE gbw_warnings)
#
# Third-party headers found through imported targets are system includes, so they stay quiet.

include_guard(GLOBAL)

add_library(gbw_warnings INTERFACE)
target_compile_options(gbw_warnings INTERFACE
    -Wall
    -Wextra
    -pedantic
    # A missing return is undefined behaviour, never just a style issue.
    -Werror=return-type
    $<$<BOOL:${GBW_WARNINGS_AS_ERRORS}>:-Werror>)
