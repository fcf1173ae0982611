# shellcheck shell=bash disable=SC2154
# Part of tests/install/run.sh (sourced): make deb builds the package; on a machine without a
# portal account, dpkg -i installs it and the postinst creates the account, portal.conf and
# the directories; an upgrade to a next version keeps the sysadmin's edits (portal.conf and
# the conffiles) and migrates the database portal.conf names; dpkg -r removes the programs and
# leaves configuration and data; dpkg -P removes configuration and logs, never the garages'
# files. dpkg runs in a throwaway copy of this machine (an overlay on / in a private mount
# namespace, chrooted, its own /etc/passwd without portal), so nothing outside it changes:
# other users of this machine are not touched.

make_ deb >"$LOG/deb.log" 2>&1
ok "make deb exits 0" $? "$(tail -20 "$LOG/deb.log")"
version=$(dpkg-parsechangelog -S Version 2>/dev/null)
DEB=$REPO/build/garage-portal_${version}_amd64.deb
[ -f "$DEB" ]
ok "make deb builds build/garage-portal_${version}_amd64.deb" $? "$(ls build/*.deb 2>&1)"

contents=$(dpkg-deb -c "$DEB" 2>&1 | awk '{print $6}' | sed 's|^\./|/|')
missing=""
while read -r _ path; do
    case "$path" in /etc/garage-portal/* | /var/*) continue ;; esac
    grep -qxF "${path%/}" <<<"$contents" || grep -qxF "$path" <<<"$contents" || missing+=" $path"
done < <(expected | sed 's| | /|')
[ -z "$missing" ] && ! grep -q '^/var/\|^/etc/garage-portal/' <<<"$contents"
ok "the package holds make install's files (the state, logs and portal.conf are the postinst's)" $? \
    "missing:$missing"
conffiles=$(dpkg-deb -I "$DEB" conffiles 2>&1 | sort | tr '\n' ' ')
[ "$conffiles" = "/etc/apache2/sites-available/garage-portal.conf /etc/cron.d/garage-portal /etc/logrotate.d/garage-portal /etc/nginx/sites-available/garage-portal " ]
ok "its /etc files are conffiles" $? "$conffiles"
depends=$(dpkg-deb -f "$DEB" Depends)
grep -q 'libpqxx' <<<"$depends" && grep -q 'libfcgi' <<<"$depends" && grep -q 'multiwatch' <<<"$depends" &&
    grep -q 'postgresql-client' <<<"$depends" && grep -q 'adduser' <<<"$depends"
ok "Depends: names the libraries (shlibs), multiwatch, the PostgreSQL client, adduser" $? "$depends"

# The database the sysadmin names in portal.conf after the first install: the upgrade's postinst
# migrates it.
as_portal "$PG_BIN/createdb" -h "$T/pg2-run" -U portal packaged >>"$LOG/deb.log" 2>&1
OV=$T/overlay
mkdir -p "$OV/upper" "$OV/root"
# Inside, only / and this test's directory are seen (the repository may be another mount).
cp "$DEB" "$OV/package.deb"
chmod 755 "$OV"
# The next version, as an upgrade brings it: its nginx site file changed, its other conffiles not.
NEXT=$version+next
{
    dpkg-deb -R "$DEB" "$OV/next" &&
        sed -i "s/^Version: .*/Version: $NEXT/" "$OV/next/DEBIAN/control" &&
        echo '# new in the next version' >>"$OV/next/etc/nginx/sites-available/garage-portal" &&
        dpkg-deb -b "$OV/next" "$OV/package-next.deb"
} >>"$LOG/deb.log" 2>&1
ok "the same package as a next version ($NEXT) whose nginx site file changed" $? "$(tail -5 "$LOG/deb.log")"
host_account="$(getent passwd portal) $(getent group portal)"
cat >"$OV/inside.sh" <<INSIDE
set -u
result() { echo "\$1|\$2|\${3:-}" >>"$OV/results"; }
status() { dpkg-query -W -f='\${Status} \${Version}' garage-portal 2>/dev/null; }
cd /
! getent passwd portal >/dev/null && ! getent group portal >/dev/null &&
    ! grep -q '^portal:' /etc/shadow /etc/gshadow
