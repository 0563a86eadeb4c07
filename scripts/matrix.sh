#!/usr/bin/env bash
# The job functions are called by name ("job_$kind"), and the helpers from them: tell shellcheck.
# shellcheck disable=SC2329
# The compatibility matrix of mailtrap.general: what `meta/runtime.yml` and the README claim,
# run for real.
#
#   bash scripts/matrix.sh                     # every ansible-core below but the main one, and every target Python
#   bash scripts/matrix.sh core 2.16 2.21      # only these ansible-core versions
#   bash scripts/matrix.sh target 3.8          # only these module-side Pythons
#   bash scripts/matrix.sh venvs               # only build the core versions' venvs (scripts/test.sh does it
#                                              # in the background while its pytest stage runs: pip waits on
#                                              # the network, pytest on the CPU)
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
  # explicit checks: make_venv runs as a step (`"$@" || rc=$?`), where bash ignores set -e; the
  # stamp is written only after a whole install, so a failed one is rebuilt by the next run
  "$python" -m venv "$dir" || { log "venv $dir: python -m venv failed"; return 1; }
  pip_quiet "$dir/bin/python" -m pip install -q --disable-pip-version-check "$@" \
    || { log "venv $dir: pip install failed"; return 1; }
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
      # Everything the collection ships to users (plugins, roles, playbooks, meta, docs, the
      # emulator), without the test suites: integration, reliability and perf run on the main
      # release only, and tests/unit runs on this release in the units step above; the main sanity
      # stage lints all of them. Their pylint was most of a core job's sanity time (tests/unit
      # alone: 57 s -> 32 s for pylint+pep8+validate-modules on 2.21).
      step sanity env VENV="$venv" SANITY_PYTHON="$pyver" SANITY_DEST="$ROOT/build/sanity-$ver" bash "$ROOT/scripts/sanity.sh" \
        --exclude tests/integration/ --exclude tests/reliability/ --exclude tests/perf/ --exclude tests/unit/
    fi
    step smoke env DEMO_VENV="$venv" DEMO_EMULATOR_PYTHON="$MAIN_VENV/bin/python" bash "$ROOT/scripts/demo.sh"
  fi
  local verdict=PASS; [[ $FAILED -eq 0 ]] || verdict=FAIL
  printf 'matrix: %s ansible-core %-8s controller Python %-5s (%s)\n' "$verdict" "$release" "$pyver" "$(join_steps)" > "$MATRIX/results/core-$ver"
}

# start_emulator DIR: one emulator (main venv's Python) on a free port; prints its URL
start_emulator() {
  local dir="$1" url="" _
  mkdir -p "$dir"
  : > "$dir/emulator.out"
  PYTHONPATH="$ROOT/tests/emulator" "$MAIN_VENV/bin/python" -m mailtrap_emulator \
    --host 127.0.0.1 --port 0 --quiet > "$dir/emulator.out" 2> "$dir/emulator.err" &
  echo $! > "$dir/emulator.pid"
  for _ in $(seq 1 150); do
    url="$(sed -n 's/^mailtrap-emulator listening on //p' "$dir/emulator.out" | head -n1)"
    [[ -n "$url" ]] && { printf '%s\n' "$url"; return 0; }
    kill -0 "$(cat "$dir/emulator.pid")" 2>/dev/null || break
    sleep 0.1
  done
  cat "$dir/emulator.err" >&2
  return 1
}

# the emulators job_targets started (it runs in a subshell of its own: this trap ends with it)
stop_emulators() {
  local f
  for f in "${TARGETS_WORK:-/nonexistent}"/*/emulator.pid; do
    [[ -f "$f" ]] && kill "$(cat "$f")" 2>/dev/null
  done
  return 0
}

# host_recap LOG HOST FIELD: FIELD (changed, failed, ...) of HOST's PLAY RECAP line in LOG
host_recap() {
  sed -n '/^PLAY RECAP/,$p' "$1" | sed -n "s/^$2 .* $3=\([0-9]*\).*/\1/p" | tail -n1
}

