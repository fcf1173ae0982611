#!/usr/bin/env bash
# Whether asking for a sign-in link takes as long for an address that is nobody's as for a
# customer's (the security review measured ~0.7 ms between them; issue finding 8). Asks
# interleaved, each request from its own loopback address (so no rate limit answers instead),
# through nginx on a private stack; prints a Markdown snippet for bench/RESULTS.md.
#
# Knobs (environment): SIGNIN_BENCH_SAMPLES=140 (per kind of address; the garage allows 300 links an hour)
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
SAMPLES=${SIGNIN_BENCH_SAMPLES:-140}

# shellcheck source=bench/private-stack.sh
. "$REPO/bench/private-stack.sh"

new_stack_dir portal-bench-signin
PORT=$(free_port)
bash "$STACK" start "$DIR" "$PORT" 2 >/dev/null
bash "$STACK" demo "$DIR" >/dev/null

# ask ADDRESS IP: the seconds POST /login/link took, from a browser at IP with its own cookies.
ask() {
    local jar="$DIR/jar" page csrf
    rm -f "$jar"
    page=$(curl -s --interface "$2" -c "$jar" --resolve "smiths.localhost:$PORT:127.0.0.1" \
        "http://smiths.localhost:$PORT/login")
    csrf=$(printf '%s' "$page" | grep -o 'name="csrf" value="[^"]*"' | head -1 | cut -d'"' -f4)
    curl -s -o /dev/null --interface "$2" -b "$jar" -w '%{http_code} %{time_total}\n' \
        --resolve "smiths.localhost:$PORT:127.0.0.1" \
        --data-urlencode "csrf=$csrf" --data-urlencode "email=$1" \
        "http://smiths.localhost:$PORT/login/link"
}

: >"$DIR/known" && : >"$DIR/unknown"
for i in $(seq 0 $((2 * SAMPLES + 5))); do
    ip="127.77.$((i / 200)).$((i % 200 + 2))"
    if [ $((i % 2)) = 0 ]; then kind=known address=ann@example.com; else kind=unknown address="nobody$i@example.com"; fi
    read -r code seconds <<<"$(ask "$address" "$ip")"
    [ "$code" = 303 ] || { echo "bench/signin-timing: $kind answered $code" >&2; exit 1; }
    [ "$i" -ge 6 ] && echo "$seconds" >>"$DIR/$kind"  # the first few warm the workers up
done

python3 - "$DIR/known" "$DIR/unknown" "$(nproc)" <<'PY'
import statistics, sys
known = [float(x) * 1000 for x in open(sys.argv[1])]
unknown = [float(x) * 1000 for x in open(sys.argv[2])]
mk, mu = statistics.median(known), statistics.median(unknown)
print("### Asking for a sign-in link: a customer's address against nobody's")
print()
print(f"POST /login/link through nginx, {len(known)} + {len(unknown)} requests interleaved, each "
      f"from its own address; {sys.argv[3]} CPUs shared with nginx, the workers and PostgreSQL.")
print()
print("| address | median | p10 | p90 |")
print("|---|---:|---:|---:|")
for name, xs in (("a customer's (ann@example.com)", known), ("nobody's", unknown)):
    q = statistics.quantiles(xs, n=10)
    print(f"| {name} | {statistics.median(xs):.2f} ms | {q[0]:.2f} ms | {q[-1]:.2f} ms |")
print()
print(f"Difference of the medians: **{mk - mu:+.2f} ms** (the review measured about 0.7 ms "
      "before both paths did the same work: a token issued and an email rendered and queued "
      "either way, nothing stored for nobody).")
PY
