#!/usr/bin/env bash
# The whole test suite of the mailtrap.general collection (what CI runs).
#
#   bash scripts/test.sh                  # everything: the full suite on ansible-core 2.19, then the matrix
#   SKIP_SANITY=1 bash scripts/test.sh    # skip ansible-test sanity, here and in the matrix
#   RUN_MATRIX=0 bash scripts/test.sh     # without the matrix (ansible-core 2.16-2.21, target Pythons 3.8-3.13)
#
# Stages, in order; the first failure stops the run:
#   setup         scripts/setup.sh (.venv + collections/ link)
#   action-group  scripts/check_action_group.py (meta/runtime.yml lists every module)
#   pytest        unit + integration tests (pytest-ansible makes ansible_collections.mailtrap.general importable)
#   sanity        scripts/sanity.sh (ansible-test sanity, empty ignore files)
#   ansible-lint  production profile on roles/ and playbooks/ (when they have files)
#   changelog     antsibull-changelog lint
#   galaxy-import scripts/galaxy_import.sh (galaxy-importer on the built artifact, offline, ansible-lint on)
#   bench-smoke   scripts/bench.sh --rounds 1 --counts-only (the benchmark's request-count targets, no timings)
#   matrix        scripts/matrix.sh: ansible-core 2.16, 2.17, 2.18, 2.20, 2.21 (units, sanity, smoke) and
#                 module-side Pythons 3.8-3.13 (sanity compile+import, smoke); runs every job even when
#                 one fails. Its virtualenvs are built in the background from the pytest stage on
#                 (pip waits on the network while pytest uses the CPU), and the matrix itself runs in
#                 the background from sanity to bench-smoke: those stages leave a core idle while
#                 they wait on pip and on single-threaded tools. A failing stage stops it too.
# At the end: one PASS/FAIL line per ansible-core version and per target Python (the main
# version's line stands for the full suite above), then the summary of stage times.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
VENV="$ROOT/.venv"

declare -a SUMMARY=()
RUN_START=$SECONDS

summary_line() {
  local IFS=' '
  printf 'test.sh: %s in %ss: %s\n' "$1" "$((SECONDS - RUN_START))" "${SUMMARY[*]:-}"
}

# stage NAME CMD... : run a stage, record its time, stop the whole run on failure
stage() {
  local name="$1"; shift
  local start=$SECONDS rc=0
  printf '\n===== test.sh: %s =====\n' "$name"
  "$@" || rc=$?
  local took=$((SECONDS - start))
  if [[ $rc -ne 0 ]]; then
    SUMMARY+=("$name=FAIL(${took}s)")
    printf '\ntest.sh: stage "%s" FAILED (exit %s) after %ss\n' "$name" "$rc" "$took" >&2
    summary_line FAIL >&2
    exit "$rc"
  fi
  SUMMARY+=("$name=${took}s")
}

skip() {
  SUMMARY+=("$1=skipped")
  printf '\n===== test.sh: %s skipped (%s) =====\n' "$1" "$2"
}

run_pytest() {
  local rc=0
  "$VENV/bin/python" -m pytest -p no:cacheprovider -q -n 2 --dist loadfile || rc=$?
  if [[ $rc -eq 5 ]]; then
    echo "test.sh: pytest: no tests ran (pytest exit code 5) - tests/unit and tests/integration collected nothing" >&2
  fi
  return "$rc"
}

lint_targets() {
  local d
  for d in roles playbooks; do
    if [[ -d "$d" ]] && [[ -n "$(find "$d" -type f -print -quit)" ]]; then
      printf '%s\n' "$d"
    fi
  done
}

run_ansible_lint() {
  local -a targets
  mapfile -t targets < <(lint_targets)
  "$VENV/bin/ansible-lint" --offline "${targets[@]}"
}

# flag NAME DEFAULT: the switch NAME as 1 or 0 (1/true/yes/on, 0/false/no/off, any case); anything
# else stops the run before any stage, rather than being read as "off"
flag() {
  local value="${!1:-$2}"
  case "${value,,}" in
    1|true|yes|on) echo 1 ;;
    0|false|no|off) echo 0 ;;
    *) printf 'test.sh: %s=%s: expected 1/true/yes/on or 0/false/no/off\n' "$1" "$value" >&2; return 2 ;;
  esac
}
RUN_MATRIX_GIVEN="${RUN_MATRIX:-}"
RUN_MATRIX="$(flag RUN_MATRIX 1)" || exit 2
SKIP_SANITY="$(flag SKIP_SANITY 0)" || exit 2

stage setup bash "$ROOT/scripts/setup.sh"

# Everything below uses the repo's venv and finds the collection by its FQCN.
export PATH="$VENV/bin:$PATH"
export ANSIBLE_COLLECTIONS_PATH="$ROOT/collections"
export ANSIBLE_PYTHON_INTERPRETER="${ANSIBLE_PYTHON_INTERPRETER:-$VENV/bin/python}"

stage action-group "$VENV/bin/python" "$ROOT/scripts/check_action_group.py"

