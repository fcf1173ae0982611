#!/usr/bin/env bash
# `make bench`: the portal's pages against a static file of the same size, through the same
# nginx, in one private stack (scripts/stack.sh) on a free port. Writes bench/RESULTS.md (keeping
# its hand-written "## " sections and its History) and prints the table. Exits 0 when a target is
# missed (it is a measurement), non-zero only when the benchmark could not run.
#
# Knobs (environment):
#   WORKERS=2              worker processes per page program (multiwatch -f), as `make run`
#   BENCH_THREADS=2  BENCH_CONNECTIONS=32  BENCH_DURATION=10s     wrk -t / -c / -d
#   BENCH_WARMUP=3s        wrk warm-up per row, not measured
#   BENCH_ROUNDS=3         rounds; each round runs every row once (interleaved); medians reported
#   BENCH_RESULTS=bench/RESULTS.md   where the report goes
#   BENCH_HOOK='command'   run (bash -c, with DIR and PORT exported) after the stack is up and
#                          before the measurement: to try another configuration by editing the
#                          filled files in $DIR/nginx/ and $DIR/portal.conf and restarting.
set -euo pipefail

# The rows: "name path host cookie". cookie is "-" for none, a literal Cookie header value, or
# "!command" whose output is the value (run after the demo is loaded, with DIR, PORT and
# PORTAL_CONF and REPO exported). The static baseline is a copy of the FIRST row's response
# body. The signed-in home page gets its cookie the way a customer does: a portalctl deep link,
# opened and confirmed (bench/session-cookie.sh). A path may be "!command" too (no spaces): the
# thread is Ann's Fiesta conversation, whose id the demo decides (bench/thread-path.sh).
PAGES=(
    "login /login smiths.localhost -"
    "home / smiths.localhost !\"\$REPO/bench/session-cookie.sh\" smiths ann@example.com"
    "messages /messages smiths.localhost !\"\$REPO/bench/session-cookie.sh\" smiths ann@example.com"
    "thread !\$REPO/bench/thread-path.sh smiths.localhost !\"\$REPO/bench/session-cookie.sh\" smiths ann@example.com"
    "invoices /invoices smiths.localhost !\"\$REPO/bench/session-cookie.sh\" smiths bob@example.com"
)

# Targets (each page row): share of the static file's requests/s (per row, as the issue that
# asked for the page set it), p99 latency, worker RSS.
TARGET_RATIO_PCT=35
ROW_TARGETS="login:35 home:25 messages:25 thread:25 invoices:25"
TARGET_P99_MS=5
TARGET_RSS_MB=8

REPO=$(cd "$(dirname "$0")/.." && pwd)
WORKERS=${WORKERS:-2}
THREADS=${BENCH_THREADS:-2}
CONNECTIONS=${BENCH_CONNECTIONS:-32}
DURATION=${BENCH_DURATION:-10s}
WARMUP=${BENCH_WARMUP:-3s}
ROUNDS=${BENCH_ROUNDS:-3}
RESULTS=${BENCH_RESULTS:-$REPO/bench/RESULTS.md}
STATIC_PATH=/branding/bench/static.html

die() { echo "bench: $*" >&2; exit 1; }
for tool in wrk curl python3 nginx; do
    command -v "$tool" >/dev/null || die "$tool is not installed"
done

# shellcheck source=bench/private-stack.sh
. "$REPO/bench/private-stack.sh"

new_stack_dir portal-bench
PORT=$(free_port)
export DIR PORT REPO PORTAL_CONF="$DIR/portal.conf"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

echo "bench: stack in $DIR on port $PORT, $WORKERS workers"
PORTAL_BENCH=1 bash "$STACK" start "$DIR" "$PORT" "$WORKERS" >"$DIR/stack.out" 2>&1 ||
    { cat "$DIR/stack.out" >&2; die "the stack did not start"; }
bash "$STACK" demo "$DIR" >>"$DIR/stack.out" 2>&1 ||
    { cat "$DIR/stack.out" >&2; die "the demo data did not load"; }
if [ -n "${BENCH_HOOK:-}" ]; then
    echo "bench: hook: $BENCH_HOOK"
    bash -c "$BENCH_HOOK" || die "BENCH_HOOK failed"
fi

