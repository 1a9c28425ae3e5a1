#!/usr/bin/env bash
# Installs the Debian packages Pleura builds against, if any are missing.
# As root it runs apt-get; otherwise it prints the exact command to run.
set -euo pipefail

# libzmq3-dev carries the Jupyter kernel's transport; jupyter-client, nbclient and
# nbformat are Jupyter's own client, used only by the kernel's end-to-end test.
# libopenmpi-dev is data-parallel training's transport and openmpi-bin its launcher
# (mpirun), which the MPI tests run.
packages=(libedit-dev libopenblas-dev libpng-dev libjpeg62-turbo-dev libzmq3-dev pkg-config
          libopenmpi-dev openmpi-bin
          python3-jupyter-client python3-nbclient python3-nbformat)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
    echo "Pleura needs these Debian packages: ${missing[*]}" >&2
    echo "Run:  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
    exit 1
fi

echo "Installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq "${missing[@]}" >/dev/null
