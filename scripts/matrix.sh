#!/usr/bin/env bash
# The job functions are called by name ("job_$kind"), and the helpers from them: tell shellcheck.
# shellcheck disable=SC2329
# The compatibility matrix of mailtrap.general: what `meta/runtime.yml` and the README claim,
# run for real.
#
#   bash scripts/matrix.sh                     # every ansible-core below but the main one, and every target Python
#   bash scripts/matrix.sh core 2.16 2.21      # only these ansible-core versions
#   bash scripts/matrix.sh target 3.8          # only these module-side Pythons
#   MATRIX_JOBS=1 bash scripts/matrix.sh       # one job at a time (default 2: this machine has 2 cores)
#   MATRIX_SKIP_SANITY=1 bash scripts/matrix.sh  # units and smoke only (a fast local look)
#
# ansible-core X on controller Python P (job "core X"):
#   * .matrix/venv-X: a virtualenv of P with ansible-core==X and the test tools pinned in
#     requirements-dev.txt (pytest, pytest-xdist, requests); rebuilt when its pins or P change,
#     reused between local runs otherwise. A fresh CI machine has no .matrix/ and builds it all.
#   * units:  tests/unit with that venv's pytest (conftest.py puts the collection on sys.path, so
#     pytest-ansible, which does not support every ansible-core, is not needed);
#   * sanity: scripts/sanity.sh with that venv's ansible-test, --python P, every test, the empty
#     tests/sanity/ignore-X.txt (each job copies the collection to build/sanity-X, so versions run
#     at the same time);
#   * smoke:  scripts/demo.sh with that venv's ansible-playbook: the example account baseline
#     applied twice against the emulator, the second run changed=0.
# Module-side Python T (job "target T"): scripts/demo.sh with the main venv's ansible-core and
#   ansible_python_interpreter = the pyenv interpreter T.
# The main version (2.19, .venv) is not a job here: scripts/test.sh runs the full suite on it.
#
# Output: a log per job under .matrix/logs/, one PASS/FAIL line per job at the end (also
# written to .matrix/summary.txt); exit 1 when any job failed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
MATRIX="$ROOT/.matrix"
MAIN_VENV="${VENV:-$ROOT/.venv}"
JOBS="${MATRIX_JOBS:-2}"

# ansible-core version -> (exact release, controller Python). Each controller Python is one that
# version supports (2.16/2.17: 3.10-3.12, 2.18/2.19: 3.11-3.13, 2.20/2.21: 3.12+), spread so that
# the oldest and newest controller Pythons are both covered.
declare -A CORE_RELEASE=([2.16]=2.16.19 [2.17]=2.17.14 [2.18]=2.18.19 [2.19]=2.19.14 [2.20]=2.20.10 [2.21]=2.21.5)
declare -A CORE_PYTHON=([2.16]=3.10 [2.17]=3.12 [2.18]=3.13 [2.19]=3.11 [2.20]=3.12 [2.21]=3.13)
MAIN_CORE=2.19
ALL_CORE=(2.16 2.17 2.18 2.20 2.21)
ALL_TARGET=(3.8 3.9 3.10 3.11 3.12 3.13)

log() { printf 'matrix: %s\n' "$*"; }
die() { printf 'matrix: ERROR: %s\n' "$*" >&2; exit 2; }
pip_quiet() { "$@" 2>&1 | { grep -v "^WARNING: Location 'file://" || true; }; return "${PIPESTATUS[0]}"; }

# A real interpreter for Python X.Y: pyenv's (its shims refuse versions that are not "global"),
# else one on PATH that actually runs.
python_for() {
  local want="$1" candidate
  for candidate in $(printf '%s\n' "$HOME"/.pyenv/versions/"$want".*/bin/python"$want" | sort -V -r) \
                   "$(command -v "python$want" 2>/dev/null || true)"; do
    [[ -n "$candidate" && -x "$candidate" ]] || continue
    if "$candidate" -c 'import sys; sys.exit(0 if "%d.%d" % sys.version_info[:2] == sys.argv[1] else 1)' "$want" 2>/dev/null; then
      printf '%s\n' "$candidate"
      return 0
    fi
  done
  return 1
}

# .matrix/bin/pythonX.Y -> the real interpreters, first on PATH for ansible-test (--python X.Y
# looks for pythonX.Y on PATH and would otherwise find a pyenv shim that refuses to run).
link_pythons() {
  mkdir -p "$MATRIX/bin"
  local v real
  for v in 3.8 3.9 3.10 3.11 3.12 3.13; do
    if real="$(python_for "$v")"; then ln -sfn "$real" "$MATRIX/bin/python$v"; fi
  done
}

# make_venv DIR PYTHON REQUIREMENT...: (re)build DIR unless its stamp matches
make_venv() {
  local dir="$1" python="$2"; shift 2
  local want have
  # the stamp: interpreter, arguments, and the pins of requirements-matrix.txt
  want="$("$python" -V 2>&1) $* $(grep -v '^#' "$ROOT/requirements-matrix.txt" | tr '\n' ' ')"
  have="$(cat "$dir/.matrix-stamp" 2>/dev/null || true)"
  if [[ "$want" == "$have" && -x "$dir/bin/python" && "${MATRIX_FRESH:-0}" != "1" ]]; then
    log "venv up to date: $dir ($want)"
    return 0
  fi
  log "building $dir: $want"
  rm -rf "$dir"
  "$python" -m venv "$dir"
  pip_quiet "$dir/bin/python" -m pip install -q --disable-pip-version-check "$@"
  echo "$want" > "$dir/.matrix-stamp"
}

