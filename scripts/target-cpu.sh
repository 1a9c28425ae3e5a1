#!/usr/bin/env bash
# Prints the CPU the Swift code is compiled for, from the building machine's flags:
#   skylake-avx512  LLVM's name for the x86-64-v4 level (AVX-512 F, CD, BW, DQ, VL on top of v3)
#   haswell         the x86-64-v3 level (AVX2, FMA, BMI2, F16C, MOVBE)
#   nothing         Swift's portable baseline (x86-64 with SSE2, or another architecture's default)
# The engine's kernels are written in 8-wide vectors; AVX-512 gives them 32 vector registers
# instead of 16, so the Winograd transforms and the small products keep more in registers.
[ "$(uname -m)" = x86_64 ] || exit 0
flags=" $(grep -m1 '^flags' /proc/cpuinfo 2>/dev/null) "
has() { for feature in "$@"; do [[ "$flags" == *" $feature "* ]] || return 1; done; }
has avx2 fma bmi2 f16c movbe || exit 0
if has avx512f avx512cd avx512bw avx512dq avx512vl; then echo skylake-avx512; else echo haswell; fi
