#!/usr/bin/env bash
# `make bench-scale`: every signed-in page and the sign-in, for an ordinary and a heavy customer,
# on a small database and then on one SCALE times the issue's unit (SCALE=100 is 200 garages and
# 10M jobs; see bench/scale-bulk.sql), in one private stack. The two customers' own data is the
# same in both (bench/scale-customers.sql), so the ratio is what everyone else's data costs them.
# Records the table, the database size and the load time in bench/RESULTS.md ("Scale"). Also
# times `portalctl demo` and the first request after a restart on the big database, and every
# page statement that only reads, for both customers with the custom and the generic plan. A row
# that answers anything but 200 (a redirect to sign in, an error page) stops the run.
# Not part of CI: SCALE=10 takes a few minutes, SCALE=100 about half an hour on 2 CPUs.
#
# Knobs (environment):
#   SCALE=10               the size of the big database
#   WORKERS=2              worker processes per page program
#   BENCH_THREADS=2  BENCH_CONNECTIONS=32  BENCH_DURATION=10s  BENCH_WARMUP=2s   wrk
#   BENCH_ROUNDS=2         rounds per size (each runs every row once); medians reported
#   SIGNIN_SAMPLES=40      sign-ins per customer and size (the garage allows 300 link requests
#                          an hour: 4 × SIGNIN_SAMPLES of them are asked for)
#   BENCH_NOTE=''          a line added under the table (say the host was shared, say so)
#   BENCH_RESULTS=bench/RESULTS.md   BENCH_STACK_NAME=portal-scale (the /tmp directory's prefix)
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
SCALE=${SCALE:-10}
WORKERS=${WORKERS:-2}
THREADS=${BENCH_THREADS:-2}
CONNECTIONS=${BENCH_CONNECTIONS:-32}
DURATION=${BENCH_DURATION:-10s}
WARMUP=${BENCH_WARMUP:-2s}
ROUNDS=${BENCH_ROUNDS:-2}
SIGNIN_SAMPLES=${SIGNIN_SAMPLES:-40}
RESULTS=${BENCH_RESULTS:-$REPO/bench/RESULTS.md}

die() { echo "bench-scale: $*" >&2; exit 1; }
for tool in wrk curl python3 nginx; do
    command -v "$tool" >/dev/null || die "$tool is not installed"
done
[[ $SCALE =~ ^[0-9]+(\.[0-9]+)?$ ]] || die "SCALE must be a number"

# shellcheck source=bench/private-stack.sh
. "$REPO/bench/private-stack.sh"
new_stack_dir "${BENCH_STACK_NAME:-portal-scale}"
PORT=$(free_port)
export DIR PORT REPO PORTAL_CONF="$DIR/portal.conf"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

psql_() {  # psql_ ARGS...: the stack's database as its owner
    local as=()
    [ "$(id -u)" = 0 ] && as=(runuser -u portal --)
    "${as[@]}" /usr/lib/postgresql/15/bin/psql -h "$DIR/run/pg" -U portal -d portal \
        -v ON_ERROR_STOP=1 -qtA "$@"
}
elapsed() { echo "$(date +%s.%N) $1" | awk '{printf "%.1f", $1 - $2}'; }

echo "bench-scale: stack in $DIR on port $PORT, SCALE=$SCALE"
PORTAL_BENCH=1 bash "$STACK" start "$DIR" "$PORT" "$WORKERS" >"$DIR/stack.out" 2>&1 ||
    { cat "$DIR/stack.out" >&2; die "the stack did not start"; }
bash "$STACK" demo "$DIR" >>"$DIR/stack.out" 2>&1 || die "the demo data did not load"
psql_ -1 -f "$REPO/bench/scale-customers.sql" >/dev/null
psql_ -c "ANALYZE" >/dev/null

