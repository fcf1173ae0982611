#!/usr/bin/env bash
# Prints the path of the demo customer Ann's conversation about her Fiesta (job WO-TANGO-1234)
# in a running stack, found the way the garage finds it: its inbox (portalctl message list).
# Usage: PORTAL_CONF=... bench/thread-path.sh
set -euo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
id=$("$REPO/build/sbin/portalctl" message list --garage smiths |
    awk '$3 == "WO-TANGO-1234" { print $1; exit }')
[ -n "$id" ] || { echo "thread-path: no conversation about WO-TANGO-1234" >&2; exit 1; }
echo "/messages/$id"
