#!/usr/bin/env bash
# A BENCH_HOOK for bench/run.sh: rewrites the FILLED configuration of the benchmark's own stack
# (never the repository's templates) and restarts nginx and the page programs, to compare
# configurations. Settings come from the environment:
#   KA=N   an `upstream <page>_app { server unix:...; keepalive N; }` per page program, and
#          fastcgi_pass to it (empty: a new unix-socket connection per request, as shipped)
#   PT=N   `threads = N` in portal.conf (request threads per worker process)
#   WP=N   nginx worker_processes (empty: auto, as shipped)
#   KC=off fastcgi_keep_conn off (empty: on, as shipped)
# e.g.  BENCH_HOOK='KA=8 PT=32 bash bench/try-config.sh' BENCH_RESULTS=/tmp/try.md bash bench/run.sh
# Read bench/RESULTS.md "Notes" first: upstream keepalive with libfcgi can starve requests.
set -euo pipefail
: "${DIR:?run me as BENCH_HOOK of bench/run.sh}"
REPO=$(cd "$(dirname "$0")/.." && pwd)
RUN=$DIR/run
WORKERS=${WORKERS:-2}

programs=()  # the page programs: a pid file (multiwatch) and a FastCGI socket each
for sock in "$RUN"/*.sock; do
    name=$(basename "$sock" .sock)
    [ -f "$RUN/$name.pid" ] && programs+=("$name")
done

if [ -n "${KA:-}" ]; then
    for p in "${programs[@]}"; do
        sed -i "s|fastcgi_pass unix:$RUN/$p.sock;|fastcgi_pass ${p}_app;|" \
            "$DIR"/nginx/routes/*.conf "$DIR/nginx/server.conf"
        sed -i "1i upstream ${p}_app { server unix:$RUN/$p.sock; keepalive $KA; }" \
            "$DIR/nginx/portal.conf"
    done
fi
if [ -n "${KC:-}" ]; then
    sed -i "s/^fastcgi_keep_conn on;/fastcgi_keep_conn $KC;/" "$DIR/nginx/fastcgi.conf"
fi
if [ -n "${WP:-}" ]; then
    sed -i "s/^worker_processes auto;/worker_processes $WP;/" "$DIR/nginx/nginx.conf"
fi
if [ -n "${PT:-}" ]; then
    echo "threads = $PT" >>"$DIR/portal.conf"
fi

nginx=(nginx -c "$DIR/nginx/nginx.conf" -e "$DIR/log/nginx-error.log")
"${nginx[@]}" -t -q
alive() { [ -f "$1" ] && kill -0 "$(cat "$1" 2>/dev/null)" 2>/dev/null; }

# nginx down first, so no kept-alive upstream connection survives the restart of the programs.
kill -QUIT "$(cat "$RUN/nginx.pid")"
for _ in $(seq 50); do alive "$RUN/nginx.pid" || break; sleep 0.1; done

# The programs again, as scripts/stack.sh start_page starts them.
drop=()
[ "$(id -u)" = 0 ] && drop=(-u portal -g portal -U portal -G portal)
for p in "${programs[@]}"; do
    kill "$(cat "$RUN/$p.pid")"
    for _ in $(seq 50); do alive "$RUN/$p.pid" || break; sleep 0.1; done
    rm -f "$RUN/$p.sock"
    PORTAL_CONF=$DIR/portal.conf setsid spawn-fcgi -n -s "$RUN/$p.sock" -M 0600 "${drop[@]}" \
        -- /usr/bin/multiwatch -f "$WORKERS" -- "$REPO/build/cgi-bin/$p" \
        >>"$DIR/log/$p.log" 2>&1 </dev/null &
    echo $! >"$RUN/$p.pid"
    for _ in $(seq 100); do [ -S "$RUN/$p.sock" ] && break; sleep 0.1; done
    [ -S "$RUN/$p.sock" ] || { echo "try-config: $p did not come back" >&2; exit 1; }
done

"${nginx[@]}"
for _ in $(seq 20); do
    curl -fsS -m 1 -o /dev/null "http://127.0.0.1:$PORT/healthz" 2>/dev/null && break
    sleep 0.1
done
curl -fsS -m 2 -o /dev/null "http://127.0.0.1:$PORT/healthz" ||
    { echo "try-config: /healthz does not answer 200 in this configuration" >&2; exit 1; }
echo "try-config: KA=${KA:-none} PT=${PT:-1} WP=${WP:-auto} KC=${KC:-on} WORKERS=$WORKERS" \
    "programs: ${programs[*]}"