# Module-side Pythons (job "targets"): every target Python in ONE ansible-playbook run, one
# inventory host per Python (ansible_python_interpreter), each host against its own emulator and
# secrets directory, forks = number of hosts. The controller starts, loads the collection and
# templates the role once per run instead of once per Python, and the module runs of the hosts
# overlap; the verdict stays per Python (its own PLAY RECAP line: first run changed > 0,
# second run changed=0, failed=0 and unreachable=0 on both).
job_targets() {
  local work="$MATRIX/work-targets" v host python url n=0 rc
  local -a hosts=()
  declare -A HOST_PYTHON=()
  rm -rf "$work"; mkdir -p "$work"
  TARGETS_WORK="$work"
  trap stop_emulators EXIT
  : > "$work/inventory"
  for v in "$@"; do
    host="python${v//./}"
    if ! python="$(python_for "$v")"; then
      echo "no Python $v on this machine"
      printf 'matrix: FAIL target Python %-5s (no Python %s on this machine)\n' "$v" "$v" > "$MATRIX/results/target-$v"
      continue
    fi
    url="$(start_emulator "$work/$host")" || { echo "the emulator for $host did not start"; return 1; }
    echo "$host: modules run by $python ($("$python" -V 2>&1)), emulator $url"
    printf '%s ansible_connection=local ansible_python_interpreter=%s mailtrap_api_url=%s mailtrap_token_secrets_dir=%s\n' \
      "$host" "$python" "$url" "$work/$host/secrets" >> "$work/inventory"
    hosts+=("$host"); HOST_PYTHON[$host]="$python"; n=$((n + 1))
  done
  [[ $n -gt 0 ]] || return 0
  # The sanity tests that depend on the module-side Python (compile, import), on every target
  # Python at once, here only: the core jobs run sanity with --python <their controller>.
  local sanity="compile+import skipped"
  STEPS=(); FAILED=0
  if [[ "${MATRIX_SKIP_SANITY:-0}" != "1" ]]; then
    # scripts/test.sh runs the matrix alongside its own sanity stage, the same ansible-test (the
    # main venv's): its virtualenv cache (~/.ansible/test/venv) has no lock between processes, and
    # one run deletes a virtualenv the other is still building. Start after that stage (bounded).
    if [[ -n "${MATRIX_TARGETS_AFTER:-}" ]]; then
      local waited=0
      while [[ ! -e "$MATRIX_TARGETS_AFTER" && $waited -lt 3600 ]]; do sleep 2; waited=$((waited + 2)); done
      echo "targets: waited ${waited}s for the main sanity stage to end"
    fi
    step compile+import env VENV="$MAIN_VENV" SANITY_PYTHON=targets SANITY_REQUIRE="$*" SANITY_DEST="$ROOT/build/sanity-targets" \
      bash "$ROOT/scripts/sanity.sh" --test compile --test import
    sanity="sanity compile+import $(join_steps | sed 's/^compile+import //')"
  fi
  local -a took=()
  for run in 1 2; do
    local start=$SECONDS
    echo "targets: run $run: ansible-playbook playbooks/account_baseline.yml on ${hosts[*]} (forks $n)"
    rc=0
    ANSIBLE_COLLECTIONS_PATH="$ROOT/collections" ANSIBLE_HOME="$work/.ansible" ANSIBLE_FORKS="$n" \
      ANSIBLE_LOCALHOST_WARNING=false ANSIBLE_INVENTORY_UNPARSED_WARNING=false \
      MAILTRAP_API_TOKEN="emulator-owner-token" MAILTRAP_ACCOUNT_ID=1001 \
      "$MAIN_VENV/bin/ansible-playbook" -i "$work/inventory" playbooks/account_baseline.yml \
      -e @playbooks/vars/example_baseline.yml -e mailtrap_target_hosts=all > "$work/run$run.log" 2>&1 || rc=$?
    took+=("$((SECONDS - start))")
    echo "targets: run $run exit $rc after ${took[-1]}s"
    sed -n '/^PLAY RECAP/,$p' "$work/run$run.log"
    [[ $rc -eq 0 ]] || tail -n 60 "$work/run$run.log"
  done
  for host in "${hosts[@]}"; do
    v="${host#python3}"; v="3.$v"
    local c1 c2 c bad field verdict=PASS
    c1="$(host_recap "$work/run1.log" "$host" changed)"; c2="$(host_recap "$work/run2.log" "$host" changed)"
    bad=0
    for run in 1 2; do
      for field in failed unreachable; do
        c="$(host_recap "$work/run$run.log" "$host" "$field")"
        [[ "${c:-1}" == "0" ]] || bad=1
      done
    done
    if [[ -z "$c1" || -z "$c2" || "$c1" -eq 0 || "$c2" -ne 0 || "$bad" -ne 0 || $FAILED -ne 0 ]]; then verdict=FAIL; fi
    printf 'matrix: %s target Python %-5s ansible-core %s controller, modules run by %s (%s; smoke changed=%s then changed=%s; runs %ss + %ss, shared by %s Pythons)\n' \
      "$verdict" "$v" "${CORE_RELEASE[$MAIN_CORE]}" "${HOST_PYTHON[$host]}" "$sanity" "${c1:-?}" "${c2:-?}" "${took[0]}" "${took[1]}" "$n" \
      > "$MATRIX/results/target-$v"
  done
}

