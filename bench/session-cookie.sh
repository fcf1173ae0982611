#!/usr/bin/env bash
# Prints a "portal_session=..." Cookie value for a demo customer of a running stack, the way a
# customer gets one: a deep link from portalctl, opened and confirmed with its "Sign in" button.
# Usage: PORTAL_CONF=... PORT=... bench/session-cookie.sh SUBDOMAIN EMAIL
set -euo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
sub=${1:?subdomain} email=${2:?email}
url=$("$REPO/build/sbin/portalctl" link --garage "$sub" --customer "$email" --to / | tail -1)
path=/${url#*://*/}
jar=$(mktemp)
trap 'rm -f "$jar"' EXIT
page=$(curl -fsS -c "$jar" -H "Host: $sub.localhost" "http://127.0.0.1:$PORT$path")
csrf=$(printf '%s' "$page" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)
curl -fsS -b "$jar" -c "$jar" -o /dev/null -H "Host: $sub.localhost" \
    --data-urlencode "csrf=$csrf" "http://127.0.0.1:$PORT$path"
awk '$6 == "portal_session" { print "portal_session=" $7 }' "$jar"
