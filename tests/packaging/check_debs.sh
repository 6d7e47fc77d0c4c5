#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Build the packages of this build tree with cpack, unpack each .deb into a scratch root with
# dpkg -x (no root, no container) and run what it installed: --version, a short simulation, the
# workbench's --help; check the control fields (the agent must not depend on Qt) and the files
# each package must hold.
#   check_debs.sh BUILD_DIR SCRATCH_DIR VERSION GUI(ON|OFF)
set -euo pipefail
build=$1
scratch=$2
version=$3
gui=$4

fail() {
    echo "check_debs: $*" >&2
    exit 1
}

rm -rf "$scratch"
mkdir -p "$scratch/out"
cpack --config "$build/CPackConfig.cmake" -B "$scratch/out" -G "DEB;TGZ" >"$scratch/cpack.log" 2>&1 ||
    { cat "$scratch/cpack.log" >&2; fail "cpack failed"; }

arch=$(dpkg --print-architecture)
workbench_deb=$scratch/out/gigablock-workbench_${version}-1_${arch}.deb
agent_deb=$scratch/out/gigablock-agent_${version}-1_${arch}.deb
tarball=$(ls "$scratch"/out/gigablock-workbench-"$version"-*.tar.gz 2>/dev/null | head -n1)
for f in "$workbench_deb" "$agent_deb" "$tarball"; do
    [ -f "$f" ] || { ls -l "$scratch/out" >&2; fail "cpack did not make ${f:-the .tar.gz}"; }
done

# Control fields.
for deb in "$workbench_deb" "$agent_deb"; do
    dpkg-deb --info "$deb" >/dev/null || fail "$deb is not a valid package"
    [ "$(dpkg-deb -f "$deb" Version)" = "${version}-1" ] || fail "$deb: Version is not ${version}-1"
    depends=$(dpkg-deb -f "$deb" Depends)
    case "$depends" in *libc6*) ;; *) fail "$deb: Depends lacks libc6 (did dpkg-shlibdeps run?): '$depends'" ;; esac
    echo "$(basename "$deb"): Depends: $depends"
done
agent_depends=$(dpkg-deb -f "$agent_deb" Depends)
if printf '%s' "$agent_depends" | grep -qiE 'qt|qcustomplot|libgl|libx'; then
    fail "the agent package depends on a GUI library: $agent_depends"
fi
if [ "$gui" = ON ]; then
    grep -q 'libqt6widgets6' <<<"$(dpkg-deb -f "$workbench_deb" Depends)" || fail "the workbench does not depend on Qt Widgets"
fi

# Unpack into separate roots, so each package is shown to work on its own.
dpkg -x "$workbench_deb" "$scratch/workbench"
dpkg -x "$agent_deb" "$scratch/agent"

expect_files() {
    local root=$1
    shift
    for f in "$@"; do
        [ -e "$root/$f" ] || fail "$(basename "$root") package lacks /$f"
    done
}
expect_files "$scratch/workbench" usr/bin/gigablock usr/share/man/man1/gigablock.1.gz \
    usr/share/doc/gigablock-workbench/copyright usr/share/doc/gigablock-workbench/user-guide.md
expect_files "$scratch/agent" usr/bin/gigablock-agent usr/lib/systemd/system/gigablock-agent.service \
    usr/share/man/man1/gigablock-agent.1.gz usr/share/doc/gigablock-agent/copyright
if [ "$gui" = ON ]; then
    expect_files "$scratch/workbench" usr/bin/gigablock-workbench usr/share/man/man1/gigablock-workbench.1.gz \
        usr/share/applications/org.gigablock.Workbench.desktop usr/share/metainfo/org.gigablock.Workbench.metainfo.xml \
        usr/share/mime/packages/gigablock-session.xml usr/share/icons/hicolor/scalable/apps/org.gigablock.Workbench.svg \
        usr/share/gigablock-workbench/demos/a-real-host.toml usr/share/gigablock-workbench/demos/real-host.db
fi
[ ! -e "$scratch/agent/usr/bin/gigablock-workbench" ] || fail "the agent package holds the workbench"
[ ! -e "$scratch/workbench/usr/bin/gigablock-agent" ] || fail "the workbench package holds the agent"
# Binaries are stripped (RelWithDebInfo trees are not).
file -b "$scratch/agent/usr/bin/gigablock-agent" | grep -q 'not stripped' && fail "gigablock-agent is not stripped"

# Run what was installed.
out=$("$scratch/workbench/usr/bin/gigablock" --version)
[ "$out" = "gigablock $version" ] || fail "gigablock --version printed '$out'"
out=$("$scratch/agent/usr/bin/gigablock-agent" --version)
[ "$out" = "gigablock-agent $version" ] || fail "gigablock-agent --version printed '$out'"
report=$("$scratch/workbench/usr/bin/gigablock" simulate --host 4G --workload kernel-build --duration 5s) ||
    fail "the installed gigablock simulate failed"
grep -q 'kernel-build' <<<"$report" || fail "the simulation report does not name its workload: $report"
if [ "$gui" = ON ]; then
    # Captured first: grep -q closes the pipe at the first match, and with pipefail the workbench's
    # SIGPIPE on the rest of its (long) help would count as a failure.
    help=$(QT_QPA_PLATFORM=offscreen XDG_RUNTIME_DIR=$scratch "$scratch/workbench/usr/bin/gigablock-workbench" --help) ||
        fail "the installed gigablock-workbench --help failed"
    grep -q -- '--screenshot' <<<"$help" || fail "the installed gigablock-workbench --help lacks --screenshot"
    # No display needed for --version (the program picks the offscreen platform itself).
    out=$(env -u DISPLAY -u WAYLAND_DISPLAY XDG_RUNTIME_DIR=$scratch "$scratch/workbench/usr/bin/gigablock-workbench" --version)
    [ "$out" = "gigablock-workbench $version" ] || fail "gigablock-workbench --version printed '$out'"
    # The shipped presentation that replays the installed recording starts (offscreen, one frame).
    QT_QPA_PLATFORM=offscreen XDG_RUNTIME_DIR=$scratch "$scratch/workbench/usr/bin/gigablock-workbench" \
        --demo a-real-host --screenshot "$scratch/demo.png" --after 1s >/dev/null 2>&1 ||
        fail "the installed gigablock-workbench --demo a-real-host failed"
    desktop-file-validate "$scratch/workbench/usr/share/applications/org.gigablock.Workbench.desktop"
fi

# The tarball holds everything under one top directory.
# (listed first: grep -q would close the pipe early and pipefail would blame tar)
listing=$(tar -tzf "$tarball")
grep -q '/bin/gigablock$' <<<"$listing" || fail "$(basename "$tarball") lacks bin/gigablock"
grep -q '/bin/gigablock-agent$' <<<"$listing" || fail "$(basename "$tarball") lacks bin/gigablock-agent"

echo "check_debs: $(basename "$workbench_deb") $(basename "$agent_deb") $(basename "$tarball") install and run"
