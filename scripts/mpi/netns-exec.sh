#!/usr/bin/env bash
# Open MPI's "rsh agent" for `make mpi-netns`: instead of ssh-ing to HOST, runs the
# launcher's command in the network namespace that owns HOST's address (see netns.sh).
set -euo pipefail
while [[ "${1:-}" == -* ]]; do shift; done   # ssh-style options Open MPI may pass
host=$1; shift
case "$host" in
    10.77.0.1) ns=pleura-mpi0 ;;
    10.77.0.2) ns=pleura-mpi1 ;;
    *) echo "netns-exec: no namespace for host $host" >&2; exit 1 ;;
esac
exec ip netns exec "$ns" /bin/sh -c "$*"
