#!/usr/bin/env bash
# Run `ansible-test sanity` on the collection, offline-safe.
#
#   scripts/sanity.sh                      # all sanity tests, the Python of .venv, --venv
#   scripts/sanity.sh --test pylint        # extra arguments go to `ansible-test sanity`
#   SANITY_PYTHON=3.12 scripts/sanity.sh   # the controller Python (--python)
#   SANITY_PYTHON=targets SANITY_REQUIRE="3.8 3.13" scripts/sanity.sh --test compile --test import
#                                          # no --python: the multi-version tests (compile, import) run on
#                                          # every module-side Python ansible-test supports and finds on
#                                          # PATH; each version in SANITY_REQUIRE must have run (not skipped)
#
# How:
#  * ansible-test needs the collection at .../ansible_collections/<ns>/<name>. We copy the
#    files git knows about (tracked + untracked-but-not-ignored, minus deleted) to
#    build/sanity/ansible_collections/mailtrap/general, fresh on every run.
#  * The copy gets its own `git init` (no commit): otherwise ansible-test walks up, finds
#    this repo's .git, asks it for the files under build/ (which is git-ignored) and sees none.
#    With its own .git it lists exactly the copied files and honours the copied .gitignore.
#  * `--venv` makes ansible-test build one virtualenv per sanity test (cached under
#    ~/.ansible/test/venv). To put pip into those empty venvs it runs a "get-pip" script,
#    which it downloads from a host that is not reachable from here (only PyPI is). It uses
#    ~/.ansible/test/cache/get_pip_<ver>.py instead when that file exists, so we install a
#    stand-in there that bootstraps pip with `python -m ensurepip` and then pip-installs the
#    pip version ansible-test asked for (from PyPI, like every other sanity requirement).
#  * No test is skipped: all of them run offline this way.
#  * The ignore files tests/sanity/ignore-2.*.txt are kept empty on purpose.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${VENV:-$ROOT/.venv}"
# the venv's own Python by default: ansible-test needs it as a controller Python, which it is
PYVER="${SANITY_PYTHON:-$("$VENV/bin/python" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null || echo 3.11)}"
# SANITY_DEST: where the copy goes (scripts/matrix.sh gives each ansible-core its own, so they run at once)
DEST_PARENT="${SANITY_DEST:-$ROOT/build/sanity}"
DEST="$DEST_PARENT/ansible_collections/mailtrap/general"

log() { printf 'sanity: %s\n' "$*"; }
die() { printf 'sanity: ERROR: %s\n' "$*" >&2; exit 1; }

[[ -x "$VENV/bin/ansible-test" ]] || die "$VENV/bin/ansible-test not found; run scripts/setup.sh first"
declare -a PYTHON_ARGS=()
if [[ "$PYVER" != "targets" ]]; then
  command -v "python$PYVER" >/dev/null 2>&1 || die "python$PYVER not on PATH (ansible-test --python $PYVER needs it)"
  PYTHON_ARGS=(--python "$PYVER")
fi

# --- 1. offline get-pip stand-in for every pip version ansible-test may ask for -------------
pip_versions="$("$VENV/bin/python" - <<'EOF'
import types
from ansible_test._internal.python_requirements import get_venv_packages
from ansible_test._internal.constants import SUPPORTED_PYTHON_VERSIONS
print(" ".join(sorted({get_venv_packages(types.SimpleNamespace(version=v))["pip"] for v in SUPPORTED_PYTHON_VERSIONS})))
EOF
)"
cache_dir="$HOME/.ansible/test/cache"
mkdir -p "$cache_dir"
for ver in $pip_versions; do
  target="$cache_dir/get_pip_${ver//./_}.py"
  cat > "$target.tmp" <<'EOF'
# Offline stand-in for https://ci-files.testing.ansible.com/ansible-test/get-pip-<ver>.py
# written by mailtrap.general's scripts/sanity.sh. ansible-test runs it (via quiet_pip.py)
# inside a fresh, pip-less virtualenv with arguments such as
#   --disable-pip-version-check pip==24.2 --no-setuptools --no-wheel
# It bootstraps pip from the interpreter's bundled wheel (ensurepip) and then installs the
# requested packages with that pip, which reaches PyPI like the rest of ansible-test does.
import subprocess
import sys

