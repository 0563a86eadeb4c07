# -*- coding: utf-8 -*-
# Copyright: mailtrap.general contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The to_baseline_yaml filter: data read from the API -> a vars file that Ansible reads back as data.

Docs in to_baseline_yaml.yml next to this file (ansible-doc -t filter mailtrap.general.to_baseline_yaml).

Everything in an exported file came from the account, and anyone who can name a user, project or
token there chooses some of it. Two ways such text could become something else when the file is
loaded with ``-e @file``:
- a line break in text written into a comment ends the comment, and what follows is YAML (a
  top-level variable such as ``mailtrap_api_url``): comments are written one escaped line each;
- ``{{ }}``, ``{% %}`` or ``{# #}`` in a value is templated by Ansible: such values carry the
  ``!unsafe`` tag, which Ansible reads as "never template this".
ansible-core's to_nice_yaml does neither (it drops the unsafe mark: 2.19 dumps untrusted and
unsafe strings alike as plain strings).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import unicodedata

from collections.abc import Mapping, Sequence

import yaml

from ansible.errors import AnsibleFilterError
from ansible.module_utils.common.text.converters import to_text
from ansible_collections.mailtrap.general.plugins.plugin_utils.text import ESCAPED_CATEGORIES, one_line

# What Jinja (as Ansible configures it) starts a template with.
TEMPLATE_MARKS = ("{{", "{%", "{#")


class _Untemplated(str):
    """A string written with the !unsafe tag."""


class _Dumper(yaml.SafeDumper):
    pass


def _style(text):
    # PyYAML writes some line breaks (NEL) raw in its other styles and reads them back as spaces;
    # double quotes escape every character that is not plain printable text.
    return '"' if any(unicodedata.category(char) in ESCAPED_CATEGORIES for char in text) else None


def _represent_untemplated(dumper, value):
    return dumper.represent_scalar("!unsafe", str.__str__(value), style=_style(value) or "'")


def _represent_text(dumper, value):
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=_style(value))


_Dumper.add_representer(_Untemplated, _represent_untemplated)
_Dumper.add_representer(str, _represent_text)


def _plain(value, where="value"):
    """``value`` as plain Python types (Ansible's tagged or unsafe types dropped), templatable text marked."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, (bytes, str)):
        # str.__str__, not str(): the unsafe and tagged str types of ansible-core override __str__
        # and would come back as themselves, which the YAML dumper cannot represent.
        text = str.__str__(to_text(value, errors="surrogate_or_replace"))
        return _Untemplated(text) if any(mark in text for mark in TEMPLATE_MARKS) else text
    if isinstance(value, (int, float)):
        # bool was taken above; int/float subclasses (none expected) are written as their value.
        return int(value) if isinstance(value, int) else float(value)
    if isinstance(value, Mapping):
        return dict((_plain(k, where), _plain(v, "%s.%s" % (where, k))) for k, v in value.items())
    if isinstance(value, Sequence):
        return [_plain(v, "%s[%d]" % (where, i)) for i, v in enumerate(value)]
    raise AnsibleFilterError("to_baseline_yaml: %s is a %s, which a vars file cannot hold as data" % (where, type(value).__name__))


def to_baseline_yaml(data, header=None, width=160):
    """``data`` as YAML that Ansible loads as the same data, after ``header`` as comment lines."""
    if header is None:
        lines = []
    elif isinstance(header, (bytes, str)) or not isinstance(header, Sequence):
        raise AnsibleFilterError("to_baseline_yaml: header must be a list of lines, got %s" % type(header).__name__)
    else:
        lines = [("# " + one_line(line)).rstrip() for line in header]
    body = yaml.dump(_plain(data), Dumper=_Dumper, default_flow_style=False, sort_keys=False, allow_unicode=True,
                     indent=2, width=width)
    return "".join(line + "\n" for line in lines) + body


class FilterModule(object):
    def filters(self):
        return {"to_baseline_yaml": to_baseline_yaml}