# step NAME CMD...: run one step of a job, record NAME=ok|FAIL with its time
step() {
  local name="$1"; shift
  local start=$SECONDS rc=0
  printf '\n----- %s -----\n' "$name"
  "$@" || rc=$?
  if [[ $rc -eq 0 ]]; then STEPS+=("$name $((SECONDS - start))s"); else STEPS+=("$name FAIL($((SECONDS - start))s)"); FAILED=1; fi
  return 0
}

join_steps() { local out="" s; for s in "${STEPS[@]}"; do out="${out:+$out, }$s"; done; printf '%s' "$out"; }

job_core() {
  local ver="$1" release="${CORE_RELEASE[$1]}" pyver="${CORE_PYTHON[$1]}"
  local venv="$MATRIX/venv-$ver" python
  STEPS=(); FAILED=0
  python="$(python_for "$pyver")" || { echo "no Python $pyver on this machine"; STEPS+=("python$pyver missing"); FAILED=1; }
  if [[ $FAILED -eq 0 ]]; then
    step venv make_venv "$venv" "$python" "ansible-core==$release" -r "$ROOT/requirements-matrix.txt"
  fi
  if [[ $FAILED -eq 0 ]]; then
    step units "$venv/bin/python" -m pytest -p no:cacheprovider -q -n "${MATRIX_PYTEST_WORKERS:-1}" tests/unit
    if [[ "${MATRIX_SKIP_SANITY:-0}" == "1" ]]; then
      STEPS+=("sanity skipped")
    else
      step sanity env VENV="$venv" SANITY_PYTHON="$pyver" SANITY_DEST="$ROOT/build/sanity-$ver" bash "$ROOT/scripts/sanity.sh"
    fi
    step smoke env DEMO_VENV="$venv" DEMO_EMULATOR_PYTHON="$MAIN_VENV/bin/python" bash "$ROOT/scripts/demo.sh"
  fi
  local verdict=PASS; [[ $FAILED -eq 0 ]] || verdict=FAIL
  printf 'matrix: %s ansible-core %-8s controller Python %-5s (%s)\n' "$verdict" "$release" "$pyver" "$(join_steps)" > "$MATRIX/results/core-$ver"
}

job_target() {
  local pyver="$1" python
  STEPS=(); FAILED=0
  if python="$(python_for "$pyver")"; then
    step smoke env DEMO_VENV="$MAIN_VENV" DEMO_INTERPRETER="$python" bash "$ROOT/scripts/demo.sh"
  else
    echo "no Python $pyver on this machine"; STEPS+=("python$pyver missing"); FAILED=1
  fi
  local verdict=PASS; [[ $FAILED -eq 0 ]] || verdict=FAIL
  printf 'matrix: %s target Python %-5s ansible-core %s controller, modules run by %s (%s)\n' "$verdict" "$pyver" \
    "${CORE_RELEASE[$MAIN_CORE]}" "${python:-none}" "$(join_steps)" > "$MATRIX/results/target-$pyver"
}

# ------------------------------------------------------------------------------- main
kind="${1:-all}"; shift || true
declare -a CORES=() TARGETS=()
case "$kind" in
  all) CORES=("${ALL_CORE[@]}"); TARGETS=("${ALL_TARGET[@]}") ;;
  core) CORES=("$@"); [[ ${#CORES[@]} -gt 0 ]] || CORES=("${ALL_CORE[@]}") ;;
  target) TARGETS=("$@"); [[ ${#TARGETS[@]} -gt 0 ]] || TARGETS=("${ALL_TARGET[@]}") ;;
  *) die "usage: $0 [all | core [2.16 ...] | target [3.8 ...]]" ;;
esac
for v in "${CORES[@]}"; do [[ -n "${CORE_RELEASE[$v]:-}" ]] || die "unknown ansible-core version '$v' (known: ${!CORE_RELEASE[*]})"; done
[[ -x "$MAIN_VENV/bin/python" ]] || die "$MAIN_VENV missing: run scripts/setup.sh first"

mkdir -p "$MATRIX/logs" "$MATRIX/results"
link_pythons
export PATH="$MATRIX/bin:$PATH"

declare -a QUEUE=()
for v in "${CORES[@]}"; do rm -f "$MATRIX/results/core-$v"; QUEUE+=("core $v"); done
for v in "${TARGETS[@]}"; do rm -f "$MATRIX/results/target-$v"; QUEUE+=("target $v"); done

start=$SECONDS
for entry in "${QUEUE[@]}"; do
  # at most $JOBS jobs at once: the sanity runs are CPU-bound, venv builds mostly wait on the network
  while [[ $(jobs -rp | wc -l) -ge $JOBS ]]; do wait -n || true; done
  name="${entry/ /-}"
  log "start $entry (log: .matrix/logs/$name.log)"
  ( job_start=$SECONDS; "job_${entry%% *}" "${entry#* }"; echo "job took $((SECONDS - job_start))s" ) > "$MATRIX/logs/$name.log" 2>&1 &
done
wait || true

echo
rc=0
: > "$MATRIX/summary.txt"
for entry in "${QUEUE[@]}"; do
  name="${entry/ /-}"
  if [[ -f "$MATRIX/results/$name" ]]; then
    line="$(cat "$MATRIX/results/$name")"
  else
    line="matrix: FAIL $entry (the job died; see .matrix/logs/$name.log)"
  fi
  echo "$line" | tee -a "$MATRIX/summary.txt"
  [[ "$line" == "matrix: PASS"* ]] || rc=1
done
log "matrix finished in $((SECONDS - start))s"
exit "$rc"
