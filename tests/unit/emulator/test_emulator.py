"""Tests of the Mailtrap API emulator (tests/emulator), driven over real HTTP."""

import json
import os
import subprocess
import sys
import time

import pytest
import requests

from mailtrap_emulator import Emulator, api, permissions
from mailtrap_emulator.state import make_token

OWNER_TOKEN = "emulator-owner-token"

ACCOUNT = 1001


class Client:
    def __init__(self, emu, token=OWNER_TOKEN, header="Api-Token"):
        self.base = emu.url
        self.session = requests.Session()
        if token is not None:
            if header == "Api-Token":
                self.session.headers["Api-Token"] = token
            else:
                self.session.headers["Authorization"] = "Bearer " + token

    def call(self, method, path, **kwargs):
        if not path.startswith("/"):
            path = "/api/accounts/%d/%s" % (ACCOUNT, path) if path else "/api/accounts/%d" % ACCOUNT
        return self.session.request(method, self.base + path, timeout=5, **kwargs)

    def get(self, path, **kw):
        return self.call("GET", path, **kw)

    def post(self, path, **kw):
        return self.call("POST", path, **kw)

    def patch(self, path, **kw):
        return self.call("PATCH", path, **kw)

    def put(self, path, **kw):
        return self.call("PUT", path, **kw)

    def delete(self, path, **kw):
        return self.call("DELETE", path, **kw)


@pytest.fixture
def owner(emu):
    return Client(emu)


def new_token(owner, scopes, name="limited"):
    answer = owner.post("api_tokens", json={"name": name, "scopes": scopes})
    assert answer.status_code == 200, answer.text
    return answer.json()


# ---------------------------------------------------------------- auth

@pytest.mark.parametrize("header", ["Api-Token", "Bearer"])
def test_both_auth_headers_work(emu, header):
    answer = Client(emu, header=header).get("/api/accounts")
    assert answer.status_code == 200
    assert answer.json() == [{"id": ACCOUNT, "name": "Example Co", "access_levels": [1000]}]
    for name in ("X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"):
        assert int(answer.headers[name]) >= 0


@pytest.mark.parametrize("token", [None, "wrong-token"])
def test_missing_or_unknown_token_is_401(emu, token):
    answer = Client(emu, token=token).get("users")
    assert answer.status_code == 401
    assert answer.json() == {"error": "Incorrect API token"}
    assert int(answer.headers["X-RateLimit-Reset"]) >= 1


def test_deleted_and_expired_tokens_are_401(emu, owner):
    token = new_token(owner, ["account:read"])
    assert Client(emu, token["token"]).get("").status_code == 200
    assert owner.delete("api_tokens/%d" % token["id"]).status_code == 204
    assert Client(emu, token["token"]).get("").status_code == 401

    token = new_token(owner, ["account:read"])
    with emu.store.lock:
        record = next(t for t in emu.state["tokens"] if t["id"] == token["id"])
        record["expires_at"] = "2000-01-01T00:00:00Z"
    assert Client(emu, token["token"]).get("").status_code == 401


def test_other_account_is_403(owner):
    answer = owner.get("/api/accounts/9999/users")
    assert answer.status_code == 403
    assert answer.json() == {"errors": "Account access forbidden"}


# ---------------------------------------------------------------- permissions

def test_token_scope_limits_access(emu, owner):
    token = new_token(owner, ["emails:send"])
    assert token["scopes"] == ["emails:send"]
    assert "token" in token and len(token["token"]) == 32
    limited = Client(emu, token["token"])
    answer = limited.get("users")
    assert answer.status_code == 403
    assert answer.json() == {"errors": "Account access forbidden"}
    assert limited.get("/api/accounts").status_code == 200
    # The secret never shows up again.
    listed = owner.get("api_tokens/%d" % token["id"]).json()
    assert "token" not in listed and listed["last_4_digits"] == token["token"][-4:]


def test_token_rights_are_capped_by_the_creator_role(emu, owner):
    user = owner.post("users", json={"email": "dev@example.com", "role": "developer"}).json()
    with emu.store.lock:
        creator = next(u for u in emu.state["users"] if u["id"] == user["id"])
        record = make_token(emu.state, "dev token", permissions.ALL_RIGHTS, creator)
    dev = Client(emu, record["token"])
    assert dev.get("templates").status_code == 200
    assert dev.get("users").status_code == 403          # developers cannot read users
    assert dev.get("billing").status_code == 403