# ---- rows: name, path, host, cookie header (or empty) ----
names=() paths=() hosts=() cookies=()
add_row() { names+=("$1"); paths+=("$2"); hosts+=("$3"); cookies+=("$4"); }

fetch() {  # fetch PATH HOST COOKIE OUTFILE: prints the status; the body goes to OUTFILE
    local args=(-sS -o "$4" -w '%{http_code}' -H "Host: $2")
    [ -n "$3" ] && args+=(-H "Cookie: $3")
    curl "${args[@]}" "http://127.0.0.1:$PORT$1"
}

first=1
for entry in "${PAGES[@]}"; do
    read -r name path host cookie <<<"$entry"
    case "$path" in !*) path=$(bash -c "${path#!}") || die "$name: the path command failed" ;; esac
    case "$cookie" in
        -) cookie="" ;;
        !*) cookie=$(bash -c "${cookie#!}") || die "$name: the cookie command failed" ;;
    esac
    status=$(fetch "$path" "$host" "$cookie" "$DIR/$name.body") || die "$name: curl failed"
    [ "$status" = 200 ] || die "$name: GET $path for $host answered $status, not 200"
    if [ "$first" = 1 ]; then
        # The baseline: the same bytes, served by the same nginx server block from a file.
        mkdir -p "$DIR/branding/bench"
        cp "$DIR/$name.body" "$DIR/branding/bench/static.html"
        chmod -R a+rX "$DIR/branding/bench"
        STATIC_BYTES=$(wc -c <"$DIR/$name.body")
        add_row static "$STATIC_PATH" "$host" ""
        status=$(fetch "$STATIC_PATH" "$host" "" "$DIR/static.body") || die "static: curl failed"
        [ "$status" = 200 ] || die "static: GET $STATIC_PATH answered $status, not 200"
        cmp -s "$DIR/static.body" "$DIR/$name.body" || die "static: served bytes differ from $name"
        first=0
    fi
    add_row "$name" "$path" "$host" "$cookie"
done

# wrk's report, one line: requests, duration (us), p50, p99, max (us), errors by kind.
cat >"$DIR/report.lua" <<'LUA'
done = function(summary, latency, requests)
    local e = summary.errors
    io.write(string.format("BENCH %d %d %d %d %d %d %d %d %d %d\n",
        summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
        latency.max, e.connect, e.read, e.write, e.status, e.timeout))
end
LUA

run_wrk() {  # run_wrk ROW DURATION: prints wrk's BENCH line
    local i=$1 args=(-t"$THREADS" -c"$CONNECTIONS" -d"$2" --latency -H "Host: ${hosts[$1]}")
    [ -n "${cookies[$i]}" ] && args+=(-H "Cookie: ${cookies[$i]}")
    wrk "${args[@]}" -s "$DIR/report.lua" "http://127.0.0.1:$PORT${paths[$i]}" >"$DIR/wrk.out" 2>&1 ||
        { cat "$DIR/wrk.out" >&2; die "wrk failed on ${names[$i]}"; }
    grep '^BENCH ' "$DIR/wrk.out" || { cat "$DIR/wrk.out" >&2; die "no wrk report"; }
}

echo "bench: warm-up ($WARMUP per row)"
for i in "${!names[@]}"; do run_wrk "$i" "$WARMUP" >/dev/null; done

: >"$DIR/runs"
for round in $(seq "$ROUNDS"); do
    for i in "${!names[@]}"; do
        line=$(run_wrk "$i" "$DURATION")
        echo "${names[$i]} $line" >>"$DIR/runs"
        read -r _ n us p50 p99 _ ec er ew es et <<<"$line"
        printf 'bench: round %s %-8s %8.0f req/s  p50 %5.2f ms  p99 %5.2f ms  errors %d\n' \
            "$round" "${names[$i]}" "$(echo "$n $us" | awk '{print $1 * 1e6 / $2}')" \
            "$(echo "$p50" | awk '{print $1 / 1000}')" "$(echo "$p99" | awk '{print $1 / 1000}')" \
            $((ec + er + ew + es + et))
    done
done

