#!/usr/bin/env bash
# How long the portal takes to accept a 10 MB photo sent with a message (POST /messages/<id>,
# multipart, through nginx: received, decoded and reduced by libvips, stored, committed), p50 and
# p95 over several sends, and the peak memory (VmHWM) of the `messages` workers meanwhile. Runs in
# a private stack on a free port; prints a Markdown snippet for bench/RESULTS.md.
#
# Knobs (environment): UPLOAD_BENCH_SENDS=10 (at most 30: the hourly limit per customer)
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
SENDS=${UPLOAD_BENCH_SENDS:-10}
die() { echo "bench/message-upload: $*" >&2; exit 1; }
command -v vips >/dev/null || die "vips (libvips-tools) is not installed"
# shellcheck source=bench/private-stack.sh
. "$REPO/bench/private-stack.sh"

new_stack_dir portal-bench-upload
PORT=$(free_port)
export DIR PORT REPO PORTAL_CONF="$DIR/portal.conf"
bash "$STACK" start "$DIR" "$PORT" 1 >/dev/null
bash "$STACK" demo "$DIR" >/dev/null

# A camera-sized photo just under 10 MB: 5000×4000 pixels of noise (it compresses badly, as a
# sharp photo does).
vips gaussnoise "$DIR/noise.v" 5000 4000
vips cast "$DIR/noise.v" "$DIR/photo.jpg[Q=80]" uchar
bytes=$(wc -c <"$DIR/photo.jpg")
[ "$bytes" -le $((10 << 20)) ] || die "the test photo is over 10 MB ($bytes bytes)"

cookie=$(bash "$REPO/bench/session-cookie.sh" smiths ann@example.com)
thread=$(bash "$REPO/bench/thread-path.sh")
url="http://127.0.0.1:$PORT$thread"
csrf=$(curl -fsS -H "Host: smiths.localhost" -H "Cookie: $cookie" "$url" |
    sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)

times=()
for i in $(seq "$SENDS"); do
    out=$(curl -sS -o /dev/null -w '%{http_code} %{time_total}' -H "Host: smiths.localhost" \
        -H "Cookie: $cookie" -F "csrf=$csrf" -F "body=Photo $i" \
        -F "attachment=@$DIR/photo.jpg;type=image/jpeg" "$url")
    [ "${out%% *}" = 303 ] || die "send $i answered ${out%% *}, not 303"
    times+=("${out#* }")
done
peak=0
for pid in $(pgrep -P "$(cat "$DIR/run/messages.pid")"); do
    kb=$(awk '/^VmHWM/ { print $2 }' "/proc/$pid/status" 2>/dev/null || echo 0)
    [ "${kb:-0}" -gt "$peak" ] && peak=$kb
done

printf '%s\n' "${times[@]}" | python3 -c '
import sys, statistics
t = sorted(float(x) * 1000 for x in sys.stdin)
p95 = t[min(len(t) - 1, round(0.95 * (len(t) - 1)))]
bytes, peak, sends = int(sys.argv[1]), int(sys.argv[2]), len(t)
print(f"A {bytes / 1e6:.1f} MB JPEG (5000×4000) sent with a message, {sends} times, one worker: "
      f"accepted (received, reduced to 2560 px, stored, committed, 303) in p50 "
      f"{statistics.median(t):.0f} ms, p95 {p95:.0f} ms; the messages worker peak memory "
      f"(VmHWM) {peak / 1024:.1f} MB.")
' "$bytes" "$peak"
