# -*- coding: utf-8 -*-
# Copyright: mailtrap.general contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The drift_report filter: what a check-mode run of the account baseline would change, as a report.

Docs in drift_report.yml next to this file (ansible-doc -t filter mailtrap.general.drift_report).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.errors import AnsibleFilterError
from ansible_collections.mailtrap.general.plugins.plugin_utils.text import markdown_code, markdown_text

# The order account_baseline applies its sections in, and the order the report lists them in.
SECTIONS = ("account", "notifications", "security", "sso", "users", "account_accesses", "projects", "tokens", "template_shares")
SINGLETONS = ("account", "notifications", "security", "sso")
# A check-mode Step, in the words of a drift report.
CHANGES = {
    "missing": "in the baseline, not in the account (would be created)",
    "extra": "in the account, not in the baseline (would be removed)",
    "differs": "differs from the baseline (would be updated)",
}


def _fields(before, after):
    """The keys whose values differ, with before/after values of just those keys."""
    before, after = before or {}, after or {}
    keys = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
    return keys, dict((k, before.get(k)) for k in keys), dict((k, after.get(k)) for k in keys)


def _item(section, name, change, before=None, after=None):
    item = {"section": section, "object": name, "change": change}
    if change == "differs":
        item["fields"], item["before"], item["after"] = _fields(before, after)
    elif change == "extra":
        item["before"] = before
    else:
        item["after"] = after
    return item


def _label(obj, fallback):
    for key in ("email", "name", "template"):
        if isinstance(obj, dict) and obj.get(key):
            return obj[key]
    return fallback


def _bulk(section, result):
    """Items of a bulk module's check-mode result: from its diff, keyed by identity."""
    diff = result.get("diff") or {}
    before, after = diff.get("before") or {}, diff.get("after") or {}
    items = []
    if before or after:
        for key in sorted(set(before) | set(after)):
            old, new = before.get(key), after.get(key)
            name = _label(old if old is not None else new, key)
            if old is None:
                items.append(_item(section, name, "missing", after=new))
            elif new is None:
                items.append(_item(section, name, "extra", before=old))
            else:
                items.append(_item(section, name, "differs", old, new))
    else:
        # Without --diff the result still names the objects.
        for key, change in (("created", "missing"), ("removed", "extra"), ("updated", "differs")):
            items.extend({"section": section, "object": name, "change": change} for name in result.get(key) or [])
    named = set(i["object"] for i in items)
    for name, reasons in sorted((result.get("drift") or {}).items()):
        # Tokens that differ but that the baseline does not replace (recreate: never).
        if name not in named:
            items.append({"section": section, "object": name, "change": "differs", "fields": [],
                          "reasons": reasons if isinstance(reasons, list) else [reasons]})
    return items


def _results(value):
    """A registered result, or the results of a loop."""
    if isinstance(value, dict) and isinstance(value.get("results"), list):
        return [r for r in value["results"] if isinstance(r, dict)]
    return [value] if isinstance(value, dict) else []


def drift_items(results):
    if not isinstance(results, dict):
        raise AnsibleFilterError("drift_report expects a dict of section name -> registered result, got %s"
                                 % type(results).__name__)
    unknown = sorted(set(results) - set(SECTIONS))
    if unknown:
        raise AnsibleFilterError("drift_report: unknown section(s) %s; known: %s" % (", ".join(unknown), ", ".join(SECTIONS)))
    items = []
    for section in SECTIONS:
        for result in _results(results.get(section)):
            if result.get("skipped") or not result.get("changed"):
                if result.get("drift"):
                    items.extend(_bulk(section, result))
                continue
            if section in SINGLETONS:
                diff = result.get("diff") or {}
                items.append(_item(section, section, "differs", diff.get("before"), diff.get("after")))
            elif section == "account_accesses" and isinstance(result.get("item"), dict):
                # One looped mailtrap_account_access result per person: its diff is that person's access.
                diff = result.get("diff") or {}
                who = result["item"].get("email") or _label(diff.get("after") or diff.get("before"), "account access")
                items.append(_item(section, who, "differs", diff.get("before"), diff.get("after")))
            elif section == "template_shares":
                diff = result.get("diff") or {}
                template = (result.get("item") or {}).get("template") or _label(result.get("share"), "template")
                items.append(_item(section, template, "differs", diff.get("before"), diff.get("after")))
            else:
                items.extend(_bulk(section, result))
    return items


