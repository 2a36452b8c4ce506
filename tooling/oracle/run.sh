#!/usr/bin/env bash
# Regenerate oracle fixtures.
#
#   bash tooling/oracle/run.sh                 # every generators/*.py (sorted, skipping _*.py)
#   bash tooling/oracle/run.sh nwb_basic ...   # only generators whose name (without .py)
#                                              # equals, or glob-matches, an argument
#
# Generators in tooling/oracle/pynwb3/generators/ run with the second venv
# tooling/oracle/pynwb3/.venv (pynwb 3.x, set up on demand by pynwb3/setup.sh).
#
# Runs tooling/oracle/setup.sh first (a no-op when the venv is up to date),
# then each generator with the venv's python, from the repo root. Every
# selected generator is run even if an earlier one fails; the exit status is
# non-zero if any failed (2 if an argument matched no generator).
set -euo pipefail

ORACLE_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$ORACLE_DIR/../.." && pwd)"
VPY="${ORACLE_VENV:-$ORACLE_DIR/.venv}/bin/python"

log() { printf '[oracle run] %s\n' "$*"; }

# Set and dict reprs and hash-ordered output must not change from one run to the next.
export PYTHONHASHSEED=0

case "${1:-}" in
  -h|--help) sed -n '2,14p' "${BASH_SOURCE[0]}"; exit 0 ;;
esac

bash "$ORACLE_DIR/setup.sh"
[ -x "$VPY" ] || { log "ERROR: $VPY missing after setup"; exit 1; }

# collect generators, sorted, skipping _-prefixed helpers
mapfile -t all < <(cd "$ORACLE_DIR/generators" && LC_ALL=C ls -1 -- *.py 2>/dev/null | grep -v '^_' || true)
# --- pynwb 3 generators (second venv) -------------------------------------
PYNWB3_DIR="$ORACLE_DIR/pynwb3"
mapfile -t all3 < <(cd "$PYNWB3_DIR/generators" 2>/dev/null && LC_ALL=C ls -1 -- *.py 2>/dev/null | grep -v '^_' || true)
all+=("${all3[@]}")
is_pynwb3() { [[ " ${all3[*]-} " == *" $1 "* ]]; }
selected=()
if [ "$#" -eq 0 ]; then
  selected=("${all[@]}")
else
  for arg in "$@"; do
    pat="${arg%.py}"
    pat="${pat##*/}"
    hit=0
    for g in "${all[@]}"; do
      # shellcheck disable=SC2053  # $pat is intentionally a glob
      if [[ "${g%.py}" == $pat ]]; then
        hit=1
        [[ " ${selected[*]-} " == *" $g "* ]] || selected+=("$g")
      fi
    done
    if [ "$hit" -eq 0 ]; then
      log "ERROR: no generator matches '$arg' (have: ${all[*]:-none})"
      exit 2
    fi
  done
fi

if [ "${#selected[@]}" -eq 0 ]; then
  log "no generators found in $ORACLE_DIR/generators"
  exit 0
fi

failed=()
cd "$REPO_ROOT"
pynwb3_ready=0
for g in "${selected[@]}"; do
  log "=== $g"
  t0=$SECONDS
  gpy="$VPY"
  gpath="$ORACLE_DIR/generators/$g"
  if is_pynwb3 "$g"; then
    if [ "$pynwb3_ready" -eq 0 ]; then
      bash "$PYNWB3_DIR/setup.sh" && pynwb3_ready=1 || pynwb3_ready=-1
    fi
    gpy="${PYNWB3_VENV:-$PYNWB3_DIR/.venv}/bin/python"
    gpath="$PYNWB3_DIR/generators/$g"
    [ "$pynwb3_ready" -eq 1 ] || gpy=false
  fi
  if "$gpy" "$gpath"; then
    log "ok   $g ($((SECONDS - t0))s)"
  else
    rc=$?
    log "FAIL $g (exit $rc)"
    failed+=("$g")
  fi
done

if [ "${#failed[@]}" -gt 0 ]; then
  log "${#failed[@]} of ${#selected[@]} generator(s) failed: ${failed[*]}"
  exit 1
fi
log "all ${#selected[@]} generator(s) succeeded"
