#!/usr/bin/env bash
# Multi-host data-parallel training without a second machine: two network namespaces
# joined by a veth pair (10.77.0.1 and 10.77.0.2), one rank in each, over TCP. mpirun runs
# in the first namespace and starts the second host's daemon through netns-exec.sh (its
# "ssh"), so the ranks and Open MPI's own wiring see only the veth link. Needs root.
# Usage: scripts/mpi/netns.sh PLEURA
set -euo pipefail
pleura=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)

remove_namespaces() {
    ip netns del pleura-mpi0 2>/dev/null || true
    ip netns del pleura-mpi1 2>/dev/null || true
}
remove_namespaces
work=$(mktemp -d /tmp/pleura-netns-XXXXXX)
trap 'remove_namespaces; rm -rf "$work"' EXIT

ip netns add pleura-mpi0
ip netns add pleura-mpi1
ip link add pleura-veth0 netns pleura-mpi0 type veth peer name pleura-veth1 netns pleura-mpi1
ip -n pleura-mpi0 addr add 10.77.0.1/24 dev pleura-veth0
ip -n pleura-mpi1 addr add 10.77.0.2/24 dev pleura-veth1
for ns in pleura-mpi0 pleura-mpi1; do
    ip -n $ns link set lo up
done
ip -n pleura-mpi0 link set pleura-veth0 up
ip -n pleura-mpi1 link set pleura-veth1 up

cat > "$work/train.pleura" <<'SCRIPT'
ds = synth_dataset(count=16, size=32, seed=3)
m = unet(base=4, depth=2, norm="group", seed=5)
h = fit m ds epochs=2 batch=2 seed=7 loss=bce
print h
SCRIPT
# The same run in one process with twice the batch, for comparison.
sed 's/batch=2/batch=4/' "$work/train.pleura" > "$work/single.pleura"

export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
cd "$work"
ip netns exec pleura-mpi0 mpirun --host 10.77.0.1,10.77.0.2 -np 2 --map-by node \
    --mca plm_rsh_agent "$here/netns-exec.sh" \
    --mca btl self,tcp --mca btl_tcp_if_include 10.77.0.0/24 --mca oob_tcp_if_include 10.77.0.0/24 \
    "$pleura" run train.pleura | tee two-hosts.txt
"$pleura" run single.pleura | tee one-process.txt
echo "the two hosts' run and one process with twice the batch end with the same loss:"
tail -n 1 two-hosts.txt one-process.txt
[ "$(tail -n 1 two-hosts.txt)" = "$(tail -n 1 one-process.txt)" ]
