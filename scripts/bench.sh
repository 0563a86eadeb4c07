#!/usr/bin/env bash
# The mailtrap.general benchmark (issue 5): the collection against Ansible's own floor and
# the ansible.builtin.uri peer, on the emulator with Business plan rate limits ON.
#
#   bash scripts/bench.sh                 # 3 interleaved rounds, 200 / 1000 users (~6 minutes on a quiet 2-core machine)
#   bash scripts/bench.sh --rounds 1      # one round (quick look)
#   bash scripts/bench.sh --json out.json # also keep the raw runs
#   bash scripts/bench.sh --rounds 1 --counts-only   # the request-count targets only, no timings (CI smoke)
#
# Prints one table (requests, writes, 429 answers, wall time, ratios) and the targets,
# PASS/FAIL each; exits 1 if a target fails. See docs/performance.md.
# From a fresh clone it needs nothing else: scripts/setup.sh makes .venv (and is quick when it
# is up to date); the floor collection is tests/perf/collections/ansible_collections/bench/floor.
# PYTHON=/path/to/python runs it with another Python that has ansible-core and requests instead.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
if [[ -z "${PYTHON:-}" ]]; then
  bash "$ROOT/scripts/setup.sh" >&2
  PYTHON="$ROOT/.venv/bin/python"
fi
exec "$PYTHON" tests/perf/bench.py "$@"
