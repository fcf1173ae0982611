# shellcheck shell=bash disable=SC2154,SC2034
# Part of tests/install/run.sh (sourced): garage-portal-backup backs up the served portal, then
# restores it into an empty PostgreSQL cluster and empty directories, and a second set of page
# programs and nginx on the restored copy serve the same pages: Ann's job, and the same bytes
# of her quote photo (with the session she signed in with in tests/install/apache.sh).

N=https://smiths.localhost:$HTTPS_PORT
before_job=$(get "$N/jobs/WO-TANGO-1234" -b "$JAR")
get "$N$photo" -b "$JAR" -o "$T/photo-before.jpg" >"$LOG/photo-before.headers"
[ "$(status_of "$before_job")" = 200 ] && is_demo_photo "$T/photo-before.jpg"
ok "before the backup: Ann's job and quote photo through nginx" $? "$(head -20 <<<"$before_job")"

BACKUP=$T/backup
install -d -o portal -g portal "$BACKUP"
as_portal env PORTAL_CONF="$T/portal.conf" "$ROOT/usr/sbin/garage-portal-backup" backup "$BACKUP" \
    >"$LOG/backup.log" 2>&1
ok "garage-portal-backup backup (as portal)" $? "$(cat "$LOG/backup.log")"

# An empty cluster and empty directories, as on a new server.
PG2=$T/pg2
install -d -o portal -g portal "$PG2" "$T/pg2-run" "$T/files2" "$T/branding2"
{
    as_portal "$PG_BIN/initdb" -D "$PG2" -U portal -A trust -E UTF8 --locale=C.UTF-8 &&
        printf "listen_addresses = ''\nunix_socket_directories = '%s'\n" "$T/pg2-run" >>"$PG2/postgresql.conf" &&
        as_portal "$PG_BIN/pg_ctl" -D "$PG2" -l "$T/log/pg2.log" -w -t 30 start &&
        CLUSTERS+=("$PG2") &&
        as_portal "$PG_BIN/createdb" -h "$T/pg2-run" -U portal portal
} >"$LOG/pg2.log" 2>&1
ok "an empty PostgreSQL cluster with an empty database" $? "$(tail -20 "$LOG/pg2.log")"

SHARE=$T/share2
RUNDIR=$T/run2
FILES=$T/files2
BRANDING=$T/branding2
cp -a "$ROOT/usr/share/garage-portal" "$SHARE"
relocate "$SHARE"/nginx/*.conf "$SHARE"/nginx/routes/*.conf
write_conf "$T/restored.conf" "host=$T/pg2-run dbname=portal user=portal"
as_portal env PORTAL_CONF="$T/restored.conf" "$ROOT/usr/sbin/garage-portal-backup" restore "$BACKUP" \
    >"$LOG/restore.log" 2>&1
ok "garage-portal-backup restore into them" $? "$(cat "$LOG/restore.log")"
! as_portal env PORTAL_CONF="$T/restored.conf" "$ROOT/usr/sbin/garage-portal-backup" restore \
    "$BACKUP" >"$LOG/restore-again.log" 2>&1 && grep -q 'not empty' "$LOG/restore-again.log"
ok "a second restore over the restored portal is refused" $? "$(cat "$LOG/restore-again.log")"

start_pages "$T/restored.conf"
ok "the page programs start on the restored copy" $?
RESTORED_HTTP=$(free_port)
RESTORED_HTTPS=$(free_port)
cp "$ROOT/etc/nginx/sites-available/garage-portal" "$T/nginx2-site.conf"
relocate "$T/nginx2-site.conf"
local_ports "$T/nginx2-site.conf" "$RESTORED_HTTP" "$RESTORED_HTTPS"
nginx_conf "$T/nginx2" "$T/nginx2-site.conf"
start_bg "$T/log/nginx2.log" nginx -c "$T/nginx2/nginx.conf" -g 'daemon off;'
wait_for 10 curl -sk -o /dev/null "https://127.0.0.1:$RESTORED_HTTPS/healthz"
ok "nginx serves the restored copy" $? "$(cat "$T/nginx2/error.log" 2>&1)"

R=https://smiths.localhost:$RESTORED_HTTPS
after_job=$(get "$R/jobs/WO-TANGO-1234" -b "$JAR")
[ "$(status_of "$after_job")" = 200 ] && grep -q 'WO-TANGO-1234' <<<"$after_job" &&
    [ "$(sed -n '/<main/,/<\/main>/p' <<<"$before_job")" = "$(sed -n '/<main/,/<\/main>/p' <<<"$after_job")" ]
ok "the restored portal serves the same job page (same session, same content)" $? \
    "$(diff <(sed -n '/<main/,/<\/main>/p' <<<"$before_job") <(sed -n '/<main/,/<\/main>/p' <<<"$after_job") | head -20; head -5 <<<"$after_job")"
get "$R$photo" -b "$JAR" -o "$T/photo-after.jpg" >/dev/null
cmp "$T/photo-before.jpg" "$T/photo-after.jpg"
ok "and the same quote photo, byte for byte" $?
