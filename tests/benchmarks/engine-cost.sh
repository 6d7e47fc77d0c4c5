#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# What one engine event (an allocation or a free) costs, counted rather than
# timed: instructions, simulated cache misses and branch mispredictions under
# cachegrind. The counts are the same on every run, so two builds can be
# compared on a machine whose timings swing by a fifth from run to run.
#
# cachegrind cannot count part of a run, so bench_engine_cost runs twice,
# warm-up only and warm-up plus the measured stretch; the difference is the
# cost of the measured events alone.
set -euo pipefail

usage() {
    cat <<'EOF'
Usage: tests/benchmarks/engine-cost.sh [options]

Counts what the engine spends per event under cachegrind (valgrind).

Options:
  --policy NAME     vanilla, superpageblock or gigablock-bitmap (default vanilla)
  --host GIB        host size in GiB (default 16; 256 takes about 10 minutes)
  --workload NAME   workload preset (default syzkaller)
  --warm SECONDS    virtual warm-up before measuring (default 480: the host is full)
  --measure SECONDS virtual seconds measured (default 60)
  --bin FILE        the bench_engine_cost binary (default build/release/tests/benchmarks/bench_engine_cost)
  --llc MIB         size of the simulated last-level cache in MiB (default 32)
  -h, --help        this text

The default last-level cache is the 32 MiB the reference machine reports. On a shared virtual
machine much less of it may be usable (a random pointer chase over 6 MiB can already cost main
memory's latency); a 1 MiB cache then counts the misses that reach memory more faithfully.
EOF
}

policy=vanilla host=16 workload=syzkaller warm=480 measure=60 llc=32
bin=build/release/tests/benchmarks/bench_engine_cost
while [ $# -gt 0 ]; do
    case "$1" in
    --policy | --host | --workload | --warm | --measure | --bin | --llc)
        [ $# -ge 2 ] || { echo "engine-cost: $1 needs a value" >&2; exit 2; }
        case "$1" in
        --policy) policy=$2 ;; --host) host=$2 ;; --workload) workload=$2 ;;
        --warm) warm=$2 ;; --measure) measure=$2 ;; --bin) bin=$2 ;; --llc) llc=$2 ;;
        esac
        shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) echo "engine-cost: unknown argument '$1' (see --help)" >&2; exit 2 ;;
    esac
done

case "$llc" in
'' | *[!0-9]*) echo "engine-cost: --llc takes a whole number of MiB, not '$llc'" >&2; exit 2 ;;
esac
[ "$llc" -ge 1 ] && [ $((llc & (llc - 1))) -eq 0 ] || {
    echo "engine-cost: --llc must be a power of two (cachegrind needs one), not $llc" >&2
    exit 2
}

command -v valgrind >/dev/null || { echo "engine-cost: needs valgrind (apt-get install valgrind)" >&2; exit 2; }
[ -x "$bin" ] || {
    echo "engine-cost: no $bin; build it with: cmake --build build/release --target bench_engine_cost" >&2
    exit 2
}

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

count() { # seconds-to-measure name
    valgrind --tool=cachegrind --cache-sim=yes --branch-sim=yes --LL=$((llc << 20)),16,64 \
        --cachegrind-out-file="$scratch/$2.cg" "$bin" "$policy" "$host" "$warm" "$1" "$workload" \
        >"$scratch/$2.json" 2>"$scratch/$2.log" || {
        echo "engine-cost: the $2 run failed:" >&2
        cat "$scratch/$2.log" >&2
        exit 1
    }
}
echo "engine-cost: $policy on ${host} GiB under $workload, ${warm} s warm-up, ${measure} s measured," \
    "${llc} MiB last-level cache" >&2
count 0 warm
count "$measure" measured

python3 - "$scratch" <<'PY'
import json, sys

def summary(path):
    events = summary = None
    for line in open(path):
        if line.startswith("events:"):
            events = line.split()[1:]
        elif line.startswith("summary:"):
            summary = [int(v) for v in line.split()[1:]]
    return dict(zip(events, summary))

scratch = sys.argv[1]
warm, measured = summary(f"{scratch}/warm.cg"), summary(f"{scratch}/measured.cg")
run = json.load(open(f"{scratch}/measured.json"))
n = run["events"]
if n == 0:
    sys.exit("engine-cost: no events were measured; is the measured stretch long enough?")
d = {k: measured[k] - warm[k] for k in warm}
per = lambda *keys: sum(d[k] for k in keys) / n
print(json.dumps({
    **run,
    "instructions_per_event": round(per("Ir"), 1),
    "l1_misses_per_event": round(per("D1mr", "D1mw"), 2),
    "llc_misses_per_event": round(per("DLmr", "DLmw"), 2),
    "mispredicts_per_event": round(per("Bcm", "Bim"), 2),
}))
PY