# Memory of every page program's workers (the children of each multiwatch): RSS as ps shows it,
# and from smaps_rollup the proportional (PSS) and private parts; RSS counts the shared
# libraries' pages in full in every worker.
: >"$DIR/mem"
for sock in "$DIR"/run/*.sock; do
    pidfile=${sock%.sock}.pid  # a page program: its socket and its multiwatch's pid file
    [ -f "$pidfile" ] || continue
    for pid in $(ps -o pid= --ppid "$(cat "$pidfile")"); do
        rss=$(ps -o rss= -p "$pid" | tr -d ' ')
        [ -n "$rss" ] || continue
        read -r pss private < <(awk '/^Pss:/ {p = $2} /^Private_(Clean|Dirty):/ {q += $2}
            END {print p + 0, q + 0}' "/proc/$pid/smaps_rollup" 2>/dev/null || echo "0 0")
        echo "$(basename "$pidfile" .pid) $pid $rss $pss $private" >>"$DIR/mem"
    done
done
[ -s "$DIR/mem" ] || die "no page program workers found for the RSS"

# ---- report ----
NOW=$(date -u '+%Y-%m-%d %H:%M UTC')
CPU=$(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')
NPROC=$(nproc)
PROGRAM_THREADS=$(sed -n 's/^threads *= *//p' "$DIR/portal.conf" | tail -1)
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
HISTORY="" NOTES=""
if [ -f "$RESULTS" ]; then
    HISTORY=$(awk '/^## / {in_history = ($0 == "## History"); next} in_history && /^- /' "$RESULTS")
    # Hand-written sections (any "## " section but Targets and History) stay as they are.
    NOTES=$(awk '/^## / {keep = ($0 != "## Targets" && $0 != "## History")} keep' "$RESULTS")
fi

NAMES="${names[*]}" PATHS="${paths[*]}" MEM="$DIR/mem" NOW="$NOW" \
CPU="$CPU" NPROC="$NPROC" LOAD_BEFORE="$LOAD_BEFORE" LOAD_AFTER="$LOAD_AFTER" \
THREADS="$THREADS" CONNECTIONS="$CONNECTIONS" DURATION="$DURATION" WARMUP="$WARMUP" \
ROUNDS="$ROUNDS" WORKERS="$WORKERS" PROGRAM_THREADS="${PROGRAM_THREADS:-1}" \
HOOK="${BENCH_HOOK:-}" STATIC_PATH="$STATIC_PATH" STATIC_BYTES="$STATIC_BYTES" \
TARGET_RATIO_PCT="$TARGET_RATIO_PCT" ROW_TARGETS="$ROW_TARGETS" TARGET_P99_MS="$TARGET_P99_MS" TARGET_RSS_MB="$TARGET_RSS_MB" \
python3 - "$DIR/runs" "$DIR/report.md" "$DIR/history.line" <<'PY'
import os, statistics, sys
E = os.environ
runs, report, history_line = sys.argv[1:4]
rows = {}
for line in open(runs):
    name, _, n, us, p50, p99, mx, *errs = line.split()
    r = rows.setdefault(name, {"rps": [], "p50": [], "p99": [], "max": [], "errors": 0})
    r["rps"].append(int(n) * 1e6 / int(us))
    r["p50"].append(int(p50) / 1000)
    r["p99"].append(int(p99) / 1000)
    r["max"].append(int(mx) / 1000)
    r["errors"] += sum(int(e) for e in errs)
med = {name: {k: (statistics.median(v) if isinstance(v, list) else v) for k, v in r.items()}
       for name, r in rows.items()}
static = med["static"]["rps"]
mem = [line.split() for line in open(E["MEM"])]
mb = lambda kb: int(kb) / 1024
rss_max = max(mb(m[2]) for m in mem)
pss_max = max(mb(m[3]) for m in mem)
private_max = max(mb(m[4]) for m in mem)
mem_rows = [f"| {m[0]} | {m[1]} | {mb(m[2]):.1f} | {mb(m[3]):.1f} | {mb(m[4]):.1f} |" for m in mem]
p99_target = float(E["TARGET_P99_MS"])
row_targets = dict(t.split(":") for t in E["ROW_TARGETS"].split())
rss_target = float(E["TARGET_RSS_MB"])
ok = lambda b: "PASS" if b else "FAIL"
paths = dict(zip(E["NAMES"].split(), E["PATHS"].split()))
pages = [n for n in med if n != "static"]

