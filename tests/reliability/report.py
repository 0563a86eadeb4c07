# -*- coding: utf-8 -*-
"""Print the reliability table (Markdown) from the figures of the last suite run.

    python -m pytest tests/reliability          # writes tests/output/reliability.json
    python tests/reliability/report.py          # prints the table of docs/reliability.md
"""

from __future__ import absolute_import, division, print_function

import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT = os.path.join(os.path.dirname(os.path.dirname(HERE)), "tests", "output", "reliability.json")
ORDER = ["Faults", "Check mode", "Secrets", "Bad input", "Guards", "Concurrency", "TLS", "Emulator fuzzing"]


def cell(text):
    return str(text).replace("|", "\\|").replace("\n", " ")


def figures(values):
    parts = []
    for key in sorted(values):
        value = values[key]
        if value in (None, "", [], {}):
            continue
        if isinstance(value, float):
            value = ("%.2f" % value).rstrip("0").rstrip(".")
        elif isinstance(value, (list, dict)):
            value = json.dumps(value, sort_keys=True)
        parts.append("%s: %s" % (key.replace("_", " "), value))
    return "; ".join(parts)


def main(path=DEFAULT):
    with open(path) as handle:
        data = json.load(handle)
    rows = sorted(data["rows"], key=lambda r: (ORDER.index(r["section"]) if r["section"] in ORDER else 99, r["key"]))
    print("Measured on %s (the pytest session that wrote them took %s s)." % (data["generated"], data.get("suite_seconds", "?")))
    print()
    print("| area | what is tried | result | figures |")
    print("|---|---|---|---|")
    for row in rows:
        print("| %s | %s | %s | %s |" % (cell(row["section"]), cell(row["tried"]), cell(row["result"]),
                                         cell(figures(row["figures"]))))


if __name__ == "__main__":
    main(*sys.argv[1:])
