# -*- coding: utf-8 -*-
"""The wire without a server: a scripted connection stands in for the transport, so that
every retry, recovery, dialect and message branch can be driven exactly and timed."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import time
from email.message import Message

import pytest

from ansible_collections.mailtrap.general.plugins.module_utils import errors, retries, transport
from ansible_collections.mailtrap.general.plugins.module_utils.client import (
    CONNECTION_ARGUMENT_SPEC,
    DialectChanged,
    MailtrapAPIError,
    MailtrapClient,
    MailtrapError,
)

TOKEN = "secret-token-abcd1234"


def answer(status=200, body=None, **headers):
    message = Message()
    for name, value in headers.items():
        message[name.replace("_", "-")] = str(value)
    text = "" if body is None else json.dumps(body)
    return transport.Answer(status, "Reason", message, text)


class Script:
    """A connection whose answers are scripted: each step is an Answer, an exception, or a
    callable(method, target) -> either. The last step repeats when the script runs out."""

    def __init__(self, *steps):
        self.steps = list(steps)
        self.sent = []

    def send(self, method, target, data, headers):
        self.sent.append("%s %s" % (method, target))
        step = self.steps.pop(0) if len(self.steps) > 1 else self.steps[0]
        if callable(step) and not isinstance(step, type):
            step = step(method, target)
        if isinstance(step, Exception):
            raise step
        return step

    def count(self, prefix):
        return len([s for s in self.sent if s.startswith(prefix)])


def client(script, **kwargs):
    kwargs.setdefault("account_id", 1001)
    kwargs.setdefault("api_url", "http://fake.test")
    kwargs.setdefault("max_retry_time", 5)
    made = MailtrapClient(api_token=kwargs.pop("api_token", TOKEN), **kwargs)
    made._connection = script
    return made


def lost():
    return transport.AnswerLost(ConnectionResetError("reset by peer"))


# ---------------------------------------------------------------- retries and recovery
def test_create_whose_answer_is_always_lost_is_resent_at_most_three_times_with_backoff():
    """#11 item 14: was 150 POSTs + 150 GETs in 3 s, with no backoff and no budget."""
    script = Script(lambda method, target: lost() if method == "POST" else answer(200, []))
    made = client(script, max_retry_time=30)
    reads = []
    started = time.monotonic()
    with pytest.raises(MailtrapAPIError) as error:
        made.post("users", {"email": "x@example.com"}, recover=lambda: reads.append(made.get("users")) or None)
    seconds = time.monotonic() - started
    assert script.count("POST") == 1 + retries.RECOVERY_RESENDS and len(reads) == retries.RECOVERY_RESENDS
    assert 0.25 * 3 <= seconds < 6, seconds  # backed off (0.25-0.5, 0.5-1, 1-2 s), far below 30 s
    text = str(error.value)
    assert "retried 3 times" in text and "may or may not have been applied" in text


def test_create_recovery_stops_at_max_retry_time():
    script = Script(lambda method, target: lost() if method == "POST" else answer(200, []))
    made = client(script, max_retry_time=0.6)
    started = time.monotonic()
    with pytest.raises(MailtrapAPIError):
        made.post("users", {}, recover=lambda: (made.get("users"), None)[1])
    assert time.monotonic() - started < 1.5
    assert script.count("POST") <= 3


def test_read_back_spends_the_budget_of_the_create():
    # The read-back itself meets 503s: its retries may not restart the clock.
    script = Script(lambda method, target: lost() if method == "POST" else answer(503, {"error": "busy"}))
    made = client(script, max_retry_time=1.5)
    started = time.monotonic()
    with pytest.raises(MailtrapAPIError):
        made.post("users", {}, recover=lambda: made.get("users"))
    assert time.monotonic() - started < 2.5


def test_lost_create_found_by_reading_back_is_not_resent():
    script = Script(lost(), answer(200, [{"id": 7, "email": "x@example.com"}]))
    made = client(script)
    created = made.post("users", {}, recover=lambda: made.get("users")[0])
    assert created["id"] == 7 and script.sent == ["POST /api/accounts/1001/users", "GET /api/accounts/1001/users"]


def test_lost_create_without_recover_is_not_resent():
    script = Script(lost())
    with pytest.raises(MailtrapAPIError) as error:
        client(script).post("users", {})
    assert script.count("POST") == 1 and "may or may not" in str(error.value)