table = ["| row | path | requests/s | p50 | p99 | max | errors | % of static |",
         "|---|---|---:|---:|---:|---:|---:|---:|"]
for name, m in med.items():
    table.append(f"| {name} | `{paths[name]}` | {m['rps']:.0f} | {m['p50']:.2f} ms | "
                 f"{m['p99']:.2f} ms | {m['max']:.1f} ms | {m['errors']} | "
                 f"{100 * m['rps'] / static:.1f} % |")
targets, summary = [], []
for name in pages:
    m = med[name]
    ratio = 100 * m["rps"] / static
    ratio_target = float(row_targets.get(name, E["TARGET_RATIO_PCT"]))
    targets.append(f"| {name}: requests/s ≥ {ratio_target:g} % of static | {ratio:.1f} % | "
                   f"{ok(ratio >= ratio_target)} |")
    targets.append(f"| {name}: p99 ≤ {p99_target:g} ms at {E['CONNECTIONS']} connections, "
                   f"no errors | {m['p99']:.2f} ms, {m['errors']} errors | "
                   f"{ok(m['p99'] <= p99_target and m['errors'] == 0)} |")
    summary.append(f"{name} {ratio:.1f} % of static ({m['rps']:.0f} vs {static:.0f} req/s), "
                   f"p99 {m['p99']:.2f} ms")
targets.append(f"| each worker's RSS ≤ {rss_target:g} MB | max {rss_max:.1f} MB | "
               f"{ok(rss_max <= rss_target)} |")
hook = f"; hook: `{E['HOOK']}`" if E["HOOK"] else ""
nl = "\n"

text = f"""# Benchmark results

Written by `make bench` (bench/run.sh); the History at the bottom keeps one line per run.

- Date: {E['NOW']}
- Machine: {E['NPROC']} × {E['CPU']}; wrk, nginx, the workers and PostgreSQL share it
- Load average before / after: {E['LOAD_BEFORE']} / {E['LOAD_AFTER']} (other builds and tests
  on the machine make the numbers noisy; compare runs with care)
- Settings: `wrk -t{E['THREADS']} -c{E['CONNECTIONS']} -d{E['DURATION']} --latency`, Host as in
  the row, warm-up {E['WARMUP']} per row, {E['ROUNDS']} round(s) interleaved, medians shown;
  nginx access log off (PORTAL_BENCH=1); {E['WORKERS']} worker processes per page program,
  threads = {E['PROGRAM_THREADS']} (portal.conf){hook}
- Static baseline: `{E['STATIC_PATH']}`, a copy of the {pages[0]} body ({E['STATIC_BYTES']}
  bytes), served by the same nginx server block

{nl.join(table)}

Worker memory after the run: RSS max {rss_max:.1f} MB. RSS counts every shared library page
in full in each worker; PSS shares them out, private is what the worker alone holds.

| program | worker pid | RSS MB | PSS MB | private MB |
|---|---:|---:|---:|---:|
{nl.join(mem_rows)}

## Targets

| target | measured | |
|---|---:|---|
{nl.join(targets)}
"""
open(report, "w").write(text)
open(history_line, "w").write(
    f"- {E['NOW']}: {'; '.join(summary)}; worker RSS max {rss_max:.1f} MB "
    f"(PSS {pss_max:.1f}, private {private_max:.1f}); "
    f"{E['WORKERS']} workers × {E['PROGRAM_THREADS']} threads, -c{E['CONNECTIONS']}, "
    f"load {E['LOAD_BEFORE']}{hook}\n")
PY

{
    cat "$DIR/report.md"
    echo
    [ -n "$NOTES" ] && printf '%s\n\n' "$NOTES"
    echo "## History"
    echo
    [ -n "$HISTORY" ] && printf '%s\n' "$HISTORY"
    cat "$DIR/history.line"
} >"$RESULTS.tmp"
mv "$RESULTS.tmp" "$RESULTS"

echo
sed -n '/^| row/,/^$/p' "$DIR/report.md"
sed -n '/^| program/,/^$/p' "$DIR/report.md"
sed -n '/^| target/,$p' "$DIR/report.md"
echo "bench: wrote ${RESULTS#"$REPO"/}"
