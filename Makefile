# The README's two commands are `make demo` and `make test`; both install missing
# Debian packages first (scripts/install-deps.sh).
SWIFT ?= swift
# A target that imports one it does not declare in Package.swift fails the build.
BUILD_FLAGS = -c release --explicit-target-dependency-import-check error
# Swift compiles for baseline x86-64 (SSE2) unless told otherwise, so the engine's own vector
# kernels (Winograd's transforms, normalisation, depthwise convolution, augmentation) would
# use half of an AVX2 machine's vector width. Where the building machine has x86-64-v4 or
# x86-64-v3, the build targets it (scripts/target-cpu.sh). Such a binary needs such a CPU to
# run; build with `TARGET_CPU=` for one that runs on any x86-64. Swift never contracts
# a * b + c into an FMA, so every build computes the same bits.
TARGET_CPU ?= $(shell bash scripts/target-cpu.sh)
BUILD_FLAGS += $(if $(TARGET_CPU),-Xswiftc -target-cpu -Xswiftc $(TARGET_CPU))

.PHONY: deps build test demo notebooks bench fuzz mpi-netns clean

deps:
	@bash scripts/install-deps.sh

build: deps
	$(SWIFT) build $(BUILD_FLAGS)

PLEURA = .build/release/pleura
NOTEBOOKS = $(wildcard notebooks/*.md)

# Tests run on the release build: the engine's kernels and the training test need it.
# Then every notebook must still produce the outputs committed with it.
test: deps
	$(SWIFT) build $(BUILD_FLAGS) --build-tests
	$(SWIFT) test -c release --skip-build
	$(MAKE) notebooks

# The main job: run the tour notebook (writing its outputs and figures into it) and
# export it as one self-contained HTML page.
demo: build
	@mkdir -p notebooks/_out   # the tour writes its synthetic set there (gitignored)
	$(PLEURA) notebook run notebooks/tour.md
	$(PLEURA) notebook export notebooks/tour.md --html notebooks/tour.html
	@echo "open notebooks/tour.html (or read notebooks/tour.md)"

# Re-run every notebook without writing; fails if any output would change.
notebooks: build
	@mkdir -p notebooks/_out   # eda.md writes its synthetic set there (gitignored)
	@status=0; for nb in $(NOTEBOOKS); do $(PLEURA) notebook run --check $$nb || status=1; done; exit $$status

# libFuzzer on every input format (Fuzz/README.md): each target runs FUZZ_SECONDS and the run
# fails if any input crashes, hangs or runs out of memory. Built apart, in .build-fuzz;
# FUZZ_CONFIG=debug builds several times faster, release runs faster.
FUZZ_SECONDS ?= 60
# With FUZZ_RUNS=N a target also stops after N executions (a long run: FUZZ_RUNS=1000000
# FUZZ_SECONDS=3600), whichever comes first.
FUZZ_RUNS ?=
FUZZ_CONFIG ?= release
FUZZ_TARGETS = dicom png jpeg labels rle safetensors script notebook options wire

fuzz: deps
	FUZZ_CONFIG=$(FUZZ_CONFIG) FUZZ_RUNS=$(FUZZ_RUNS) bash Fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_TARGETS)

# Data-parallel training across two "hosts": network namespaces joined by a veth pair, one
# rank in each, over TCP (root only; docs/distributed.md). The MPI tests in `make test`
# run two ranks on loopback.
mpi-netns: build
	bash scripts/mpi/netns.sh $(PLEURA)

bench: build
	$(SWIFT) run $(BUILD_FLAGS) pleura-bench

clean:
	rm -rf .build .build-fuzz
