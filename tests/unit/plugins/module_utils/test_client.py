# -*- coding: utf-8 -*-
"""The client against the emulator's fault injection: retries, pacing, recovery, errors."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import time

import pytest

from ansible_collections.mailtrap.general.plugins.module_utils.client import MailtrapAPIError, MailtrapClient, MailtrapError


def client_for(emulator, **kwargs):
    kwargs.setdefault("account_id", 1001)
    kwargs.setdefault("max_retry_time", 10)
    kwargs.setdefault("timeout", 5)
    return MailtrapClient(api_token=emulator.token, api_url=emulator.url, **kwargs)


def statuses(emulator):
    return [(e["method"], e["status"]) for e in emulator.journal()]


def test_get_is_retried_through_503s(emulator):
    emulator.fault(status=503, count=2, method="GET", path="/users$")
    users = client_for(emulator).get("users")
    assert [u["email"] for u in users] == ["owner@example.com"]
    assert statuses(emulator) == [("GET", 503), ("GET", 503), ("GET", 200)]


def test_429_waits_for_retry_after(emulator):
    emulator.fault(status=429, count=1, method="GET", path="/users$", retry_after=1)
    started = time.monotonic()
    client_for(emulator).get("users")
    assert time.monotonic() - started >= 0.9
    assert statuses(emulator) == [("GET", 429), ("GET", 200)]


def test_post_on_503_is_read_back_before_being_resent(emulator):
    emulator.fault(status=503, count=1, method="POST", path="/users$")
    client = client_for(emulator)

    def recover():
        return next((u for u in client.get("users") if u["email"] == "new@example.com"), None)

    created = client.post("users", {"email": "new@example.com", "role": "viewer"}, recover=recover)
    assert created["email"] == "new@example.com"
    assert statuses(emulator) == [("POST", 503), ("GET", 200), ("POST", 201)]


def test_post_whose_answer_is_lost_after_commit_is_not_duplicated(emulator):
    emulator.fault(kind="drop_after_commit", count=1, method="POST", path="/users$")
    client = client_for(emulator)
    recovered = []

    def recover():
        found = next((u for u in client.get("users") if u["email"] == "new@example.com"), None)
        recovered.append(found)
        return found

    created = client.post("users", {"email": "new@example.com", "role": "viewer"}, recover=recover)
    assert created["email"] == "new@example.com" and recovered[-1] is not None
    emails = [u["email"] for u in client.get("users")]
    assert emails.count("new@example.com") == 1
    assert [m for m, _s in statuses(emulator)].count("POST") == 1


def test_retry_time_is_bounded(emulator):
    emulator.fault(status=503, count=None, method="GET", path="/users$")
    started = time.monotonic()
    with pytest.raises(MailtrapAPIError) as error:
        client_for(emulator, max_retry_time=2).get("users")
    assert time.monotonic() - started < 5
    assert "503" in str(error.value) and "max_retry_time" in str(error.value)


def test_pacing_avoids_429_on_the_free_plan(emulator):
    emulator.reset(plan="free")
    client = client_for(emulator)
    started = time.monotonic()
    for _attempt in range(3):
        client.get("users")
    assert time.monotonic() - started >= 1.0
    assert [s for _m, s in statuses(emulator)] == [200, 200, 200]


@pytest.mark.parametrize("fault, expected", [
    (dict(kind="malformed_json"), "not JSON"),
    (dict(kind="html"), "502"),
])
def test_garbage_answers_give_clear_errors(emulator, fault, expected):
    emulator.fault(count=None, method="GET", path="/users$", **fault)
    with pytest.raises(MailtrapAPIError) as error:
        client_for(emulator, max_retry_time=1).get("users")
    assert expected in str(error.value) and "<" not in str(error.value)


def test_slow_server_hits_the_timeout_with_a_clear_error(emulator):
    emulator.fault(kind="slow", delay=3, count=None, method="GET", path="/users$")
    with pytest.raises(MailtrapAPIError) as error:
        client_for(emulator, timeout=0.5, max_retry_time=1).get("users")
    assert "timeout=0.5" in str(error.value)


def test_errors_name_status_method_path_and_hint_never_the_token(emulator):
    with pytest.raises(MailtrapAPIError) as error:
        MailtrapClient(api_token="bad-secret-token", api_url=emulator.url, account_id=1001).get("users")
    text = str(error.value)
    assert "401" in text and "GET /api/accounts/1001/users" in text and "MAILTRAP_API_TOKEN" in text
    assert "bad-secret-token" not in text
    with pytest.raises(MailtrapAPIError) as error:
        client_for(emulator).post("users", {"email": "bad", "role": "viewer"})
    assert "422" in str(error.value) and "email" in str(error.value)


def test_check_mode_never_writes(emulator):
    client = client_for(emulator, check_mode=True)
    assert client.post("users", {"email": "x@example.com"}) is None
    assert client.delete("account_accesses/1") is None
    assert emulator.journal() == []


def test_account_discovery(emulator):
    client = MailtrapClient(api_token=emulator.token, api_url=emulator.url)
    assert client.account_id == 1001
    assert client.path("users") == "/api/accounts/1001/users"


def test_connection_refused_is_clear():
    client = MailtrapClient(api_token="t", api_url="http://127.0.0.1:9", account_id=1, max_retry_time=0.5)
    with pytest.raises(MailtrapError) as error:
        client.get("users")
    assert "api_url" in str(error.value)


def test_empty_environment_variables_count_as_unset(run_module, emulator, monkeypatch):
    # AWX injects an empty string for a credential field left empty.
    monkeypatch.setenv("MAILTRAP_ACCOUNT_ID", "")
    monkeypatch.setenv("MAILTRAP_API_URL", emulator.url)
    monkeypatch.setenv("MAILTRAP_API_TOKEN", emulator.token)
    result = run_module("mailtrap_user_info", {}, connection=False)
    assert not result.get("failed"), result
    assert emulator.sequence() == ["GET /api/accounts", "GET A/users"]


def test_create_dropped_before_commit_every_time_is_bounded(emulator):
    """#11 item 14: was 150 POSTs + 150 GETs in 3 s; now at most 3 re-sends, with backoff."""
    emulator.fault(kind="drop", count=None, method="POST", path="/users$")
    client = client_for(emulator, max_retry_time=20)

    def recover():
        return next((u for u in client.get("users") if u["email"] == "new@example.com"), None)

    started = time.monotonic()
    with pytest.raises(MailtrapAPIError) as error:
        client.post("users", {"email": "new@example.com", "role": "viewer"}, recover=recover)
    seconds = time.monotonic() - started
    methods = [m for m, _s in statuses(emulator)]
    assert methods.count("POST") == 4 and methods.count("GET") == 3, methods
    assert seconds < 6, seconds
    assert "retried 3 times" in str(error.value)
    assert [u["email"] for u in emulator.state()["users"]] == ["owner@example.com"]