cookie() { bash "$REPO/bench/session-cookie.sh" fleet "$1"; }
fact() { psql_ -c "$1"; }
customer_id() { fact "SELECT id FROM customers WHERE email = '$1'"; }
job_of() {
    fact "SELECT reference FROM work_orders WHERE customer_id = $(customer_id "$1")
          AND closed_at IS NULL ORDER BY id LIMIT 1"
}
quote_of() {
    fact "SELECT q.id FROM quotes q JOIN work_orders w ON w.id = q.work_order_id
          WHERE w.customer_id = $(customer_id "$1") AND q.status = 'awaiting'"
}
conversation_of() {  # the newest, as /messages lists them
    fact "SELECT id FROM conversations WHERE customer_id = $(customer_id "$1")
          ORDER BY updated_at DESC, id DESC LIMIT 1"
}
invoice_of() {  # the newest, as /invoices lists them
    fact "SELECT number FROM invoices WHERE customer_id = $(customer_id "$1")
          ORDER BY issued_on DESC, id DESC LIMIT 1"
}

# The rows: name, path, customer ("" for a signed-out page; all on fleet.localhost).
names=() paths=() owners=()
for who in olive harry; do
    email=$who@fleet.example
    names+=("$who:home" "$who:job" "$who:quote" "$who:messages" "$who:thread" "$who:invoices"
        "$who:invoice" "$who:profile" "$who:preferences" "$who:privacy")
    paths+=("/" "/jobs/$(job_of "$email")" "/quotes/$(quote_of "$email")" /messages
        "/messages/$(conversation_of "$email")" /invoices "/invoices/$(invoice_of "$email")"
        /profile /profile/preferences /privacy)
    for _ in 1 2 3 4 5 6 7 8 9 10; do owners+=("$who"); done
done
names+=("login") paths+=("/login") owners+=("")

# fresh_sessions: ends the two customers' sessions and signs each in anew, so that /privacy
# (which wants a sign-in within 15 minutes) answers 200 for the next 15 minutes and its list of
# devices is the same at both sizes (the sign-in samples leave sessions behind).
declare -A cookie_of
fresh_sessions() {
    local who
    psql_ -c "DELETE FROM sessions WHERE customer_id IN
              (SELECT id FROM customers WHERE email IN ('olive@fleet.example', 'harry@fleet.example'))" \
        >/dev/null
    for who in olive harry; do
        cookie_of[$who]=$(cookie "$who@fleet.example") || die "no session for $who@fleet.example"
    done
}
cookie_row() { [ -n "${owners[$1]}" ] && echo "${cookie_of[${owners[$1]}]}"; return 0; }

# check_row ROW SIZE: dies unless the row's page answers 200 (a 303 to sign in would be timed as
# a fast page).
check_row() {
    local c status
    c=$(cookie_row "$1")
    status=$(curl -s -o /dev/null -w '%{http_code}' -H "Host: fleet.localhost" \
        ${c:+-H "Cookie: $c"} "http://127.0.0.1:$PORT${paths[$1]}")
    [ "$status" = 200 ] || die "${names[$1]} ${paths[$1]} answered $status on the $2 database"
}

cat >"$DIR/report.lua" <<'LUA'
done = function(summary, latency, requests)
    local e = summary.errors
    io.write(string.format("BENCH %d %d %d %d %d\n", summary.requests, summary.duration,
        latency:percentile(50), latency:percentile(99),
        e.connect + e.read + e.write + e.status + e.timeout))
end
LUA

run_wrk() {  # run_wrk ROW DURATION: wrk's BENCH line
    local i=$1 c args=(-t"$THREADS" -c"$CONNECTIONS" -d"$2" --latency -H "Host: fleet.localhost")
    c=$(cookie_row "$i")
    [ -n "$c" ] && args+=(-H "Cookie: $c")
    wrk "${args[@]}" -s "$DIR/report.lua" "http://127.0.0.1:$PORT${paths[$i]}" >"$DIR/wrk.out" 2>&1 ||
        { cat "$DIR/wrk.out" >&2; die "wrk failed on ${names[$i]}"; }
    grep '^BENCH ' "$DIR/wrk.out" || die "no wrk report"
}