args = sys.argv[1:]
no_setuptools = "--no-setuptools" in args
no_wheel = "--no-wheel" in args
args = [a for a in args if a not in ("--no-setuptools", "--no-wheel")]

subprocess.check_call([sys.executable, "-m", "ensurepip", "--default-pip"], stdout=subprocess.DEVNULL)
packages = [a for a in args if not a.startswith("-")]
if packages:
    subprocess.check_call([sys.executable, "-m", "pip", "install", "--quiet"] + args)
# get-pip.py leaves setuptools/wheel out when asked to; ensurepip may have added setuptools.
remove = [name for name, flag in (("setuptools", no_setuptools), ("wheel", no_wheel)) if flag]
if remove:
    subprocess.call([sys.executable, "-m", "pip", "uninstall", "--quiet", "--yes"] + remove,
                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
EOF
  if cmp -s "$target.tmp" "$target"; then rm -f "$target.tmp"; else mv "$target.tmp" "$target"; log "installed $target"; fi
done

# --- 2. fresh copy of the collection at a path ansible-test accepts --------------------------
# One run at a time per checkout: a second run would delete the copy under the first one.
mkdir -p "$ROOT/build"
if command -v flock >/dev/null 2>&1; then
  exec 9>"$DEST_PARENT.lock"
  if ! flock -n 9; then
    log "another scripts/sanity.sh is running in this checkout; waiting for it to finish"
    flock 9
  fi
fi
rm -rf "$DEST_PARENT"
mkdir -p "$DEST"
cd "$ROOT"
if git -C "$ROOT" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  # tracked + untracked-not-ignored, without files deleted from the work tree
  git ls-files -z --cached --others --exclude-standard \
    | "$VENV/bin/python" -c '
import os, sys
names = [n for n in sys.stdin.buffer.read().split(b"\0") if n]
sys.stdout.buffer.write(b"\0".join(n for n in names if os.path.lexists(n)) + b"\0")' \
    | tar --null --no-recursion -T - -cf - | tar -xf - -C "$DEST"
else
  # no git (e.g. an unpacked tarball): everything except generated/ignored directories
  tar --exclude=./.git --exclude=./.venv --exclude=./.matrix --exclude=./build --exclude=./collections \
      --exclude=./tests/output --exclude=./.pytest_cache --exclude='__pycache__' \
      --exclude='*.pyc' --exclude='*.tar.gz' -cf - . | tar -xf - -C "$DEST"
fi
git -C "$DEST" init -q
log "copied $(find "$DEST" -path "$DEST/.git" -prune -o -type f -print | wc -l) files to $DEST"

# --- 3. run ---------------------------------------------------------------------------------
cd "$DEST"
export PATH="$VENV/bin:$PATH"
start=$SECONDS
set +e
# Drop the harmless "Location 'file://...' is ignored" lines that this machine's pip.conf
# (extra-index-url pointing at absent local mirrors) makes pip print for every package.
# Each "Running sanity test" line gets the seconds since the start, to see where the time goes.
ansible-test sanity --venv "${PYTHON_ARGS[@]}" --color no "$@" 2>&1 \
  | while IFS= read -r line; do
      case "$line" in
        "WARNING: Location 'file://"*) ;;
        "Running sanity test"*) printf '[+%ss] %s\n' "$((SECONDS - start))" "$line" ;;
        *) printf '%s\n' "$line" ;;
      esac
    done | tee "$DEST_PARENT/sanity.out"
rc=${PIPESTATUS[0]}
set -e
# ansible-test skips a Python it cannot find with a warning, not a failure: a required one must have run
for want in ${SANITY_REQUIRE:-}; do
  if ! grep -q "^\[+[0-9]*s\] Running sanity test .* on Python $want\$" "$DEST_PARENT/sanity.out" \
     || grep -q "on Python $want because" "$DEST_PARENT/sanity.out"; then
    log "Python $want was required (SANITY_REQUIRE) but its sanity tests did not run"
    rc=1
  fi
done
log "ansible-test sanity finished in $((SECONDS - start))s with exit code $rc (output: $DEST/tests/output)"
exit "$rc"