def test_create_dropped_after_commit_every_time_makes_one_object(emulator):
    emulator.fault(kind="drop_after_commit", count=None, method="POST", path="/projects$")
    client = client_for(emulator)

    def recover():
        return next((p for p in client.get("projects") if p["name"] == "Site"), None)

    assert client.post("projects", {"name": "Site"}, recover=recover)["name"] == "Site"
    assert [m for m, _s in statuses(emulator)] == ["POST", "GET"]


def test_post_500_is_sent_once_and_says_so(emulator):
    emulator.fault(status=500, count=None, method="POST", path="/users$")
    started = time.monotonic()
    with pytest.raises(MailtrapAPIError) as error:
        client_for(emulator, max_retry_time=120).post("users", {"email": "a@example.com", "role": "viewer"})
    assert time.monotonic() - started < 1
    assert "max_retry_time=120" not in str(error.value) and "not retried" in str(error.value)
    assert [m for m, _s in statuses(emulator)] == ["POST"]


def test_403_of_a_real_call_names_its_scope(emulator):
    token = emulator.api("POST", "api_tokens", json={"name": "reader", "scopes": ["users:read"]}).json()["token"]
    emulator.clear_journal()
    client = MailtrapClient(api_token=token, api_url=emulator.url, account_id=1001, api_dialect="overview")
    with pytest.raises(MailtrapAPIError) as error:
        client.post("users", {"email": "a@example.com", "role": "viewer"})
    assert "403" in str(error.value) and "needs the users:create scope" in str(error.value)
    assert token not in str(error.value)


@pytest.mark.parametrize("api_url", ["http://127.0.0.1:99999", "http://127.0.0.1:8025 ", "http://[::1", "127.0.0.1:8025",
                                     "http://user:hunter2@127.0.0.1:8025"])
def test_bad_api_url_fails_the_module_clearly_before_any_request(run_module, emulator, api_url):
    result = run_module("mailtrap_user_info", {"api_url": api_url})
    assert result.get("failed") and "api_url" in result["msg"], result
    assert "hunter2" not in result["msg"] and "Traceback" not in result["msg"]
    assert emulator.journal() == []


def test_missing_token_fails_the_module_clearly(run_module, emulator, monkeypatch):
    monkeypatch.delenv("MAILTRAP_API_TOKEN", raising=False)
    result = run_module("mailtrap_user_info", {"api_url": emulator.url, "account_id": 1001}, connection=False)
    assert result.get("failed") and "MAILTRAP_API_TOKEN" in result["msg"], result
    assert emulator.journal() == []