# A sign-in as the customer does it: asking for a link (POST /login/link with the address), then
# the link's "Sign in" POST, which starts the session (the sweep of the customer's expired
# sessions, the insert, the customer's last sign-in). The emailed link is not read back: the
# second step opens a deep link minted by portalctl, which lands on the same POST.
# Each link request comes from its own loopback address (curl --interface), as
# bench/signin-timing.sh does, so the per-address and per-IP limits never answer instead; its
# answer waits for the 15 ms floor after the address lookup (cgi-bin/login.cc kAnswerFloor).
ask_link() {  # ask_link EMAIL IP: the seconds POST /login/link took, asked from IP
    local ip=$2 jar=$DIR/jar page csrf answer
    rm -f "$jar"
    page=$(curl -fsS --interface "$ip" -c "$jar" -H "Host: fleet.localhost" "http://127.0.0.1:$PORT/login")
    csrf=$(printf '%s' "$page" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)
    answer=$(curl -sS --interface "$ip" -b "$jar" -o /dev/null -w '%{http_code} %{time_total}' \
        -H "Host: fleet.localhost" --data-urlencode "csrf=$csrf" --data-urlencode "email=$1" \
        "http://127.0.0.1:$PORT/login/link")
    [ "${answer%% *}" = 303 ] || die "POST /login/link for $1 answered ${answer%% *}"
    echo "${answer#* }"
}
start_session() {  # start_session EMAIL: the seconds the deep link's Sign in POST took
    local url path jar=$DIR/jar page csrf
    url=$("$REPO/build/sbin/portalctl" link --garage fleet --customer "$1" --to / | tail -1)
    path=/${url#*://*/}
    rm -f "$jar"
    page=$(curl -fsS -c "$jar" -H "Host: fleet.localhost" "http://127.0.0.1:$PORT$path")
    csrf=$(printf '%s' "$page" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)
    curl -fsS -b "$jar" -o /dev/null -w '%{time_total}\n' -H "Host: fleet.localhost" \
        --data-urlencode "csrf=$csrf" "http://127.0.0.1:$PORT$path"
}

next_ip=0
measure() {  # measure SIZE: every row ROUNDS times, and the sign-ins, into $DIR/runs
    local size=$1 i round line link session ip
    fresh_sessions
    for i in "${!names[@]}"; do
        check_row "$i" "$size"
        run_wrk "$i" "$WARMUP" >/dev/null
    done
    for round in $(seq "$ROUNDS"); do
        fresh_sessions
        for i in "${!names[@]}"; do
            line=$(run_wrk "$i" "$DURATION")
            check_row "$i" "$size"  # still 200 at the end: the session did not age out
            echo "$size ${names[$i]} $line" >>"$DIR/runs"
            echo "bench-scale: $size round $round ${names[$i]}: $line"
        done
    done
    for who in olive harry; do
        for _ in $(seq "$SIGNIN_SAMPLES"); do
            # A new address for every request of the run (the link's count goes on across sizes).
            ip="127.88.$((next_ip / 200)).$((next_ip % 200 + 2))" && next_ip=$((next_ip + 1))
            link=$(ask_link "$who@fleet.example" "$ip")
            session=$(start_session "$who@fleet.example")
            echo "$size $who:sign-in $link $session" >>"$DIR/signins"
        done
    done
}

# The page programs restarted: how long the first request of each signed-in page takes (the
# sessions, made just before, are in the database and outlive the restart).
first_requests() {
    local i t answer out=""
    fresh_sessions
    PORTAL_BENCH=1 bash "$STACK" start "$DIR" "$PORT" "$WORKERS" >>"$DIR/stack.out" 2>&1
    for i in "${!names[@]}"; do
        [ -n "${owners[$i]}" ] || continue
        answer=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' -H "Host: fleet.localhost" \
            -H "Cookie: $(cookie_row "$i")" "http://127.0.0.1:$PORT${paths[$i]}")
        [ "${answer%% *}" = 200 ] ||
            die "${names[$i]} ${paths[$i]} answered ${answer%% *} after the restart"
        t=${answer#* }
        out+="${names[$i]} $(echo "$t" | awk '{printf "%.0f", $1 * 1000}') ms, "
    done
    echo "${out%, }"
}

: >"$DIR/runs" && : >"$DIR/signins"
FIRST_SMALL=$(first_requests)
SMALL_SIZE=$(fact "SELECT pg_size_pretty(pg_database_size('portal'))")
measure small

echo "bench-scale: loading SCALE=$SCALE"
started=$(date +%s.%N)
psql_ -1 -c "SET bench.scale = '$SCALE'" -f "$REPO/bench/scale-bulk.sql" >/dev/null
LOAD_SECONDS=$(elapsed "$started")
started=$(date +%s.%N)
psql_ -c "VACUUM ANALYZE" >/dev/null
ANALYZE_SECONDS=$(elapsed "$started")
BIG_SIZE=$(fact "SELECT pg_size_pretty(pg_database_size('portal'))")
COUNTS=$(fact "SELECT format('%s garages, %s customers, %s jobs (%s active), %s history rows,
    %s quote lines, %s messages, %s invoices, %s sessions',
    (SELECT count(*) FROM garages), (SELECT count(*) FROM customers),
    (SELECT count(*) FROM work_orders), (SELECT count(*) FROM work_orders WHERE closed_at IS NULL),
    (SELECT count(*) FROM work_order_status_history), (SELECT count(*) FROM quote_lines),
    (SELECT count(*) FROM messages), (SELECT count(*) FROM invoices), (SELECT count(*) FROM sessions))")
echo "bench-scale: loaded in ${LOAD_SECONDS}s (+ ${ANALYZE_SECONDS}s VACUUM ANALYZE): $BIG_SIZE"

FIRST_BIG=$(first_requests)
measure big

# The statements under the pages: the plan check's disabled case, on this database (it prints a
# Markdown table; tests/integration/plans_test.cc).
STATEMENT_TIMES=$(PORTAL_TEST_REPO=$REPO \
    PORTAL_PLAN_TIMES_DB="host=$DIR/run/pg user=portal dbname=portal" \
    "$REPO/build/tests/integration-tests" --log_level=error --report_level=no \
    --run_test=statement_times/on_the_scale_benchmarks_database) ||
    die "timing the statements failed: $STATEMENT_TIMES"
STATEMENT_TIMES=$(printf '%s\n' "$STATEMENT_TIMES" | sed -n '/^| statement/,/^The other/p')

started=$(date +%s.%N)
bash "$STACK" demo "$DIR" >>"$DIR/stack.out" 2>&1 || die "portalctl demo failed on the big database"
DEMO_SECONDS=$(elapsed "$started")

NOW=$(date -u '+%Y-%m-%d %H:%M UTC')
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
SCALE="$SCALE" NOW="$NOW" NPROC="$(nproc)" LOAD_BEFORE="$LOAD_BEFORE" LOAD_AFTER="$LOAD_AFTER" \
SMALL_SIZE="$SMALL_SIZE" BIG_SIZE="$BIG_SIZE" COUNTS="$COUNTS" LOAD_SECONDS="$LOAD_SECONDS" \
ANALYZE_SECONDS="$ANALYZE_SECONDS" DEMO_SECONDS="$DEMO_SECONDS" FIRST_SMALL="$FIRST_SMALL" \
FIRST_BIG="$FIRST_BIG" STATEMENT_TIMES="$STATEMENT_TIMES" \
SETTINGS="wrk -t$THREADS -c$CONNECTIONS -d$DURATION, $ROUNDS round(s), medians; $WORKERS workers a page" \
NOTE="${BENCH_NOTE:-}" PATHS="${paths[*]}" NAMES="${names[*]}" \
python3 - "$DIR/runs" "$DIR/signins" >"$DIR/report.md" <<'PY'
import os, statistics, sys
E = os.environ
rows = {}
for line in open(sys.argv[1]):
    size, name, _, n, us, p50, p99, errors = line.split()
    r = rows.setdefault((name, size), {"rps": [], "p50": [], "p99": [], "errors": 0})
    r["rps"].append(int(n) * 1e6 / int(us))
    r["p50"].append(int(p50) / 1000)
    r["p99"].append(int(p99) / 1000)
    r["errors"] += int(errors)
signins = {}  # (customer, size) -> [(link request ms, session ms)]
for line in open(sys.argv[2]):
    size, name, link, session = line.split()
    signins.setdefault((name.split(":")[0], size), []).append(
        (float(link) * 1000, float(session) * 1000))
paths = dict(zip(E["NAMES"].split(), E["PATHS"].split()))
med = lambda xs: statistics.median(xs)
print(f"SCALE={E['SCALE']}, {E['NOW']}, {E['NPROC']} CPUs; {E['SETTINGS']}; load average "
      f"{E['LOAD_BEFORE']} before, {E['LOAD_AFTER']} after.")
if E["NOTE"]:
    print(f"\n{E['NOTE']}")
print(f"\n- Small database: {E['SMALL_SIZE']} (the demo and fleet's two customers)")
print(f"- Big database: {E['BIG_SIZE']}: {' '.join(E['COUNTS'].split())}")
print(f"- Load: {E['LOAD_SECONDS']} s (bench/scale-bulk.sql) + {E['ANALYZE_SECONDS']} s VACUUM ANALYZE")
print(f"- First request of each page after restarting the programs: small {E['FIRST_SMALL']}; "
      f"big {E['FIRST_BIG']}")
print(f"- `portalctl demo` on the big database: {E['DEMO_SECONDS']} s")
# Issue 16's targets: the ordinary customer's pages within 1.2x of the small database's req/s
# and p99, the heavy customer's within 2x; the login page is a control.
limit = {"olive": 1.2, "harry": 2.0}
print("\n| row | path | small req/s | big req/s | big/small | small p99 | big p99 | p99 big/small "
      "| target | errors |")
print("|---|---|---:|---:|---:|---:|---:|---:|---|---:|")
for name in E["NAMES"].split():
    s, b = rows[(name, "small")], rows[(name, "big")]
    path = paths[name] if len(paths[name]) < 20 else paths[name].rsplit("/", 1)[0] + "/…"
    rps, p99 = med(b["rps"]) / med(s["rps"]), med(b["p99"]) / med(s["p99"])
    k = limit.get(name.split(":")[0])
    target = "—" if k is None else (f"met ({k}×)" if rps >= 1 / k and p99 <= k else f"**missed** ({k}×)")
    print(f"| {name} | `{path}` | {med(s['rps']):.0f} | {med(b['rps']):.0f} | {rps:.2f} | "
          f"{med(s['p99']):.1f} ms | {med(b['p99']):.1f} ms | {p99:.2f} | {target} | "
          f"{s['errors'] + b['errors']} |")
print("\nSign-in, one at a time: the link request (POST /login/link with the customer's address, "
      "from its own loopback address; it answers no sooner than 15 ms after the address lookup, "
      "cgi-bin/login.cc kAnswerFloor), the deep link's Sign in POST that starts the session, and "
      "the two added up per sign-in (issue 16's target: p95 under 50 ms on SCALE=100):\n")
print("| customer | database | link request p50 / p95 | session p50 / p95 | sign-in p50 / p95 |")
print("|---|---|---:|---:|---:|")
q = lambda xs: statistics.quantiles(xs, n=20)[-1]
for who in ("olive", "harry"):
    for size in ("small", "big"):
        xs = signins[(who, size)]
        link, session, both = [x[0] for x in xs], [x[1] for x in xs], [x[0] + x[1] for x in xs]
        print(f"| {who} | {size} | {med(link):.1f} / {q(link):.1f} ms | "
              f"{med(session):.1f} / {q(session):.1f} ms | {med(both):.1f} / {q(both):.1f} ms |")
print("\nThe page statements that only read, on the big database: `EXPLAIN (ANALYZE)` of each "
      "prepared statement with the customer's values, median of 5, JIT off, with the plan for "
      "those values (custom) and the plan PostgreSQL may keep after five executions (generic); "
      "rows of 0.5 ms or more:\n")
print(E["STATEMENT_TIMES"])
PY
cat "$DIR/report.md"
bash "$REPO/bench/record.sh" "$RESULTS" "Scale (SCALE=$SCALE)" <"$DIR/report.md"
echo "bench-scale: wrote ${RESULTS#"$REPO"/}"