def test_permissions_are_stored_canonical(owner):
    answer = owner.post("users", json={
        "email": "Mixed.Case@Example.com", "role": "viewer",
        "permissions": ["send_emails", "templates:*", "view_billing"]})
    assert answer.status_code == 201, answer.text
    user = answer.json()
    assert user["email"] == "mixed.case@example.com"
    assert user["status"] == "invited"
    assert user["permissions"] == {"billing": ["read"], "emails": ["send"],
                                   "templates": ["create", "delete", "read", "update"]}
    updated = owner.patch("users/%d" % user["id"],
                          json={"permissions": {"projects": ["*"], "domains": []}}).json()
    assert updated["permissions"] == {"projects": ["create", "delete", "read", "update"]}


# ---------------------------------------------------------------- validation

@pytest.mark.parametrize("body, field, fragment", [
    ({"email": "not-an-email", "role": "viewer"}, "email", "is invalid"),
    ({"email": "OWNER@example.com", "role": "viewer"}, "email", "taken"),
    ({"email": "x@example.com", "role": "emperor"}, "role", "emperor"),
    ({"email": "x@example.com", "role": "viewer", "permissions": ["fly"]}, "permissions", "fly"),
    ({"email": "x@example.com", "role": "viewer", "permissions": {"emails": ["fly"]}},
     "permissions", "emails:fly"),
    ({"email": "x@example.com", "role": "viewer", "colour": "red"}, "colour", "not a known"),
])
def test_user_validation(owner, body, field, fragment):
    answer = owner.post("users", json=body)
    assert answer.status_code == 422
    messages = answer.json()["errors"][field]
    assert any(fragment in m for m in messages), messages


@pytest.mark.parametrize("path, method, body, field", [
    ("api_tokens", "POST", {"name": "t", "scopes": []}, "scopes"),
    ("api_tokens", "POST", {"name": "t", "scopes": ["emails:fly"]}, "scopes"),
    ("api_tokens", "POST", {"name": "", "scopes": ["emails:send"]}, "name"),
    ("api_tokens", "POST", {"name": "t", "scopes": ["emails:send"], "expires_at": "2001-01-01"},
     "expires_at"),
    ("api_tokens", "POST", {"name": "t", "scopes": ["emails:send"], "expires_at": "soon"},
     "expires_at"),
    ("", "PATCH", {"timezone": "Mars/Olympus"}, "timezone"),
    ("notifications", "PUT", {"threshold_percentage": 101}, "threshold_percentage"),
    ("notifications", "PUT", {"low_credits": "yes"}, "low_credits"),
    ("security", "PUT", {"ip_whitelist": ["10.0.0.5/8"]}, "ip_whitelist"),
    ("security", "PUT", {"password_policy": {"min_length": 4}}, "password_policy.min_length"),
    ("sso", "POST", {"provider": "okta", "metadata_url": "http://x.example.com/m",
                     "default_role": "developer"}, "metadata_url"),
    ("projects", "POST", {"name": "P", "team_members": [{"user_id": 999, "role": "manager"}]},
     "team_members"),
])
def test_settings_validation(owner, path, method, body, field):
    answer = owner.call(method, path, json=body)
    assert answer.status_code == 422, answer.text
    assert field in answer.json()["errors"]


def test_malformed_json_is_400(owner):
    answer = owner.post("users", data="{nope", headers={"Content-Type": "application/json"})
    assert answer.status_code == 400
    assert answer.json() == {"error": "Malformed JSON"}


def test_not_found_and_wrong_method(owner):
    assert owner.get("users/424242").json() == {"error": "Not Found"}
    assert owner.get("users/424242").status_code == 404
    assert owner.get("no_such_thing").status_code == 404
    answer = owner.put("users")
    assert answer.status_code == 405
    assert answer.json() == {"error": "Method Not Allowed"}


def test_security_normalises_cidrs(owner):
    answer = owner.put("security", json={"ip_whitelist": ["127.0.0.1", "10.0.0.0/8"],
                                         "password_policy": {"min_length": 12}})
    assert answer.status_code == 200
    body = answer.json()
    assert body["ip_whitelist"] == ["127.0.0.1/32", "10.0.0.0/8"]
    assert body["password_policy"] == {"min_length": 12, "require_special": False,
                                       "require_numbers": False}


