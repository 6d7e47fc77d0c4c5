#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The shared-mime-info package file is accepted by update-mime-database and maps *.gbsession to
# application/x-gigablock-session, and the desktop entry (when given) claims that type and takes the
# file (%f or %F in Exec), so "Open with" starts the workbench on a session.
#   check_mime.sh MIME_XML SCRATCH_DIR [DESKTOP_FILE]
set -euo pipefail
xml=$1
scratch=$2
desktop=${3:-}
rm -rf "$scratch"
mkdir -p "$scratch/packages"
cp "$xml" "$scratch/packages/"
# update-mime-database reports a malformed file on stderr but still exits 0: treat any
# "error"/"warning" line as a failure.
log=$(update-mime-database -V "$scratch" 2>&1)
if printf '%s\n' "$log" | grep -iE 'error|warning|unknown' >&2; then
    exit 1
fi
grep -qx '50:application/x-gigablock-session:\*\.gbsession' "$scratch/globs2" || {
    echo "globs2 has no *.gbsession entry:" >&2
    cat "$scratch/globs2" >&2
    exit 1
}
grep -qx 'application/x-gigablock-session application/json' "$scratch/subclasses" || {
    echo "application/x-gigablock-session is not a sub-class of application/json" >&2
    exit 1
}
if [ -n "$desktop" ]; then
    grep -qE '^MimeType=(.*;)?application/x-gigablock-session;' "$desktop" || {
        echo "$desktop: MimeType does not list application/x-gigablock-session" >&2
        exit 1
    }
    grep -qE '^Exec=.*%[fF]' "$desktop" || { echo "$desktop: Exec takes no file (%f)" >&2; exit 1; }
fi
echo "$xml: *.gbsession is application/x-gigablock-session${desktop:+, claimed by $desktop}"
