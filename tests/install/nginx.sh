# shellcheck shell=bash disable=SC2154
# Part of tests/install/run.sh (sourced): the installed nginx site file and the output of
# `portalctl nginx-sites`, with self-signed test certificates in certbot's layout, pass
# `nginx -t` and serve: every page program answers through nginx over https, http redirects,
# a garage's own domain reaches that garage, and a domain without a certificate yet answers
# only the ACME challenge.

test_cert localhost localhost '*.localhost'
test_cert northside-motors.test northside-motors.test
mkdir -p "$T/acme/.well-known/acme-challenge"
echo "challenge-answer" >"$T/acme/.well-known/acme-challenge/probe"

# An nginx.conf like Debian's own: the http block includes the site files.
nginx_conf() {  # nginx_conf DIR SITE_FILE...
    local dir=$1 site
    mkdir -p "$dir"
    {
        echo "user portal portal;"
        echo "worker_processes 1;"
        echo "pid $dir/nginx.pid;"
        echo "error_log $dir/error.log warn;"
        echo "events { worker_connections 256; }"
        echo "http {"
        echo "    include /etc/nginx/mime.types;"
        echo "    default_type application/octet-stream;"
        for t in client_body fastcgi proxy uwsgi scgi; do echo "    ${t}_temp_path $dir/$t;"; done
        for site in "${@:2}"; do echo "    include $site;"; done
        echo "}"
    } >"$dir/nginx.conf"
}
# An installed server file on this test's ports (127.0.0.1 only) and base domain.
local_ports() {  # local_ports FILE HTTP_PORT HTTPS_PORT
    sed -i -e "s|listen 80;|listen 127.0.0.1:$2;|" -e "s|listen 443 ssl http2;|listen 127.0.0.1:$3 ssl http2;|" \
        -e '/listen \[::\]/d' -e 's|portal\.example\.com|localhost|g' "$1"
}

HTTP_PORT=$(free_port)
HTTPS_PORT=$(free_port)
NGINX=$T/nginx
mkdir -p "$NGINX"
cp "$ROOT/etc/nginx/sites-available/garage-portal" "$NGINX/site.conf"
relocate "$NGINX/site.conf"
local_ports "$NGINX/site.conf" "$HTTP_PORT" "$HTTPS_PORT"
nginx_conf "$NGINX" "$NGINX/site.conf"
out=$(nginx -t -c "$NGINX/nginx.conf" 2>&1)
ok "nginx -t accepts the site file (with test certificates)" $? "$out"

# Two garages on their own domains: one with a certificate, one still waiting for it.
portalctl_ garage set northside --domain northside-motors.test >>"$LOG/portalctl.log" 2>&1 &&
    portalctl_ garage set smiths --domain smiths-garage.test >>"$LOG/portalctl.log" 2>&1
ok "portalctl garage set --domain gives two garages their own domains" $? "$(cat "$LOG/portalctl.log")"
portalctl_ nginx-sites --cert-dir "$T/certs" --acme-root "$T/acme" >"$NGINX/domains.conf" \
    2>"$LOG/nginx-sites.err"
ok "portalctl nginx-sites exits 0" $? "$(cat "$LOG/nginx-sites.err")"
grep -qF 'nginx -t && systemctl reload nginx' "$LOG/nginx-sites.err" &&
    grep -qF "certbot certonly --webroot -w $T/acme -d smiths-garage.test" "$LOG/nginx-sites.err"
ok "portalctl nginx-sites prints the reload command and the certbot command, reloads nothing" $? \
    "$(cat "$LOG/nginx-sites.err")"
grep -qF "ssl_certificate $T/certs/northside-motors.test/fullchain.pem;" "$NGINX/domains.conf" &&
    ! grep -q 'smiths-garage.test/fullchain' "$NGINX/domains.conf"
ok "nginx-sites uses certbot's certificate paths, and none for a domain without one" $? \
    "$(cat "$NGINX/domains.conf")"
cp "$NGINX/domains.conf" "$LOG/nginx-sites.conf"
local_ports "$NGINX/domains.conf" "$HTTP_PORT" "$HTTPS_PORT"
nginx_conf "$NGINX" "$NGINX/site.conf" "$NGINX/domains.conf"
out=$(nginx -t -c "$NGINX/nginx.conf" 2>&1)
ok "nginx -t accepts the site file with nginx-sites' server blocks" $? "$out"

start_bg "$T/log/nginx.log" nginx -c "$NGINX/nginx.conf" -g 'daemon off;'
wait_for 10 curl -sk -o /dev/null "https://127.0.0.1:$HTTPS_PORT/healthz"
ok "nginx starts with the site file" $? "$(cat "$NGINX/error.log" 2>&1)"


# Each page program, through its first route: its own answer (every page answer carries
# Referrer-Policy, which nginx's own pages don't), never a 502/503 from nginx.
for p in "${PAGES[@]}"; do
    path=$(awk '$1 == "location" { print ($2 == "=" || $2 == "^~") ? $3 : $2; exit }' "nginx/routes/$p.conf")
    reply=$(get "https://smiths.localhost:$HTTPS_PORT$path")
    code=$(status_of "$reply")
    grep -qi '^referrer-policy:' <<<"$reply" && [ "$code" != 502 ] && [ "$code" != 503 ]
    ok "the $p program answers $path through nginx over https (status $code)" $? \
        "$(head -15 <<<"$reply"; tail -5 "$T/log/$p.log" 2>/dev/null)"
done

reply=$(get "https://smiths.localhost:$HTTPS_PORT/login")
[ "$(status_of "$reply")" = 200 ] && grep -q "Smith's Garage\|Smith&#39;s Garage\|Smith&#x27;s Garage" <<<"$reply"
ok "https://smiths.<base_domain>/login is Smith's Garage's sign-in page" $? "$(head -20 <<<"$reply")"
reply=$(get "http://smiths.localhost:$HTTP_PORT/login?x=1")
[ "$(status_of "$reply")" = 301 ] && grep -qi '^location: https://smiths.localhost/login?x=1' <<<"$reply"
ok "http redirects to https" $? "$(head -10 <<<"$reply")"
reply=$(get "https://smiths.localhost:$HTTPS_PORT/static/portal.css")
grep -qi '^strict-transport-security: max-age=31536000; includeSubDomains' <<<"$reply"
ok "HSTS on what nginx serves itself" $? "$(head -15 <<<"$reply")"

reply=$(get "https://northside-motors.test:$HTTPS_PORT/login")
[ "$(status_of "$reply")" = 200 ] && grep -q 'Northside Motors' <<<"$reply"
ok "a garage's own domain (nginx-sites) serves that garage over https" $? "$(head -20 <<<"$reply")"
reply=$(get "http://northside-motors.test:$HTTP_PORT/login")
[ "$(status_of "$reply")" = 301 ]
ok "and its http redirects to https" $? "$(head -10 <<<"$reply")"
reply=$(get "http://smiths-garage.test:$HTTP_PORT/.well-known/acme-challenge/probe")
[ "$(status_of "$reply")" = 200 ] && grep -q challenge-answer <<<"$reply"
ok "a domain without a certificate yet answers the ACME challenge over http" $? "$(head -10 <<<"$reply")"
code=$(status_of "$(get "http://smiths-garage.test:$HTTP_PORT/login")")
[ "$code" = 404 ]
ok "and nothing else (got $code)" $?