def test_project_names_unique_case_insensitively(owner):
    assert owner.post("projects", json={"name": "Marketing"}).status_code == 201
    answer = owner.post("projects", json={"name": "marketing"})
    assert answer.status_code == 422
    assert answer.json()["errors"]["name"] == ["has already been taken"]


# ---------------------------------------------------------------- owners and removal

def test_last_owner_cannot_be_demoted_or_removed(owner):
    me = owner.get("users/1").json()
    answer = owner.patch("users/1", json={"role": "admin"})
    assert answer.status_code == 422
    assert answer.json() == {"errors": {"role": ["cannot demote the last owner"]}}
    answer = owner.delete("account_accesses/%d" % me["account_access_id"])
    assert answer.status_code == 422
    assert answer.json() == {"errors": {"base": ["cannot remove the last owner"]}}


def test_removing_a_user_cleans_up_shares_and_projects(owner):
    user = owner.post("users", json={"email": "gone@example.com", "role": "viewer"}).json()
    project = owner.post("projects", json={
        "name": "P", "team_members": [{"user_id": user["id"], "role": "contributor"}]}).json()
    template = owner.get("templates").json()[0]
    shared = owner.post("templates/%d/share" % template["id"],
                        json={"user_ids": [user["id"]], "permission": "write"}).json()
    assert shared["shared_with"] == [{"user_id": user["id"], "permission": "write"}]
    answer = owner.delete("account_accesses/%d" % user["account_access_id"])
    assert answer.status_code == 200 and answer.json() == {"id": user["account_access_id"]}
    assert owner.get("users/%d" % user["id"]).status_code == 404
    assert owner.get("projects/%d" % project["id"]).json()["team_members"] == []
    assert owner.get("templates/%d" % template["id"]).json()["shared_with"] == []
    actions = [e["action"] for e in owner.get("audit_logs").json()]
    assert actions[:2] == ["user.removed", "template.shared"]


def test_token_reset_rotates_with_grace(emu, owner):
    token = new_token(owner, ["account:read"], name="rotate-me")
    answer = owner.post("api_tokens/%d/reset" % token["id"])
    assert answer.status_code == 200, answer.text
    fresh = answer.json()
    assert fresh["id"] != token["id"] and fresh["name"] == "rotate-me"
    assert fresh["token"] != token["token"] and fresh["expires_at"] is None
    old = owner.get("api_tokens/%d" % token["id"]).json()
    assert old["expires_at"] is not None
    assert Client(emu, token["token"]).get("").status_code == 200   # grace period
    again = owner.post("api_tokens/%d/reset" % token["id"])
    assert again.status_code == 422


def test_audit_log_filters(owner):
    owner.put("notifications", json={"threshold_percentage": 50})
    owner.post("users", json={"email": "a@example.com", "role": "viewer"})
    owner.post("users", json={"email": "b@example.com", "role": "viewer"})
    entries = owner.get("audit_logs", params={"action": "user.invited"}).json()
    assert [e["resource"] for e in entries] == ["b@example.com", "a@example.com"]
    assert len(owner.get("audit_logs", params={"limit": 1}).json()) == 1
    assert owner.get("audit_logs", params={"since": "2999-01-01"}).json() == []
    assert owner.get("audit_logs", params={"since": "garbage"}).status_code == 422
    entry = owner.get("audit_logs", params={"resource": "a@example.com"}).json()[0]
    assert entry["user"] == "owner@example.com" and entry["ip_address"] == "127.0.0.1"


# ---------------------------------------------------------------- rate limits

def test_free_plan_rate_limit(emu, owner):
    assert owner.post("/_emulator/reset", json={"plan": "free"}).status_code == 200
    # Start right after a second boundary so both requests land in the same window.
    time.sleep(1 - (time.time() % 1) + 0.01)
    first = owner.get("")
    assert first.status_code == 200
    assert first.json()["plan"] == "Free"
    assert first.headers["X-RateLimit-Limit"] == "1"
    assert first.headers["X-RateLimit-Remaining"] == "0"
    second = owner.get("")
    assert second.status_code == 429
    assert second.json() == {"errors": "Rate limit exceeded"}
    assert int(second.headers["Retry-After"]) >= 1
    assert second.headers["X-RateLimit-Remaining"] == "0"
    # Control surface is not rate limited, and reset clears the counters.
    assert owner.post("/_emulator/reset").status_code == 200
    assert owner.get("").status_code == 200
    assert owner.get("").headers["X-RateLimit-Limit"] == "50"


