# llmdeck: `make demo` and `make test` are the two commands a newcomer needs.
# Each target installs missing Debian packages itself when run as root, or prints the
# exact command to run and stops.

SWIFT ?= swift
BUILD_PACKAGES := libncursesw5-dev libsqlite3-dev libcurl4-openssl-dev pkg-config
TEST_PACKAGES := tmux sqlite3 prometheus prometheus-alertmanager
# The console bench runs the console and btop side by side in tmux.
BENCH_PACKAGES := tmux btop
BENCHES := parser store render simulator collector console ab

.PHONY: all build release deps test-deps test demo bench lint

all: build

deps:
	@scripts/ensure-packages $(BUILD_PACKAGES)

test-deps: deps
	@scripts/ensure-packages $(TEST_PACKAGES)

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

test: test-deps
	$(SWIFT) build
	LLMDECK_BIN="$$($(SWIFT) build --show-bin-path)/llmdeck" $(SWIFT) test

demo: build
	"$$($(SWIFT) build --show-bin-path)/llmdeck" demo

bench: deps
	@scripts/ensure-packages $(BENCH_PACKAGES)
	$(SWIFT) build -c release --product llmdeck
	$(SWIFT) build -c release --product llmdeck-bench
	set -e; bench="$$($(SWIFT) build -c release --show-bin-path)/llmdeck-bench"; \
	for name in $(BENCHES); do "$$bench" $$name; done

lint:
	$(SWIFT) format lint --strict -r Sources Tests