# kill_tree PID: PID and every process below it, found by parent PID before any is killed (the
# venv builds' pip processes; ansible-playbook's task workers, which start sessions of their own
# and so leave a process group). Without /proc (macOS), PID alone.
kill_tree() {
  if [[ ! -d /proc/self ]]; then kill "$1" 2>/dev/null || true; return 0; fi
  "$VENV/bin/python" - "$1" <<'PY' || kill "$1" 2>/dev/null || true
import os
import signal
import sys

children = {}
for entry in os.listdir("/proc"):
    if entry.isdigit():
        try:
            with open("/proc/%s/stat" % entry) as stat:
                parent = int(stat.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(parent, []).append(int(entry))
todo, tree = [int(sys.argv[1])], []
while todo:
    pid = todo.pop()
    tree.append(pid)
    todo.extend(children.get(pid, []))
for pid in tree:
    try:
        os.kill(pid, signal.SIGTERM)
    except OSError:
        pass
PY
}

MATRIX_VENVS_PID="" MATRIX_LANE_PID=""
if [[ "$RUN_MATRIX" == "1" ]]; then
  mkdir -p "$ROOT/.matrix"
  bash "$ROOT/scripts/matrix.sh" venvs > "$ROOT/.matrix/venvs.out" 2>&1 &
  MATRIX_VENVS_PID=$!
fi
stop_matrix() {
  local pid
  for pid in "$MATRIX_VENVS_PID" "$MATRIX_LANE_PID"; do
    if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then kill_tree "$pid"; fi
  done
  return 0
}
# a failing stage exits the run: do not leave the venv builds or the matrix running behind it
trap stop_matrix EXIT

stage pytest run_pytest

# The matrix, in the background from here on (see the header); its output goes to
# .matrix/run.out and is printed by the matrix stage at the end.
if [[ "$RUN_MATRIX" == "1" ]]; then
  matrix_start=$SECONDS
  # the background venv builds (a failed one is rebuilt, and reported, by its core job)
  wait "$MATRIX_VENVS_PID" || true
  MATRIX_VENVS_PID=""
  # a summary left by an earlier run must not stand for this one if the lane dies before writing its own
  rm -f "$ROOT/.matrix/main-sanity.done" "$ROOT/.matrix/summary.txt"
  MATRIX_SKIP_SANITY="$SKIP_SANITY" MATRIX_TARGETS_AFTER="$ROOT/.matrix/main-sanity.done" \
    bash "$ROOT/scripts/matrix.sh" > "$ROOT/.matrix/run.out" 2>&1 &
  MATRIX_LANE_PID=$!
fi

if [[ "$SKIP_SANITY" == "1" ]]; then
  skip sanity "SKIP_SANITY=1"
else
  stage sanity bash "$ROOT/scripts/sanity.sh"
fi
# the matrix's target job runs the same ansible-test: it waits for this
[[ "$RUN_MATRIX" != "1" ]] || touch "$ROOT/.matrix/main-sanity.done"

if [[ -n "$(lint_targets)" ]]; then
  stage ansible-lint run_ansible_lint
else
  skip ansible-lint "roles/ and playbooks/ have no files"
fi

stage changelog "$VENV/bin/antsibull-changelog" lint
stage galaxy-import bash "$ROOT/scripts/galaxy_import.sh"
stage bench-smoke bash "$ROOT/scripts/bench.sh" --rounds 1 --counts-only

main_line() {
  local what="units, integration, reliability, ansible-lint, changelog"
  [[ "$SKIP_SANITY" == "1" ]] || what="$what, sanity"
  printf 'matrix: PASS ansible-core %-8s controller Python %-5s (the full suite: %s)\n' \
    "$("$VENV/bin/python" -c 'from ansible.release import __version__; print(__version__)')" \
    "$("$VENV/bin/python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')" "$what"
}

if [[ "$RUN_MATRIX" != "1" ]]; then
  skip matrix "RUN_MATRIX=$RUN_MATRIX_GIVEN"
  echo; main_line
else
  # not stage(): the per-version lines are printed whether or not a job failed
  printf '\n===== test.sh: matrix =====\n'
  wait_start=$SECONDS matrix_rc=0
  wait "$MATRIX_LANE_PID" || matrix_rc=$?
  MATRIX_LANE_PID=""
  cat "$ROOT/.matrix/venvs.out" "$ROOT/.matrix/run.out" 2>/dev/null || true
  echo "test.sh: the matrix ran $((SECONDS - matrix_start))s, alongside the stages above; $((SECONDS - wait_start))s of it after them"
  echo; main_line
  cat "$ROOT/.matrix/summary.txt" 2>/dev/null || echo "matrix: FAIL the matrix ended (exit $matrix_rc) before it wrote its summary; see .matrix/run.out and .matrix/logs/"
  if [[ $matrix_rc -ne 0 ]]; then
    SUMMARY+=("matrix=FAIL($((SECONDS - matrix_start))s)")
    echo; summary_line FAIL >&2
    exit "$matrix_rc"
  fi
  SUMMARY+=("matrix=$((SECONDS - matrix_start))s")
fi

echo
summary_line PASS
