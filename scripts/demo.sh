#!/usr/bin/env bash
# Demo from a fresh clone: apply the example account baseline to the bundled Mailtrap emulator
# twice and show that the second run changes nothing.
#
#   scripts/demo.sh
#
# 1. scripts/setup.sh (creates .venv from requirements-dev.txt, links collections/);
# 2. starts the emulator on a free local port (stopped again on exit, whatever happens);
# 3. runs playbooks/account_baseline.yml -e @playbooks/vars/example_baseline.yml twice;
# 4. prints both PLAY RECAPs and a verdict; exits non-zero unless the second run has changed=0.
# New token secrets go to a temporary directory (mode 0600 files) that is removed at the end.
#
# scripts/matrix.sh reuses it for its smoke runs:
#   DEMO_VENV=dir              run ansible-playbook from this virtualenv (another ansible-core) and
#                              skip scripts/setup.sh
#   DEMO_INTERPRETER=python    the module-side Python (ansible_python_interpreter); default: the venv's
#   DEMO_EMULATOR_PYTHON=python  the Python that runs the emulator; default: the venv's
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

if [[ -n "${DEMO_VENV:-}" ]]; then
  VENV="$DEMO_VENV"
  [[ -x "$VENV/bin/ansible-playbook" ]] || { echo "demo: $VENV/bin/ansible-playbook not found" >&2; exit 1; }
  # the collection is found through collections/ansible_collections/mailtrap/general
  [[ -e "$ROOT/collections/ansible_collections/mailtrap/general" ]] || { echo "demo: run scripts/setup.sh first" >&2; exit 1; }
else
  "$ROOT/scripts/setup.sh"
  VENV="$ROOT/.venv"
fi
INTERPRETER="${DEMO_INTERPRETER:-$VENV/bin/python}"
EMULATOR_PYTHON="${DEMO_EMULATOR_PYTHON:-$VENV/bin/python}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/mailtrap-demo.XXXXXX")"
EMULATOR_PID=""

cleanup() {
  if [[ -n "$EMULATOR_PID" ]] && kill -0 "$EMULATOR_PID" 2>/dev/null; then
    kill "$EMULATOR_PID" 2>/dev/null || true
    wait "$EMULATOR_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Start the emulator; its first stdout line is "mailtrap-emulator listening on <url>".
# created before the emulator starts: the loop below may read it before the emulator has opened it
: > "$WORK/emulator.out"
PYTHONPATH="$ROOT/tests/emulator" "$EMULATOR_PYTHON" -m mailtrap_emulator \
  --host 127.0.0.1 --port 0 --quiet > "$WORK/emulator.out" 2> "$WORK/emulator.err" &
EMULATOR_PID=$!
URL=""
for _ in $(seq 1 100); do
  URL="$(sed -n 's/^mailtrap-emulator listening on //p' "$WORK/emulator.out" | head -n1)"
  [[ -n "$URL" ]] && break
  kill -0 "$EMULATOR_PID" 2>/dev/null || { cat "$WORK/emulator.err" >&2; echo "demo: the emulator did not start" >&2; exit 1; }
  sleep 0.1
done
[[ -n "$URL" ]] || { echo "demo: the emulator did not print its URL within 10 s" >&2; exit 1; }
echo "demo: emulator at $URL (pid $EMULATOR_PID)"
echo "demo: $("$VENV/bin/ansible-playbook" --version 2>/dev/null | sed -n 1p), modules run by $INTERPRETER ($("$INTERPRETER" -V 2>&1))"

export ANSIBLE_COLLECTIONS_PATH="$ROOT/collections"
export ANSIBLE_PYTHON_INTERPRETER="$INTERPRETER"
export ANSIBLE_HOME="$WORK/.ansible"
export ANSIBLE_LOCALHOST_WARNING=false ANSIBLE_INVENTORY_UNPARSED_WARNING=false
export MAILTRAP_API_URL="$URL" MAILTRAP_API_TOKEN="emulator-owner-token" MAILTRAP_ACCOUNT_ID=1001

run() {
  local n="$1" start=$SECONDS
  echo "demo: run $n: ansible-playbook playbooks/account_baseline.yml -e @playbooks/vars/example_baseline.yml"
  if ! "$VENV/bin/ansible-playbook" -i localhost, -c local playbooks/account_baseline.yml \
        -e @playbooks/vars/example_baseline.yml -e "mailtrap_token_secrets_dir=$WORK/secrets" \
        > "$WORK/run$n.log" 2>&1; then
    tail -n 40 "$WORK/run$n.log" >&2
    echo "demo: run $n FAILED" >&2
    exit 1
  fi
  echo "demo: run $n took $((SECONDS - start))s"
}

recap() { sed -n '/^PLAY RECAP/,$p' "$WORK/run$1.log" | grep -v '^$'; }
changed() { recap "$1" | sed -n 's/^localhost .*changed=\([0-9]*\).*/\1/p' | tail -n1; }

run 1
run 2

echo
echo "== first run ==";  recap 1
echo "== second run =="; recap 2
echo
first="$(changed 1)"; second="$(changed 2)"
if [[ "$second" == "0" && -n "$first" && "$first" -gt 0 ]]; then
  echo "demo: PASS - the first run changed $first task(s), the second run changed=0 (idempotent)"
else
  echo "demo: FAIL - expected changes on the first run and changed=0 on the second (got changed=$first, then changed=$second)" >&2
  exit 1
fi
