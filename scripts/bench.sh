#!/usr/bin/env bash
# The mailtrap.general benchmark (issue 5): the collection against Ansible's own floor and
# the ansible.builtin.uri peer, on the emulator with Business plan rate limits ON.
#
#   bash scripts/bench.sh                 # 3 interleaved rounds, 200 / 1000 users (~6 minutes on a quiet 2-core machine)
#   bash scripts/bench.sh --rounds 1      # one round (quick look)
#   bash scripts/bench.sh --json out.json # also keep the raw runs
#
# Prints one table (requests, writes, 429 answers, wall time, ratios) and the targets,
# PASS/FAIL each; exits 1 if a target fails. See docs/performance.md.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
if [[ -z "${PYTHON:-}" ]]; then
  for candidate in "$ROOT/.venv/bin/python" /tmp/venv/bin/python; do
    if [[ -x "$candidate" ]]; then PYTHON="$candidate"; break; fi
  done
fi
PYTHON="${PYTHON:-python3}"
exec "$PYTHON" tests/perf/bench.py "$@"
