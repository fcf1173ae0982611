#!/usr/bin/env bash
# The README's commands, run as a new user types them: `make run` returns with the demo URLs and
# the portal answers; a second `make run` returns and leaves one set of workers; `make stop`
# leaves nothing behind and frees the port; a second `make stop` is harmless. Its own port and
# var directory, so it runs beside a developer's own `make run`. TAP lines, then "# pass N" and
# "# fail N" for tests/run.sh to count.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1

VAR=$(mktemp -d /tmp/portal-readme.XXXXXX)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
LOG=build/tests/readme
mkdir -p "$LOG"
# shellcheck source=tests/tap.sh
source tests/tap.sh

# As a user's shell would run it: not as a sub-make of `make test`.
user_make() { env -u MAKEFLAGS -u MAKELEVEL -u MFLAGS timeout 300 make --no-print-directory "$@"; }

# The processes of this stack: PostgreSQL and nginx name VAR on their command line; the workers,
# their supervisors and the mailer carry PORTAL_CONF=VAR/portal.conf in their environment.
stack_pids() {
    local dir pid
    for dir in /proc/[0-9]*; do
        pid=${dir#/proc/}
        [ "$pid" = $$ ] && continue
        if tr '\0' ' ' 2>/dev/null <"$dir/cmdline" | grep -qF -- "$VAR/" ||
            tr '\0' '\n' 2>/dev/null <"$dir/environ" | grep -qxF "PORTAL_CONF=$VAR/portal.conf"; then
            echo "$pid"
        fi
    done
}
# Worker processes: the page programs themselves (not their supervisors).
worker_count() {
    local n=0 pid
    for pid in $(stack_pids); do
        readlink "/proc/$pid/exe" 2>/dev/null | grep -q '/build/cgi-bin/' && n=$((n + 1))
    done
    echo "$n"
}
describe() {  # what is left, for a failure's detail
    local pid
    for pid in $(stack_pids); do
        echo "$pid $(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | cut -c1-120)"
    done
}
status_of() {  # status_of HOST PATH
    curl -s -o /dev/null -w '%{http_code}' --max-time 10 \
        --resolve "$1:$PORT:127.0.0.1" "http://$1:$PORT$2"
}
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; }

cleanup() {
    user_make stop VAR="$VAR" >/dev/null 2>&1
    for pid in $(stack_pids); do kill -9 "$pid" 2>/dev/null; done
    rm -rf "$VAR"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

pages=$(find cgi-bin -name '*.cc' | wc -l)
workers=4  # the README's default

# ---- make run ----
user_make run PORT="$PORT" VAR="$VAR" >"$LOG/run1.log" 2>&1
status=$?
ok "make run exits 0 within 5 minutes (exit $status)" "$status" "$(tail -20 "$LOG/run1.log")"
grep -qF "http://smiths.localhost:$PORT/login" "$LOG/run1.log" &&
    grep -qF "http://northside.localhost:$PORT/login" "$LOG/run1.log"
ok "make run prints the demo URLs" $? "$(tail -20 "$LOG/run1.log")"
[ "$(grep -cF 'The portal is running' "$LOG/run1.log")" = 1 ] && grep -qF "\`make run\` reloads" "$LOG/run1.log"
ok "make run prints its welcome text once, as text" $? "$(tail -20 "$LOG/run1.log")"
code=$(status_of smiths.localhost /login)
[ "$code" = 200 ]
ok "GET /login on smiths.localhost answers 200 (got $code)" $?
code=$(status_of smiths.localhost /healthz)
[ "$code" = 200 ]
ok "GET /healthz answers 200 (got $code)" $?
first=$(worker_count)
[ "$first" = $((pages * workers)) ]
ok "one set of workers: $pages programs × $workers (found $first)" $? "$(describe)"

# ---- make run again, on the running stack ----
user_make run PORT="$PORT" VAR="$VAR" >"$LOG/run2.log" 2>&1
status=$?
ok "a second make run exits 0 (exit $status)" "$status" "$(tail -20 "$LOG/run2.log")"
second=0
for _ in $(seq 50); do  # the old workers exit as their supervisors stop them
    second=$(worker_count)
    [ "$second" = $((pages * workers)) ] && break
    sleep 0.1
done
[ "$second" = $((pages * workers)) ]
ok "after a second make run, still one set of workers (found $second)" $? "$(describe)"
code=$(status_of smiths.localhost /login)
[ "$code" = 200 ]
ok "GET /login still answers 200 (got $code)" $?

# ---- make stop ----
user_make stop VAR="$VAR" >"$LOG/stop1.log" 2>&1
status=$?
ok "make stop exits 0 (exit $status)" "$status" "$(cat "$LOG/stop1.log")"
left=""
for _ in $(seq 50); do
    left=$(stack_pids)
    [ -z "$left" ] && break
    sleep 0.1
done
[ -z "$left" ]
ok "make stop leaves no process of the stack (PostgreSQL, nginx, workers, mailer)" $? "$(describe)"
port_free
ok "make stop frees port $PORT" $?

user_make stop VAR="$VAR" >"$LOG/stop2.log" 2>&1
status=$?
ok "a second make stop is harmless (exit $status)" "$status" "$(cat "$LOG/stop2.log")"
[ -z "$(stack_pids)" ]
ok "and nothing started again" $?

tap_end
