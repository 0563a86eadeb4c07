# -*- coding: utf-8 -*-
# Copyright: mailtrap.general contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Checks that an API answer has the shape a Kind relies on, before anything reads it.

A server of another dialect, a proxy or a newer API version can answer with an envelope
(``{"data": [...], "pagination": ...}``) where a bare list was expected, drop an ``id`` or
change a type. Reading such an answer would crash the module with a traceback; these checks
turn it into one MailtrapAPIError that names the call, what was expected and what came back.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.mailtrap.general.plugins.module_utils.errors import unexpected_shape

_TYPE_NAMES = {int: "an integer", str: "a string", bool: "true/false", list: "a list", dict: "an object"}


def _describe(value):
    if value is None:
        return "null"
    if isinstance(value, dict):
        return "an object with keys %s" % (", ".join(sorted(str(k) for k in value)[:6]) or "none")
    if isinstance(value, list):
        return "a list"
    return type(value).__name__


def unexpected(method, path, expected, answer):
    return unexpected_shape(method, path, expected, answer, got=_describe(answer))


def _is(value, kind):
    if kind is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, kind)


def check_object(answer, method, path, fields=None, what="an object"):
    """``answer`` must be a dict; ``fields`` maps a key that must be there to its type
    (None for any type). Returns the answer."""
    if not isinstance(answer, dict):
        raise unexpected(method, path, what, answer)
    for key, kind in (fields or {}).items():
        if key not in answer:
            raise unexpected(method, path, "%s with %r" % (what, key), answer)
        value = answer[key]
        if kind is not None and value is not None and not _is(value, kind):
            raise unexpected(method, path, "%s whose %r is %s" % (what, key, _TYPE_NAMES.get(kind, kind.__name__)),
                             answer)
    return answer


def check_list(answer, method, path, fields=None, what="a list", nullable=False):
    """``answer`` must be a list of objects, each with ``fields`` (see check_object).

    A list endpoint that answers nothing is not an empty list: reading it as one would create
    what already exists. Only a list nested in an object may be missing (``nullable``)."""
    if answer is None and nullable:
        return []
    if not isinstance(answer, list):
        raise unexpected(method, path, what, answer)
    for item in answer:
        check_object(item, method, path, fields, "%s of objects" % what)
    return answer


def optional(answer, method, path, fields=None):
    """A write's answer: None (no body, or check mode) or an object with ``fields``."""
    if answer is None or answer == "":
        return None
    return check_object(answer, method, path, fields)
