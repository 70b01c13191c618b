# fanout — set-up and test commands. `make run` starts the shell; `make test` runs every check.
SWIFT ?= swift
BIN := .build/debug/fanout
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

VENV := .build/test-venv

.PHONY: run test build deps venv docs bench tsan soak fuzz clean

## Installs what the build and tests need from Debian when missing: libedit-dev, tmux, pkg-config,
## rsvg-convert (the SVG timeline's rendering test).
deps:
	@missing=""; \
	[ -f /usr/include/histedit.h ] || missing="$$missing libedit-dev"; \
	command -v tmux >/dev/null 2>&1 || missing="$$missing tmux"; \
	command -v pkg-config >/dev/null 2>&1 || missing="$$missing pkg-config"; \
	command -v rsvg-convert >/dev/null 2>&1 || missing="$$missing librsvg2-bin"; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq $$missing >/dev/null; \
	fi

build: deps
	$(SWIFT) build

## A Python virtualenv with the vendors' SDKs, whose types check the wire formats (Tests/vendor).
venv: $(VENV)/.installed
$(VENV)/.installed: Tests/vendor/requirements.txt
	@mkdir -p .build
	@[ -x $(VENV)/bin/python ] || python3 -m venv $(VENV) || { $(SUDO) apt-get install -y -qq python3-venv >/dev/null && python3 -m venv $(VENV); }
	$(VENV)/bin/pip install -q --disable-pip-version-check -r Tests/vendor/requirements.txt
	@touch $@

## Builds and starts the interactive shell.
run: build
	@$(BIN)

## Builds, runs every test (unit, shell, end-to-end, terminal) and checks every sample session.
test: deps venv
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --skip ExecutorRealClockTests
	@# Real-clock timing tests run alone, so the other suites' processes cannot slow them down.
	$(SWIFT) test --skip-build --filter ExecutorRealClockTests
	$(BIN) check sample-sessions

## Builds FanoutCore's documentation (DocC) into .build/docs; any DocC warning fails it.
docs: deps
	$(SWIFT) package --allow-writing-to-directory .build/docs generate-documentation --target FanoutCore \
		--output-path .build/docs --warnings-as-errors

## Measures the executor against a bare task group and the Python asyncio peer, and MCP calls against
## the official Python MCP client (its virtualenv is the tests'), release build, 5 runs.
bench: deps venv
	$(SWIFT) build -c release --product fanout
	.build/release/fanout bench --runs 5

## ThreadSanitizer over the unit and end-to-end suites (a build of its own in .build-tsan; the
## end-to-end tests run its fanout). Any report fails it. Left out: the tests that bound real-clock
## time, which TSan's 5-15x slowdown breaks, and the 100,000-call queue (minutes under TSan).
TSAN_SKIP := --skip ExecutorRealClockTests --skip LargeQueueTests --skip aServerThatNeverAnswersInitializeTimesOut \
	--skip commandsRunAtTheSameTime --skip aRunWhoseCallsWaitedForThreadsBlockedByAnEarlierRunSaysSo \
	--skip fourOneSecondCommandsRunAtOnce
tsan: deps venv
	$(SWIFT) build --build-tests --sanitize=thread --scratch-path .build-tsan
	TSAN_OPTIONS="suppressions=$(CURDIR)/Tests/tsan-suppressions.txt" \
		$(SWIFT) test --skip-build --sanitize=thread --scratch-path .build-tsan $(TSAN_SKIP)

## A million zero-latency calls in one run, release build: wall, CPU and peak memory.
soak: deps
	$(SWIFT) build -c release --product fanout
	.build/release/fanout bench --scenario soak --runs 1

clean:
	rm -rf .build .build-tsan