def test_gateway_error_on_a_create_is_read_back_then_resent():
    script = Script(answer(503), answer(200, []), answer(201, {"id": 9}))
    made = client(script)
    assert made.post("users", {}, recover=lambda: made.get("users") or None) == {"id": 9}
    assert [s.split()[0] for s in script.sent] == ["POST", "GET", "POST"]


def test_post_500_is_not_retried_and_does_not_blame_max_retry_time():
    """#11 item 11: said "retries ran out after max_retry_time=120" for a 500 sent once."""
    script = Script(answer(500, {"error": "boom"}))
    with pytest.raises(MailtrapAPIError) as error:
        client(script, max_retry_time=120).post("users", {})
    text = str(error.value)
    assert script.count("POST") == 1
    assert "not retried (only 429, 502, 503 and 504 are)" in text and "ran out" not in text
    assert "Re-run the task" in text


def test_post_503_without_recover_says_why_it_was_not_retried():
    script = Script(answer(503))
    with pytest.raises(MailtrapAPIError) as error:
        client(script).post("users", {})
    assert script.count("POST") == 1
    assert "a request that creates something is not sent again blindly" in str(error.value)


def test_get_503_retried_says_how_often_and_how_long():
    script = Script(answer(503))
    started = time.monotonic()
    with pytest.raises(MailtrapAPIError) as error:
        client(script, max_retry_time=1).get("users")
    assert time.monotonic() - started < 1.6
    assert script.count("GET") >= 2
    assert "retried %d times in" % (script.count("GET") - 1) in str(error.value)
    assert "max_retry_time=1 ran out" in str(error.value)


def test_idempotent_post_is_retried_like_a_put():
    script = Script(answer(503), answer(200, {"enabled": True}))
    assert client(script).post("sso", {}, idempotent=True) == {"enabled": True}
    assert script.count("POST") == 2


def test_retried_delete_that_finds_nothing_is_done():
    script = Script(lost(), answer(404, {"error": "Not Found"}))
    assert client(script).delete("projects/5") is None


def test_connect_failure_is_retried_for_a_create_since_nothing_was_sent():
    script = Script(transport.ConnectFailed(ConnectionRefusedError()), answer(201, {"id": 1}))
    assert client(script).post("users", {}) == {"id": 1}


def test_tls_failure_is_not_retried():
    script = Script(transport.TLSFailed(transport.ssl.SSLError("bad cert")))
    with pytest.raises(MailtrapAPIError) as error:
        client(script).get("users")
    assert len(script.sent) == 1 and "ca_path" in str(error.value) and "validate_certs" in str(error.value)


# ---------------------------------------------------------------- one deadline for pacing and 429
def test_pacing_and_429_share_one_deadline():
    """#11 item 16: max_retry_time 5 on 429 took ~10 s (pacing and retry each spent the budget)."""
    script = Script(answer(200, [], X_RateLimit_Remaining=0, X_RateLimit_Reset=30),
                    answer(429, {"errors": "Rate limit exceeded"}, Retry_After=1, X_RateLimit_Remaining=0,
                           X_RateLimit_Reset=1))
    made = client(script, max_retry_time=1.5)
    made.get("users")
    started = time.monotonic()
    with pytest.raises(MailtrapAPIError) as error:
        made.get("users")
    seconds = time.monotonic() - started
    assert seconds < 2.2, seconds
    assert "429" in str(error.value) and "max_retry_time" in str(error.value)


def test_a_window_resetting_after_the_deadline_is_reported_without_sending_into_it():
    """Hostile #11 F8: pacing slept out the budget, then sent a request the limiter refused."""
    script = Script(answer(200, [], X_RateLimit_Remaining=0, X_RateLimit_Reset=3600))
    made = client(script, max_retry_time=5)
    made.get("users")
    started = time.monotonic()
    with pytest.raises(MailtrapAPIError) as error:
        made.get("users")
    assert time.monotonic() - started < 0.5 and script.sent == ["GET /api/accounts/1001/users"]
    assert error.value.status == 429 and "resets in 3600 s" in str(error.value) and "max_retry_time=5" in str(error.value)


