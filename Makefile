# ClaimsRisk: the two set-up commands are `make run` and `make test`; each installs GSL
# (Debian libgsl-dev, through apt-get) when pkg-config cannot find it.
SWIFT ?= swift
SCENARIO ?= Scenarios/abc-incorporated.yaml
SUDO := $(shell [ "$$(id -u)" = 0 ] || command -v sudo >/dev/null && [ "$$(id -u)" != 0 ] && echo sudo)

.PHONY: run test deps build bench fuzz sanitize clean

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

clean:
	rm -rf .build