# ---------------------------------------------------------------- control surface

def test_reset_restores_initial_state(owner):
    owner.post("users", json={"email": "temp@example.com", "role": "viewer"})
    assert len(owner.get("users").json()) == 2
    assert owner.post("/_emulator/reset").status_code == 200
    assert len(owner.get("users").json()) == 1
    assert [r["path"] for r in owner.get("/_emulator/requests").json()] == ["/api/accounts/1001/users"]


def test_journal_and_state_dump(owner):
    owner.get("users")
    owner.get("billing")
    journal = owner.get("/_emulator/requests").json()
    assert [(e["method"], e["path"], e["status"]) for e in journal] == [
        ("GET", "/api/accounts/1001/users", 200), ("GET", "/api/accounts/1001/billing", 200)]
    assert journal[0]["seq"] < journal[1]["seq"]
    assert owner.delete("/_emulator/requests").status_code == 204
    assert owner.get("/_emulator/requests").json() == []
    state = owner.get("/_emulator/state").json()
    assert state["tokens"][0]["token"] == OWNER_TOKEN
    assert requests.get(owner.base + "/_emulator/state", timeout=5).status_code == 401


def test_status_fault_fires_count_times(owner):
    fault = owner.post("/_emulator/faults", json={
        "status": 503, "count": 2, "method": "GET", "path": "/users$", "retry_after": 3}).json()
    assert fault["id"] >= 1
    assert [owner.get("users").status_code for _attempt in range(3)] == [503, 503, 200]
    assert owner.get("billing").status_code == 200
    statuses = [e["status"] for e in owner.get("/_emulator/requests").json()]
    assert statuses == [503, 503, 200, 200]


def test_status_fault_429_carries_headers(owner):
    owner.post("/_emulator/faults", json={"status": 429, "retry_after": 2})
    answer = owner.get("users")
    assert answer.status_code == 429
    assert answer.json() == {"errors": "Rate limit exceeded"}
    assert answer.headers["Retry-After"] == "2"
    assert answer.headers["X-RateLimit-Remaining"] == "0"


def test_drop_fault_does_nothing(owner):
    owner.post("/_emulator/faults", json={"kind": "drop", "method": "POST", "path": "/users"})
    with pytest.raises(requests.ConnectionError):
        owner.post("users", json={"email": "dropped@example.com", "role": "viewer"})
    assert len(owner.get("users").json()) == 1


def test_drop_after_commit_commits(owner):
    owner.post("/_emulator/faults", json={"kind": "drop_after_commit", "method": "POST",
                                          "path": "/users"})
    with pytest.raises(requests.ConnectionError):
        owner.post("users", json={"email": "committed@example.com", "role": "viewer"})
    emails = [u["email"] for u in owner.get("users").json()]
    assert "committed@example.com" in emails


def test_malformed_and_html_faults(owner):
    owner.post("/_emulator/faults", json={"kind": "malformed_json", "path": "billing$"})
    owner.post("/_emulator/faults", json={"kind": "html", "path": "invoices"})
    broken = owner.get("billing")
    assert broken.status_code == 200 and broken.text == '{"broken":'
    html = owner.get("billing/invoices")
    assert html.status_code == 502 and html.headers["Content-Type"].startswith("text/html")
    assert owner.delete("/_emulator/faults").status_code == 204
    assert owner.get("billing").json()["plan"] == "Business"


def test_slow_fault_delays_then_answers(owner):
    owner.post("/_emulator/faults", json={"kind": "slow", "delay": 0.3, "path": "billing$"})
    started = time.monotonic()
    answer = owner.get("billing")
    assert answer.status_code == 200
    assert time.monotonic() - started >= 0.3
    assert owner.get("/_emulator/requests").json()[-1]["fault"] == "slow"


def test_head_and_unknown_methods_keep_the_connection_usable(owner):
    assert owner.call("HEAD", "users").status_code == 405
    assert owner.get("users").status_code == 200


