#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Set up, build (ci preset: RelWithDebInfo, warnings are errors) and run the whole test suite,
# then, where clang is installed (setup-deps.sh installs it), run every parser's libFuzzer
# target for ten seconds (fuzz preset). Extra arguments go to the main ctest run, e.g.
# ./scripts/test.sh -L core. The exit code is the first failure's.
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."

./scripts/setup-deps.sh
cmake --preset ci
cmake --build --preset ci
ctest --preset ci "$@"

if command -v clang++ >/dev/null; then
    cmake --preset fuzz >/dev/null
    cmake --build --preset fuzz
    ctest --preset fuzz
else
    echo "test.sh: clang++ not found; the short fuzz runs were skipped"
fi
