#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Set up, build (ci preset: RelWithDebInfo, warnings are errors) and run the whole test suite.
# Extra arguments go to ctest, e.g. ./scripts/test.sh -L core. Exit code is ctest's.
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."

./scripts/setup-deps.sh
cmake --preset ci
cmake --build --preset ci
exec ctest --preset ci "$@"
