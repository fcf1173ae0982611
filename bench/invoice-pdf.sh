#!/usr/bin/env bash
# The invoice PDF's generation time (issue 13): a 10-line and a 100-line invoice, each downloaded
# BENCH_PDF_REQUESTS times one after another through nginx by its customer, p50 and p95 of curl's
# total time, and the invoices workers' peak memory (VmHWM) afterwards. Prints the Markdown body of
# bench/RESULTS.md's "Invoice PDF" section (make bench records it there).
set -euo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
REQUESTS=${BENCH_PDF_REQUESTS:-100}
TARGET_P95_MS=50

# shellcheck source=bench/private-stack.sh
. "$REPO/bench/private-stack.sh"
new_stack_dir portal-bench-pdf
PORT=$(free_port)
export DIR PORT REPO PORTAL_CONF="$DIR/portal.conf"
bash "$STACK" start "$DIR" "$PORT" 2 >"$DIR/stack.out" 2>&1 || { cat "$DIR/stack.out" >&2; exit 1; }
bash "$STACK" demo "$DIR" >>"$DIR/stack.out" 2>&1 || { cat "$DIR/stack.out" >&2; exit 1; }

add_invoice() {  # add_invoice NUMBER LINES
    local args=() i
    for i in $(seq 1 "$2"); do
        args+=(--line "Part $i: brake caliper, pads and fitting – Zoë's Škoda|1.5|$((40 + i)).25|20")
    done
    "$REPO/build/sbin/portalctl" invoice add --garage smiths --customer bob@example.com \
        --number "$1" --due +30 "${args[@]}" >/dev/null
}
add_invoice BENCH-10 10
add_invoice BENCH-100 100
cookie=$(bash "$REPO/bench/session-cookie.sh" smiths bob@example.com)

timings() {  # timings NUMBER: p50 and p95 in ms of REQUESTS downloads
    local i
    for i in $(seq 1 "$REQUESTS"); do
        # A failed download ends the run: an error page is fast, and would pass for a PDF.
        curl -fsS -o /dev/null -w '%{time_total}\n' -H "Host: smiths.localhost" \
            -H "Cookie: $cookie" "http://127.0.0.1:$PORT/invoices/$1.pdf" || exit 1
    done | python3 -c '
import sys
t = sorted(float(x) * 1000 for x in sys.stdin)
print(f"{t[len(t) // 2]:.1f} {t[min(len(t) - 1, int(len(t) * 0.95))]:.1f}")'
}
# Assigned first: a failure inside a here-string's substitution would go unnoticed.
t10=$(timings BENCH-10)
t100=$(timings BENCH-100)
read -r p50_10 p95_10 <<<"$t10"
read -r p50_100 p95_100 <<<"$t100"
peak=0
for pid in $(pgrep -P "$(cat "$DIR/run/invoices.pid")"); do
    kb=$(awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status")
    [ "${kb:-0}" -gt "$peak" ] && peak=$kb
done
verdict=$(python3 -c "print('met' if $p95_10 <= $TARGET_P95_MS else 'missed')")

echo "$(date -u '+%Y-%m-%d %H:%M UTC'): $REQUESTS downloads of each, one at a time, through nginx (cairo + pango, rendered per request)."
echo
echo "| invoice | p50 | p95 | target |"
echo "|---|---|---|---|"
echo "| 10 lines | $p50_10 ms | $p95_10 ms | p95 ≤ $TARGET_P95_MS ms: $verdict |"
echo "| 100 lines (4 pages) | $p50_100 ms | $p95_100 ms | — |"
echo
echo "Peak memory of an invoices worker afterwards (VmHWM): $((peak / 1024)) MB."
