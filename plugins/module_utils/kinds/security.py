# -*- coding: utf-8 -*-
# Copyright: mailtrap.general contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The account's security policy (2FA, IP allow-list, password policy): mailtrap_security.

The allow-list is enforced on every API request, so a change that takes access away from any
address is refused (``guard``) unless acknowledged with ``allow_access_narrowing``; check mode
refuses it too, so that it predicts what a real run does.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import ipaddress

from ansible_collections.mailtrap.general.plugins.module_utils import shapes
from ansible_collections.mailtrap.general.plugins.module_utils.kind import InputError, Refusal
from ansible_collections.mailtrap.general.plugins.module_utils.kinds.settings import SettingsAdapter, SettingsKind, check_range, given, not_in_live

SECURITY_OPTIONS = dict(
    require_2fa=dict(type="bool"),
    ip_whitelist=dict(type="list", elements="str"),
    # no_log=False: the name looks like a password to Ansible's heuristics; it holds none.
    password_policy=dict(type="dict", no_log=False, options=dict(
        min_length=dict(type="int"),
        require_special=dict(type="bool"),
        require_numbers=dict(type="bool"),
    )),
    allow_access_narrowing=dict(type="bool", default=False),
)
# How many addresses an error or warning names before it says "and N more".
_MAX_LISTED = 10


# ---------------------------------------------------------------------- CIDR lists
def _sort_key(network):
    return (network.version, network.network_address, network.prefixlen)


def parse_network(value):
    """One address or CIDR -> ip_network; ValueError with a message that says what to write."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError("%r is not an IPv4/IPv6 address or CIDR block" % (value,))
    text = value.strip()
    try:
        return ipaddress.ip_network(text, strict=True)
    except ValueError:
        pass
    try:
        loose = ipaddress.ip_network(text, strict=False)
    except ValueError:
        raise ValueError("%r is not an IPv4/IPv6 address or CIDR block" % (value,))
    raise ValueError("%r has host bits set; write the network %s instead (or %s/%d for that one address)"
                     % (value, loose, ipaddress.ip_address(text.split("/")[0]), loose.max_prefixlen))


def networks(values, strict=True):
    """Deduplicated, sorted ip_network objects (IPv4 first). ``strict=False`` masks host bits."""
    found = set()
    for value in values or []:
        if strict:
            found.add(parse_network(value))
        else:
            found.add(ipaddress.ip_network(str(value).strip(), strict=False))
    return sorted(found, key=_sort_key)


def normalise_cidrs(values):
    """The comparable (and sent) form of an allow-list: sorted unique CIDR strings."""
    return [str(n) for n in networks(values, strict=False)]


def _uncovered(network, desired):
    """The parts of ``network`` that no network of ``desired`` covers."""
    pieces = [network]
    for wanted in desired:
        if wanted.version != network.version:
            continue
        remaining = []
        for piece in pieces:
            if piece.subnet_of(wanted):
                continue
            if wanted.subnet_of(piece):
                remaining.extend(piece.address_exclude(wanted))
            else:
                remaining.append(piece)
        pieces = remaining
    return pieces


def lost_access(current, desired):
    """What a change of allow-list from ``current`` to ``desired`` takes away.

    Returns None when nothing is lost (same coverage or wider, or the list is turned off), else
    a dict: ``turning_on`` (the list was empty, so every address outside ``desired`` loses
    access) and ``lost`` (CIDR strings that lose access).
    """
    have = networks(current, strict=False)
    want = networks(desired, strict=False)
    if not want:
        return None  # an empty list turns the restriction off: nobody loses access
    if not have:
        return {"turning_on": True, "lost": []}
    lost = []
    for network in have:
        if any(network.version == w.version and network.subnet_of(w) for w in want):
            continue
        lost.extend(_uncovered(network, want))
    if not lost:
        return None
    collapsed = []
    for version in (4, 6):
        collapsed.extend(ipaddress.collapse_addresses([n for n in lost if n.version == version]))
    return {"turning_on": False, "lost": [str(n) for n in sorted(collapsed, key=_sort_key)]}


def _listing(items):
    shown = ", ".join(items[:_MAX_LISTED])
    if len(items) > _MAX_LISTED:
        shown += " and %d more" % (len(items) - _MAX_LISTED)
    return shown


def describe_lost_access(loss, desired):
    if loss["turning_on"]:
        return ("it turns the allow-list on, so every address outside %s loses access"
                % _listing(desired))
    return "these addresses lose access: %s" % _listing(loss["lost"])


def check_cidrs(values, option="ip_whitelist"):
    """Validate and normalise a list of addresses/CIDRs before any request."""
    problems = []
    for index, value in enumerate(values):
        try:
            parse_network(value)
        except ValueError as exc:
            problems.append("%s[%d]: %s" % (option, index, exc))
    if problems:
        raise InputError("; ".join(problems) + ".")
    return [str(n) for n in networks(values)]


# ---------------------------------------------------------------------- the Kind

class OverviewSecurity(SettingsAdapter):
    path = "security"
    types = {"require_2fa": bool, "ip_whitelist": list, "password_policy": dict}

    def checked(self, answer, method):
        answer = super(OverviewSecurity, self).checked(answer, method)
        try:
            normalise_cidrs(answer.get("ip_whitelist") or [])
        except (TypeError, ValueError):
            raise shapes.unexpected(method, self.full(self.path), "an ip_whitelist of addresses and CIDR blocks", answer)
        return answer


class SecurityKind(SettingsKind):
    noun = "security"
    adapters = {"overview": OverviewSecurity}
    unsupported = not_in_live("no security settings (two-factor enforcement, IP allow-list, password policy)",
                              "Manage them in the Mailtrap web app (Settings > Security)")

    def __init__(self, module):
        super(SecurityKind, self).__init__(module)
        self.loss = None  # what the new allow-list takes away, found by guard

    def normalise(self, key, value):
        if key == "ip_whitelist" and isinstance(value, list):
            return normalise_cidrs(value)
        return value

    def check(self, entry, where):
        desired = given(entry, ["require_2fa"])
        if entry.get("ip_whitelist") is not None:
            desired["ip_whitelist"] = check_cidrs(entry["ip_whitelist"])
        if entry.get("password_policy") is not None:
            policy = given(entry["password_policy"], ["min_length", "require_special", "require_numbers"])
            check_range("password_policy.min_length", policy.get("min_length"), 8, 128)
            if policy:
                desired["password_policy"] = policy
        return desired

    def guard(self, steps):
        desired = steps[0].entry.desired
        if "ip_whitelist" not in desired:
            return
        self.loss = lost_access(self.current.get("ip_whitelist") or [], desired["ip_whitelist"])
        if self.loss is None or self.params.get("allow_access_narrowing"):
            return
        raise Refusal(
            "Refusing to change ip_whitelist: the new allow-list narrows access to the account, %s. The allow-list "
            "is enforced on every API request and sign-in, so this can lock out the machines running this automation "
            "(its next API call would be refused with 403 'IP address not allowed') and the account's users. Make "
            "sure the new list covers them, then set allow_access_narrowing: true to acknowledge. Nothing was changed."
            % describe_lost_access(self.loss, desired["ip_whitelist"]),
            lost_access=self.loss["lost"], turning_on=self.loss["turning_on"])

    def warnings(self, steps):
        if self.loss is None:
            return []
        return ["ip_whitelist narrows access to the account (acknowledged by allow_access_narrowing): %s. API calls "
                "from outside the list are refused with 403 'IP address not allowed'."
                % describe_lost_access(self.loss, steps[0].entry.desired["ip_whitelist"])]
