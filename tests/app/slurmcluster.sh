#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# A single-node Slurm cluster on loopback for the sweep tests, entirely inside DIR:
#   slurmcluster.sh start DIR   munged, slurmctld and slurmd with a generated slurm.conf;
#                               prints SLURM_CONF=DIR/slurm.conf once the node is idle
#   slurmcluster.sh stop DIR    stops the three daemons again
# Exit status 3 means Slurm or munge is not installed (the test skips), anything else
# non-zero that they would not start (the reason is on stderr). Ports come from the
# caller's PID, so parallel test runs do not collide with each other or a real cluster.
set -euo pipefail

cmd=${1:?start or stop}
dir=$(realpath -m "${2:?directory}")

stop() {
    for name in slurmd slurmctld munged; do
        if [ -f "$dir/$name.pid" ]; then
            kill "$(cat "$dir/$name.pid")" 2>/dev/null || true
        fi
    done
    for name in slurmd slurmctld munged; do
        if [ -f "$dir/$name.pid" ]; then
            pid=$(cat "$dir/$name.pid")
            for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
            kill -9 "$pid" 2>/dev/null || true
            rm -f "$dir/$name.pid"
        fi
    done
}

if [ "$cmd" = stop ]; then
    stop
    exit 0
fi

export PATH="$PATH:/usr/sbin"
if [ "$(id -u)" -ne 0 ]; then
    echo "slurmcluster: slurmd must run as root to start jobs" >&2
    exit 3
fi
installed() {
    for tool in munged mungekey slurmctld slurmd sbatch scontrol; do
        command -v "$tool" >/dev/null 2>&1 || return 1
    done
}
# Not in scripts/setup-deps.sh: on an ordinary Debian machine the packages enable and start
# system services (munged at least). The test installs them for itself where it may (root,
# apt-get; GBW_SLURM_INSTALL=0 forbids it); the daemons it runs are its own, in DIR.
if ! installed && [ "${GBW_SLURM_INSTALL:-1}" != 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "slurmcluster: installing slurmctld slurmd munge" >&2
    packages=(slurmctld slurmd slurm-client munge)
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y --no-install-recommends "${packages[@]}" >"$dir.install.log" 2>&1 \
        || { apt-get update >>"$dir.install.log" 2>&1 \
             && apt-get install -y --no-install-recommends "${packages[@]}" >>"$dir.install.log" 2>&1; } \
        || true
fi
if ! installed; then
    echo "slurmcluster: Slurm or munge is not installed and could not be (Debian: apt-get install slurmctld slurmd munge)" >&2
    exit 3
fi

mkdir -p "$dir/spool" "$dir/state" "$dir/munge"
chmod 700 "$dir/munge"
base=$(( 20000 + ($$ % 2000) * 3 ))
host=$(hostname -s)
cpus=$(nproc)

mungekey --create --keyfile="$dir/munge/munge.key" --force 2>/dev/null \
    || dd if=/dev/urandom of="$dir/munge/munge.key" bs=1024 count=1 status=none
chmod 400 "$dir/munge/munge.key"
munged --force --key-file="$dir/munge/munge.key" --socket="$dir/munge/munge.socket" \
    --pid-file="$dir/munged.pid" --log-file="$dir/munged.log" --seed-file="$dir/munge/seed" \
    || { echo "slurmcluster: munged would not start:" >&2; cat "$dir/munged.log" >&2 || true; exit 1; }

cat > "$dir/slurm.conf" <<CONF
ClusterName=gbwtest
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$base
SlurmdPort=$((base + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$dir/munge/munge.socket
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool/%n
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SwitchType=switch/none
MpiDefault=none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
SlurmdTimeout=30
SchedulerParameters=sched_interval=1
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$dir/slurm.conf"
slurmctld -i -f "$SLURM_CONF" || { echo "slurmctld would not start:" >&2; tail -20 "$dir/slurmctld.log" >&2; stop; exit 1; }
slurmd -f "$SLURM_CONF" || { echo "slurmd would not start:" >&2; tail -20 "$dir/slurmd.log" >&2; stop; exit 1; }

for _ in $(seq 100); do
    state=$(scontrol show node "$host" 2>/dev/null | sed -n 's/.*State=\([A-Z+_]*\).*/\1/p' | head -1)
    case "$state" in
        IDLE*|MIXED*) echo "SLURM_CONF=$SLURM_CONF"; exit 0 ;;
    esac
    sleep 0.2
done
echo "slurmcluster: the node did not become idle (state '$state'):" >&2
tail -5 "$dir/slurmctld.log" "$dir/slurmd.log" >&2 || true
stop
exit 1