@pytest.mark.parametrize("status", [429, 401, 403, 500])
def test_auto_dialect_refusal_in_the_other_dialect_is_reported_not_read_again(status):
    """Hostile #11 F8: with auto, a 429 from a live server was sent again in live after the budget."""
    script = Script(answer(status, {"errors": "no"}, Retry_After=3600, X_Mailtrap_Api_Dialect="live"))
    made = client(script, max_retry_time=0.5)
    with pytest.raises(MailtrapAPIError) as error:
        made.get("users")
    assert not isinstance(error.value, DialectChanged) and error.value.status == status
    assert made.dialect == "live"  # the calls that follow speak the dialect announced


def test_429_asking_for_more_than_the_budget_fails_at_once():
    script = Script(answer(429, {"errors": "Rate limit exceeded"}, Retry_After=60))
    started = time.monotonic()
    with pytest.raises(MailtrapAPIError) as error:
        client(script, max_retry_time=5).get("users")
    assert time.monotonic() - started < 0.5 and len(script.sent) == 1
    assert "asked to wait 60 s" in str(error.value)


def test_429_within_budget_is_waited_for():
    script = Script(answer(429, Retry_After=0.3), answer(200, []))
    started = time.monotonic()
    assert client(script).get("users") == []
    assert 0.25 <= time.monotonic() - started < 1.5


# ---------------------------------------------------------------- 403 and 404 messages
@pytest.mark.parametrize("method,relative,scope", [
    ("GET", "users", "users:read"),
    ("POST", "users", "users:create"),
    ("PATCH", "users/5", "users:update"),
    ("DELETE", "account_accesses/5", "users:delete"),
    ("POST", "api_tokens", "account:update"),
    ("POST", "api_tokens/5/reset", "account:update"),
    ("GET", "billing/usage", "billing:read"),
    ("PUT", "security", "account:update"),
    ("DELETE", "projects/5", "projects:delete"),
    ("POST", "templates/5/share", "templates:update"),
    ("PATCH", "", "account:update"),
])
def test_403_names_the_scope_the_call_needs(method, relative, scope):
    script = Script(answer(403, {"errors": "Forbidden"}))
    made = client(script, api_dialect="overview")
    with pytest.raises(MailtrapAPIError) as error:
        made.request(method, relative, body={} if method != "GET" else None)
    assert "needs the %s scope" % scope in str(error.value)


def test_scope_table_knows_nothing_of_unknown_paths():
    assert errors.scope_for("GET", "/api/accounts/1/unknown") is None
    assert errors.scope_for("GET", "/api/accounts") is None


def test_403_in_live_speaks_of_resources_not_scopes():
    script = Script(answer(403, {"errors": "Forbidden"}))
    with pytest.raises(MailtrapAPIError) as error:
        client(script, api_dialect="live").get("users")
    assert "per resource" in str(error.value) and "scope" not in str(error.value)


def test_404_on_a_collection_when_the_account_is_not_the_tokens():
    script = Script(answer(404, {"error": "Not Found"}), answer(200, [{"id": 1002, "name": "Other"}]))
    with pytest.raises(MailtrapAPIError) as error:
        client(script).get("users")
    assert "Account 1001 was not found" in str(error.value) and "1002 (Other)" in str(error.value)
    assert script.sent[-1] == "GET /api/accounts"


def test_404_on_a_collection_of_a_known_account_blames_the_endpoint_and_suggests_the_dialect():
    script = Script(answer(404, {"error": "Not Found"}),
                    answer(200, [{"id": 1001, "name": "Main"}], X_Mailtrap_Api_Dialect="live"))
    with pytest.raises(MailtrapAPIError) as error:
        client(script).get("security")
    text = str(error.value)
    assert "this endpoint does not exist on the server at http://fake.test" in text
    assert "api_dialect=live" in text and "account_id" not in text and "no longer exists" not in text


def test_404_on_an_object_makes_no_extra_request():
    script = Script(answer(404, {"error": "Not Found"}))
    with pytest.raises(MailtrapAPIError) as error:
        client(script, api_dialect="overview").get("projects/5")
    assert len(script.sent) == 1
    assert "the object no longer exists" in str(error.value) and "api_dialect=overview" in str(error.value)


# ---------------------------------------------------------------- dialect
@pytest.mark.parametrize("url,explicit,expected", [
    ("https://mailtrap.io", "auto", "live"),
    ("https://api.mailtrap.io/", "auto", "live"),
    ("https://MAILTRAP.IO.", "auto", "live"),
    ("https://mailtrap.io", "overview", "overview"),
    ("http://127.0.0.1:8025", "live", "live"),
    ("http://127.0.0.1:8025", "overview", "overview"),
])
def test_dialect_known_without_a_request(url, explicit, expected):
    script = Script(AssertionError("no request expected"))
    assert client(script, api_url=url, api_dialect=explicit).dialect == expected
    assert script.sent == []


