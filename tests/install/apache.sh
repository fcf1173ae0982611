# shellcheck shell=bash disable=SC2154
# Part of tests/install/run.sh (sourced): the installed Apache site file (mod_proxy_fcgi to the
# same page sockets, mod_xsendfile for private files), on free 127.0.0.1 ports, started and
# stopped here: the sign-in page, a signed-in page and a private quote photo.

APACHE=$T/apache
APACHE_HTTP=$(free_port)
APACHE_HTTPS=$(free_port)
mkdir -p "$APACHE"
cp "$ROOT/etc/apache2/sites-available/garage-portal.conf" "$APACHE/site.conf"
relocate "$APACHE/site.conf"
sed -i -e "s|<VirtualHost \*:80>|<VirtualHost 127.0.0.1:$APACHE_HTTP>|" \
    -e "s|<VirtualHost \*:443>|<VirtualHost 127.0.0.1:$APACHE_HTTPS>|" \
    -e 's|portal\.example\.com|localhost|g' "$APACHE/site.conf"
# What Debian's apache2.conf, ports.conf and a2enmod provide, in one file.
{
    echo "ServerRoot $APACHE"
    echo "DefaultRuntimeDir $APACHE"
    echo "PidFile $APACHE/apache2.pid"
    echo "Mutex file:$APACHE default"
    echo "Define APACHE_LOG_DIR $T/log"
    echo "ServerName localhost"
    echo "User portal"
    echo "Group portal"
    echo "ErrorLog $T/log/apache-error.log"
    echo "LogLevel warn"
    echo "Listen 127.0.0.1:$APACHE_HTTP"
    echo "Listen 127.0.0.1:$APACHE_HTTPS"
    for m in mpm_event authz_core alias dir mime headers setenvif rewrite ssl socache_shmcb proxy \
        proxy_fcgi xsendfile; do
        echo "LoadModule ${m}_module /usr/lib/apache2/modules/mod_$m.so"
    done
    echo "TypesConfig /etc/mime.types"
    echo "Include $APACHE/site.conf"
} >"$APACHE/apache2.conf"
apache=(apache2 -d "$APACHE" -f "$APACHE/apache2.conf")
out=$("${apache[@]}" -t 2>&1)
ok "apache2 -t accepts the site file (mod_proxy_fcgi, mod_xsendfile, test certificates)" $? "$out"
start_bg "$T/log/apache.log" "${apache[@]}" -DFOREGROUND
wait_for 10 curl -sk -o /dev/null "https://127.0.0.1:$APACHE_HTTPS/healthz"
ok "Apache starts on 127.0.0.1:$APACHE_HTTPS" $? "$(tail -20 "$T/log/apache-error.log" 2>&1)"

A=https://smiths.localhost:$APACHE_HTTPS
reply=$(get "$A/login")
[ "$(status_of "$reply")" = 200 ] && grep -q 'Sign in to your portal' <<<"$reply"
ok "the sign-in page through Apache" $? "$(head -30 <<<"$reply"; tail -5 "$T/log/apache-error.log")"
reply=$(get "http://smiths.localhost:$APACHE_HTTP/login")
[ "$(status_of "$reply")" = 301 ]
ok "Apache redirects http to https" $? "$(head -10 <<<"$reply")"

# Signing in as Ann with a deep link (portalctl link), from a browser that didn't ask for it:
# the landing's "Sign in" button POSTs with its CSRF token.
is_demo_photo() {  # is_demo_photo FILE: the bytes of one of the demo's quote photos
    local f
    for f in sql/demo-files/quotes/demo/*.jpg; do cmp -s "$f" "$1" && return 0; done
    return 1
}

JAR=$T/apache-cookies
sign_in() {  # sign_in BASE_URL PATH: Ann of Smith's Garage, cookies in $JAR
    local url token landing action csrf
    url=$(portalctl_ link --garage smiths --customer ann@example.com --to "$2" 2>>"$LOG/portalctl.log")
    token=${url##*/auth/}
    landing=$(get "$1/auth/$token" -c "$JAR" -b "$JAR")
    action=$(grep -o 'action="[^"]*"' <<<"$landing" | head -1 | sed 's/^action="//; s/"$//; s/&amp;/\&/g')
    csrf=$(grep -o 'name="csrf" value="[^"]*"' <<<"$landing" | head -1 | sed 's/.*value="//; s/"$//')
    get "$1${action:-/auth/$token}" -c "$JAR" -b "$JAR" --data-urlencode "csrf=$csrf"
}
reply=$(sign_in "$A" /)
grep -qiE '^set-cookie: (__Host-)?portal_session=' <<<"$reply"
ok "signing in through Apache sets the session cookie" $? "$(head -20 <<<"$reply")"
home=$(get "$A/" -b "$JAR")
[ "$(status_of "$home")" = 200 ] && grep -q 'WO-TANGO-1234' <<<"$home"
ok "a signed-in page through Apache (Ann's home page, her job)" $? "$(head -30 <<<"$home")"

quote=$(grep -o 'href="/quotes/[0-9]*"' <<<"$home" | head -1 | sed 's/href="//; s/"$//')
photo=$(get "$A$quote" -b "$JAR" | grep -o 'src="/quotes/[0-9]*/photos/[0-9]*"' | head -1 |
    sed 's/src="//; s/"$//')
[ -n "$photo" ]
ok "Ann's quote page through Apache shows a photo ($quote)" $? "quote: $quote"
get "$A$photo" -b "$JAR" -o "$T/photo-apache.jpg" >"$T/photo-apache.headers"
headers=$(cat "$T/photo-apache.headers")
[ "$(status_of "$headers")" = 200 ] && grep -qi '^content-type: image/jpeg' <<<"$headers" &&
    grep -qi '^cache-control: no-store' <<<"$headers" &&
    ! grep -qi '^x-sendfile\|^x-accel-redirect' <<<"$headers" && is_demo_photo "$T/photo-apache.jpg"
ok "the private quote photo through Apache (mod_xsendfile): the stored bytes, no path leaked" $? \
    "$headers$(tail -5 "$T/log/apache-error.log")"
code=$(status_of "$(get "$A$photo")")
[ "$code" = 303 ]
ok "and without the session it is refused (status $code)" $?