# ------------------------------------------------------------------------------- main
kind="${1:-all}"; shift || true
declare -a CORES=() TARGETS=()
case "$kind" in
  all) CORES=("${ALL_CORE[@]}"); TARGETS=("${ALL_TARGET[@]}") ;;
  core) CORES=("$@"); [[ ${#CORES[@]} -gt 0 ]] || CORES=("${ALL_CORE[@]}") ;;
  target|targets) TARGETS=("$@"); [[ ${#TARGETS[@]} -gt 0 ]] || TARGETS=("${ALL_TARGET[@]}") ;;
  venvs) CORES=("$@"); [[ ${#CORES[@]} -gt 0 ]] || CORES=("${ALL_CORE[@]}") ;;
  *) die "usage: $0 [all | core [2.16 ...] | target [3.8 ...] | venvs [2.16 ...]]" ;;
esac
for v in "${CORES[@]}"; do [[ -n "${CORE_RELEASE[$v]:-}" ]] || die "unknown ansible-core version '$v' (known: ${!CORE_RELEASE[*]})"; done
[[ -x "$MAIN_VENV/bin/python" ]] || die "$MAIN_VENV missing: run scripts/setup.sh first"

mkdir -p "$MATRIX/logs" "$MATRIX/results"
link_pythons
export PATH="$MATRIX/bin:$PATH"

if [[ "$kind" == venvs ]]; then
  start=$SECONDS rc=0
  for v in "${CORES[@]}"; do
    (
      python="$(python_for "${CORE_PYTHON[$v]}")" || { echo "no Python ${CORE_PYTHON[$v]} on this machine"; exit 1; }
      make_venv "$MATRIX/venv-$v" "$python" "ansible-core==${CORE_RELEASE[$v]}" -r "$ROOT/requirements-matrix.txt"
    ) > "$MATRIX/logs/venv-$v.log" 2>&1 &
  done
  for _ in "${CORES[@]}"; do wait -n || rc=1; done
  log "venvs ${CORES[*]}: $([[ $rc -eq 0 ]] && echo ready || echo 'FAILED (the core jobs retry and report it)') in $((SECONDS - start))s"
  exit "$rc"
fi

# The longest jobs first (the core versions), the one targets job last, so that it fills the
# slot the first core job to finish leaves.
declare -a QUEUE=() RESULTS=()
for v in "${CORES[@]}"; do rm -f "$MATRIX/results/core-$v"; QUEUE+=("core $v"); RESULTS+=("core-$v"); done
for v in "${TARGETS[@]}"; do rm -f "$MATRIX/results/target-$v"; RESULTS+=("target-$v"); done
[[ ${#TARGETS[@]} -eq 0 ]] || QUEUE+=("targets ${TARGETS[*]}")

start=$SECONDS
for entry in "${QUEUE[@]}"; do
  # at most $JOBS jobs at once: the sanity runs are CPU-bound, venv builds mostly wait on the network
  while [[ $(jobs -rp | wc -l) -ge $JOBS ]]; do wait -n || true; done
  name="${entry%% *}"; [[ "$name" == targets ]] || name="${entry/ /-}"
  log "start $entry (log: .matrix/logs/$name.log)"
  # shellcheck disable=SC2086
  ( job_start=$SECONDS; "job_${entry%% *}" ${entry#* }; echo "job took $((SECONDS - job_start))s" ) > "$MATRIX/logs/$name.log" 2>&1 &
done
wait || true

echo
rc=0
: > "$MATRIX/summary.txt"
for name in "${RESULTS[@]}"; do
  if [[ -f "$MATRIX/results/$name" ]]; then
    line="$(cat "$MATRIX/results/$name")"
  else
    log_name="$name"; [[ "$name" == core-* ]] || log_name=targets
    line="matrix: FAIL ${name/-/ } (the job died; see .matrix/logs/$log_name.log)"
  fi
  echo "$line" | tee -a "$MATRIX/summary.txt"
  [[ "$line" == "matrix: PASS"* ]] || rc=1
done
log "matrix finished in $((SECONDS - start))s"
exit "$rc"
