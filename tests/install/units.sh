# shellcheck shell=bash disable=SC2154
# Part of tests/install/run.sh (sourced): systemd-analyze verify on every installed unit (each
# page's instance of the templates), in a root holding the installed tree and this machine's
# own units (systemd is not PID 1 here; --root makes verify read units and programs from there).

VERIFY=$T/verify-root
mkdir -p "$VERIFY"
cp -a "$ROOT/." "$VERIFY/"
cp -rn /lib/systemd/system/. "$VERIFY/usr/lib/systemd/system/"
install -D /usr/bin/multiwatch "$VERIFY/usr/bin/multiwatch"

units=(garage-portal.target garage-portal-mailer.service garage-portal-mailer.timer)
for p in "${PAGES[@]}"; do units+=("garage-portal@$p.socket" "garage-portal@$p.service"); done
for unit in "${units[@]}"; do
    # verify exits 0 on warnings it prints ("Unknown key", "Failed to parse"): silence is the pass.
    out=$(cd / && systemd-analyze verify --man=no --root="$VERIFY" "$unit" 2>&1)
    status=$?
    [ "$status" = 0 ] && [ -z "$out" ]
    ok "systemd-analyze verify $unit" $? "$out"
done

# The target starts one socket per page program, and nothing names a page that isn't built.
wants=$(sed -n 's/^Wants=//p' "$ROOT/usr/lib/systemd/system/garage-portal.target" | tr ' ' '\n' | sort)
[ "$wants" = "$(printf 'garage-portal@%s.socket\n' "${PAGES[@]}" | sort)" ]
ok "garage-portal.target wants one socket per page program" $? "$wants"

# The sandbox the issue asks for, on every service.
for unit in garage-portal@.service garage-portal-mailer.service; do
    missing=""
    for line in User=portal ProtectSystem=strict PrivateTmp=yes NoNewPrivileges=yes \
        ProtectHome=yes SystemCallFilter=@system-service RestrictAddressFamilies=; do
        grep -q "^$line" "$ROOT/usr/lib/systemd/system/$unit" || missing+=" $line"
    done
    [ -z "$missing" ]
    ok "$unit is sandboxed" $? "missing:$missing"
done
grep -q '^Restart=on-failure' "$ROOT/usr/lib/systemd/system/garage-portal@.service" &&
    grep -q '^StandardInput=socket' "$ROOT/usr/lib/systemd/system/garage-portal@.service"
ok "page services restart on failure and take the socket as standard input" $?
rm -rf "$VERIFY"
