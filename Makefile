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

## Fuzzes the readers of untrusted input for FUZZ_SECONDS each (CI: 60): the command lexer and value
## parser (lexer), the JSON parser (json), the transcript reader (transcript), `import` of each wire
## format (wire), schema checking and argument validation (schema), and the MCP client's reading of a
## server's output (mcp); any crash, sanitizer report, leak or input over 1 s fails it.
##
## Real libFuzzer, not a stand-in: Fuzz/Sources is one executable target, fanout-fuzz, declared only
## when FANOUT_FUZZ=1 (Package.swift), whose LLVMFuzzerTestOneInput runs the target FANOUT_FUZZ_TARGET
## names; libFuzzer's own main drives it. Two flags, each needed (SwiftPM 6.3):
##  - SwiftPM's `--sanitize fuzzer`: without it (with `-Xswiftc -sanitize=fuzzer` alone) SwiftPM still
##    links the executable with `--defsym main=fanout_fuzz_main`, which takes the place of libFuzzer's
##    main, and the binary runs nothing and exits 0 (Fuzz/fuzz.sh fails a run with no executions);
##  - `-Xswiftc -sanitize=fuzzer,address`: SwiftPM passes `--sanitize fuzzer --sanitize address` to
##    swiftc as two `-sanitize=` flags in no fixed order, and swiftc keeps only the last, so Swift
##    code would get ASan without coverage (libFuzzer then finds nothing) or coverage without ASan;
##    this one comes last and names both. (`--sanitize address` is still given for the C targets.)
## Everything it uses is built with ASan and coverage in .build-fuzz, apart from the normal build;
## the linker's "Cannot export local symbol '__asan_…'" warnings are harmless and filtered out.
## The corpus is Fuzz/corpus/TARGET (seeded by Fuzz/seed-corpus.py and Fuzz/capture-mcp.py); what a
## run finds goes to .build-fuzz/work/TARGET. Reproduce a failure with
##   FANOUT_FUZZ_TARGET=TARGET .build-fuzz/debug/fanout-fuzz .build-fuzz/artifacts/TARGET-crash-…
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= lexer json transcript wire schema mcp
fuzz: deps
	@mkdir -p .build-fuzz
	@echo "building fanout-fuzz (libFuzzer + ASan) in .build-fuzz"
	@FANOUT_FUZZ=1 $(SWIFT) build --scratch-path .build-fuzz --product fanout-fuzz --sanitize fuzzer --sanitize address \
		-Xswiftc -sanitize=fuzzer,address \
		>.build-fuzz/build.log 2>&1; status=$$?; \
		grep -v -e "Cannot export local symbol '__asan" -e "^\[[0-9]*/[0-9]*\]" .build-fuzz/build.log; exit $$status
	@FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_TARGETS="$(FUZZ_TARGETS)" Fuzz/fuzz.sh

## ThreadSanitizer over the unit and end-to-end suites (a build of its own in .build-tsan; the
## end-to-end tests run its fanout). Any report fails it. TSan runs code 5-15x slower, so the tests'
## real-clock bounds are stretched 8x (FANOUT_TIMING_SLACK); left out are the tests that measure
## real-clock timing itself, and the 100,000-call queue (minutes under TSan).
TSAN_SKIP := --skip ExecutorRealClockTests --skip LargeQueueTests --skip aServerThatNeverAnswersInitializeTimesOut \
	--skip commandsRunAtTheSameTime --skip aRunWhoseCallsWaitedForThreadsBlockedByAnEarlierRunSaysSo \
	--skip fourOneSecondCommandsRunAtOnce
tsan: deps venv
	$(SWIFT) build --build-tests --sanitize=thread --scratch-path .build-tsan
	TSAN_OPTIONS="suppressions=$(CURDIR)/Tests/tsan-suppressions.txt" FANOUT_TIMING_SLACK=8 \
		$(SWIFT) test --skip-build --sanitize=thread --scratch-path .build-tsan $(TSAN_SKIP)

## A million zero-latency calls in one run, release build: wall, CPU and peak memory.
soak: deps
	$(SWIFT) build -c release --product fanout
	.build/release/fanout bench --scenario soak --runs 1

clean:
	rm -rf .build .build-tsan .build-fuzz