def _value(value):
    if isinstance(value, list):
        return "[%s]" % ", ".join(_value(v) for v in value)
    if isinstance(value, dict):
        return "{%s}" % ", ".join("%s: %s" % (k, _value(v)) for k, v in sorted(value.items()))
    return "null" if value is None else str(value)


def _element(value):
    """One element of a list field, in words: a person, a resource or a value."""
    if isinstance(value, dict):
        kind = value.get("resource_type") or value.get("type")
        if kind:
            # A resource permission (live account accesses and users): "project 202 (viewer)".
            which = next((value[k] for k in ("resource_id", "id", "name") if value.get(k) not in (None, "")), "?")
            level = next((value[k] for k in ("access_level_name", "access", "access_level") if value.get(k) not in (None, "")), None)
            return "%s %s (%s)" % (kind, which, level) if level is not None else "%s %s" % (kind, which)
        name = _label(value, None) or value.get("user") or value.get("user_id")
        extra = [str(value[k]) for k in ("role", "permission") if value.get(k)]
        if name is None:
            return _value(value)
        return "%s (%s)" % (name, ", ".join(extra)) if extra else str(name)
    return _value(value)


def _detail(field, have, want):
    """One field of a difference: the account's value against the baseline's; lists by element."""
    if isinstance(have, list) and isinstance(want, list):
        lacks = [_element(v) for v in want if v not in have]
        extra = [_element(v) for v in have if v not in want]
        parts = []
        if lacks:
            parts.append("the account lacks %s" % ", ".join(markdown_text(v) for v in lacks))
        if extra:
            parts.append("the account has %s beyond the baseline" % ", ".join(markdown_text(v) for v in extra))
        if parts:
            return "%s: %s" % (field, "; ".join(parts))
    return "%s: account %s, baseline %s" % (field, markdown_text(_value(have)), markdown_text(_value(want)))


def markdown(report):
    lines = ["# Mailtrap drift report", ""]
    where = "account %s" % markdown_text(report["account"]) if report.get("account") not in (None, "") else "the account"
    when = " at %s" % markdown_text(report["checked_at"]) if report.get("checked_at") else ""
    if not report["drift"]:
        lines.append("No drift: %s matches the baseline (checked%s)." % (where, when))
        return "\n".join(lines) + "\n"
    lines.append("**%d difference(s)** between %s and the baseline (checked%s, in check mode: nothing was changed)."
                 % (report["count"], where, when))
    for section in SECTIONS:
        items = [i for i in report["items"] if i["section"] == section]
        if not items:
            continue
        lines.extend(["", "## %s" % section, ""])
        for item in items:
            # Names come from the account: a code span of one line, so no name can start a line,
            # close its span, or open an HTML comment that hides the items after it.
            text = "- %s: %s" % (markdown_code(item["object"]), CHANGES[item["change"]])
            details = [_detail(f, item["before"].get(f), item["after"].get(f)) for f in item.get("fields") or []]
            details.extend(markdown_text(reason) for reason in item.get("reasons") or [])
            if details:
                text += "; " + "; ".join(details)
            lines.append(text)
    return "\n".join(lines) + "\n"


def drift_report(results, account=None, checked_at=None):
    """``results``: section -> registered result of the baseline run in check mode (with diff)."""
    items = drift_items(results)
    counts = dict((s, len([i for i in items if i["section"] == s])) for s in SECTIONS)
    report = {
        "drift": bool(items),
        "count": len(items),
        "account": account,
        "checked_at": checked_at,
        "sections": dict((s, n) for s, n in counts.items() if n),
        "items": items,
    }
    report["summary"] = ", ".join("%s: %d" % (s, n) for s, n in counts.items() if n) or "no drift"
    report["markdown"] = markdown(report)
    return report


class FilterModule(object):
    def filters(self):
        return {"drift_report": drift_report}
