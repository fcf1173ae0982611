# shellcheck shell=bash disable=SC2154
# Part of tests/install/run.sh (sourced): `portalctl migrate` is safe on every upgrade. Two
# migrators racing on a new database (a package's postinst beside a sysadmin's own run) both
# succeed and apply each migration once; a third run applies nothing.

as_portal "$PG_BIN/createdb" -h "$T/pg2-run" -U portal upgrade >"$LOG/migrate.log" 2>&1
write_conf "$T/upgrade.conf" "host=$T/pg2-run dbname=upgrade user=portal"
migrate_() { env PORTAL_CONF="$T/upgrade.conf" "$ROOT/usr/sbin/portalctl" migrate; }
migrate_ >"$T/migrate-a.log" 2>&1 &
a=$!
migrate_ >"$T/migrate-b.log" 2>&1 &
b=$!
wait "$a"
status_a=$?
wait "$b"
status_b=$?
[ "$status_a" = 0 ] && [ "$status_b" = 0 ]
ok "two portalctl migrate at once on a new database both succeed" $? \
    "$(cat "$T/migrate-a.log" "$T/migrate-b.log")"
migrations=$(find sql -maxdepth 1 -name '[0-9][0-9][0-9]_*.sql' | wc -l)
applied=$(cat "$T/migrate-a.log" "$T/migrate-b.log" | grep -c '^applied ')
recorded=$(as_portal "$PG_BIN/psql" -h "$T/pg2-run" -U portal -d upgrade -tAc \
    "SELECT count(*) || ' ' || count(DISTINCT version) FROM schema_migrations")
[ "$applied" = "$migrations" ] && [ "$recorded" = "$migrations $migrations" ]
ok "each of the $migrations migrations applied once between them (applied $applied, recorded $recorded)" $?
out=$(migrate_ 2>&1)
[ "$out" = "database is up to date" ]
ok "a third portalctl migrate applies nothing" $? "$out"
