#!/usr/bin/env bash
# The outbox sender's speed: 10,000 queued emails drained by `portal-mailer --once` into a local
# SMTP server (the test sink, Debian's python3-aiosmtpd, writing each message to a file), and
# the enqueue-to-accept latency of a LISTEN-mode runner (`--watch`) for single messages queued
# one at a time. Runs in a private stack on a free port; prints a Markdown snippet for
# bench/RESULTS.md. The sink is part of what is measured: it is Python and may be the limit.
#
# Knobs (environment): MAILER_BENCH_EMAILS=10000  MAILER_BENCH_SAMPLES=200
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
EMAILS=${MAILER_BENCH_EMAILS:-10000}
SAMPLES=${MAILER_BENCH_SAMPLES:-200}
PSQL=/usr/lib/postgresql/15/bin/psql

die() { echo "bench/mailer: $*" >&2; exit 1; }
[ -x "$REPO/build/sbin/portal-mailer" ] || die "build first (make)"
/usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null || die "python3-aiosmtpd is not installed"

SINK_PID="" MAILER_PID=""
stop_extras() {
    [ -n "$MAILER_PID" ] && kill "$MAILER_PID" 2>/dev/null
    [ -n "$SINK_PID" ] && kill "$SINK_PID" 2>/dev/null
}
# shellcheck source=bench/private-stack.sh
. "$REPO/bench/private-stack.sh"

new_stack_dir portal-bench-mailer
bash "$STACK" start "$DIR" "$(free_port)" 1 >/dev/null
bash "$STACK" demo "$DIR" >/dev/null
# This stack's own mailer writes to its dev mailbox; the benchmark runs its own, to the sink.
kill "$(cat "$DIR/run/mailer.pid")"
sql() { "$PSQL" -h "$DIR/run/pg" -U portal -d portal -qtAX "$@"; }

SINK_PORT=$(free_port)
mkdir -p "$DIR/sink"
/usr/bin/python3 "$REPO/tests/integration/mailer_smtp_sink.py" --port "$SINK_PORT" --dir "$DIR/sink" \
    >"$DIR/log/sink.log" 2>&1 &
SINK_PID=$!
for _ in $(seq 100); do [ -f "$DIR/sink/ready" ] && break; sleep 0.1; done
[ -f "$DIR/sink/ready" ] || die "the SMTP sink did not start; see $DIR/log/sink.log"

CONF="$DIR/bench-mailer.conf"
grep -v '^mail_' "$DIR/portal.conf" >"$CONF"
cat >>"$CONF" <<CONF
mail_transport = smtp://127.0.0.1:$SINK_PORT
mail_starttls = no
mail_from = portal@portal.test
mail_timeout_seconds = 10
CONF

# A message the size of a real magic-link email (about 1 KB of text, 4 KB of HTML).
queue() {  # queue COUNT PREFIX: one INSERT, one transaction
    sql -c "INSERT INTO outbox (garage_id, channel, recipient, subject, body_text, body_html,
                                message_id, purpose, not_after)
            SELECT g.id, 'email', '$2' || i || '@example.com', 'Your sign-in link for ' || g.name,
                   repeat('Here is your link to sign in to your customer portal. ', 18),
                   repeat('<p style=\"margin:0 0 16px 0;\">Here is your link to sign in.</p>' || chr(10), 70),
                   gen_random_uuid()::text, 'bench', now() + interval '1 hour'
              FROM generate_series(1, $1) i, garages g WHERE g.subdomain = 'smiths'"
}

# ---- throughput: drain EMAILS queued messages ----
queue "$EMAILS" drain
start=$(date +%s.%N)
PORTAL_CONF=$CONF "$REPO/build/sbin/portal-mailer" --once 2>"$DIR/log/bench-once.log" ||
    die "portal-mailer --once failed; see $DIR/log/bench-once.log"
end=$(date +%s.%N)
sent=$(sql -c "SELECT count(*) FROM outbox WHERE status = 'sent' AND purpose = 'bench'")
received=$(find "$DIR/sink" -name '*.eml' | wc -l)
if [ "$sent" != "$EMAILS" ] || [ "$received" != "$EMAILS" ]; then
    die "sent $sent and the sink received $received of $EMAILS"
fi
seconds=$(echo "$end - $start" | bc -l)
rate=$(echo "$EMAILS / $seconds" | bc -l)

# ---- latency: single messages queued one at a time to an idle LISTEN-mode runner ----
PORTAL_CONF=$CONF "$REPO/build/sbin/portal-mailer" --watch 2>"$DIR/log/bench-watch.log" &
MAILER_PID=$!
for _ in $(seq 100); do grep -q 'runner lock taken' "$DIR/log/bench-watch.log" && break; sleep 0.1; done
script="$DIR/latency.sql"
: >"$script"
for i in $(seq "$SAMPLES"); do
    # Autocommit: each INSERT commits (and NOTIFYs) on its own; 30 ms apart, so the runner is idle.
    echo "INSERT INTO outbox (garage_id, channel, recipient, subject, body_text, body_html, message_id, purpose)
          SELECT id, 'email', 'latency$i@example.com', 'Sign in', repeat('Text. ', 150),
                 repeat('<p>Html.</p>', 300), gen_random_uuid()::text, 'latency'
            FROM garages WHERE subdomain = 'smiths';
          SELECT pg_sleep(0.03);" >>"$script"
done
sql -f "$script" >/dev/null
for _ in $(seq 100); do
    [ "$(sql -c "SELECT count(*) FROM outbox WHERE purpose = 'latency' AND status <> 'sent'")" = 0 ] && break
    sleep 0.1
done
read -r p50 p95 max <<<"$(sql -F ' ' -c "
    SELECT round(percentile_cont(0.5) WITHIN GROUP (ORDER BY ms)::numeric, 1),
           round(percentile_cont(0.95) WITHIN GROUP (ORDER BY ms)::numeric, 1),
           round(max(ms)::numeric, 1)
      FROM (SELECT extract(epoch FROM sent_at - created_at) * 1000 AS ms
              FROM outbox WHERE purpose = 'latency' AND status = 'sent') s")"
kill "$MAILER_PID" 2>/dev/null || true
wait "$MAILER_PID" 2>/dev/null || true
MAILER_PID=""

cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')
printf '### Outgoing email: portal-mailer into a local SMTP sink\n\n'
printf '%s, %s CPUs; %s; sink: Python aiosmtpd on 127.0.0.1, one file per message.\n\n' \
    "$cpu" "$(nproc)" "$(date -u +%Y-%m-%d)"
printf '| measure | result |\n|---|---|\n'
# shellcheck disable=SC2016 # the backticks are Markdown, printed as they are
printf '| %s queued emails drained by `portal-mailer --once` (one SMTP connection) | %.1f s, **%.0f emails/s** |\n' \
    "$EMAILS" "$seconds" "$rate"
printf '| queued → accepted by the SMTP server, LISTEN mode, %s single emails: p50 | **%s ms** |\n' \
    "$SAMPLES" "$p50"
printf '| … p95 | **%s ms** |\n' "$p95"
printf '| … max | %s ms |\n' "$max"
# shellcheck disable=SC2016 # the backticks are Markdown, printed as they are
printf '\nLatency is `sent_at - created_at` of each row: from the inserting transaction to the\n'
printf 'mark that follows the server'"'"'s 250, so it includes the NOTIFY, the claim and the mark.\n'
