#!/usr/bin/env bash
# Run galaxy-importer on the collection artifact, as Galaxy / Automation Hub do on upload.
#
#   bash scripts/galaxy_import.sh
#
# 1. .matrix/galaxy-importer: its own venv (scripts/galaxy-importer-requirements.txt; galaxy-importer
#    caps attrs < 24, which the development venv has moved past), rebuilt when the pins change.
# 2. The artifact is built from the files git knows about (tracked + untracked-not-ignored), like
#    scripts/sanity.sh's copy, so local leftovers (venvs, logs) cannot hide a build_ignore gap.
# 3. galaxy-importer runs offline (build/galaxy-import/galaxy-importer.cfg: RUN_ANSIBLE_TEST = False,
#    ansible-lint on, offline). PASS needs exit 0, no ERROR and no WARNING except the notice that
#    tests/sanity/ignore-*.txt files exist (they are empty on purpose).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
MAIN_VENV="${VENV:-$ROOT/.venv}"
GI_VENV="$ROOT/.matrix/galaxy-importer"
REQ="$ROOT/scripts/galaxy-importer-requirements.txt"
WORK="$ROOT/build/galaxy-import"

log() { printf 'galaxy-import: %s\n' "$*"; }
die() { printf 'galaxy-import: ERROR: %s\n' "$*" >&2; exit 1; }
[[ -x "$MAIN_VENV/bin/python" ]] || die "$MAIN_VENV missing: run scripts/setup.sh first"

# --- 1. the importer's venv ---------------------------------------------------------------------
python="$(readlink -f "$MAIN_VENV/bin/python")"
want="$("$python" -V 2>&1) $(sha256sum "$REQ" | cut -c1-16)"
if [[ "$(cat "$GI_VENV/.matrix-stamp" 2>/dev/null || true)" != "$want" || ! -x "$GI_VENV/bin/python" ]]; then
  log "building $GI_VENV ($want)"
  rm -rf "$GI_VENV"
  "$python" -m venv "$GI_VENV"
  "$GI_VENV/bin/python" -m pip install -q --disable-pip-version-check -r "$REQ" 2>&1 | { grep -v "^WARNING: Location 'file://" || true; }
  [[ ${PIPESTATUS[0]} -eq 0 ]] || die "pip install -r $REQ failed"
  echo "$want" > "$GI_VENV/.matrix-stamp"
fi

# --- 2. the artifact, from a clean copy ----------------------------------------------------------
rm -rf "$WORK"
mkdir -p "$WORK/src"
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  git ls-files -z --cached --others --exclude-standard \
    | "$MAIN_VENV/bin/python" -c '
import os, sys
names = [n for n in sys.stdin.buffer.read().split(b"\0") if n]
sys.stdout.buffer.write(b"\0".join(n for n in names if os.path.lexists(n)) + b"\0")' \
    | tar --null --no-recursion -T - -cf - | tar -xf - -C "$WORK/src"
else
  tar --exclude=./.git --exclude=./.venv --exclude=./.matrix --exclude=./build --exclude=./collections \
      -cf - . | tar -xf - -C "$WORK/src"
fi
"$MAIN_VENV/bin/ansible-galaxy" collection build --output-path "$WORK" "$WORK/src" >/dev/null
artifact="$(ls "$WORK"/*.tar.gz)"
log "artifact: ${artifact#"$ROOT/"} ($(tar tzf "$artifact" | grep -vc '/$') files)"

# --- 3. the import ---------------------------------------------------------------------------------
cat > "$WORK/galaxy-importer.cfg" <<'CFG'
[galaxy-importer]
RUN_ANSIBLE_TEST = False
RUN_ANSIBLE_LINT = True
OFFLINE_ANSIBLE_LINT = True
RUN_ANSIBLE_DOC = True
CHECK_CHANGELOG = True
CFG
rc=0
# ansible-doc and ansible-lint are found on PATH; ANSIBLE_COLLECTIONS_PATH must not point at the checkout
# run in $WORK: the importer writes importer_result.json to its working directory
(cd "$WORK" && PATH="$GI_VENV/bin:$PATH" GALAXY_IMPORTER_CONFIG="$WORK/galaxy-importer.cfg" ANSIBLE_COLLECTIONS_PATH='' \
  "$GI_VENV/bin/python" -m galaxy_importer.main "$artifact" > "$WORK/import.log" 2>&1) || rc=$?
notices="$(grep -c '^WARNING: Ignore files skip ansible-test sanity tests' "$WORK/import.log" || true)"
problems="$(grep -E '^(WARNING|ERROR)' "$WORK/import.log" | grep -v '^WARNING: Ignore files skip ansible-test sanity tests' || true)"
if [[ $rc -eq 0 && -z "$problems" ]] && grep -q 'Importer processing completed successfully' "$WORK/import.log"; then
  log "PASS galaxy-importer $("$GI_VENV/bin/python" -c 'import importlib.metadata as m; print(m.version("galaxy-importer"))'): exit 0, 0 errors, 0 warnings (besides $notices notices that empty sanity ignore files exist); log: ${WORK#"$ROOT/"}/import.log"
  exit 0
fi
grep -v '^Loading ' "$WORK/import.log" >&2
log "FAIL galaxy-importer: exit $rc, $(printf '%s\n' "$problems" | grep -c . || true) error/warning line(s) (above)" >&2
exit 1
