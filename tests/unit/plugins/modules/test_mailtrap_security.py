# -*- coding: utf-8 -*-
"""mailtrap_security against the in-process emulator, and the allow-list helpers."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.mailtrap.general.plugins.module_utils.kinds.security import lost_access, normalise_cidrs

# Every allow-list a test sets covers 127.0.0.1 (where the tests run from) unless the test is
# about locking out.
LOCAL = "127.0.0.1"


def body_of_writes(emulator):
    return [e["body"] for e in emulator.writes()]


def test_only_given_keys_are_sent_and_policy_is_merged(run_module, emulator):
    result = run_module("mailtrap_security", dict(require_2fa=True, password_policy=dict(min_length=14)))
    assert result["changed"]
    assert result["security"]["require_2fa"] is True
    assert result["security"]["password_policy"] == {"min_length": 14, "require_special": False,
                                                     "require_numbers": False}
    assert emulator.sequence() == ["GET A/security", "PUT A/security"]
    body = body_of_writes(emulator)[0]
    assert set(body) == {"require_2fa", "password_policy"}
    emulator.clear_journal()
    # Another policy key alone leaves min_length alone.
    result = run_module("mailtrap_security", dict(password_policy=dict(require_special=True)))
    assert result["changed"] and result["security"]["password_policy"]["min_length"] == 14
    assert result["security"]["password_policy"]["require_special"] is True


def test_rerun_is_unchanged_whatever_the_cidr_spelling(run_module, emulator):
    first = dict(require_2fa=True, ip_whitelist=["10.0.0.0/8", LOCAL, "2001:DB8::/32"],
                 password_policy=dict(min_length=12, require_numbers=True), allow_access_narrowing=True)
    result = run_module("mailtrap_security", first)
    assert result["changed"]
    assert result["security"]["ip_whitelist"] == ["10.0.0.0/8", "127.0.0.1/32", "2001:db8::/32"]
    emulator.clear_journal()
    again = dict(require_2fa=True, ip_whitelist=["2001:db8::/32", "127.0.0.1/32", "10.0.0.0/8", " 10.0.0.0/8"],
                 password_policy=dict(require_numbers=True))
    result = run_module("mailtrap_security", again)
    assert not result["changed"]
    result = run_module("mailtrap_security", {})
    assert not result["changed"] and result["security"]["require_2fa"] is True
    assert emulator.sequence() == ["GET A/security", "GET A/security"]


def test_check_mode_writes_nothing_and_predicts(run_module, emulator):
    args = dict(require_2fa=True, ip_whitelist=["192.168.1.5", LOCAL], allow_access_narrowing=True,
                password_policy=dict(min_length=20))
    result = run_module("mailtrap_security", args, check_mode=True, diff=True)
    assert result["changed"]
    assert result["security"]["ip_whitelist"] == ["127.0.0.1/32", "192.168.1.5/32"]
    assert result["security"]["password_policy"]["min_length"] == 20
    assert result["diff"]["before"]["ip_whitelist"] == [] and result["diff"]["before"]["require_2fa"] is False
    assert result["diff"]["after"] == result["security"]
    assert emulator.sequence() == ["GET A/security"]
    # The prediction is what a real run returns.
    real = run_module("mailtrap_security", args)
    assert real["security"] == result["security"]


def test_diff_shows_before_and_after(run_module, emulator):
    result = run_module("mailtrap_security", dict(password_policy=dict(min_length=10)), diff=True)
    assert result["diff"]["before"]["password_policy"]["min_length"] == 8
    assert result["diff"]["after"]["password_policy"]["min_length"] == 10
    result = run_module("mailtrap_security", dict(password_policy=dict(min_length=10)), diff=True)
    assert not result["changed"] and result["diff"]["before"] == result["diff"]["after"]


def test_turning_the_list_on_needs_acknowledgement_in_check_mode_too(run_module, emulator):
    for check_mode in (True, False):
        result = run_module("mailtrap_security", dict(ip_whitelist=["10.0.0.0/8"]), check_mode=check_mode)
        assert result["failed"]
        assert "narrows access" in result["msg"] and "lock out" in result["msg"]
        assert "every address outside 10.0.0.0/8" in result["msg"]
        assert "allow_access_narrowing: true" in result["msg"]
        assert result["turning_on"] is True
    assert emulator.sequence() == ["GET A/security", "GET A/security"]


def test_removing_coverage_names_the_addresses_that_lose_access(run_module, emulator):
    run_module("mailtrap_security", dict(ip_whitelist=["10.0.0.0/24", "192.0.2.7", LOCAL], allow_access_narrowing=True))
    emulator.clear_journal()
    result = run_module("mailtrap_security", dict(ip_whitelist=["10.0.0.0/25", LOCAL]))
    assert result["failed"] and "10.0.0.128/25" in result["msg"] and "192.0.2.7/32" in result["msg"]
    assert result["lost_access"] == ["10.0.0.128/25", "192.0.2.7/32"]
    assert emulator.writes() == []
    # Widening or keeping coverage needs no acknowledgement.
    result = run_module("mailtrap_security", dict(ip_whitelist=["10.0.0.0/16", "192.0.2.0/24", LOCAL]))
    assert result["changed"] and not result.get("failed")
    # Turning the list off never narrows.
    result = run_module("mailtrap_security", dict(ip_whitelist=[]))
    assert result["changed"] and result["security"]["ip_whitelist"] == []


def test_acknowledged_narrowing_is_applied(run_module, emulator):
    run_module("mailtrap_security", dict(ip_whitelist=["10.0.0.0/8", LOCAL], allow_access_narrowing=True))
    emulator.clear_journal()
    result = run_module("mailtrap_security", dict(ip_whitelist=[LOCAL], allow_access_narrowing=True))
    assert result["changed"] and result["security"]["ip_whitelist"] == ["127.0.0.1/32"]
    assert emulator.sequence() == ["GET A/security", "PUT A/security"]


def test_locking_out_this_machine_makes_the_next_call_fail_clearly(run_module, emulator):
    result = run_module("mailtrap_security", dict(ip_whitelist=["203.0.113.0/24"], allow_access_narrowing=True))
    assert result["changed"]  # the PUT itself was allowed: the list was empty when it was sent
    result = run_module("mailtrap_security", dict(require_2fa=True))
    assert result["failed"] and result["status"] == 403
    assert "IP address not allowed" in result["msg"] and "allow-list" in result["msg"]
    assert "GET /api/accounts/1001/security" in result["msg"]
    # Any other module is locked out too.
    result = run_module("mailtrap_account", dict(name="Locked out"))
    assert result["failed"] and "IP address not allowed" in result["msg"]
    # Recovery is outside the API (an owner from an allowed address; here the emulator's reset).
    emulator.reset()
    result = run_module("mailtrap_security", {})
    assert not result.get("failed") and result["security"]["ip_whitelist"] == []


@pytest.mark.parametrize("args, message", [
    (dict(ip_whitelist=["192.168.1.5/24"]), "host bits set; write the network 192.168.1.0/24"),
    (dict(ip_whitelist=["2001:db8::1/32"]), "network 2001:db8::/32"),
    (dict(ip_whitelist=["10.0.0.300"]), "not an IPv4/IPv6 address or CIDR"),
    (dict(ip_whitelist=["example.com"]), "ip_whitelist[0]"),
    (dict(ip_whitelist=[LOCAL, ""]), "ip_whitelist[1]"),
    (dict(password_policy=dict(min_length=7)), "between 8 and 128"),
    (dict(password_policy=dict(min_length=129)), "between 8 and 128"),
    (dict(password_policy=dict(max_length=10)), "max_length"),
    (dict(require_2fa="maybe"), "require_2fa"),
    (dict(ip_whitelist="10.0.0.0/8,10.0.0.0/33"), "not an IPv4/IPv6 address or CIDR"),
    (dict(colour="blue"), "Unsupported parameters"),
])
def test_bad_input_fails_before_any_request(run_module, emulator, args, message):
    result = run_module("mailtrap_security", args)
    assert result["failed"] and message in result["msg"], result["msg"]
    assert emulator.journal() == []


def test_normalise_cidrs_sorts_dedups_and_masks():
    assert normalise_cidrs(["10.0.0.1", "10.0.0.1/32", "::1", "1.2.3.0/24"]) == ["1.2.3.0/24", "10.0.0.1/32", "::1/128"]


@pytest.mark.parametrize("current, desired, lost", [
    ([], [], None),
    (["10.0.0.0/8"], [], None),
    (["10.0.0.0/24"], ["10.0.0.0/8"], None),
    (["10.0.0.0/24"], ["10.0.0.0/25", "10.0.0.128/25"], None),
    (["10.0.0.0/24"], ["10.0.0.0/25"], ["10.0.0.128/25"]),
    (["10.0.0.0/24", "2001:db8::/64"], ["10.0.0.0/24"], ["2001:db8::/64"]),
    (["10.0.0.0/24"], ["2001:db8::/32"], ["10.0.0.0/24"]),
    (["10.0.0.0/24"], ["10.0.0.64/26"], ["10.0.0.0/26", "10.0.0.128/25"]),
])
def test_lost_access(current, desired, lost):
    loss = lost_access(current, desired)
    assert (loss["lost"] if loss else None) == lost


def test_lost_access_turning_on():
    assert lost_access([], ["10.0.0.0/8"]) == {"turning_on": True, "lost": []}