@pytest.mark.parametrize("header,expected", [({"X_Mailtrap_Api_Dialect": "Overview"}, "overview"),
                                             ({}, "overview"),
                                             ({"X_Mailtrap_Api_Dialect": "martian"}, "overview")])
def test_auto_dialect_of_another_host_assumes_overview_without_a_request(header, expected):
    script = Script(answer(200, [{"id": 1, "email": "a@example.com"}], **header))
    made = client(script, api_url="https://mailtrap.io.example.com")
    assert made.dialect == "overview" and script.sent == []
    assert made.get("users") == [{"id": 1, "email": "a@example.com"}]
    assert made.dialect == expected and script.sent == ["GET /api/accounts/1001/users"]


def test_auto_dialect_corrected_by_the_first_answer_raises_dialect_changed_once():
    script = Script(answer(404, {"error": "Not Found"}, X_Mailtrap_Api_Dialect="live"),
                    answer(200, [], X_Mailtrap_Api_Dialect="live"))
    made = client(script)
    assert made.dialect == "overview"
    with pytest.raises(DialectChanged) as error:
        made.get("users")
    assert "speaks api_dialect=live" in str(error.value)
    assert made.dialect == "live" and made.get("account_accesses") == []
    assert script.sent == ["GET /api/accounts/1001/users", "GET /api/accounts/1001/account_accesses"]


def test_auto_dialect_comes_free_with_account_discovery():
    script = Script(answer(200, [{"id": 1001, "name": "Main"}], X_Mailtrap_Api_Dialect="live"))
    made = client(script, account_id=None)
    assert made.account_id == 1001 and made.dialect == "live"
    assert script.sent == ["GET /api/accounts"]


def test_account_discovery_answer_of_a_wrong_shape_is_a_clear_error():
    script = Script(answer(200, {"data": []}))
    with pytest.raises(MailtrapAPIError) as error:
        client(script, account_id=None).account_id
    assert "expected a list of accounts" in str(error.value)


def test_dialect_option_and_env_fallback(monkeypatch):
    from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

    validator = ArgumentSpecValidator(CONNECTION_ARGUMENT_SPEC)
    monkeypatch.setenv("MAILTRAP_API_DIALECT", "live")
    monkeypatch.setenv("MAILTRAP_CA_PATH", "/etc/ssl/mine.pem")
    params = validator.validate({}).validated_parameters
    assert params["api_dialect"] == "live" and params["ca_path"] == "/etc/ssl/mine.pem"
    assert validator.validate({"api_dialect": "overview"}).validated_parameters["api_dialect"] == "overview"
    monkeypatch.setenv("MAILTRAP_API_DIALECT", "")
    monkeypatch.delenv("MAILTRAP_API_TOKEN", raising=False)
    result = validator.validate({})
    assert result.validated_parameters["api_dialect"] == "auto"
    assert result.error_messages == [], "api_token is not required by the spec: the client says what is missing"


# ---------------------------------------------------------------- input refused before any request
@pytest.mark.parametrize("url,fragment", [
    ("https://mailtrap.io:99999", "port"),
    ("https://mailtrap.io ", "spaces"),
    (" https://mailtrap.io", "spaces"),
    ("http://[::1", "not a valid URL"),
    ("mailtrap.io", "no scheme"),
    ("ftp://mailtrap.io", "not an http"),
    ("https://:443", "names no host"),
    ("https://mailtrap.io:0", "port 0"),
    ("https://mailtrap.io?x=1", "query"),
    ("https://mailtrap.io:port", "port"),
])
def test_bad_api_url_is_refused_before_any_request(url, fragment):
    with pytest.raises(MailtrapError) as error:
        MailtrapClient(api_token=TOKEN, api_url=url, account_id=1)
    assert fragment in str(error.value) and "api_url" in str(error.value)


def test_credentials_in_api_url_never_appear():
    with pytest.raises(MailtrapError) as error:
        MailtrapClient(api_token=TOKEN, api_url="https://admin:hunter2@mailtrap.io", account_id=1)
    assert "hunter2" not in str(error.value) and "admin" not in str(error.value)
    with pytest.raises(MailtrapError) as error:
        MailtrapClient(api_token=TOKEN, api_url="https://admin:hunter2@mailtrap.io:99999", account_id=1)
    assert "hunter2" not in str(error.value)


