#!/usr/bin/env bash
# Runs every test layer — unit, integration, browser — and ends with one line "N passed, N failed".
# The integration and browser layers share one real stack (PostgreSQL, page programs, nginx)
# started in a temporary directory on a free port, and stopped on exit even when tests fail.
set -uo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
cd "$REPO" || exit 1

passed=0
failed=0
# Each layer's line gives its wall time too, so a slow layer shows where `make test`'s minutes go.
layer_started=$SECONDS
count() {  # count LAYER PASSED FAILED
    echo "== $1: $2 passed, $3 failed ($((SECONDS - layer_started)) s)"
    passed=$((passed + $2))
    failed=$((failed + $3))
    layer_started=$SECONDS
}

# Boost.Test's short report: "N test cases out of M passed/failed" (or "*** No errors detected").
boost_counts() {  # boost_counts LOG EXIT_STATUS
    local p f
    p=$(grep -oE '[0-9]+ test cases? out of [0-9]+ passed' "$1" | head -1 | grep -oE '^[0-9]+')
    f=$(grep -oE '[0-9]+ test cases? out of [0-9]+ failed' "$1" | head -1 | grep -oE '^[0-9]+')
    p=${p:-0}
    f=${f:-0}
    # A crash or a failure to start counts as one failure, never as silence.
    if [ "$2" != 0 ] && [ "$f" = 0 ]; then f=1; fi
    echo "$p $f"
}

# TAP output (node --test, tests/lint.sh, tests/readme.sh): "# pass N" and "# fail N".
tap_counts() {  # tap_counts LOG EXIT_STATUS
    local p f
    p=$(grep -E '^# pass ' "$1" | grep -oE '[0-9]+$')
    f=$(grep -E '^# fail ' "$1" | grep -oE '[0-9]+$')
    p=${p:-0}
    f=${f:-0}
    if [ "$2" != 0 ] && [ "$f" = 0 ]; then f=1; fi
    echo "$p $f"
}

mkdir -p build/tests build/screenshots

# ---- lint ----
bash tests/lint.sh >build/tests/lint.log 2>&1
status=$?
grep -vE '^ok ' build/tests/lint.log
read -r p f <<<"$(tap_counts build/tests/lint.log $status)"
count lint "$p" "$f"

# ---- unit ----
build/tests/unit-tests --report_level=short --log_level=error >build/tests/unit.log 2>&1
status=$?
cat build/tests/unit.log
read -r p f <<<"$(boost_counts build/tests/unit.log $status)"
count unit "$p" "$f"

# ---- fuzz: each parser's libFuzzer target for a bounded time (make fuzz runs them longer) ----
bash tests/fuzz/run.sh "${FUZZ_TEST_SECONDS:-20}" >build/tests/fuzz.log 2>&1
status=$?
grep -E '^(not ok|ok|#)' build/tests/fuzz.log
read -r p f <<<"$(tap_counts build/tests/fuzz.log $status)"
count fuzz "$p" "$f"

# ---- the stack for the integration and browser layers ----
STACK=$(mktemp -d /tmp/portal-test.XXXXXX)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cleanup() {
    bash scripts/stack.sh stop "$STACK" >/dev/null 2>&1
    if [ "$failed" != 0 ]; then
        mkdir -p build/tests/stack-logs && cp -r "$STACK/log/." build/tests/stack-logs/ 2>/dev/null
    fi
    rm -rf "$STACK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The stack trusts 127.0.0.1 as a proxy (trusted_proxies), as an installation behind one would;
# the tests' browsers connect from other loopback addresses, whose X-Forwarded-For is ignored.
if TRUSTED_PROXIES=127.0.0.1 bash scripts/stack.sh start "$STACK" "$PORT" 2 >build/tests/stack.log 2>&1 &&
    bash scripts/stack.sh demo "$STACK" >>build/tests/stack.log 2>&1; then
    export PORTAL_TEST_PORT=$PORT PORTAL_TEST_VAR=$STACK PORTAL_TEST_REPO=$REPO

    # ---- integration ----
    build/tests/integration-tests --report_level=short --log_level=error \
        >build/tests/integration.log 2>&1
    status=$?
    cat build/tests/integration.log
    read -r p f <<<"$(boost_counts build/tests/integration.log $status)"
    count integration "$p" "$f"

    # ---- browser ----
    node --test --test-reporter=tap --test-concurrency=1 tests/browser/ \
        >build/tests/browser.log 2>&1
    status=$?
    grep -E '^(not ok|ok|# (pass|fail))' build/tests/browser.log
    read -r p f <<<"$(tap_counts build/tests/browser.log $status)"
    if [ "$status" != 0 ] && ! grep -qE '^# fail [1-9]' build/tests/browser.log; then
        cat build/tests/browser.log
    fi
    count browser "$p" "$f"
else
    cat build/tests/stack.log
    echo "== the test stack did not start"
    failed=$((failed + 1))
fi

# ---- the README's commands: make run, make run again, make stop, make stop again ----
bash tests/readme.sh >build/tests/readme.log 2>&1
status=$?
cat build/tests/readme.log
read -r p f <<<"$(tap_counts build/tests/readme.log $status)"
count readme "$p" "$f"

# ---- install: make install into a temporary root, served as on a server (tests/install/) ----
bash tests/install/run.sh >build/tests/install.log 2>&1
status=$?
grep -E '^(not ok|ok|#)' build/tests/install.log
read -r p f <<<"$(tap_counts build/tests/install.log $status)"
count install "$p" "$f"

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
