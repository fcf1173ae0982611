#!/usr/bin/env bash
# Starts and stops the portal's whole stack inside one directory: PostgreSQL on a unix socket,
# the page programs under spawn-fcgi + multiwatch, portal-mailer --watch (mail to VAR/mail/), and
# nginx on 127.0.0.1. `make run` uses var/;
# the tests and the benchmark use a temporary directory each, on a free port.
#
#   stack.sh start VAR PORT [WORKERS]   start (or restart the programs of) a stack; idempotent
#   stack.sh demo VAR                   load the demo garages and customers
#   stack.sh welcome VAR PORT           print the demo URLs and what to try
#   stack.sh stop VAR                   stop everything started in VAR
#   stack.sh pg-stop VAR | pg-start VAR stop or start only PostgreSQL (failure tests)
set -euo pipefail
# Logs, files and folders the stack creates are the owner's and its group's only (0640, 0750).
umask 027

REPO=$(cd "$(dirname "$0")/.." && pwd)
PG_BIN=/usr/lib/postgresql/15/bin
# The page programs: one cgi-bin/<name>.cc each (the Makefile builds the same list), each with
# its nginx/routes/<name>.conf.
PAGES=()
for src in "$REPO"/cgi-bin/*.cc; do PAGES+=("$(basename "$src" .cc)"); done

cmd=${1:?usage: stack.sh start|stop|demo|welcome|pg-stop|pg-start VAR [PORT] [WORKERS]}
VAR=$(realpath -m "${2:?the var directory}")
RUN=$VAR/run

# PostgreSQL refuses to run as root, so root runs the whole stack as the unprivileged `portal`
# account (scripts/deps.sh creates it); anyone else runs it as themselves.
if [ "$(id -u)" = 0 ]; then OWNER=portal; else OWNER=$(id -un); fi
as_owner() { if [ "$(id -u)" = 0 ]; then runuser -u portal -- "$@"; else "$@"; fi; }

alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

portalctl() { as_owner env PORTAL_CONF="$VAR/portal.conf" "$REPO/build/sbin/portalctl" "$@"; }

wait_for() {  # wait_for SECONDS DESCRIPTION COMMAND...
    local limit=$1 what=$2; shift 2
    for _ in $(seq $((limit * 10))); do "$@" >/dev/null 2>&1 && return 0; sleep 0.1; done
    echo "stack: $what did not come up; see $VAR/log/" >&2
    return 1
}

pg_running() { as_owner "$PG_BIN/pg_ctl" -D "$VAR/pg" status >/dev/null 2>&1; }

pg_start() {
    if [ ! -f "$VAR/pg/PG_VERSION" ]; then
        as_owner "$PG_BIN/initdb" -D "$VAR/pg" -U portal -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
        # Unix socket only, in a directory only the stack's owner can enter (that is the auth).
        cat >>"$VAR/pg/postgresql.conf" <<CONF
listen_addresses = ''
unix_socket_directories = '$RUN/pg'
unix_socket_permissions = 0700
max_connections = 200
CONF
    fi
    pg_running || as_owner "$PG_BIN/pg_ctl" -D "$VAR/pg" -l "$VAR/log/postgresql.log" -w -t 30 start >/dev/null
}

fill() {  # fill TEMPLATE > FILE: the @NAMES@ of the nginx templates
    sed -e "s|@VAR@|$VAR|g" -e "s|@RUN@|$RUN|g" -e "s|@SHARE@|$REPO|g" \
        -e "s|@BRANDING@|$VAR/branding|g" -e "s|@FILES@|$VAR/files|g" -e "s|@NGINX@|$VAR/nginx|g" \
        -e "s|@LISTEN@|127.0.0.1:$PORT|g" -e "s|@USER@|$NGINX_USER|g" \
        -e "s|@ACCESS_LOG@|$ACCESS_LOG|g" -e "s|@LOG@|$VAR/log|g" "$1"
}

real_ip_conf() {  # nginx's real_ip settings for the proxies in $TRUSTED_PROXIES (may be none)
    echo "# Written by scripts/stack.sh from trusted_proxies."
    local proxy
    for proxy in ${TRUSTED_PROXIES:-}; do echo "set_real_ip_from $proxy;"; done
    if [ -n "${TRUSTED_PROXIES:-}" ]; then
        echo "real_ip_header X-Forwarded-For;"
        echo "real_ip_recursive on;"
    fi
}

start_page() {  # start_page NAME: (re)start one page program's workers on its socket
    local name=$1 pidfile=$RUN/$1.pid
    if alive "$pidfile"; then kill "$(cat "$pidfile")"; fi
    for _ in $(seq 50); do alive "$pidfile" || break; sleep 0.1; done
    rm -f "$RUN/$name.sock"
    local drop=()
    [ "$(id -u)" = 0 ] && drop=(-u portal -g portal -U portal -G portal)
    # -n: spawn-fcgi execs multiwatch in place, so $! is the supervisor; it restarts workers.
    PORTAL_CONF=$VAR/portal.conf setsid spawn-fcgi -n -s "$RUN/$name.sock" -M 0600 "${drop[@]}" \
        -- /usr/bin/multiwatch -f "$WORKERS" -- "$REPO/build/cgi-bin/$name" \
        >>"$VAR/log/$name.log" 2>&1 </dev/null &
    echo $! >"$pidfile"
    wait_for 10 "$name" test -S "$RUN/$name.sock"
}

start_mailer() {  # (re)start portal-mailer --watch: it sends what the pages queue at once
    local pidfile=$RUN/mailer.pid
    [ -x "$REPO/build/sbin/portal-mailer" ] || { echo "stack: build first (make)" >&2; exit 1; }
    if alive "$pidfile"; then kill "$(cat "$pidfile")"; fi
    for _ in $(seq 50); do alive "$pidfile" || break; sleep 0.1; done
    local drop=()
    # setpriv execs (no child left between us and the mailer), so $! is the mailer itself.
    [ "$(id -u)" = 0 ] && drop=(setpriv --reuid=portal --regid=portal --init-groups)
    PORTAL_CONF=$VAR/portal.conf setsid "${drop[@]}" "$REPO/build/sbin/portal-mailer" --watch \
        >>"$VAR/log/mailer.log" 2>&1 </dev/null &
    echo $! >"$pidfile"
    sleep 0.2
    alive "$pidfile" || { echo "stack: portal-mailer did not start; see $VAR/log/mailer.log" >&2; return 1; }
}

start() {
    PORT=${3:?the port}
    WORKERS=${4:-2}
    for p in "${PAGES[@]}"; do
        [ -x "$REPO/build/cgi-bin/$p" ] || { echo "stack: build first (make)" >&2; exit 1; }
    done
    # files/.uploads: the temporary files of forms being received (lib/uploads).
    mkdir -p "$VAR"/{run/pg,log,mail,branding,files/.uploads,nginx/routes}
    chmod 755 "$VAR"
    chmod 700 "$RUN/pg" "$VAR/files/.uploads"
    [ "$(id -u)" = 0 ] && chown -R portal:portal "$VAR"
    if ! as_owner test -r "$REPO/templates/layout.tpl"; then
        echo "stack: user $OWNER cannot read $REPO; make its parent directories world-searchable" >&2
        exit 1
    fi

    cat >"$VAR/portal.conf" <<CONF
# Written by scripts/stack.sh for the stack in this directory; see etc/portal.conf.example.
base_domain = localhost
db = host=$RUN/pg dbname=portal user=portal
share_dir = $REPO
branding_dir = $VAR/branding
files_dir = $VAR/files
public_scheme = http
public_port = $PORT
mail_transport = maildir:$VAR/mail
trusted_proxies = ${TRUSTED_PROXIES:-}
CONF
    # It will hold SMTP and gateway secrets: readable by the programs' group, not by everyone.
    chmod 640 "$VAR/portal.conf"
    [ "$(id -u)" = 0 ] && chown root:portal "$VAR/portal.conf"

    pg_start
    if ! as_owner "$PG_BIN/psql" -h "$RUN/pg" -U portal -d postgres -tAc \
        "SELECT 1 FROM pg_database WHERE datname = 'portal'" | grep -q 1; then
        as_owner "$PG_BIN/createdb" -h "$RUN/pg" -U portal portal
    fi
    portalctl migrate >/dev/null

    for p in "${PAGES[@]}"; do start_page "$p"; done
    start_mailer

    NGINX_USER=""
    [ "$(id -u)" = 0 ] && NGINX_USER="user portal portal;"
    ACCESS_LOG="$VAR/log/nginx-access.log combined if=\$portal_loggable"
    [ "${PORTAL_BENCH:-}" = 1 ] && ACCESS_LOG=off
    rm -f "$VAR"/nginx/routes/*.conf
    for p in "${PAGES[@]}"; do fill "$REPO/nginx/routes/$p.conf" >"$VAR/nginx/routes/$p.conf"; done
    fill "$REPO/nginx/fastcgi.conf" >"$VAR/nginx/fastcgi.conf"
    real_ip_conf >"$VAR/nginx/real_ip.conf"
    fill "$REPO/nginx/server.conf.in" >"$VAR/nginx/server.conf"
    fill "$REPO/nginx/portal.conf.in" >"$VAR/nginx/portal.conf"
    fill "$REPO/nginx/standalone.conf.in" >"$VAR/nginx/nginx.conf"
    local nginx=(nginx -c "$VAR/nginx/nginx.conf" -e "$VAR/log/nginx-error.log")
    "${nginx[@]}" -t -q
    if alive "$RUN/nginx.pid"; then "${nginx[@]}" -s reload; else "${nginx[@]}"; fi
    wait_for 10 "nginx" curl -fsS -o /dev/null "http://127.0.0.1:$PORT/healthz"
}

stop() {
    for p in "${PAGES[@]}"; do
        if alive "$RUN/$p.pid"; then kill "$(cat "$RUN/$p.pid")"; fi
        rm -f "$RUN/$p.pid" "$RUN/$p.sock"
    done
    if alive "$RUN/nginx.pid"; then kill -QUIT "$(cat "$RUN/nginx.pid")"; fi
    if alive "$RUN/mailer.pid"; then kill "$(cat "$RUN/mailer.pid")"; fi
    rm -f "$RUN/mailer.pid"
    if [ -f "$VAR/pg/PG_VERSION" ] && pg_running; then
        as_owner "$PG_BIN/pg_ctl" -D "$VAR/pg" -m fast -w stop >/dev/null
    fi
    for _ in $(seq 50); do alive "$RUN/nginx.pid" || break; sleep 0.1; done
}

welcome() {
    local port=${3:?the port}
    # A quoted heredoc: the text is printed, never run (its backticks are text, not commands).
    local text
    text=$(cat <<'TEXT'

The portal is running (stop it with: make stop).

  Smith's Garage     http://smiths.localhost:@PORT@/login
  Northside Motors   http://northside.localhost:@PORT@/login
  Unknown garage     http://nobody.localhost:@PORT@/login   (the "Unable to find your garage" page)
  Health check       http://127.0.0.1:@PORT@/healthz

Demo customers of Smith's Garage:
  ann@example.com    one active job (the home page's hero), a quote awaiting approval with
                     photos, unread messages; an unpaid invoice, not yet due, with Pay now
                     Messages: two conversations; her Fiesta's has two unread garage messages
                     (one came by WhatsApp), a general enquiry holds the garage's PDF
  bob@example.com    two active jobs (tiles), one waiting for parts; a paid and an overdue invoice;
                     one WhatsApp conversation, all read; addressed as Mr Baker (My Profile)
  cat@example.com    no jobs (the "ready when you are" page); no messages (Messages opens the
                     compose view); Offers on, Service reminders off
                     (My Profile > Manage communication preferences)
  dan@example.com    a finished job waiting for collection; a part-paid invoice
Northside Motors has its own ann@example.com (one job, ready) and eve@example.com (no jobs).
Privacy & Security (/privacy): Ann is at Open Access with no voice PIN, Bob at PIN Required
with the voice PIN 4826, Dan at Zero Disclosure with email alerts; Ann and Bob are signed in on
two other devices. The voice assistant's side: portalctl voice lookup --garage smiths
--phone +447700900102 --json (and voice verify-pin ... --pin 4826).

To sign in: ask for a link on the Email link tab, then open the newest file in @VAR@/mail/
(the development mailbox: every email lands there as one .eml file) and follow its link.
A customer's very first sign-in shows the welcome strip; `make run` reloads the demo, so each
run is a first visit again. Answering Ann's quote emails the garage (into the same mailbox).
A garage reply appears in an open thread within seconds: PORTAL_CONF=@VAR@/portal.conf
build/sbin/portalctl message add --garage smiths --customer ann@example.com --job WO-TANGO-1234
--author Dave --text 'Pads fitted.'  (message list --garage smiths is the garage's inbox)
Work order updates: `portalctl job set-status --garage smiths --job WO-... --status ready` texts
the customer a link (the SMS lands in @VAR@/mail/ too); add --quiet to tell them nothing.
A reminder with a one-click unsubscribe: portalctl notify --garage smiths --customer
ann@example.com --category service_reminders --subject 'Your MOT is due' --text '...'
Logs are in @VAR@/log/ (one line per request).
Try: portalctl (PORTAL_CONF=@VAR@/portal.conf build/sbin/portalctl garage list)
TEXT
)
    text=${text//@PORT@/"$port"}
    printf '%s\n' "${text//@VAR@/"$VAR"}"
}

case "$cmd" in
    start) start "$@" ;;
    stop) stop ;;
    demo) portalctl demo ;;
    welcome) welcome "$@" ;;
    pg-stop) as_owner "$PG_BIN/pg_ctl" -D "$VAR/pg" -m fast -w stop >/dev/null ;;
    pg-start) pg_start ;;
    *) echo "stack: unknown command $cmd" >&2; exit 2 ;;
esac
