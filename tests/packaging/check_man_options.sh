#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# A hand-written man page must document every long option the program's --help lists, and must
# not document options the program no longer has.
#   check_man_options.sh MANPAGE PROGRAM
# For a CLI11 program with subcommands (gigablock), every subcommand's --help is read too.
set -euo pipefail
man_page=$1
program=$2
export QT_QPA_PLATFORM=offscreen

# The long options of one --help text: the option names at the start of its option lines, and
# any option its descriptions mention.
options_of() {
    grep -oE -- '--[a-z][a-z0-9-]*' | sort -u
}

# --help of the program and, recursively, of each of its subcommands (CLI11 lists them under
# "Subcommands:", one per line, indented by two spaces).
help_texts() {
    local help
    help=$("$program" "$@" --help)
    printf '%s\n' "$help"
    printf '%s\n' "$help" | sed -n '/^Subcommands:/,/^$/p' | sed -nE 's/^  ([a-z][a-z0-9-]*) .*/\1/p' |
        while read -r sub; do help_texts "$@" "$sub"; done
}

helped=$(help_texts | options_of)
[ -n "$helped" ] || { echo "no options found in $program --help" >&2; exit 1; }

# In roff every '-' of an option is written '\-'.
documented=$(sed 's/\\-/-/g' "$man_page" | options_of)
# The options the page defines: the heads of its .TP items (".BI \-\-host " SIZE"").
defined=$(sed -n '/^\.TP$/{n;p}' "$man_page" | sed 's/\\-/-/g' | grep -oE -- '^\.B[IR]? --[a-z][a-z0-9-]*' |
    grep -oE -- '--[a-z0-9-]+' | sort -u)

status=0
missing=$(comm -23 <(printf '%s\n' "$helped") <(printf '%s\n' "$documented"))
if [ -n "$missing" ]; then
    echo "$man_page: options of $(basename "$program") --help that the page does not mention:" $missing >&2
    status=1
fi
stale=$(comm -13 <(printf '%s\n' "$helped") <(printf '%s\n' "$defined"))
if [ -n "$stale" ]; then
    echo "$man_page: options the page describes that $(basename "$program") --help does not list:" $stale >&2
    status=1
fi
[ $status -ne 0 ] || echo "$man_page: all $(printf '%s\n' "$helped" | wc -l) options of $(basename "$program") documented"
exit $status
