#!/bin/sh
# Runs each libFuzzer target of fanout-fuzz for FUZZ_SECONDS (see `make fuzz`), with the tokens of
# its input in Fuzz/dict/TARGET.dict. Each run reads the repository's corpus (Fuzz/corpus/TARGET,
# never written) and a work folder of its own under .build-fuzz/work/TARGET, where the inputs it
# finds go, so the repository's corpus does not grow.
# A crash, a sanitizer report, a leak or an input over 1 s (-timeout=1) fails the target; its input
# is kept as .build-fuzz/artifacts/TARGET-crash-… (or -timeout-…, -leak-…, -oom-…).
set -u
BIN=${FUZZ_BIN:-.build-fuzz/debug/fanout-fuzz}
SECONDS_EACH=${FUZZ_SECONDS:-60}
TARGETS=${FUZZ_TARGETS:-lexer json transcript wire schema mcp}
failed=""
summary=""
mkdir -p .build-fuzz/artifacts .build-fuzz/logs
for target in $TARGETS; do
    work=.build-fuzz/work/$target
    log=.build-fuzz/logs/$target.log
    mkdir -p "$work"
    echo "fuzz $target: ${SECONDS_EACH}s, corpus Fuzz/corpus/$target ($(ls Fuzz/corpus/$target | wc -l) files) and $work"
    FANOUT_FUZZ_TARGET=$target "$BIN" -max_total_time="$SECONDS_EACH" -timeout=1 -rss_limit_mb=2048 \
        -dict="Fuzz/dict/$target.dict" -print_final_stats=1 -artifact_prefix=".build-fuzz/artifacts/$target-" \
        "$work" "Fuzz/corpus/$target" >"$log" 2>&1
    status=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
    coverage=$(grep -o 'cov: [0-9]*' "$log" | tail -1)
    # A binary linked without libFuzzer's main runs nothing and exits 0, and one whose Swift code was
    # built without coverage learns nothing from its inputs (see the Makefile): neither is a pass.
    if grep -q "no interesting inputs were found" "$log"; then
        echo "fuzz $target: no coverage feedback: the Swift code was built without -sanitize=fuzzer"
        status=1
    fi
    if [ "$status" -ne 0 ] || [ -z "$runs" ]; then
        failed="$failed $target"
        echo "fuzz $target: FAILED (status $status); the end of $log:"
        grep -v '^#[0-9]' "$log" | tail -40
    fi
    summary="$summary$(printf '  %-10s %10s runs %8s exec/s  %s' "$target" "${runs:-?}" "${rate:-?}" "$coverage")
"
done
printf 'fuzz summary (%ss each):\n%s' "$SECONDS_EACH" "$summary"
if [ -n "$failed" ]; then
    echo "fuzz: failed:$failed"
    exit 1
fi
echo "fuzz: no crashes, no hangs, no input over 1 s"
