#!/usr/bin/env bash
# The install layer of `make test`: the portal as a sysadmin installs it (README "Run it on a
# server"), in a temporary root instead of /. make install DESTDIR=..., the systemd units, the
# page programs started the way their socket units start them, the nginx site and
# `portalctl nginx-sites` with test certificates, Apache, backup and restore, logrotate, the
# Debian package. Everything it starts listens on 127.0.0.1 ports free at run time or on unix
# sockets in its own directory, and is stopped on exit. TAP lines, then "# pass N" and
# "# fail N" for tests/run.sh to count.
#
# The parts (tests/install/<part>.sh) are sourced in order and share this script's variables:
#   REPO, T (the temporary directory), ROOT (the DESTDIR), SHARE (the installed shared files,
#   relocated under T to be served), LOG (kept logs), and the helpers below.
set -uo pipefail
REPO=$(cd "$(dirname "$0")/../.." && pwd)
cd "$REPO" || exit 1

if [ "$(id -u)" != 0 ]; then
    echo "ok - # SKIP the install layer runs as root (it installs, and runs programs as portal)"
    echo "# pass 0"
    echo "# fail 0"
    exit 0
fi

T=$(mktemp -d /tmp/portal-install.XXXXXX)
# The portal account runs the programs, nginx and Apache here, as on a server: it must get in.
chmod 755 "$T"
ROOT=$T/root
LOG=build/tests/install
rm -rf "$LOG" && mkdir -p "$LOG"
PAGES=()
for src in cgi-bin/*.cc; do PAGES+=("$(basename "$src" .cc)"); done

# shellcheck source=tests/tap.sh
source tests/tap.sh
free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
as_portal() { setpriv --reuid=portal --regid=portal --init-groups -- "$@"; }
wait_for() {  # wait_for SECONDS COMMAND...
    local _
    for _ in $(seq $(($1 * 10))); do "${@:2}" >/dev/null 2>&1 && return 0; sleep 0.1; done
    return 1
}

# Processes this layer started (their process groups are ended on exit).
STARTED=()
start_bg() {  # start_bg LOGFILE COMMAND...: in its own process group
    setsid "${@:2}" >>"$1" 2>&1 </dev/null &
    STARTED+=($!)
    disown $!
}
STACKS=()    # scripts/stack.sh stacks
CLUSTERS=()  # PostgreSQL clusters started with pg_ctl
PG_BIN=/usr/lib/postgresql/15/bin
cleanup() {
    local pid stack cluster
    for pid in "${STARTED[@]}"; do kill -TERM -- "-$pid" 2>/dev/null; done
    for stack in "${STACKS[@]}"; do bash scripts/stack.sh stop "$stack" >/dev/null 2>&1; done
    for cluster in "${CLUSTERS[@]}"; do as_portal "$PG_BIN/pg_ctl" -D "$cluster" -m fast -w stop >/dev/null 2>&1; done
    sleep 0.3
    for pid in "${STARTED[@]}"; do kill -KILL -- "-$pid" 2>/dev/null; done
    cp -r "$T"/log "$LOG/" 2>/dev/null
    rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

test_cert() {  # test_cert NAME HOSTS...: DIR/<name>/fullchain.pem and privkey.pem, as certbot
    local dir=$T/certs/$1 san
    san=$(printf 'DNS:%s,' "${@:2}")
    mkdir -p "$dir"
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=$2" \
        -addext "subjectAltName=${san%,}" -keyout "$dir/privkey.pem" -out "$dir/fullchain.pem" \
        >/dev/null 2>&1
}

get() {  # get URL [CURL_OPTIONS...]: headers and body; every host name is 127.0.0.1 here
    local host rest
    rest=${1#*://}
    host=${rest%%/*}
    curl -sk --max-time 10 -D - --resolve "$host:127.0.0.1" "${@:2}" "$1"
}
status_of() { head -1 <<<"$1" | awk '{print $2}'; }
# The installed portalctl on this test's configuration (tests/install/serve.sh writes it).
portalctl_() { env PORTAL_CONF="$T/portal.conf" "$ROOT/usr/sbin/portalctl" "$@"; }

# Installed paths → the places this test serves them from: relocate FILE... (in place).
relocate() {
    sed -i -e "s|/usr/share/garage-portal|$SHARE|g" -e "s|/usr/lib/garage-portal|$ROOT/usr/lib/garage-portal|g" \
        -e "s|/run/garage-portal|$RUNDIR|g" -e "s|/var/lib/garage-portal/files|$FILES|g" \
        -e "s|/var/lib/garage-portal/branding|$BRANDING|g" -e "s|/var/log/nginx|$T/log|g" \
        -e "s|/etc/letsencrypt/live|$T/certs|g" -e "s|/var/www/letsencrypt|$T/acme|g" "$@"
}

for part in ${PARTS:-layout units serve nginx apache backup migrate logrotate deb}; do
    # shellcheck source=/dev/null
    source "tests/install/$part.sh"
done

tap_end
