#!/usr/bin/env bash
# record.sh FILE HEADING: replaces the "## HEADING" section of FILE (bench/RESULTS.md) with
# standard input, or appends it; the rest of the file is kept as it was.
set -euo pipefail
file=$1 heading=$2
# The section body travels in the environment: python's own standard input is the script below.
BODY=$(cat) /usr/bin/python3 - "$file" "$heading" <<'PY'
import os, re, sys
path, heading = sys.argv[1], sys.argv[2]
body = os.environ["BODY"].strip() + "\n"
if body.strip() == "":
    sys.exit(f"record.sh: nothing to record under '{heading}'")
text = open(path).read() if os.path.exists(path) else ""
section = f"## {heading}\n\n{body}\n"
pattern = re.compile(rf"^## {re.escape(heading)}\n.*?(?=^## |\Z)", re.S | re.M)
text = pattern.sub(lambda _: section, text) if pattern.search(text) else text.rstrip("\n") + "\n\n" + section
open(path, "w").write(text)
PY
