#!/usr/bin/env python
"""Check that meta/runtime.yml's ``mailtrap`` action group lists exactly the modules.

Every file ``plugins/modules/<name>.py`` must appear in ``action_groups.mailtrap``
(so that ``module_defaults: {group/mailtrap.general.mailtrap: ...}`` reaches it), and
the group must not list a module that does not exist.

Usage:
    scripts/check_action_group.py          # check, exit 1 with a message on mismatch
    scripts/check_action_group.py --fix    # rewrite the group as the sorted module list

Entries may be short names (``mailtrap_user``) or FQCNs (``mailtrap.general.mailtrap_user``).
``--fix`` writes short names, sorted, and keeps the rest of runtime.yml untouched.
"""

from __future__ import annotations

import argparse
import os
import re
import sys

try:
    import yaml
except ImportError:  # pragma: no cover - PyYAML comes with ansible-core
    sys.exit("check_action_group: PyYAML is required (run scripts/setup.sh and use .venv/bin/python)")

GROUP = "mailtrap"
FQCN_PREFIX = "mailtrap.general."
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def module_names(root: str) -> list[str]:
    mod_dir = os.path.join(root, "plugins", "modules")
    if not os.path.isdir(mod_dir):
        return []
    names = []
    for entry in os.listdir(mod_dir):
        base, ext = os.path.splitext(entry)
        if ext == ".py" and base != "__init__" and os.path.isfile(os.path.join(mod_dir, entry)):
            names.append(base)
    return sorted(names)


def load_group(runtime_path: str) -> list[str]:
    try:
        with open(runtime_path, encoding="utf-8") as f:
            data = yaml.safe_load(f) or {}
    except yaml.YAMLError as exc:
        sys.exit(f"check_action_group: FAIL: {runtime_path} is not valid YAML: {exc}")
    groups = data.get("action_groups") or {}
    if not isinstance(groups, dict):
        sys.exit(f"check_action_group: {runtime_path}: action_groups must be a mapping")
    group = groups.get(GROUP) or []
    if not isinstance(group, list):
        sys.exit(f"check_action_group: {runtime_path}: action_groups.{GROUP} must be a list")
    result = []
    for item in group:
        if not isinstance(item, str):
            # e.g. {"metadata": {...}} entries: not module names
            continue
        result.append(item[len(FQCN_PREFIX):] if item.startswith(FQCN_PREFIX) else item)
    return result


def render_group(names: list[str], indent: str) -> list[str]:
    if not names:
        return [f"{indent}{GROUP}: []\n"]
    return [f"{indent}{GROUP}:\n"] + [f"{indent}  - {n}\n" for n in names]


def fix(runtime_path: str, names: list[str]) -> None:
    with open(runtime_path, encoding="utf-8") as f:
        lines = f.readlines()

    ag_idx = next((i for i, line in enumerate(lines) if re.match(r"^action_groups:\s*(#.*)?$", line)), None)
    if ag_idx is None:
        if lines and not lines[-1].endswith("\n"):
            lines[-1] += "\n"
        lines += ["action_groups:\n"] + render_group(names, "  ")
    else:
        # find the group key inside the action_groups block
        start = None
        indent = "  "
        i = ag_idx + 1
        while i < len(lines):
            line = lines[i]
            if line.strip() and not line[0].isspace() and not line.startswith("#"):
                break  # end of action_groups block
            m = re.match(rf"^(\s+){re.escape(GROUP)}:", line)
            if m:
                start, indent = i, m.group(1)
                break
            i += 1
        if start is None:
            lines[ag_idx + 1:ag_idx + 1] = render_group(names, "  ")
        else:
            end = start + 1
            while end < len(lines):
                line = lines[end]
                stripped = line.strip()
                if not stripped:
                    break
                cur_indent = len(line) - len(line.lstrip())
                # list items may sit at the key's indent ("  - x") or deeper
                if stripped.startswith("- ") or stripped == "-":
                    if cur_indent >= len(indent):
                        end += 1
                        continue
                    break
                if cur_indent > len(indent):  # continuation / nested mapping
                    end += 1
                    continue
                break
            lines[start:end] = render_group(names, indent)

    with open(runtime_path, "w", encoding="utf-8") as f:
        f.writelines(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fix", action="store_true", help="rewrite the action group as the sorted module list")
    parser.add_argument("--root", default=ROOT, help="collection root (default: this repo)")
    args = parser.parse_args()

    runtime_path = os.path.join(args.root, "meta", "runtime.yml")
    if not os.path.isfile(runtime_path):
        print(f"check_action_group: FAIL: {runtime_path} does not exist", file=sys.stderr)
        return 1

    modules = module_names(args.root)
    group = load_group(runtime_path)

    if args.fix:
        fix(runtime_path, modules)
        group = load_group(runtime_path)
        if sorted(set(group)) != modules:
            print("check_action_group: FAIL: --fix did not produce the expected list; edit meta/runtime.yml by hand",
                  file=sys.stderr)
            return 1
        print(f"check_action_group: wrote {len(modules)} module(s) to action_groups.{GROUP} in meta/runtime.yml")
        return 0

    missing = [m for m in modules if m not in group]
    unknown = sorted(set(g for g in group if g not in modules))
    dupes = sorted(set(g for g in group if group.count(g) > 1))

    problems = []
    if missing:
        problems.append("modules not listed in action_groups.%s: %s" % (GROUP, ", ".join(missing)))
    if unknown:
        problems.append("action_groups.%s lists modules that do not exist in plugins/modules/: %s"
                        % (GROUP, ", ".join(unknown)))
    if dupes:
        problems.append("action_groups.%s lists modules more than once: %s" % (GROUP, ", ".join(dupes)))
    if problems:
        for p in problems:
            print(f"check_action_group: FAIL: {p}", file=sys.stderr)
        print("check_action_group: run `scripts/check_action_group.py --fix` to rewrite the list", file=sys.stderr)
        return 1

    print(f"check_action_group: OK ({len(modules)} module(s) in action_groups.{GROUP})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