@pytest.mark.parametrize("proxy", ["http://proxy.example:99999", "http://[::1", "http://u:pw@proxy:notaport"])
def test_bad_proxy_is_refused_before_any_request(monkeypatch, proxy):
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTPS_PROXY", proxy)
    with pytest.raises(MailtrapError) as error:
        MailtrapClient(api_token=TOKEN, api_url="https://mailtrap.io", account_id=1)
    assert "HTTPS_PROXY" in str(error.value) and "pw" not in str(error.value)


@pytest.mark.parametrize("proxy", ["socks5://127.0.0.1:1080", "socks5h://u:pw@proxy:1080", "ftp://proxy:21"])
def test_proxy_that_is_not_http_is_refused_not_spoken_to_as_http(monkeypatch, proxy):
    """Hostile #11 F5: HTTP_PROXY=socks5://... was used as an HTTP proxy, silently."""
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTPS_PROXY", proxy)
    with pytest.raises(MailtrapError) as error:
        MailtrapClient(api_token=TOKEN, api_url="https://mailtrap.io", account_id=1)
    assert "HTTPS_PROXY" in str(error.value) and "only HTTP proxies" in str(error.value) and "pw" not in str(error.value)


@pytest.mark.parametrize("variable", ["HTTPS_PROXY", "https_proxy", "ALL_PROXY"])
def test_https_proxy_is_refused_before_any_connection(monkeypatch, variable):
    """Hostile #14 F4: an https:// proxy was spoken to in plain text, its password sent in clear."""
    for name in ("NO_PROXY", "no_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv(variable, "https://puser:ppass@127.0.0.1:9")
    opened = []
    monkeypatch.setattr(transport.Connection, "_make", lambda self: opened.append(self) or 1 / 0)
    with pytest.raises(MailtrapError) as error:
        MailtrapClient(api_token=TOKEN, api_url="https://mailtrap.io", account_id=1)
    text = str(error.value)
    assert variable in text and "https://" in text and "only HTTP proxies" in text
    assert "ppass" not in text and "puser" not in text and not opened


def test_proxy_that_is_down_is_named_without_credentials(monkeypatch):
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTPS_PROXY", "http://puser:ppass@127.0.0.1:9")
    made = MailtrapClient(api_token=TOKEN, api_url="https://mailtrap.io", account_id=1, max_retry_time=0.3)
    with pytest.raises(MailtrapAPIError) as error:
        made.get("users")
    text = str(error.value)
    assert "through the proxy 127.0.0.1:9" in text and "no answer from" not in text
    assert "ppass" not in text and "puser" not in text


@pytest.mark.parametrize("kwargs,fragment", [
    (dict(api_token=None), "MAILTRAP_API_TOKEN"),
    (dict(api_token="  \n"), "not set"),
    (dict(api_token="two words"), "spaces"),
    (dict(timeout=0), "timeout"),
    (dict(max_retry_time=-1), "max_retry_time"),
    (dict(api_dialect="modern"), "api_dialect"),
    (dict(ca_path="/nonexistent/ca.pem"), "does not exist"),
])
def test_bad_connection_options_are_refused_clearly(kwargs, fragment):
    kwargs.setdefault("api_token", TOKEN)
    with pytest.raises(MailtrapError) as error:
        MailtrapClient(api_url="https://mailtrap.io", account_id=1, **kwargs)
    assert fragment in str(error.value)


def test_ca_path_that_cannot_be_loaded(tmp_path):
    junk = tmp_path / "junk.pem"
    junk.write_text("not a certificate")
    with pytest.raises(MailtrapError) as error:
        MailtrapClient(api_token=TOKEN, api_url="https://mailtrap.io", ca_path=str(junk))
    assert "could not be loaded" in str(error.value)
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(MailtrapError) as error:
        MailtrapClient(api_token=TOKEN, api_url="https://mailtrap.io", ca_path=str(empty))
    assert "holds no CA certificate" in str(error.value)
    (empty / "bad.crt").write_text("junk")
    with pytest.raises(MailtrapError) as error:
        MailtrapClient(api_token=TOKEN, api_url="https://mailtrap.io", ca_path=str(empty))
    assert "bad.crt" in str(error.value)


def test_ca_path_that_does_not_exist_is_refused_over_plain_http_too(tmp_path):
    """Hostile #14 F12: over http:// a missing ca_path was not checked and a request was sent."""
    with pytest.raises(MailtrapError) as error:
        MailtrapClient(api_token=TOKEN, api_url="http://127.0.0.1:1", ca_path=str(tmp_path / "missing.pem"))
    assert "does not exist" in str(error.value)
    junk = tmp_path / "junk.pem"
    junk.write_text("not a certificate")
    with pytest.raises(MailtrapError) as error:
        MailtrapClient(api_token=TOKEN, api_url="http://127.0.0.1:1", ca_path=str(junk))
    assert "could not be loaded" in str(error.value)


def test_ca_path_is_not_checked_when_validate_certs_is_off():
    MailtrapClient(api_token=TOKEN, api_url="http://127.0.0.1:1", ca_path="/nonexistent", validate_certs=False)


# ---------------------------------------------------------------- for the layer above
def test_token_last4_is_of_the_token_as_sent():
    """#11 item 1: a newline-terminated token compared its raw last four and revoked itself."""
    made = client(Script(answer()), api_token="abcdef1234\n")
    assert made.token_last4 == "1234"


def test_secrets_added_are_blanked_from_errors():
    script = Script(answer(422, {"errors": {"name": ["tok-NEWSECRET is taken"]}}))
    made = client(script)
    made.add_secret("tok-NEWSECRET")
    assert made.forget_secret == made.add_secret  # the old name still works for its callers
    with pytest.raises(MailtrapAPIError) as error:
        made.post("api_tokens", {})
    assert "NEWSECRET" not in str(error.value) and errors.SECRET_MASK in str(error.value)


def test_unexpected_shape_names_the_call_and_masks_secrets():
    made = client(Script(answer()))
    made.add_secret("s3cr3t-value")
    error = made.unexpected_shape("GET", "/api/accounts/1/api_tokens", "a list of tokens",
                                  {"data": [{"id": 1, "token": "plain-token", "note": "s3cr3t-value",
                                             "smtp_password": "pw"}], "pagination": {"page": 1}})
    text = str(error)
    assert "GET /api/accounts/1/api_tokens" in text and "expected a list of tokens" in text
    assert "plain-token" not in text and "s3cr3t-value" not in text and '"pw"' not in text
    assert '"pagination"' in text and error.method == "GET"
    long = errors.unexpected_shape("GET", "/x", "an object", list(range(500)))
    assert len(str(long)) < 400 and "..." in str(long)


def test_scrubber_masks_credentials_in_any_url():
    scrub = errors.Scrubber(["tok"])
    assert scrub("see http://u:p@host:1/x and tok") == "see http://%s@host:1/x and %s" % (
        errors.SECRET_MASK, errors.SECRET_MASK)


def test_proxy_refusing_the_tunnel_is_not_retried():
    refused = transport.ConnectFailed(OSError("Tunnel connection failed: 407 Proxy Authentication Required"), final=True)
    script = Script(refused)
    made = client(script)
    made.proxy = transport.Proxy("proxy.example", 3128, {}, "proxy.example:3128")
    with pytest.raises(MailtrapAPIError) as error:
        made.get("users")
    assert len(script.sent) == 1
    assert "through the proxy proxy.example:3128: Tunnel connection failed: 407" in str(error.value)


def test_real_proxy_refusing_the_tunnel(monkeypatch):
    import socket
    import threading

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)
    port = listener.getsockname()[1]
    seen = []

    def serve():
        listener.settimeout(5)
        for _attempt in range(3):
            try:
                conn, _addr = listener.accept()
            except OSError:
                return
            seen.append(conn.recv(4096).split(b"\r\n")[0])
            conn.sendall(b"HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n")
            conn.close()

    thread = threading.Thread(target=serve)
    thread.daemon = True
    thread.start()
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTPS_PROXY", "http://someone:pa55@127.0.0.1:%d" % port)
    made = MailtrapClient(api_token=TOKEN, api_url="https://mailtrap.io", account_id=1, max_retry_time=5)
    with pytest.raises(MailtrapAPIError) as error:
        made.get("users")
    listener.close()
    assert [line.split()[:2] for line in seen] == [[b"CONNECT", b"mailtrap.io:443"]]  # once: not retried
    assert "through the proxy 127.0.0.1:%d" % port in str(error.value) and "407" in str(error.value)
    assert "pa55" not in str(error.value)
