#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Regenerate the screenshots of docs/user-guide.md with the workbench's own --screenshot mode, so
# they show the program as it is. No display needed (Qt's offscreen platform).
#   docs/screenshots.sh [PATH/TO/gigablock-workbench]     default: build/release's
# Every shot is the same seeded run (64 GiB, syzkaller, vanilla, seed 1) after five virtual
# minutes, so the pictures agree with each other; one map uses gigablock-bitmap for comparison.
# The docked views that the whole window shows (map, heatmaps, drill-down, timelines) are not shot
# again on their own; the tabbed ones (knobs, counters, proc) are. Each shot simulates from boot:
# about a minute of CPU each.
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."
workbench=${1:-build/release/app/workbench/gigablock-workbench}
[ -x "$workbench" ] || {
    echo "screenshots.sh: $workbench not found; build it (cmake --preset release && cmake --build --preset release)" >&2
    exit 1
}
out=docs/images
mkdir -p "$out"
export QT_QPA_PLATFORM=offscreen
export XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-$(mktemp -d)}

run=(--simulate syzkaller --host 64G --policy vanilla --seed 1 --after 5m)
shot() {
    local name=$1
    shift
    echo "screenshots.sh: $out/$name.png"
    "$workbench" --screenshot "$out/$name.png" "$@"
}

shot window "${run[@]}" --select 20:100
shot knobs "${run[@]}" --view knobs
shot counters "${run[@]}" --view counters
shot proc "${run[@]}" --view proc
shot map-gigablock-bitmap --simulate syzkaller --host 64G --policy gigablock-bitmap --seed 1 --after 5m --view map