result "before the install there is no portal account or group (this machine's is hidden)" \$?

# First install: no database configured yet.
dpkg -i "$OV/package.deb" >"$OV/dpkg-i.log" 2>&1 </dev/null
result "dpkg -i installs the package" \$?
grep -q 'the database is not reachable yet' "$OV/dpkg-i.log"
result "with no database configured yet, the postinst says how to migrate and carries on" \$?
[ "\$(status)" = "install ok installed $version" ]
result "dpkg knows it as installed" \$? "\$(status)"
[ -x /usr/sbin/portalctl ] && [ -x /usr/lib/garage-portal/cgi-bin/login ] &&
    [ -f /usr/lib/systemd/system/garage-portal@.socket ] && [ -f /etc/nginx/sites-available/garage-portal ]
result "the programs, units and site files are in place" \$?
account=\$(getent passwd portal)
uid=\$(echo "\$account" | cut -d: -f3)
[ -n "\$account" ] && [ "\$uid" -ge 100 ] && [ "\$uid" -le 999 ] &&
    [ "\$(echo "\$account" | cut -d: -f4)" = "\$(getent group portal | cut -d: -f3)" ] &&
    [ "\$(echo "\$account" | cut -d: -f6-)" = "/nonexistent:/usr/sbin/nologin" ] && [ ! -e /nonexistent ] &&
    grep -q '^portal:[!*]' /etc/shadow && grep -q '^portal:' /etc/gshadow
result "the postinst made portal a system account (uid 100-999, its own group, home /nonexistent, nologin shell, no password)" \$? \
    "\$account \$(getent group portal) shadow \$(grep '^portal:' /etc/shadow | cut -c1-8)"
cmp -s /usr/share/garage-portal/portal.conf.example /etc/garage-portal/portal.conf &&
    [ "\$(stat -c '%a %U %G' /etc/garage-portal/portal.conf)" = "640 root portal" ] &&
    [ "\$(stat -c '%a %U %G' /var/lib/garage-portal/files)" = "2750 portal www-data" ] &&
    [ "\$(stat -c '%a %U %G' /var/log/garage-portal/mailer.log)" = "640 portal adm" ]
result "the postinst made portal.conf from the example (0640 root:portal) and the directories" \$?

# The sysadmin names the database and edits two site files; then the next version comes.
sed -i 's|^db = .*|db = host=$T/pg2-run dbname=packaged user=portal|' /etc/garage-portal/portal.conf
echo '# the sysadmin was here' >>/etc/garage-portal/portal.conf
echo '# mine' >>/etc/nginx/sites-available/garage-portal
echo '# mine' >>/etc/apache2/sites-available/garage-portal.conf
dpkg --force-confold -i "$OV/package-next.deb" >"$OV/dpkg-upgrade.log" 2>&1 </dev/null
result "dpkg --force-confold -i upgrades it to the next version" \$?
[ "\$(status)" = "install ok installed $NEXT" ]
result "dpkg knows the next version as installed" \$? "\$(status)"
grep -q '# the sysadmin was here' /etc/garage-portal/portal.conf &&
    grep -q '^db = host=$T/pg2-run dbname=packaged' /etc/garage-portal/portal.conf &&
    [ "\$(stat -c '%a %U %G' /etc/garage-portal/portal.conf)" = "640 root portal" ]
result "the upgrade keeps the edited portal.conf (0640 root:portal)" \$?
grep -q '# mine' /etc/nginx/sites-available/garage-portal &&
    ! grep -q '# new in the next version' /etc/nginx/sites-available/garage-portal &&
    grep -q '# new in the next version' /etc/nginx/sites-available/garage-portal.dpkg-dist &&
    grep -q '# mine' /etc/apache2/sites-available/garage-portal.conf &&
    [ ! -e /etc/apache2/sites-available/garage-portal.conf.dpkg-dist ]
result "the upgrade keeps edited conffiles (the new nginx site file beside the edited one, as .dpkg-dist)" \$?

