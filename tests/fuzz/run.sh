#!/usr/bin/env bash
# Runs every fuzz target in build/fuzz/ for SECONDS (default 30) on a temporary copy of its seed
# corpus (libFuzzer adds inputs to the corpus it is given; the repository's stays untouched).
# Prints TAP, one line per target, then "# pass N" and "# fail N"; a crashing input is kept in
# build/fuzz/crashes/. Exits non-zero when any target fails.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1

seconds=${1:-30}
case $seconds in
    '' | *[!0-9]*) echo "usage: $0 [SECONDS]" >&2 && exit 2 ;;
esac
targets=()
for src in tests/fuzz/*.cc; do targets+=("$(basename "$src" .cc)"); done

work=$(mktemp -d /tmp/portal-fuzz.XXXXXX) || exit 1
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM
mkdir -p build/fuzz/crashes

# A crash report runs from the invariant's or the sanitizer's first line to the end of the log,
# without libFuzzer's progress lines or the stack frames of libFuzzer and libc.
report_start='^invariant broken|ERROR:|runtime error:|deadly signal|terminate called'
report_noise='^(stat::|MS: |Done |INFO: )|in fuzzer::|in __sanitizer_|libc\.so|/nptl/|/csu/'
report_noise+='|/sysdeps/|stdlib/abort|in _start |in main \(|rudimentary signal|Combine libFuzzer'

pass=0
fail=0
for name in "${targets[@]}"; do
    bin=build/fuzz/$name
    if [ ! -x "$bin" ]; then
        echo "not ok - fuzz $name"
        echo "#   $bin is missing: build it with make fuzz-build"
        fail=$((fail + 1))
        continue
    fi
    mkdir -p "$work/$name"
    cp -R "tests/fuzz/corpus/$name/." "$work/$name/"
    log=$work/$name.log
    start=$SECONDS
    "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="build/fuzz/crashes/$name-" "$work/$name" >"$log" 2>&1
    status=$?
    elapsed=$((SECONDS - start))
    runs=$(grep -oE '^stat::number_of_executed_units: [0-9]+' "$log" | grep -oE '[0-9]+$')
    if [ "$status" = 0 ]; then
        echo "ok - fuzz $name: ${runs:-0} executions in $elapsed s"
        pass=$((pass + 1))
    else
        echo "not ok - fuzz $name"
        # Without a report (the program did not start, say) the end of the log says why.
        report=$(sed -n -E "/$report_start/,\$p" "$log" | grep -vE "$report_noise")
        [ -n "$report" ] || report=$(tail -n 20 "$log")
        printf '%s\n' "$report" | head -n 40 | cut -c 1-200 | sed 's/^/#   /'
        fail=$((fail + 1))
    fi
done

echo "# pass $pass"
echo "# fail $fail"
[ "$fail" = 0 ]
