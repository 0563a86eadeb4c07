#!/usr/bin/env bash
# Build the collection's documentation site (HTML) with antsibull-docs + Sphinx, offline.
#
#   scripts/docs.sh            -> build/docs/build/html/index.html
#   DOCS_ONLINE=1 scripts/docs.sh   also resolve links to docs.ansible.com / docs.python.org
#                                   (intersphinx; needs network access)
#
# Uses the tools pinned in requirements-dev.txt (run scripts/setup.sh first, or set VENV=/path).
# The site has a page per module and role (from their DOCUMENTATION / argument specs), the
# guides in docs/docsite/rst/ (listed in docs/docsite/extra-docs.yml) and the links in
# docs/docsite/links.yml. Takes about 15-30 s.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${VENV:-$ROOT/.venv}"
DEST="$ROOT/build/docs"
start=$SECONDS

die() { printf 'docs: ERROR: %s\n' "$*" >&2; exit 1; }
[[ -x "$VENV/bin/antsibull-docs" && -x "$VENV/bin/sphinx-build" ]] \
  || die "antsibull-docs/sphinx-build not found in $VENV; run scripts/setup.sh (or set VENV=...)"
[[ -e "$ROOT/collections/ansible_collections/mailtrap/general" ]] \
  || die "collections/ansible_collections/mailtrap/general is missing; run scripts/setup.sh"

export PATH="$VENV/bin:$PATH"
export ANSIBLE_COLLECTIONS_PATH="$ROOT/collections"
export ANSIBLE_HOME="$ROOT/tests/output/.ansible"

# Lint the collection's docs first (plugin docs, role argument specs, extra docs, links).
antsibull-docs lint-collection-docs --plugin-docs --skip-rstcheck "$ROOT" >&2

rm -rf "$DEST"
mkdir -p "$DEST"
antsibull-docs sphinx-init --use-current --squash-hierarchy --lenient --fail-on-error \
  --dest-dir "$DEST" mailtrap.general >/dev/null

if [[ "${DOCS_ONLINE:-0}" != 1 ]]; then
  # Offline: do not try to download intersphinx inventories; references into the Ansible
  # docs (for example "common return values") then stay plain text.
  cat >> "$DEST/conf.py" <<'PY'

# Added by scripts/docs.sh for an offline build (DOCS_ONLINE=1 keeps intersphinx).
intersphinx_mapping = {}
suppress_warnings = ['ref.ref']
PY
fi

( cd "$DEST" && ./build.sh ) > "$DEST/build.log" 2>&1 || { tail -40 "$DEST/build.log" >&2; die "build failed (log: $DEST/build.log)"; }

index="$DEST/build/html/index.html"
[[ -f "$index" ]] || die "no $index"
pages=$(find "$DEST/build/html" -name '*.html' | wc -l)
printf 'docs: %s pages in %ss -> %s\n' "$pages" "$((SECONDS - start))" "$index"
