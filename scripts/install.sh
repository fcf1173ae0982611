#!/usr/bin/env bash
# make install / make uninstall: the portal in Debian's layout (README "Run it on a server").
#
#   install.sh install     programs, shared files, systemd units, /etc files (each only when
#                          missing: an edited one is kept, the new version written beside it as
#                          NAME.dpkg-dist), state and log directories
#   install.sh uninstall   programs, shared files and units only; configuration and data stay
#
# DESTDIR stages the tree elsewhere (packaging, tests): then no account is created and nothing
# is chowned (the package's postinst does both). PREFIX (default /usr) moves programs, shared
# files and units; /etc, /var and /run stay where Debian keeps them.
set -euo pipefail
cd "$(dirname "$0")/.."

cmd=${1:?usage: install.sh install|uninstall}
DESTDIR=${DESTDIR:-}
PREFIX=${PREFIX:-/usr}

SBIN=$PREFIX/sbin
LIBEXEC=$PREFIX/lib/garage-portal
SHARE=$PREFIX/share/garage-portal
DOC=$PREFIX/share/doc/garage-portal
UNITS=$PREFIX/lib/systemd/system
STATE=/var/lib/garage-portal
LOGS=/var/log/garage-portal
RUN=/run/garage-portal

PAGES=()
for src in cgi-bin/*.cc; do PAGES+=("$(basename "$src" .cc)"); done

# The @NAMES@ of the templates (nginx/, etc/), for the installed paths.
fill() {
    local sockets="" p
    for p in "${PAGES[@]}"; do sockets+="${sockets:+ }garage-portal@$p.socket"; done
    sed -e "s|@SHARE@|$SHARE|g" -e "s|@SBIN@|$SBIN|g" -e "s|@LIBEXEC@|$LIBEXEC|g" \
        -e "s|@DOC@|$DOC|g" -e "s|@RUN@|$RUN|g" -e "s|@NGINX@|$SHARE/nginx|g" \
        -e "s|@BRANDING@|$STATE/branding|g" -e "s|@FILES@|$STATE/files|g" \
        -e "s|@LOG@|/var/log/nginx|g" -e "s|@SOCKETS@|$sockets|g" "$1"
}

put() {  # put MODE SOURCE DEST: a file, its directories created
    install -D -m "$1" "$2" "$DESTDIR$3"
}

# An /etc file: installed when missing; an existing one is the sysadmin's and stays.
put_conf() {  # put_conf MODE CONTENT_FILE DEST
    local dest=$DESTDIR$3
    if [ ! -e "$dest" ]; then
        install -D -m "$1" "$2" "$dest"
    elif ! cmp -s "$2" "$dest"; then
        install -m "$1" "$2" "$dest.dpkg-dist"
        echo "install: kept your $3; the new version is $3.dpkg-dist"
    fi
}

# Every file below a source folder, same relative paths, into DEST.
put_tree() {  # put_tree SOURCE_DIR DEST_DIR
    local f
    while IFS= read -r -d '' f; do put 0644 "$f" "$2/${f#"$1"/}"; done \
        < <(find "$1" -type f -print0)
}

apache_routes() {  # Apache's version of nginx/routes/*.conf: the same paths to the same sockets
    local p
    echo "# Written by make install from nginx/routes/*.conf: each page program's paths."
    echo "# No connection reuse (mod_proxy_fcgi's default): a connection Apache kept open would hold"
    echo "# one of the program's workers."
    for p in "${PAGES[@]}"; do
        # nginx's "location = /x" (exact) and "location /x/" or "location ^~ /x/" (prefix), as
        # regular expressions.
        awk -v run="$RUN" -v page="$p" '
            $1 == "location" {
                exact = ($2 == "=")
                path = (exact || $2 == "^~") ? $3 : $2
                gsub(/\./, "\\.", path)
                printf "ProxyPassMatch \"^%s%s\" \"unix:%s/%s.sock|fcgi://garage-portal-%s\"\n", path, exact ? "$" : "", run, page, page
            }
        ' "nginx/routes/$p.conf"
    done
}

install_all() {
    local tmp p
    for p in "${PAGES[@]}"; do
        [ -x "build/cgi-bin/$p" ] || { echo "install: build first (make)" >&2; exit 1; }
    done
    tmp=$(mktemp -d /tmp/garage-portal-install.XXXXXX)
    trap 'rm -rf "$tmp"' RETURN

    for p in "${PAGES[@]}"; do put 0755 "build/cgi-bin/$p" "$LIBEXEC/cgi-bin/$p"; done
    put 0755 build/sbin/portalctl "$SBIN/portalctl"
    put 0755 build/sbin/portal-mailer "$SBIN/portal-mailer"
    put 0755 scripts/backup.sh "$SBIN/garage-portal-backup"

    put_tree templates "$SHARE/templates"
    put_tree static "$SHARE/static"
    put_tree sql "$SHARE/sql"
    put 0644 etc/portal.conf.example "$SHARE/portal.conf.example"
    put 0644 README.md "$DOC/README.md"
    for p in "${PAGES[@]}"; do
        fill "nginx/routes/$p.conf" >"$tmp/$p.conf"
        put 0644 "$tmp/$p.conf" "$SHARE/nginx/routes/$p.conf"
    done
    fill nginx/fastcgi.conf >"$tmp/fastcgi.conf"
    put 0644 "$tmp/fastcgi.conf" "$SHARE/nginx/fastcgi.conf"
    fill nginx/server.conf.in >"$tmp/server.conf"
    put 0644 "$tmp/server.conf" "$SHARE/nginx/server.conf"
    apache_routes >"$tmp/routes.conf"
    fill etc/apache2/server.conf.in >"$tmp/apache-server.conf"
    put 0644 "$tmp/apache-server.conf" "$SHARE/apache2/server.conf"
    put 0644 "$tmp/routes.conf" "$SHARE/apache2/routes.conf"

    put 0644 etc/systemd/garage-portal@.socket "$UNITS/garage-portal@.socket"
    put 0644 etc/systemd/garage-portal-mailer.timer "$UNITS/garage-portal-mailer.timer"
    for unit in garage-portal@.service garage-portal-mailer.service garage-portal.target; do
        fill "etc/systemd/$unit.in" >"$tmp/$unit"
        put 0644 "$tmp/$unit" "$UNITS/$unit"
    done

    sed "s|^share_dir = .*|share_dir = $SHARE|" etc/portal.conf.example >"$tmp/portal.conf"
    put_conf 0640 "$tmp/portal.conf" /etc/garage-portal/portal.conf
    fill etc/nginx/garage-portal >"$tmp/nginx-site"
    put_conf 0644 "$tmp/nginx-site" /etc/nginx/sites-available/garage-portal
    fill etc/apache2/garage-portal.conf >"$tmp/apache-site"
    put_conf 0644 "$tmp/apache-site" /etc/apache2/sites-available/garage-portal.conf
    put_conf 0644 etc/logrotate.d/garage-portal /etc/logrotate.d/garage-portal
    fill etc/cron.d/portal >"$tmp/cron"
    put_conf 0644 "$tmp/cron" /etc/cron.d/garage-portal

    # files_dir and branding_dir: the programs' (portal), readable by the web server's group
    # (www-data; setgid, so everything created inside is www-data's group too). Uploads being
    # received are the programs' alone.
    install -d -m 0755 "$DESTDIR$STATE"
    install -d -m 2750 "$DESTDIR$STATE/files" "$DESTDIR$STATE/branding"
    install -d -m 0700 "$DESTDIR$STATE/files/.uploads"  # setgid from files/, like all inside
    # Logs: root's folder (logrotate works there as root); the mailer's file is the portal's, as
    # cron runs it as portal (systemd opens the others itself, as root).
    install -d -m 0755 "$DESTDIR$LOGS"
    [ -e "$DESTDIR$LOGS/mailer.log" ] || install -m 0640 /dev/null "$DESTDIR$LOGS/mailer.log"
    [ -n "$DESTDIR" ] && return 0
    owners
}

# On the real system only: the account, the owners, and the web server in the files' group.
owners() {
    if ! getent passwd portal >/dev/null; then
        useradd --system --user-group --home-dir /nonexistent --shell /usr/sbin/nologin portal
    fi
    chown root:portal /etc/garage-portal/portal.conf
    chown portal:www-data "$STATE/files" "$STATE/branding"
    chown portal:portal "$STATE/files/.uploads"
    chown root:adm "$LOGS"
    chown portal:adm "$LOGS/mailer.log"
    if [ -d /run/systemd/system ]; then systemctl daemon-reload; fi
}

uninstall_all() {
    local p
    for p in "${PAGES[@]}"; do rm -f "$DESTDIR$LIBEXEC/cgi-bin/$p"; done
    rmdir "$DESTDIR$LIBEXEC/cgi-bin" "$DESTDIR$LIBEXEC" 2>/dev/null || true
    rm -f "$DESTDIR$SBIN/portalctl" "$DESTDIR$SBIN/portal-mailer" "$DESTDIR$SBIN/garage-portal-backup"
    rm -rf "$DESTDIR${SHARE:?}" "$DESTDIR${DOC:?}"
    rm -f "$DESTDIR$UNITS"/garage-portal@.socket "$DESTDIR$UNITS"/garage-portal@.service \
        "$DESTDIR$UNITS"/garage-portal-mailer.service "$DESTDIR$UNITS"/garage-portal-mailer.timer \
        "$DESTDIR$UNITS"/garage-portal.target
    if [ -z "$DESTDIR" ] && [ -d /run/systemd/system ]; then systemctl daemon-reload; fi
}

case "$cmd" in
    install) install_all ;;
    uninstall) uninstall_all ;;
    *) echo "install.sh: unknown command $cmd" >&2; exit 2 ;;
esac
