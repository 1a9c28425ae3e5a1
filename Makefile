# The README's two commands are `make demo` and `make test`; both install missing
# Debian packages first (scripts/install-deps.sh).
SWIFT ?= swift

.PHONY: deps build test demo bench clean

deps:
	@bash scripts/install-deps.sh

build: deps
	$(SWIFT) build -c release

# Tests run on the release build: the engine's kernels and the training test need it.
test: deps
	$(SWIFT) build -c release --build-tests
	$(SWIFT) test -c release --skip-build

demo: build
	$(SWIFT) run -c release pleura-bench

bench: build
	$(SWIFT) run -c release pleura-bench

clean:
	rm -rf .build
