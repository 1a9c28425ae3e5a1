#!/usr/bin/env bash
# Builds and runs libFuzzer targets: `Fuzz/run.sh SECONDS TARGET...` (what `make fuzz` calls).
# Each target starts from its committed seeds (Fuzz/corpus/<target>) plus seeds made here from
# the test data (../shared/data) and the notebooks, and keeps what it learns in
# .build-fuzz/corpus/<target>. A crash, timeout or out-of-memory input is written to
# .build-fuzz/findings/<target>/ and fails the run; reproduce one with
#   .build-fuzz/release/pleura-fuzz-<target> <file>
# Adding a target: Fuzz/<name>/main.swift and one line in Package.swift and the Makefile.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=$1; shift
scratch=.build-fuzz
data=../shared/data

# Fuzz targets only exist in the package graph with PLEURA_FUZZ set; lld links them (the
# system's gold fails on libFuzzer's objects).
build() {
    PLEURA_FUZZ=1 swift build -c release --scratch-path "$scratch" --toolset Fuzz/toolset.json \
        -Xswiftc -sanitize=fuzzer,address --product "pleura-fuzz-$1" 2>&1 | grep -E "error|warning:" || true
    test -x "$scratch/release/pleura-fuzz-$1"
}

# Seeds made from files too large or too many to commit.
seed() {
    local target=$1 corpus=$2
    case $target in
        dicom) find "$data/siim" -name '*.dcm' -exec cp {} "$corpus/" \; ;;
        png) cp "$data/cxr/"*.png "$corpus/" ;;
        jpeg)  # the JPEG stream inside the sample DICOM's encapsulated pixel data
            python3 -c '
import sys
b = open(sys.argv[1], "rb").read()
start, end = b.find(b"\xff\xd8\xff"), b.rfind(b"\xff\xd9")
if start >= 0 and end > start: open(sys.argv[2], "wb").write(b[start:end + 2])' \
                "$(find "$data/siim" -name '*.dcm' -print -quit)" "$corpus/from-dicom.jpg" ;;
        labels) head -20 "$data/siim/train-rle.csv" > "$corpus/train-rle-head.csv" ;;
        rle) sed -n '2,21p' "$data/siim/train-rle.csv" | awk -F', *' -v d="$corpus" '{ print $2 > (d "/row" NR) }' ;;
        notebook) cp notebooks/*.md "$corpus/" ;;
        script)  # every code block of every notebook, one seed each
            awk -v d="$corpus" '/^```pleura/ { n++; inside = 1; next } /^```/ { inside = 0 }
                inside { print > (d "/block" n) }' notebooks/*.md ;;
    esac
}

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
    ASAN_OPTIONS=detect_leaks=0 "$scratch/release/pleura-fuzz-$target" "$corpus" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -detect_leaks=0 \
        -artifact_prefix="$findings/" -print_final_stats=1 2>&1 \
        | grep -E "^(Done|stat::number_of_executed_units|==[0-9]+==ERROR|SUMMARY|artifact_prefix|Test unit written)|Crash|timeout|out-of-memory" \
        || true
    if [ -n "$(ls -A "$findings")" ]; then
        echo "$target: findings in $findings"; status=1
    fi
done
exit $status
