# fanout — set-up and test commands. `make run` starts the shell; `make test` runs every check.
SWIFT ?= swift
BIN := .build/debug/fanout
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test build deps bench clean

## Installs what the build and tests need from Debian when missing: libedit-dev, tmux.
deps:
	@missing=""; \
	[ -f /usr/include/histedit.h ] || missing="$$missing libedit-dev"; \
	command -v tmux >/dev/null 2>&1 || missing="$$missing tmux"; \
	command -v pkg-config >/dev/null 2>&1 || missing="$$missing pkg-config"; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq $$missing >/dev/null; \
	fi

build: deps
	$(SWIFT) build

## Builds and starts the interactive shell.
run: build
	@$(BIN)

## Builds, runs every test (unit, shell, end-to-end, terminal) and checks every sample session.
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --skip ExecutorRealClockTests
	@# Real-clock timing tests run alone, so the other suites' processes cannot slow them down.
	$(SWIFT) test --skip-build --filter ExecutorRealClockTests
	$(BIN) check sample-sessions

## Measures the executor against a bare task group and the Python asyncio peer (release build, 5 runs).
bench: deps
	$(SWIFT) build -c release --product fanout
	.build/release/fanout bench --runs 5

clean:
	rm -rf .build
