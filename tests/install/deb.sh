# shellcheck shell=bash disable=SC2154
# Part of tests/install/run.sh (sourced): make deb builds the package; dpkg -i installs it, the
# postinst creates the account, portal.conf and the directories and runs the migrations;
# dpkg -r removes the programs and leaves configuration and data. dpkg runs in a throwaway
# copy of this machine (an overlay on / in a private mount namespace, chrooted), so nothing
# outside it changes: other users of this machine are not touched.

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
ok "its /etc files are conffiles, kept on upgrade" $? "$conffiles"
depends=$(dpkg-deb -f "$DEB" Depends)
grep -q 'libpqxx' <<<"$depends" && grep -q 'libfcgi' <<<"$depends" && grep -q 'multiwatch' <<<"$depends" &&
    grep -q 'postgresql-client' <<<"$depends" && grep -q 'adduser' <<<"$depends"
ok "Depends: names the libraries (shlibs), multiwatch, the PostgreSQL client, adduser" $? "$depends"

# The postinst migrates the database portal.conf names: one prepared before the install.
as_portal "$PG_BIN/createdb" -h "$T/pg2-run" -U portal packaged >>"$LOG/deb.log" 2>&1
OV=$T/overlay
mkdir -p "$OV/upper" "$OV/root"
# Inside, only / and this test's directory are seen (the repository may be another mount).
cp "$DEB" "$OV/package.deb"
chmod 755 "$OV"
cat >"$OV/inside.sh" <<INSIDE
set -u
result() { echo "\$1|\$2" >>"$OV/results"; }
cd /
dpkg -i "$OV/package.deb" >"$OV/dpkg-i.log" 2>&1
result "dpkg -i installs the package" \$?
dpkg-query -W -f='\${Status}' garage-portal | grep -q 'install ok installed'
result "dpkg knows it as installed" \$?
[ -x /usr/sbin/portalctl ] && [ -x /usr/lib/garage-portal/cgi-bin/login ] &&
    [ -f /usr/lib/systemd/system/garage-portal@.socket ] && [ -f /etc/nginx/sites-available/garage-portal ]
result "the programs, units and site files are in place" \$?
getent passwd portal >/dev/null && [ "\$(stat -c '%a %U %G' /etc/garage-portal/portal.conf)" = "640 root portal" ] &&
    [ "\$(stat -c '%a %U %G' /var/lib/garage-portal/files)" = "2750 portal www-data" ] &&
    [ "\$(stat -c '%a %U %G' /var/log/garage-portal/mailer.log)" = "640 portal adm" ]
result "the postinst made the account, portal.conf (0640 root:portal) and the directories" \$?
echo "# mine" >>/etc/nginx/sites-available/garage-portal
touch /var/lib/garage-portal/files/kept.jpg
dpkg -r garage-portal >"$OV/dpkg-r.log" 2>&1
result "dpkg -r removes it" \$?
[ ! -e /usr/sbin/portalctl ] && [ ! -e /usr/lib/garage-portal/cgi-bin/login ]
result "the programs are gone" \$?
grep -q '# mine' /etc/nginx/sites-available/garage-portal && [ -f /etc/garage-portal/portal.conf ] &&
    [ -f /var/lib/garage-portal/files/kept.jpg ] &&
    dpkg-query -W -f='\${Status}' garage-portal | grep -q 'deinstall ok config-files'
result "configuration (an edited conffile, portal.conf) and data stay" \$?
INSIDE
# portal.conf before the install: the postinst keeps it, and migrates the database it names.
mkdir -p "$OV/seed"
write_conf "$OV/seed/portal.conf" "host=$T/pg2-run dbname=packaged user=portal"
set_conf "$OV/seed/portal.conf" share_dir /usr/share/garage-portal
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
    mkdir -p "$ov/root/etc/garage-portal"
    install -m 0640 -g portal "$ov/seed/portal.conf" "$ov/root/etc/garage-portal/portal.conf"
    chroot "$ov/root" sh "$ov/inside.sh"
' overlay "$OV" "$T" >"$LOG/overlay.log" 2>&1
ok "a throwaway overlay of this machine to run dpkg in" $? "$(cat "$LOG/overlay.log")"
cp "$OV"/dpkg-*.log "$LOG/" 2>/dev/null
while IFS='|' read -r name status; do
    ok "$name (in the overlay)" "$status" "$(tail -15 "$OV/dpkg-i.log" "$OV/dpkg-r.log" 2>/dev/null)"
done <"$OV/results"
recorded=$(as_portal "$PG_BIN/psql" -h "$T/pg2-run" -U portal -d packaged -tAc \
    "SELECT count(*) FROM schema_migrations" 2>&1)
[ "$recorded" = "$(find sql -maxdepth 1 -name '[0-9][0-9][0-9]_*.sql' | wc -l)" ]
ok "the postinst ran portalctl migrate ($recorded migrations recorded)" $?
[ ! -e /usr/lib/garage-portal ] || dpkg-query -W garage-portal >/dev/null 2>&1
ok "nothing of the package reached this machine itself" $?