touch /var/lib/garage-portal/files/kept.jpg
dpkg -r garage-portal >"$OV/dpkg-r.log" 2>&1 </dev/null
result "dpkg -r removes it" \$?
[ ! -e /usr/sbin/portalctl ] && [ ! -e /usr/lib/garage-portal/cgi-bin/login ]
result "the programs are gone" \$?
grep -q '# mine' /etc/nginx/sites-available/garage-portal && [ -f /etc/cron.d/garage-portal ] &&
    grep -q '# the sysadmin was here' /etc/garage-portal/portal.conf &&
    [ -f /var/lib/garage-portal/files/kept.jpg ] && [ -f /var/log/garage-portal/mailer.log ] &&
    [ "\$(status)" = "deinstall ok config-files $NEXT" ]
result "configuration (conffiles, the edited portal.conf), logs and data stay" \$? "\$(status)"

dpkg -P garage-portal >"$OV/dpkg-P.log" 2>&1 </dev/null
result "dpkg -P purges it" \$?
[ ! -e /etc/nginx/sites-available/garage-portal ] && [ ! -e /etc/nginx/sites-available/garage-portal.dpkg-dist ] &&
    [ ! -e /etc/apache2/sites-available/garage-portal.conf ] && [ ! -e /etc/cron.d/garage-portal ] &&
    [ ! -e /etc/logrotate.d/garage-portal ] && [ ! -e /etc/garage-portal ] && [ ! -e /var/log/garage-portal ] &&
    case "\$(status)" in "" | "unknown ok not-installed"*) ;; *) false ;; esac
result "purge removes the conffiles, portal.conf and the logs" \$? "\$(status)"
[ -f /var/lib/garage-portal/files/kept.jpg ]
result "purge keeps the garages' files" \$?
INSIDE
# shellcheck disable=SC2016 # expanded by the inner sh, from its arguments
unshare --mount --propagation private sh -c '
    set -e
    ov=$1 t=$2
    mount -t tmpfs tmpfs "$ov/upper"
    mkdir "$ov/upper/u" "$ov/upper/w"
    mount -t overlay overlay -o "lowerdir=/,upperdir=$ov/upper/u,workdir=$ov/upper/w" "$ov/root"
    mount --rbind /dev "$ov/root/dev"
    mount -t proc proc "$ov/root/proc"
    mount -t tmpfs tmpfs "$ov/root/run"
    mkdir -p "$ov/root$t"
    mount --bind "$t" "$ov/root$t"
    # As on a new server: no portal account (this machine has one; the postinst must make it).
    # Paths inside the overlay only: were it not mounted, sed finds no file and set -e stops.
    for f in passwd group shadow gshadow; do sed -i "/^portal:/d" "$ov/root/etc/$f"; done
    chroot "$ov/root" sh "$ov/inside.sh"
' overlay "$OV" "$T" >"$LOG/overlay.log" 2>&1
ok "a throwaway overlay of this machine to run dpkg in" $? "$(cat "$LOG/overlay.log")"
cp "$OV"/dpkg-*.log "$LOG/" 2>/dev/null
while IFS='|' read -r name status detail; do
    ok "$name (in the overlay)" "$status" \
        "$detail"$'\n'"$(tail -15 "$OV/dpkg-i.log" "$OV/dpkg-upgrade.log" "$OV/dpkg-r.log" "$OV/dpkg-P.log" 2>/dev/null)"
done <"$OV/results"
recorded=$(as_portal "$PG_BIN/psql" -h "$T/pg2-run" -U portal -d packaged -tAc \
    "SELECT count(*) FROM schema_migrations" 2>&1)
[ "$recorded" = "$(find sql -maxdepth 1 -name '[0-9][0-9][0-9]_*.sql' | wc -l)" ]
ok "the upgrade's postinst ran portalctl migrate on the database portal.conf names ($recorded migrations recorded)" $?
[ ! -e /usr/lib/garage-portal ] || dpkg-query -W garage-portal >/dev/null 2>&1
ok "nothing of the package reached this machine itself" $?
[ "$(getent passwd portal) $(getent group portal)" = "$host_account" ]
ok "this machine's portal account is as it was" $? "$host_account"
