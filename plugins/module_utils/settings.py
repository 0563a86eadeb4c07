# -*- coding: utf-8 -*-
# Copyright: mailtrap.general contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Singleton settings modules (security, account, notifications, SSO): shared pieces.

* :func:`run_settings` is the one ``main()`` shape: read the object once, compare only the
  keys the user gave, write the difference (check mode stops in the client), return the object
  under the module's noun and ``diff``.
* Input checks that must run before any request: CIDR lists, IANA time zones, integer ranges.
* :func:`lost_access` tells whether a new IP allow-list narrows the current one, and what.
* :class:`SsoSettings`: SSO is configured by a POST of the whole configuration and disabled
  by a DELETE, unlike the merge-by-PUT/PATCH objects.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import ipaddress

from ansible_collections.mailtrap.general.plugins.module_utils.resource import Settings, merged

# How many addresses an error or warning names before it says "and N more".
_MAX_LISTED = 10


# ---------------------------------------------------------------------- the runner

def run_settings(module, noun, settings, desired, guard=None):
    """Bring a settings object to ``desired`` and exit the module.

    ``settings`` is a callable ``client -> Settings`` (the client is built only here, after
    every input check). ``guard(settings)`` may look at the current object and fail or warn
    before anything is written.
    """

    def apply():
        current = settings(module.client)
        current.read()
        if guard is not None:
            guard(current)
        changed = current.apply(desired)
        result = {"changed": changed, noun: current.after}
        if module._diff:
            result["diff"] = current.diff()
        return result

    module.run(apply)


def given(params, keys):
    """The options among ``keys`` that the user set (None means "leave alone")."""
    return dict((key, params[key]) for key in keys if params.get(key) is not None)


def check_range(module, option, value, low, high):
    if value is not None and not low <= value <= high:
        module.fail_input("%s must be between %d and %d, got %d." % (option, low, high, value))
    return value


# ---------------------------------------------------------------------- time zones

def _zoneinfo():
    """The zoneinfo module, imported only by the one module that takes a time zone (~10 ms)."""
    try:
        import zoneinfo
    except ImportError:  # Python 3.8
        try:
            from backports import zoneinfo  # type: ignore
        except ImportError:
            return None
    return zoneinfo


def check_timezone(module, value, option="timezone"):
    """An IANA time zone name, spelled exactly as in the tz database (America/New_York)."""
    value = (value or "").strip()
    if not value:
        module.fail_input("%s must not be empty; use an IANA time zone name such as Europe/Berlin." % option)
    zoneinfo = _zoneinfo()
    if zoneinfo is None:  # pragma: no cover - Python 3.8 without backports.zoneinfo
        return value  # the API validates it
    # Opening the one zone is cheap; listing the whole database (for the hint) costs ~50 ms,
    # so it is done only for a name that does not open.
    try:
        zoneinfo.ZoneInfo(value)
        return value
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        pass
    known = zoneinfo.available_timezones()
    if not known:  # pragma: no cover - no tz database on this host: the API validates it
        return value
    spelled = [name for name in known if name.lower() == value.lower()]
    hint = " Did you mean %s?" % spelled[0] if spelled else ""
    module.fail_input(
        "%s: %r is not an IANA time zone name (for example America/New_York, Europe/Berlin, UTC).%s"
        % (option, value, hint))


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


def check_cidrs(module, values, option="ip_whitelist"):
    """Validate and normalise a list of addresses/CIDRs before any request."""
    problems = []
    for index, value in enumerate(values):
        try:
            parse_network(value)
        except ValueError as exc:
            problems.append("%s[%d]: %s" % (option, index, exc))
    if problems:
        module.fail_input("; ".join(problems) + ".")
    return [str(n) for n in networks(values)]


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


# ---------------------------------------------------------------------- SSO

SSO_FIELDS = ("provider", "metadata_url", "default_role")
SSO_DISABLED = {"enabled": False, "provider": None, "metadata_url": None, "default_role": None}
# The default role given to people who first sign in through SSO, when the task that enables
# SSO does not name one: the least privilege, as for invited users.
SSO_DEFAULT_ROLE = "viewer"


class SsoSettings(Settings):
    """SSO: ``POST`` sends the whole configuration, ``DELETE`` disables it.

    ``desired`` is ``{"enabled": False}`` to disable, or ``{"enabled": True, provider, ...}``
    with the keys to manage; keys not given keep their current value.
    """

    def __init__(self, client, path="sso"):
        super(SsoSettings, self).__init__(client, path, write_method="POST")

    def body(self, desired):
        """The full configuration to POST: the current one with the given keys over it."""
        current = self.read()
        body = {}
        for key in SSO_FIELDS:
            value = desired.get(key)
            if value is None and current.get("enabled"):
                value = current.get(key)
            body[key] = value
        if body["default_role"] is None:
            body["default_role"] = SSO_DEFAULT_ROLE
        return body

    def changes(self, desired):
        if desired.get("enabled") and not self.read().get("enabled"):
            # Enabling: everything sent is a change, including the default role.
            return dict(self.body(desired), enabled=True)
        return super(SsoSettings, self).changes(desired)

    def apply(self, desired):
        changes = self.changes(desired)
        if not changes:
            self.after = self.read()
            return False
        if desired.get("enabled") is False:
            self.client.delete(self.path)
            self.after = dict(SSO_DISABLED)
            return True
        body = self.body(desired)
        # Configuring SSO replaces the configuration: repeating it is harmless, so it retries.
        answer = self.client.post(self.path, body, idempotent=True)
        self.after = answer if isinstance(answer, dict) and answer else merged(self.read(), dict(body, enabled=True))
        return True
