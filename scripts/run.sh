#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Set up, build and run the main job: the workbench on its built-in simulated host. Where there
# is no display, the same simulation runs headless and prints its report, and the script says
# how to open the workbench.
#   ./scripts/run.sh                      # default: a 64 GiB host under the syzkaller workload
#   ./scripts/run.sh --host 256G ...      # arguments go to gigablock-workbench, or headless to
#                                         # 'gigablock simulate'
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."

./scripts/setup-deps.sh
cmake --preset release
targets=(gigablock)
# The target list is captured first: grep -q stops reading at the first match, and with pipefail
# the build tool's SIGPIPE on the rest of the list would read as "no workbench".
available=$(cmake --build --preset release --target help)
if grep -q '^gigablock-workbench:' <<<"$available"; then
    targets+=(gigablock-workbench)
fi
cmake --build --preset release --target "${targets[@]}"

workbench=build/release/app/workbench/gigablock-workbench
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ -x "$workbench" ]; then
    exec "$workbench" "$@"
fi

if [ $# -eq 0 ]; then
    set -- --host 64G --workload syzkaller --duration 10m # what the workbench opens on
fi
status=0
./build/release/app/cli/gigablock simulate "$@" || status=$?

echo
if [ -x "$workbench" ]; then
    echo "No display here, so the simulation ran headless. To open the workbench on this host:"
    echo "  on a desktop:        $workbench"
    echo "  over ssh:            ssh -X this-host, then $workbench"
    echo "  as a picture:        QT_QPA_PLATFORM=offscreen $workbench --screenshot wb.png --after 20s"
else
    echo "The workbench was not built (Qt 6 or QCustomPlot missing); the run above used the headless CLI."
fi
exit "$status"
