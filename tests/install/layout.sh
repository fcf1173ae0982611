# shellcheck shell=bash disable=SC2154
# Part of tests/install/run.sh (sourced): make install DESTDIR=... lays out exactly Debian's
# layout with the right modes; a second install keeps an edited configuration; make uninstall
# leaves configuration and data.

make_() { env -u MAKEFLAGS -u MAKELEVEL -u MFLAGS make --no-print-directory "$@"; }

make_ install DESTDIR="$ROOT" >"$LOG/install.log" 2>&1
ok "make install DESTDIR=... exits 0" $? "$(tail -20 "$LOG/install.log")"

# What must be there, as "MODE PATH" lines: the trees from the source folders, the rest named.
expected() {
    local p f
    for p in "${PAGES[@]}"; do echo "755 usr/lib/garage-portal/cgi-bin/$p"; done
    for f in portalctl portal-mailer garage-portal-backup; do echo "755 usr/sbin/$f"; done
    find templates static sql -type f | sed 's|^|644 usr/share/garage-portal/|'
    for p in "${PAGES[@]}"; do echo "644 usr/share/garage-portal/nginx/routes/$p.conf"; done
    for f in nginx/fastcgi.conf nginx/server.conf apache2/routes.conf apache2/server.conf \
        portal.conf.example; do
        echo "644 usr/share/garage-portal/$f"
    done
    echo "644 usr/share/doc/garage-portal/README.md"
    for f in garage-portal@.socket garage-portal@.service garage-portal-mailer.service \
        garage-portal-mailer.timer garage-portal.target; do
        echo "644 usr/lib/systemd/system/$f"
    done
    echo "640 etc/garage-portal/portal.conf"
    echo "644 etc/nginx/sites-available/garage-portal"
    echo "644 etc/apache2/sites-available/garage-portal.conf"
    echo "644 etc/logrotate.d/garage-portal"
    echo "644 etc/cron.d/garage-portal"
    echo "755 var/lib/garage-portal/"
    echo "2750 var/lib/garage-portal/files/"
    echo "2700 var/lib/garage-portal/files/.uploads/"
    echo "2750 var/lib/garage-portal/branding/"
    echo "755 var/log/garage-portal/"
    echo "640 var/log/garage-portal/mailer.log"
}
# What is there: every file, and the state and log directories.
actual() {
    (cd "$1" && find . -type f -printf '%m %P\n' &&
        find var/lib/garage-portal var/log/garage-portal -type d -printf '%m %p/\n')
}
diff <(expected | sort) <(actual "$ROOT" | sort) >"$LOG/layout.diff"
ok "the installed files and their modes are exactly Debian's layout" $? "$(cat "$LOG/layout.diff")"

leftover=$(grep -rlE '@[A-Z]+@' "$ROOT/etc" "$ROOT/usr/lib/systemd" "$ROOT/usr/share/garage-portal/nginx" \
    "$ROOT/usr/share/garage-portal/apache2" 2>&1)
[ -z "$leftover" ]
ok "no @PLACEHOLDER@ is left in the installed configuration" $? "$leftover"

grep -qx 'share_dir = /usr/share/garage-portal' "$ROOT/etc/garage-portal/portal.conf" &&
    grep -q ' /usr/sbin/portal-mailer >>/var/log/garage-portal/mailer.log' "$ROOT/etc/cron.d/garage-portal"
ok "portal.conf and the cron entry name the installed paths" $?

# The sysadmin edits the configuration; a re-install (an upgrade) keeps it.
echo "# edited by the sysadmin" >>"$ROOT/etc/garage-portal/portal.conf"
make_ install DESTDIR="$ROOT" >"$LOG/install2.log" 2>&1
grep -q 'edited by the sysadmin' "$ROOT/etc/garage-portal/portal.conf" &&
    [ -f "$ROOT/etc/garage-portal/portal.conf.dpkg-dist" ]
ok "a second make install keeps an edited portal.conf (the new one beside it as .dpkg-dist)" $? \
    "$(cat "$LOG/install2.log")"
rm -f "$ROOT/etc/garage-portal/portal.conf.dpkg-dist"

# make uninstall into a copy: configuration and data stay, programs and shared files go.
cp -a "$ROOT" "$T/uninstalled"
touch "$T/uninstalled/var/lib/garage-portal/files/kept.jpg"
make_ uninstall DESTDIR="$T/uninstalled" >"$LOG/uninstall.log" 2>&1
left=$(cd "$T/uninstalled" && find . -type f | sort | tr '\n' ' ')
[ "$left" = "./etc/apache2/sites-available/garage-portal.conf ./etc/cron.d/garage-portal ./etc/garage-portal/portal.conf ./etc/logrotate.d/garage-portal ./etc/nginx/sites-available/garage-portal ./var/lib/garage-portal/files/kept.jpg ./var/log/garage-portal/mailer.log " ]
ok "make uninstall removes the programs and shared files, keeps configuration and data" $? "$left"
rm -rf "$T/uninstalled"
