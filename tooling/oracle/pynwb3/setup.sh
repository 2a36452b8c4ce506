#!/usr/bin/env bash
# Create / refresh the pynwb 3.x oracle virtualenv at tooling/oracle/pynwb3/.venv, with the same
# script as the main oracle venv (same flags: --force, --relock; same stamp rules).
# Kept apart from tooling/oracle/.venv: allensdk pins numpy<1.24, pynwb 3 needs numpy>=1.24.
#   PYNWB3_VENV   venv location, absolute path (default: tooling/oracle/pynwb3/.venv)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ORACLE_REQ_DIR="$here" ORACLE_VENV="${PYNWB3_VENV:-$here/.venv}" ORACLE_LABEL=pynwb3 \
  exec bash "$here/../setup.sh" "$@"
