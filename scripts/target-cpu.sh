#!/usr/bin/env bash
# Prints the CPU the Swift code is compiled for: `haswell`, LLVM's name for the x86-64-v3
# level (AVX2, FMA, BMI2, F16C, MOVBE), when the building machine has all of it; nothing
# otherwise, which leaves Swift's portable baseline (x86-64 with SSE2, or any other
# architecture's default).
[ "$(uname -m)" = x86_64 ] || exit 0
flags=" $(grep -m1 '^flags' /proc/cpuinfo 2>/dev/null) "
for feature in avx2 fma bmi2 f16c movbe; do
    [[ "$flags" == *" $feature "* ]] || exit 0
done
echo haswell
