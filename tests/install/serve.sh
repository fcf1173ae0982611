# shellcheck shell=bash disable=SC2154
# Part of tests/install/run.sh (sourced): the installed page programs, each started the way its
# socket unit starts it. systemd-socket-activate (the systemd package's tool for this, systemd
# not being PID 1 here) listens on the unit's ListenStream and, at the first connection, runs
# the unit's ExecStart with the listening socket as standard input (--inetd), as
# StandardInput=socket does. The database is a development stack's, with the demo loaded.

STACK=$T/stack
STACKS+=("$STACK")
if bash scripts/stack.sh start "$STACK" "$(free_port)" 1 >"$LOG/stack.log" 2>&1 &&
    bash scripts/stack.sh demo "$STACK" >>"$LOG/stack.log" 2>&1; then
    ok "a PostgreSQL with the demo data to serve (scripts/stack.sh)" 0
else
    ok "a PostgreSQL with the demo data to serve (scripts/stack.sh)" 1 "$(tail -20 "$LOG/stack.log")"
fi

# The installed shared files, relocated to be served from here.
SHARE=$T/share
RUNDIR=$T/run
FILES=$STACK/files
BRANDING=$STACK/branding
cp -a "$ROOT/usr/share/garage-portal" "$SHARE"
mkdir -p "$T/log"
chown portal:portal "$T/log"
relocate "$SHARE"/nginx/*.conf "$SHARE"/nginx/routes/*.conf "$SHARE"/apache2/*.conf

set_conf() {  # set_conf FILE KEY VALUE
    sed -i "s|^$2 = .*|$2 = $3|" "$1"
}
# The installed portal.conf, pointed at this test's database and directories.
write_conf() {  # write_conf FILE DB
    cp "$ROOT/etc/garage-portal/portal.conf" "$1"
    set_conf "$1" base_domain localhost
    set_conf "$1" db "$2"
    set_conf "$1" share_dir "$SHARE"
    set_conf "$1" branding_dir "$BRANDING"
    set_conf "$1" files_dir "$FILES"
    set_conf "$1" mail_transport "maildir:$STACK/mail"
    chown root:portal "$1"
}
write_conf "$T/portal.conf" "host=$STACK/run/pg dbname=portal user=portal"

UNITS=$ROOT/usr/lib/systemd/system
start_pages() {  # start_pages CONF: every page program under its socket unit's command
    local exec_start listen p cmd sock argv
    exec_start=$(sed -n 's/^ExecStart=//p' "$UNITS/garage-portal@.service")
    listen=$(sed -n 's/^ListenStream=//p' "$UNITS/garage-portal@.socket")
    mkdir -p "$RUNDIR"
    chown portal:portal "$RUNDIR"
    for p in "${PAGES[@]}"; do
        cmd=${exec_start//%i/$p}
        # shellcheck disable=SC2016 # the unit's own ${PORTAL_WORKERS}, literally
        cmd=${cmd//'${PORTAL_WORKERS}'/2}
        cmd=${cmd//\/usr\/lib\/garage-portal/$ROOT/usr/lib/garage-portal}
        sock=${listen//%i/$p}
        sock=${sock//\/run\/garage-portal/$RUNDIR}
        read -ra argv <<<"$cmd"
        # As the unit's User=portal, with its Environment=PORTAL_CONF (-E); output to the log,
        # as StandardError= does.
        start_bg "$T/log/$p.log" setpriv --reuid=portal --regid=portal --init-groups -- \
            systemd-socket-activate --inetd --listen="$sock" -E PORTAL_CONF="$1" -- "${argv[@]}"
    done
    for p in "${PAGES[@]}"; do wait_for 10 test -S "$RUNDIR/$p.sock" || return 1; done
}
start_pages "$T/portal.conf"
ok "systemd-socket-activate listens on each page's socket (${#PAGES[@]} programs)" $? \
    "$(ls -l "$RUNDIR" 2>&1)"
