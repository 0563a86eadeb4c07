# -*- coding: utf-8 -*-
"""docs/scopes.md lists every module with the scopes its documentation names."""

from __future__ import absolute_import, division, print_function

import glob
import os
import re

from test_playbooks import REPO


def test_every_module_and_its_scopes_are_in_the_scopes_page():
    page = open(os.path.join(REPO, "docs", "scopes.md")).read()
    rows = dict((m, line) for line in page.splitlines() if line.startswith("| `mailtrap_")
                for m in re.findall(r"`(mailtrap_\w+)`", line.split("|")[1]))
    for path in sorted(glob.glob(os.path.join(REPO, "plugins", "modules", "mailtrap_*.py"))):
        name = os.path.basename(path)[:-3]
        text = re.sub(r"\s+", " ", open(path).read())
        found = re.search(r"Token scopes? needed: (.*?)\"", text)
        assert found, "%s documents no 'Token scopes needed' line" % name
        assert name in rows, "%s is missing from docs/scopes.md" % name
        for scope in re.findall(r"C\((\w+:\w+)\)", found.group(1)):
            assert "`%s`" % scope in rows[name], "%s needs %s, docs/scopes.md does not say so" % (name, scope)
