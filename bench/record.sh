#!/usr/bin/env bash
# record.sh FILE HEADING: replaces the "## HEADING" section of FILE (bench/RESULTS.md) with
# standard input, or appends it; the rest of the file is kept as it was.
set -euo pipefail
file=$1 heading=$2
/usr/bin/python3 - "$file" "$heading" <<'PY'
import re, sys
path, heading = sys.argv[1], sys.argv[2]
body = sys.stdin.read().strip() + "\n"
text = open(path).read() if __import__("os").path.exists(path) else ""
section = f"## {heading}\n\n{body}\n"
pattern = re.compile(rf"^## {re.escape(heading)}\n.*?(?=^## |\Z)", re.S | re.M)
text = pattern.sub(lambda _: section, text) if pattern.search(text) else text.rstrip("\n") + "\n\n" + section
open(path, "w").write(text)
PY
