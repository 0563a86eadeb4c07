#!/usr/bin/env bash
# Prepare a development/test environment for the mailtrap.general collection.
#
# Idempotent. It
#   1. creates .venv/ in the repo with python3 (3.11+) when it is missing, broken or built
#      with another Python version;
#   2. pip-installs requirements-dev.txt into it when the file changed since the last
#      successful install (sha256 stamp in .venv/), updating an existing venv in place;
#   3. links collections/ansible_collections/mailtrap/general -> the repo root, so that
#      ANSIBLE_COLLECTIONS_PATH=$repo/collections finds the collection by its FQCN.
#
# Needs only python3 and access to PyPI. Override the interpreter with PYTHON=/path/to/python3.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

PYTHON="${PYTHON:-python3}"
VENV="$ROOT/.venv"
REQ="$ROOT/requirements-dev.txt"
STAMP="$VENV/.requirements-dev.sha256"

log() { printf 'setup: %s\n' "$*"; }
die() { printf 'setup: ERROR: %s\n' "$*" >&2; exit 1; }
# Run pip, hiding the harmless "Location 'file://...' is ignored" noise that some machines'
# pip.conf (extra-index-url pointing at absent local mirrors) produces; keeps pip's exit code.
pip_quiet() { "$@" 2>&1 | { grep -v "^WARNING: Location 'file://" || true; }; }

command -v "$PYTHON" >/dev/null 2>&1 || die "'$PYTHON' not found; install Python 3.11+ or set PYTHON=/path/to/python3"
"$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' \
  || die "$("$PYTHON" -V 2>&1) is too old; ansible-core 2.19 needs Python 3.11+ (set PYTHON=...)"

py_version="$("$PYTHON" -c 'import sys; print("%d.%d.%d" % sys.version_info[:3])')"
want_hash="$( { cat "$REQ"; echo "python=$py_version"; } | "$PYTHON" -c 'import hashlib,sys; print(hashlib.sha256(sys.stdin.buffer.read()).hexdigest())')"
have_hash="$(cat "$STAMP" 2>/dev/null || true)"

venv_py_version="$("$VENV/bin/python" -c 'import sys; print("%d.%d.%d" % sys.version_info[:3])' 2>/dev/null || true)"

if [[ "$venv_py_version" == "$py_version" && "$want_hash" == "$have_hash" ]]; then
  log "venv up to date: $VENV (Python $py_version)"
else
  start=$SECONDS
  if [[ "$venv_py_version" != "$py_version" ]]; then
    # missing, broken or built with another Python: start from scratch
    if [[ -e "$VENV" ]]; then
      log "re-creating $VENV (was: Python ${venv_py_version:-unusable}, want $py_version)"
    else
      log "creating $VENV with $PYTHON (Python $py_version)"
    fi
    rm -rf "$VENV"
    "$PYTHON" -m venv "$VENV"
    pip_quiet "$VENV/bin/python" -m pip install --disable-pip-version-check -q --upgrade pip
  else
    # same Python, requirements changed: update in place (pins move up or down as needed),
    # which is quicker and does not pull the venv from under other running commands
    log "requirements-dev.txt changed: updating $VENV"
  fi
  rm -f "$STAMP"
  pip_quiet "$VENV/bin/python" -m pip install --disable-pip-version-check -q -r "$REQ"
  echo "$want_hash" > "$STAMP"
  log "venv ready in $((SECONDS - start))s"
fi

# collections/ansible_collections/mailtrap/general -> repo root (relative link, survives moves)
link="$ROOT/collections/ansible_collections/mailtrap/general"
mkdir -p "$(dirname "$link")"
if [[ -L "$link" ]]; then
  [[ "$(readlink "$link")" == "../../.." ]] || { rm -f "$link"; ln -s ../../.. "$link"; }
elif [[ -e "$link" ]]; then
  # e.g. a directory of per-entry links left by an older pytest-ansible run
  rm -rf "$link"
  ln -s ../../.. "$link"
else
  ln -s ../../.. "$link"
fi

log "repo:        $ROOT"
log "python:      $VENV/bin/python ($("$VENV/bin/python" -V 2>&1))"
log "ansible:     $("$VENV/bin/ansible" --version 2>/dev/null | head -n1)"
log "collection:  $link -> $(readlink "$link")"
log "use:         export ANSIBLE_COLLECTIONS_PATH=$ROOT/collections ANSIBLE_PYTHON_INTERPRETER=$VENV/bin/python"
