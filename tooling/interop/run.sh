#!/usr/bin/env bash
# Read NWB files with the reference Python stack (pynwb + nwbinspector).
#
#   bash tooling/interop/run.sh FILE.nwb [FILE2.nwb | DIR ...]
#   bash tooling/interop/run.sh --no-inspector --max-read-mb 16 DIR
#
# Uses the oracle venv (tooling/oracle/.venv), creating it with
# tooling/oracle/setup.sh if it is missing or stale. Exit status: 0 all files
# passed, 1 some file failed to read or had a CRITICAL (or worse) finding,
# 2 usage error. Paths are taken relative to the caller's working directory.
set -euo pipefail

INTEROP_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ORACLE_DIR="$(cd "$INTEROP_DIR/../oracle" && pwd)"
VPY="${ORACLE_VENV:-$ORACLE_DIR/.venv}/bin/python"

if [ "$#" -eq 0 ]; then
  sed -n '2,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi

# setup.sh prints to stdout; keep this script's stdout for the report
bash "$ORACLE_DIR/setup.sh" >&2

exec "$VPY" "$INTEROP_DIR/check.py" "$@"
