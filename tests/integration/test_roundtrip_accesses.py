# -*- coding: utf-8 -*-
"""Round trip of the account-access pair (issue 13, item 2): what mailtrap_account_access_info
returns, fed unchanged to mailtrap_account_accesses, changes nothing - with exclusive entries and
purge, so that "exactly this, nobody else" holds too - on the emulator's rich account in the live
dialect. The journal shows only reads: one GET of the accesses per task, no resource tree (the
info gives ids)."""

from __future__ import absolute_import, division, print_function

import yaml

from live_support import gets_per_collection, live, live_server, recap  # noqa: F401 pylint: disable=unused-import
from test_playbooks import run_playbook

PLAY = [{
    "name": "Account accesses, read and fed back",
    "hosts": "localhost",
    "gather_facts": False,
    "module_defaults": {"group/mailtrap.general.mailtrap": {"api_dialect": "live"}},
    "tasks": [
        {"name": "Read", "mailtrap.general.mailtrap_account_access_info": {}, "register": "info"},
        {"name": "Feed back, exclusive, with purge",
         "mailtrap.general.mailtrap_account_accesses": {
             "account_accesses": "{{ info.account_accesses | map('combine', {'exclusive': true}) | list }}",
             "purge": True},
         "register": "fed"},
        {"name": "Nothing changed, nobody spared, everyone shown as read",
         "ansible.builtin.assert": {"that": [
             "fed is not changed",
             "fed.updated == [] and fed.removed == [] and fed.spared == []",
             "fed.account_accesses == info.account_accesses",
             "info.account_accesses | length >= 40",
         ]}},
    ],
}]


def test_info_fed_back_changes_nothing(live, tmp_path):
    playbook = tmp_path / "roundtrip.yml"
    playbook.write_text(yaml.safe_dump(PLAY, sort_keys=False))
    for extra in ([], ["--check", "--diff"]):
        live.clear_journal()
        result = run_playbook(str(playbook), live.url, extra)
        output = result.stdout + result.stderr
        assert result.returncode == 0, output[-6000:]
        assert recap(output)["changed"] == 0, output[-4000:]
        assert live.writes() == []
        assert gets_per_collection(live) == {"account_accesses": 2}
