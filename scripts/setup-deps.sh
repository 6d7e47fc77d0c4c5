#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Install the Debian 12 packages Gigablock Workbench needs to build, test and run.
# Idempotent: installs only what is missing, and touches apt only then.
set -euo pipefail

packages=(
    # toolchain
    build-essential cmake ninja-build pkg-config git clang libclang-rt-14-dev clang-format
    # test frameworks
    libgtest-dev libgmock-dev libbenchmark-dev
    # core, importers, CLI
    libcli11-dev nlohmann-json3-dev libtomlplusplus-dev libsqlite3-dev sqlite3
    # agent
    libboost-dev libssl-dev
    # GUI (Qt 6.4, QCustomPlot 2.1) and running it without a display
    qt6-base-dev qt6-svg-dev qt6-qpa-plugins libgl1-mesa-dev libqcustomplot-dev libqcustomplot2.1-qt6 xvfb xauth
    # validating the .desktop file, AppStream metadata, MIME type and man pages; icons; .deb packages
    desktop-file-utils appstream shared-mime-info groff-base librsvg2-bin dpkg-dev file
)

if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
    echo "setup-deps: this script needs a Debian 12 (or derived) system with dpkg and apt-get" >&2
    exit 1
fi

missing=()
for pkg in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}\n' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
        missing+=("$pkg")
    fi
done

if [ ${#missing[@]} -eq 0 ]; then
    echo "setup-deps: all ${#packages[@]} packages are installed"
    exit 0
fi

sudo=()
if [ "$(id -u)" -ne 0 ]; then
    if ! command -v sudo >/dev/null 2>&1; then
        echo "setup-deps: missing packages (${missing[*]}) and not root, and sudo is not available" >&2
        exit 1
    fi
    sudo=(sudo)
fi

echo "setup-deps: installing ${#missing[@]} missing packages: ${missing[*]}"
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
echo "setup-deps: installed ${missing[*]}"