def test_seeded_probability_is_reproducible(owner):
    def pattern():
        owner.delete("/_emulator/faults")
        owner.post("/_emulator/faults", json={"status": 500, "count": None,
                                              "probability": 0.5, "seed": 7, "path": "sso"})
        return [owner.get("sso").status_code for _attempt in range(12)]
    first = pattern()
    assert first == pattern()
    assert set(first) == {200, 500}


def test_seed_endpoint_loads_many_users(owner):
    users = [{"email": "user%d@example.com" % n, "role": "viewer"} for n in range(300)]
    answer = owner.post("/_emulator/seed", json={"users": users})
    assert answer.status_code == 200, answer.text
    assert len(owner.get("users").json()) == 301


# ---------------------------------------------------------------- IP allow-list

def test_ip_allow_list_locks_out_and_control_surface_recovers(owner):
    answer = owner.put("security", json={"ip_whitelist": ["203.0.113.0/24"]})
    assert answer.status_code == 200
    locked = owner.get("users")
    assert locked.status_code == 403
    assert locked.json() == {"errors": "IP address not allowed"}
    assert owner.post("/_emulator/reset").status_code == 200
    assert owner.get("users").status_code == 200
    assert owner.put("security", json={"ip_whitelist": ["127.0.0.0/8"]}).status_code == 200
    assert owner.get("users").status_code == 200


# ---------------------------------------------------------------- persistence, keep-alive, CLI

def test_state_file_survives_restart(tmp_path):
    state_file = str(tmp_path / "state.json")
    first = Emulator(port=0, state_file=state_file).start()
    try:
        created = Client(first).post("users", json={"email": "keep@example.com",
                                                    "role": "admin"}).json()
    finally:
        first.stop()
    with open(state_file) as handle:
        assert any(u["email"] == "keep@example.com" for u in json.load(handle)["users"])
    second = Emulator(port=0, state_file=state_file).start()
    try:
        client = Client(second)
        assert client.get("users/%d" % created["id"]).json()["role"] == "admin"
        # Ids keep increasing after a restart.
        again = client.post("users", json={"email": "next@example.com", "role": "viewer"}).json()
        assert again["id"] > created["id"]
    finally:
        second.stop()


def test_keep_alive_reuses_the_connection(owner):
    for _attempt in range(5):
        assert owner.get("").status_code == 200
    # One connection serves them all: requests' pool keeps exactly one socket.
    pool = owner.session.get_adapter(owner.base).poolmanager
    assert len(pool.pools) == 1


def test_cli_prints_the_url(tmp_path):
    env = dict(os.environ, PYTHONPATH=os.path.join(os.path.dirname(__file__), "..", "..",
                                                   "emulator"))
    process = subprocess.Popen([sys.executable, "-m", "mailtrap_emulator", "--port", "0",
                                "--plan", "starter"], stdout=subprocess.PIPE, env=env, text=True)
    try:
        line = process.stdout.readline()
        assert line.startswith("mailtrap-emulator listening on http://127.0.0.1:")
        url = line.split()[-1]
        answer = requests.get(url + "/api/accounts/1001", headers={"Api-Token": OWNER_TOKEN},
                              timeout=5)
        assert answer.json()["plan"] == "Starter"
        assert answer.headers["X-RateLimit-Limit"] == "10"
    finally:
        process.terminate()
        process.wait(timeout=5)


# ---------------------------------------------------------------- OpenAPI

def test_openapi_lists_every_route(owner):
    document = requests.get(owner.base + "/_emulator/openapi.json", timeout=5).json()
    assert document["openapi"] == "3.0.3"
    served = set()
    for route in api.ROUTES:
        path = route.pattern.replace("(?P<account_id>\\d+)", "{account_id}")
        path = path.replace("(?P<user_id>\\d+)", "{user_id}")
        path = path.replace("(?P<access_id>\\d+)", "{account_access_id}")
        for name in ("token_id", "project_id", "template_id"):
            path = path.replace("(?P<%s>\\d+)" % name, "{%s}" % name)
        served.add((route.method.lower(), path))
    documented = {(method, path) for path, item in document["paths"].items() for method in item}
    assert served == documented
    # Every $ref resolves.
    text = json.dumps(document)
    for name in set(part.split('"')[0] for part in text.split("#/components/schemas/")[1:]):
        assert name in document["components"]["schemas"], name
