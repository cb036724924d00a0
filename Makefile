# llmdeck: `make demo` and `make test` are the two commands a newcomer needs.
# Each target installs missing Debian packages itself when run as root, or prints the
# exact command to run and stops.

SWIFT ?= swift
BUILD_PACKAGES := libncursesw5-dev libsqlite3-dev libcurl4-openssl-dev pkg-config
TEST_PACKAGES := tmux sqlite3 prometheus prometheus-alertmanager
# The console bench runs the console and btop side by side in tmux.
BENCH_PACKAGES := tmux btop prometheus
BENCHES := parser store render simulator collector console console-scale ab prometheus
# Release binaries carry the Swift runtime (no shared Swift libraries to bind at start: a
# headless command such as `llmdeck ab` starts in half the time).
RELEASE := -c release --static-swift-stdlib

.PHONY: all build release deps test-deps test demo bench lint

all: build

deps:
	@scripts/ensure-packages $(BUILD_PACKAGES)

test-deps: deps
	@scripts/ensure-packages $(TEST_PACKAGES)

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build $(RELEASE)

test: test-deps
	$(SWIFT) build
	LLMDECK_BIN="$$($(SWIFT) build --show-bin-path)/llmdeck" $(SWIFT) test

demo: build
	"$$($(SWIFT) build --show-bin-path)/llmdeck" demo

bench: deps
	@scripts/ensure-packages $(BENCH_PACKAGES)
	$(SWIFT) build $(RELEASE) --product llmdeck
	$(SWIFT) build $(RELEASE) --product llmdeck-sim
	$(SWIFT) build $(RELEASE) --product llmdeck-bench
	set -e; bench="$$($(SWIFT) build $(RELEASE) --show-bin-path)/llmdeck-bench"; \
	for name in $(BENCHES); do "$$bench" $$name; done

lint:
	$(SWIFT) format lint --strict -r Sources Tests
