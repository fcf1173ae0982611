# shellcheck shell=bash disable=SC2154
# Part of tests/install/run.sh (sourced): the installed logrotate configuration passes
# `logrotate -d`, and a rotation, on a copy pointed at this test's log folder, loses no line of a
# program that keeps writing through it.

LOGS=$T/logs
install -d -m 0755 "$LOGS"
sed "s|/var/log/garage-portal|$LOGS|g" "$ROOT/etc/logrotate.d/garage-portal" >"$T/logrotate.conf"
out=$(logrotate -d -s "$T/logrotate.state" "$ROOT/etc/logrotate.d/garage-portal" 2>&1)
status=$?
[ "$status" = 0 ] && ! grep -qi 'error' <<<"$out"
ok "logrotate -d accepts /etc/logrotate.d/garage-portal" $? "$out"

# A writer that keeps its file open (as a page program's standard error does) and one that
# opens it each time (as the mailer's cron and timer runs do), across a forced rotation.
install -m 0640 -o portal -g adm /dev/null "$LOGS/quotes.log"
install -m 0640 -o portal -g adm /dev/null "$LOGS/mailer.log"
(for i in $(seq 1 400); do echo "line $i"; sleep 0.002; done) >>"$LOGS/quotes.log" &
writer=$!
for i in $(seq 1 100); do echo "run $i" >>"$LOGS/mailer.log"; done
sleep 0.3
out=$(logrotate -f -s "$T/logrotate.state" "$T/logrotate.conf" 2>&1)
status=$?
for i in $(seq 101 200); do echo "run $i" >>"$LOGS/mailer.log"; done
wait "$writer"
[ "$status" = 0 ] && [ -f "$LOGS/quotes.log.1" ] && [ -f "$LOGS/mailer.log.1" ] &&
    [ "$(stat -c '%a %U %G' "$LOGS/mailer.log")" = "640 portal adm" ]
ok "logrotate rotates the portal's logs, recreating them as 0640 portal:adm" $? "$out$(ls -l "$LOGS")"
[ "$(cat "$LOGS"/quotes.log* | grep -c '^line ')" = 400 ] &&
    [ "$(cat "$LOGS"/mailer.log* | grep -c '^run ')" = 200 ]
ok "no line is lost across the rotation" $? "$(cat "$LOGS"/quotes.log* | grep -c '^line ') of 400, $(cat "$LOGS"/mailer.log* | grep -c '^run ') of 200"
