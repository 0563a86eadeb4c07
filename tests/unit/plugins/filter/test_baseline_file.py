# -*- coding: utf-8 -*-
"""The to_baseline_yaml filter: what the export writes is read back by Ansible as the same data, never templated."""

from __future__ import absolute_import, division, print_function

import pytest
from ansible.errors import AnsibleFilterError
from ansible.parsing.dataloader import DataLoader
from ansible.template import Templar

from ansible_collections.mailtrap.general.plugins.filter.baseline_file import FilterModule, one_line

to_baseline_yaml = FilterModule().filters()["to_baseline_yaml"]

NASTY = [
    "plain", "yes", "null", "123", "proj: x", "# not a comment", " spaced ", "",
    "{{ lookup('env', 'MAILTRAP_API_TOKEN') }}", "{{ 7 * 7 }}", "{% if true %}x{% endif %}", "{# c #}",
    "a\nb: c", "x\r\ny", "nel\x85ls\u2028ps\u2029", "tab\there", "bell\x07", "it's \"quoted\"", "\u202eevil",
    "Jos\u00e9 \U0001f600",
]


def load(text):
    return DataLoader().load(text)


def test_round_trip_keeps_every_value():
    data = {"account_baseline_config": {"tokens": [{"name": n, "secret_kept": False} for n in NASTY],
                                        "n": 3, "f": 1.5, "none": None, "t": True, "{{ key }}": "v"}}
    text = to_baseline_yaml(data)
    assert load(text) == data


def test_jinja_is_tagged_unsafe_and_never_templated():
    text = to_baseline_yaml({"name": "{{ 7 * 7 }}", "other": "{% raw %}", "fine": "no marks"})
    assert "name: !unsafe '{{ 7 * 7 }}'" in text
    assert "fine: no marks" in text
    loaded = load(text)
    assert Templar(loader=DataLoader(), variables={}).template(loaded["name"]) == "{{ 7 * 7 }}"


def test_header_lines_stay_comments():
    text = to_baseline_yaml({"a": 1}, header=["account: Odd\nmailtrap_api_url: http://x/ #", "", "x\u2028y: 1\rz"])
    lines = text.splitlines()
    assert lines[:3] == ["# account: Odd\\nmailtrap_api_url: http://x/ #", "#", "# x\\u2028y: 1\\rz"]
    assert load(text) == {"a": 1}


def test_one_line_escapes_what_could_end_or_hide_a_line():
    assert one_line("a\nb\\c\t\x00\u202e\U000e0001") == "a\\nb\\\\c\\t\\u0000\\u202e\\U000e0001"
    assert one_line("Jos\u00e9 \U0001f600") == "Jos\u00e9 \U0001f600"


@pytest.mark.parametrize("value, header", [({"a": object()}, None), ({"a": 1}, "one string"), ({"a": 1}, {"a": 1})])
def test_bad_input_is_a_filter_error(value, header):
    with pytest.raises(AnsibleFilterError):
        to_baseline_yaml(value, header=header)
