#!/usr/bin/env bash
# Builds and runs libFuzzer targets: `Fuzz/run.sh SECONDS TARGET...` (what `make fuzz` calls).
# Each target starts from its committed seeds (Fuzz/corpus/<target>) plus seeds made here from
# the test data (../shared/data) and the notebooks, and keeps what it learns in
# .build-fuzz/corpus/<target>. A crash, timeout or out-of-memory input is written to
# .build-fuzz/findings/<target>/ and fails the run; reproduce one with
#   .build-fuzz/$FUZZ_CONFIG/pleura-fuzz-<target> <file>
# FUZZ_RUNS, if set, also ends each target after that many executions (long runs aim at 10^6).
# FUZZ_CONFIG is release (the default: fastest executions, for long runs) or debug (builds
# several times faster; CI's short runs use it). Needs only the shell: no Python.
# Adding a target: Fuzz/<name>/main.swift and one line in Package.swift and the Makefile.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=$1; shift
config=${FUZZ_CONFIG:-release}
scratch=.build-fuzz
data=../shared/data

# Fuzz targets only exist in the package graph with PLEURA_FUZZ set; lld links them (the
# system's gold fails on libFuzzer's objects).
build() {
    PLEURA_FUZZ=1 swift build -c "$config" --scratch-path "$scratch" --toolset Fuzz/toolset.json \
        -Xswiftc -sanitize=fuzzer,address --product "pleura-fuzz-$1" 2>&1 | grep -E "error|warning:" || true
    test -x "$scratch/$config/pleura-fuzz-$1"
}

# Seeds made from files too large or too many to commit. They stay small: libFuzzer's
# inputs grow no longer than the largest seed, and a 1024-pixel image makes every execution
# slow, so the real DICOM gives only its header and the first KiB of its pixel data (the
# committed seeds hold a whole 64x64 JPEG DICOM and its JPEG).
seed() {
    local target=$1 corpus=$2
    case $target in
        dicom)
            local real offset
            real=$(find "$data/siim" -name '*.dcm' -print -quit)
            [ -n "$real" ] || return 0
            offset=$(LC_ALL=C grep -obUaP '\xe0\x7f\x10\x00' "$real" | head -1 | cut -d: -f1)
            head -c $(( ${offset:-0} + 1024 )) "$real" > "$corpus/real-header.dcm" ;;
        labels) head -20 "$data/siim/train-rle.csv" > "$corpus/train-rle-head.csv" ;;
        rle) sed -n '2,21p' "$data/siim/train-rle.csv" | awk -F', *' -v d="$corpus" '{ print $2 > (d "/row" NR) }' ;;
        notebook) cp notebooks/*.md "$corpus/" ;;
        script)  # every code block of every notebook, one seed each
            awk -v d="$corpus" '/^```pleura/ { n++; inside = 1; next } /^```/ { inside = 0 }
                inside { print > (d "/block" n) }' notebooks/*.md ;;
    esac
}

# Files a target writes for itself (the script target's `synth_dataset` goes through a temporary
# folder) go to memory where /dev/shm exists: on disk, the fsync of each written file made the
# script target spend more time waiting than running.
[ -d /dev/shm ] && [ -w /dev/shm ] && export TMPDIR=/dev/shm

# Leak detection is off: Swift keeps enum payloads in pointers' spare bits, which
# LeakSanitizer cannot follow, so it reports the registry's builtins as leaked.
status=0
for target in "$@"; do
    build "$target"
    corpus=$scratch/corpus/$target findings=$scratch/findings/$target
    rm -rf "$findings"; mkdir -p "$corpus" "$findings"
    [ -d "Fuzz/corpus/$target" ] && cp Fuzz/corpus/"$target"/* "$corpus/"
    seed "$target" "$corpus"
    echo "== $target: ${seconds}s"
    ASAN_OPTIONS=detect_leaks=0 "$scratch/$config/pleura-fuzz-$target" "$corpus" -max_total_time="$seconds" ${FUZZ_RUNS:+-runs="$FUZZ_RUNS"} -timeout=10 -rss_limit_mb=2048 -detect_leaks=0 \
        -artifact_prefix="$findings/" -print_final_stats=1 2>&1 \
        | grep -E "^(Done|stat::number_of_executed_units|==[0-9]+==ERROR|SUMMARY|artifact_prefix|Test unit written)|Crash|timeout|out-of-memory" \
        || true
    if [ -n "$(ls -A "$findings")" ]; then
        echo "$target: findings in $findings"; status=1
    fi
done
exit $status
