#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Every man page renders through groff's man macros without a warning (-ww: all of them).
#   check_man_render.sh PAGE...
set -euo pipefail
status=0
for page in "$@"; do
    warnings=$(groff -man -Tutf8 -ww -z "$page" 2>&1)
    if [ -n "$warnings" ]; then
        echo "$page:" >&2
        printf '%s\n' "$warnings" >&2
        status=1
    else
        echo "$page: renders cleanly"
    fi
done
exit $status
