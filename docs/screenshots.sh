#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Regenerate the screenshots of docs/user-guide.md with the workbench's own --screenshot mode, so
# they show the program as it is. No display needed (Qt's offscreen platform).
#   docs/screenshots.sh [PATH/TO/gigablock-workbench]     default: build/release's
# Every shot is the same seeded run (64 GiB, syzkaller, vanilla, seed 1) after five virtual
# minutes, so the pictures agree with each other; one map uses gigablock-bitmap for comparison.
# Each view is also shot on its own for the section that explains it; A/B, the sweep view and a
# presentation frame have their own runs. Each shot simulates from boot: a few seconds each, plus
# a small sweep (about a minute) for the sweep view.
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
for view in map orders migratetypes timelines knobs counters proc; do
    shot "$view" "${run[@]}" --view "$view"
done
shot drilldown "${run[@]}" --select 20:100 --view drilldown
shot events "${run[@]}" --select 20 --view events
shot map-gigablock-bitmap --simulate syzkaller --host 64G --policy gigablock-bitmap --seed 1 --after 5m --view map
shot compare --simulate syzkaller --host 64G --compare vanilla,superpageblock --seed 1 --after 5m --view compare
shot demo --demo vanilla-vs-gigablocks --after 150s

# The sweep view needs a sweep: proactiveness on the busy host of the compaction-knob
# presentation (memory full within a minute, so compaction has work), in a scratch store.
gigablock=$(dirname "$workbench")/../cli/gigablock
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cat >"$scratch/sweep.toml" <<TOML
policies = ["vanilla", "superpageblock"]
workloads = ["$PWD/resources/demos/workloads/busy-host.toml"]
hosts = ["8G"]
seeds = [1, 2]
duration = "2m"
[knobs]
"vm.compaction_proactiveness" = [0, 20, 50, 80]
TOML
"$gigablock" sweep "$scratch/sweep.toml" --db "$scratch/sweep.db" >/dev/null
shot sweep --sweep "$scratch/sweep.db" --view sweep
