# -*- coding: utf-8 -*-
"""playbooks/offboard_user.yml against the emulator's live dialect: offboarding revokes the
person's account access (every per-resource permission goes with it; the live API has no project
members or template shares to touch), a second run changes nothing, check mode writes nothing,
and an owner (whose access the live API keeps read-only) is refused before any write."""

from __future__ import absolute_import, division, print_function

from live_support import live, live_server, recap, run_live  # noqa: F401 pylint: disable=unused-import

PERSON = "ada.17@example.com"  # a viewer with project and e-mail campaign permissions in the rich seed


def emails(emulator):
    return {a["specifier"]["email"] for a in emulator.api("GET", "account_accesses").json()}


def offboard(emulator, email, *extra, **kwargs):
    return run_live("offboard_user.yml", emulator, ["-e", "offboard_email=" + email] + list(extra), **kwargs)


def test_revokes_the_account_access_then_changes_nothing(live):
    result, output = offboard(live, PERSON, "--diff")
    assert result.returncode == 0, output[-6000:]
    assert recap(output)["changed"] == 1
    assert [(e["method"], e["path"]) for e in live.writes()] == [("DELETE", "/api/accounts/1001/account_accesses/4018")]
    assert PERSON not in emails(live)
    assert "project 206 admin" in output  # the report names what was revoked

    live.clear_journal()
    again, output2 = offboard(live, PERSON)
    assert again.returncode == 0, output2[-6000:]
    assert recap(output2)["changed"] == 0
    assert live.writes() == []


def test_auto_dialect_recognises_live_from_the_listing(live):
    # No api_dialect: the emulator says which dialect it speaks and the users listing is live-shaped.
    result, output = offboard(live, PERSON, dialect=None)
    assert result.returncode == 0, output[-6000:]
    assert "template" not in " ".join(e["path"] for e in live.journal())
    assert PERSON not in emails(live)


def test_check_mode_writes_nothing(live):
    result, output = offboard(live, PERSON, "--check", "--diff")
    assert result.returncode == 0, output[-6000:]
    assert recap(output)["changed"] == 1
    assert live.writes() == []
    assert PERSON in emails(live)


def test_owner_refused_before_any_write(live):
    result, output = offboard(live, "alan.03@example.com")
    assert result.returncode != 0
    assert "keeps the access of an owner read-only" in output, output[-3000:]
    assert live.writes() == []
