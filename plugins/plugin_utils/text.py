# -*- coding: utf-8 -*-
# Copyright: mailtrap.general contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Text from the API written into files people and programs read (exported vars files, drift reports).

Names in a Mailtrap account are chosen by anyone who can name a user, project or token there, so
whatever is written from them must stay on its line and show every character it holds.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import unicodedata

from ansible.module_utils.common.text.converters import to_text

# Characters that end a YAML line (YAML 1.1, as PyYAML reads it) or that a reader refuses or a
# person cannot see: control characters, format characters (bidi overrides), unassigned, private
# use, surrogates, and the line/paragraph separators.
ESCAPED_CATEGORIES = ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp")
_SHORT_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def one_line(text, special=("\\",)):
    """``text`` on one line, every character that could end or hide part of a line escaped.

    ``special``: characters written as a backslash and themselves (a backslash, so that an escape
    written here and a backslash of the text cannot be confused).
    """
    out = []
    for char in to_text(text, errors="surrogate_or_replace"):
        if char in special:
            out.append("\\" + char)
        elif char in _SHORT_ESCAPES:
            out.append(_SHORT_ESCAPES[char])
        elif unicodedata.category(char) in ESCAPED_CATEGORIES:
            code = ord(char)
            out.append("\\u%04x" % code if code <= 0xFFFF else "\\U%08x" % code)
        else:
            out.append(char)
    return "".join(out)


# What Markdown (CommonMark) could read as markup in running text: code, emphasis, links, raw HTML,
# entities, tables. A backslash before ASCII punctuation makes it a literal character.
_MARKDOWN_SPECIAL = tuple("\\`*_[]<>&|")


def markdown_text(text):
    """``text`` on one line, as Markdown running text that shows exactly these characters."""
    return one_line(text, special=_MARKDOWN_SPECIAL)


def markdown_code(text):
    """``text`` on one line as a Markdown code span (no markup, no HTML), whatever backticks it holds."""
    text = one_line(text)
    if not text:
        return "` `"
    longest = run = 0
    for char in text:
        run = run + 1 if char == "`" else 0
        longest = max(longest, run)
    fence = "`" * (longest + 1)
    # A space on both sides keeps a backtick at either end out of the fence (CommonMark strips one).
    pad = " " if text.startswith("`") or text.endswith("`") or (text.startswith(" ") and text.endswith(" ") and text.strip()) else ""
    return "%s%s%s%s%s" % (fence, pad, text, pad, fence)
