# ClaimsRisk: the two set-up commands are `make run` and `make test`; each installs GSL
# (Debian libgsl-dev, through apt-get) when pkg-config cannot find it.
SWIFT ?= swift
SCENARIO ?= Scenarios/abc-incorporated.yaml
SUDO := $(shell [ "$$(id -u)" = 0 ] || command -v sudo >/dev/null && [ "$$(id -u)" != 0 ] && echo sudo)

.PHONY: run test deps build bench fuzz sanitize clean test-ray crosscheck crosscheck-calibration test-csv serve test-browser browser-deps

deps:
	@if ! command -v pkg-config >/dev/null 2>&1 || ! pkg-config --exists gsl; then \
	  echo "Installing libgsl-dev and pkg-config with apt-get"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq libgsl-dev pkg-config; \
	fi

build: deps
	$(SWIFT) build -c release --product claimsrisk

run: build
	.build/release/claimsrisk simulate $(SCENARIO)

test: deps
	$(SWIFT) build -c release --build-tests
	$(SWIFT) test -c release --skip-build
	$(MAKE) test-csv
	$(MAKE) test-browser BROWSER_BUILD=no
	$(MAKE) test-ray

# `make test-ray`: the Ray driver (Distributed/ray) on a local 2-CPU Ray cluster inside a
# network namespace with only loopback: the bundled book in 4 shards == one process, byte
# for byte, also after one task's worker is killed (Ray retries it). See docs/book.md.
RAY_VENV ?= .build-venv-ray
test-ray: build
	@command -v ip >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq iproute2; }
	@[ -x $(RAY_VENV)/bin/python ] || python3 -m venv $(RAY_VENV) 2>/dev/null || \
	  { rm -rf $(RAY_VENV); $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq python3-venv && python3 -m venv $(RAY_VENV); }
	$(RAY_VENV)/bin/pip install -q -e Distributed/ray
	$(SUDO) VENV=$(abspath $(RAY_VENV)) CLAIMSRISK=$(abspath .build/release/claimsrisk) Distributed/ray/test_ray.sh

# `make test-csv`: every CSV the commands write loads with pandas.read_csv(comment="#") with
# numeric dtypes (Tests/python, installed into the virtual environment $(CSV_VENV)).
CSV_VENV ?= .build-venv-csv
test-csv:
	@[ -x $(CSV_VENV)/bin/python ] || python3 -m venv $(CSV_VENV) || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq python3-venv && python3 -m venv $(CSV_VENV); }
	@$(CSV_VENV)/bin/python -c "import pandas" 2>/dev/null || $(CSV_VENV)/bin/pip install -q ./Tests/python
	$(CSV_VENV)/bin/python Tests/python/check_csv_pandas.py .build/release/claimsrisk

clean:
	rm -rf .build

# `make crosscheck`: the differential harness at length: CROSSCHECK_SCENARIOS random valid
# scenarios, every valid method on each (fast, claims, events, exact), compared by z-scores.
# The figures go to .build/crosscheck.txt; docs/validation.md keeps the last result.
CROSSCHECK_SCENARIOS ?= 300
crosscheck: deps
	$(SWIFT) build -c release --build-tests
	CLAIMSRISK_CROSSCHECK=$(CROSSCHECK_SCENARIOS) $(SWIFT) test -c release --skip-build --filter DifferentialTests
	@cat .build/crosscheck.txt

# `make bench`: the ordo-one/benchmark suite of the nested package Benchmarks/ (engine on W1/W2,
# primitives, allocations), then, when $(WORKLOADS) exists, the C yardsticks compiled from
# there into $(BENCH_BUILD), numpy and the CLI side by side (Benchmarks/compare.py).
# See docs/performance.md. BENCH_REPEATS timing runs each; the best is reported.
WORKLOADS ?= ../shared/workloads
BENCH_BUILD ?= .build/yardsticks
BENCH_TRIALS ?= 100000
BENCH_REPEATS ?= 3

# Allocation counts are deterministic: checked against Benchmarks/Thresholds/6.3 (saved with
# `swift package --allow-writing-to-package-directory benchmark thresholds update --path
# Thresholds/6.3 $(BENCH_ALLOC)` in Benchmarks/ after an intended change).
BENCH_ALLOC = --filter 'W1-allocations.*' --filter '.*-per-draw' --filter '.*-1-thread' --metric mallocCountTotal

bench: build
	cd Benchmarks && $(SWIFT) package benchmark --no-progress
	cd Benchmarks && $(SWIFT) package benchmark thresholds check --no-progress --path Thresholds/6.3 $(BENCH_ALLOC)
	@if [ -d "$(WORKLOADS)" ]; then \
	  set -e; mkdir -p $(BENCH_BUILD); \
	  gcc -O2 -o $(BENCH_BUILD)/reference $(WORKLOADS)/reference.c -lgsl -lgslcblas -lm -lpthread; \
	  gcc -O2 -o $(BENCH_BUILD)/bench_primitives $(WORKLOADS)/bench_primitives.c -lgsl -lgslcblas -lm; \
	  python3 Benchmarks/compare.py --build $(BENCH_BUILD) --workloads $(WORKLOADS) \
	    --claimsrisk .build/release/claimsrisk --trials $(BENCH_TRIALS) --repeats $(BENCH_REPEATS); \
	else \
	  echo "bench: $(WORKLOADS) not found; skipping the C, numpy and CLI yardsticks"; \
	fi

# `make fuzz`: libFuzzer (with AddressSanitizer) over the scenario decoder and validator for
# FUZZ_SECONDS, starting from Tests/Fuzz/corpus. A crash is written to Tests/Fuzz/crashes/;
# add it to Tests/Fuzz/corpus and the replay test keeps it as a regression test.
FUZZ_SECONDS ?= 60
fuzz: deps
	$(SWIFT) build --product ScenarioFuzz --scratch-path .build-fuzz \
	  -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING -Xswiftc -Xclang-linker -Xswiftc -fuse-ld=lld
	mkdir -p .build-fuzz/corpus Tests/Fuzz/crashes && cp Tests/Fuzz/corpus/* .build-fuzz/corpus/
	ASAN_OPTIONS=detect_leaks=0 .build-fuzz/debug/ScenarioFuzz .build-fuzz/corpus \
	  -max_total_time=$(FUZZ_SECONDS) -max_len=8192 -artifact_prefix=Tests/Fuzz/crashes/

# `make sanitize`: the test suite under AddressSanitizer, then ThreadSanitizer.
sanitize: deps
	$(SWIFT) build --build-tests --sanitize=address --scratch-path .build-asan
	ASAN_OPTIONS=detect_leaks=0 $(SWIFT) test --skip-build --sanitize=address --scratch-path .build-asan
	$(SWIFT) build --build-tests --sanitize=thread --scratch-path .build-tsan
	$(SWIFT) test --skip-build --sanitize=thread --scratch-path .build-tsan

# `make crosscheck-calibration`: chainladder-python (and scipy) in a venv against `calibrate --triangle`
# on Mack's RAA and GenIns triangles (docs/calibration.md). Not part of `make test`: it needs
# PyPI and is an independent check, not a runtime dependency.
CROSSCHECK_VENV ?= .build-venv/crosscheck
crosscheck-calibration: build
	@test -x $(CROSSCHECK_VENV)/bin/python || python3 -m venv $(CROSSCHECK_VENV)
	$(CROSSCHECK_VENV)/bin/pip install -q ./Tools/crosscheck
	$(CROSSCHECK_VENV)/bin/claimsrisk-crosscheck --claimsrisk .build/release/claimsrisk

# `make serve`: the underwriter's workbench (docs/workbench.md) at http://127.0.0.1:8080/.
# claimsrisk-serve is its own product, so `make run` does not build Hummingbird.
PORT ?= 8080
serve: deps
	$(SWIFT) build -c release --product claimsrisk
	$(SWIFT) build -c release --product claimsrisk-serve
	.build/release/claimsrisk serve --port $(PORT)

# `make test-browser`: the workbench in Debian's chromium (Playwright for Python from PyPI in
# $(BROWSER_VENV), pointed at the system browser) and a bounded load test on loopback.
# Tests/browser/run.sh starts claimsrisk-serve, and stops it by process id on every path.
BROWSER_VENV ?= .build-venv-browser
browser-deps:
	@command -v chromium >/dev/null 2>&1 || { echo "Installing chromium with apt-get"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium; }
	@[ -x $(BROWSER_VENV)/bin/pytest ] && $(BROWSER_VENV)/bin/python -c 'import playwright' 2>/dev/null || { \
	  python3 -m venv $(BROWSER_VENV) && $(BROWSER_VENV)/bin/pip install -q --disable-pip-version-check ./Tests/browser; }

# From `make test` (BROWSER_BUILD=no) the binaries are those `swift build --build-tests` made.
BROWSER_BUILD ?= yes
test-browser: deps browser-deps
	@if [ "$(BROWSER_BUILD)" != no ]; then \
	  $(SWIFT) build -c release --product claimsrisk && $(SWIFT) build -c release --product claimsrisk-serve; fi
	VENV=$(BROWSER_VENV) Tests/browser/run.sh
