"""The live dialect's behaviour (tests/emulator/mailtrap_emulator/live.py), over real HTTP.

Shapes are checked against the published specs in test_live_spec.py; this file checks the
rules: permission inheritance and the token cap, expiry defaults, the bulk update semantics,
filters, overview-only endpoints answering 404, the dialect header, state files and seeds.
"""

import datetime
import json

import pytest
import requests

from mailtrap_emulator import Emulator

OWNER = "emulator-owner-token"
A = "/api/accounts/1001"
SEED = {"users": [{"email": "dev@example.com", "role": "developer", "name": "Dev",
                   "resources": [{"resource_type": "sandbox", "resource_name": "Alpha inbox", "access_level": "admin"}]},
                  {"email": "admin@example.com", "role": "admin", "name": "Ada"},
                  {"email": "new@example.com", "role": "viewer", "status": "invited"}],
        "tokens": [{"name": "dev token", "token": "dev-token", "user": "dev@example.com",
                    "resources": [{"resource_type": "account", "access_level": 100}]},
                   {"name": "admin token", "token": "admin-token", "user": "admin@example.com", "scopes": ["users:read"]}],
        "projects": [{"name": "Alpha", "team_members": [{"user_id": 2, "role": "manager"}],
                      "sandboxes": [{"name": "Alpha inbox"}]},
                     {"name": "Beta", "sandboxes": [{"name": "Beta inbox"}]}],
        "domains": [{"name": "example.com"}]}


@pytest.fixture(scope="module")
def shared_live():
    emulator = Emulator(port=0, dialect="live", seed=SEED).start()
    yield emulator
    emulator.stop()


@pytest.fixture
def live(shared_live):
    shared_live.reset()
    return shared_live


def call(emu, method, path, token=OWNER, **kwargs):
    if not path.startswith("/"):
        path = "%s/%s" % (A, path)
    return requests.request(method, emu.url + path, headers={"Api-Token": token}, timeout=10, **kwargs)


def accesses(emu):
    return {x["specifier"]["email"]: x for x in call(emu, "GET", "account_accesses").json()}


def years_from_now(text):
    moment = datetime.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc)
    return (moment - datetime.datetime.now(datetime.timezone.utc)).days / 365.0


def test_every_answer_names_its_dialect(live, emu):
    assert call(live, "GET", "projects").headers["X-Mailtrap-Api-Dialect"] == "live"
    assert call(live, "GET", "projects", token="nope").headers["X-Mailtrap-Api-Dialect"] == "live"
    assert requests.get(live.url + "/_emulator/health", timeout=5).headers["X-Mailtrap-Api-Dialect"] == "live"
    assert requests.get(live.url + "/nowhere", timeout=5).headers["X-Mailtrap-Api-Dialect"] == "live"
    overview = call(emu, "GET", "users")
    assert overview.status_code == 200 and overview.headers["X-Mailtrap-Api-Dialect"] == "overview"
    assert requests.get(emu.url + "/_emulator/openapi.json", timeout=5).headers["X-Mailtrap-Api-Dialect"] == "overview"


@pytest.mark.parametrize("method,path", [
    ("GET", ""), ("PATCH", ""), ("GET", "users"), ("POST", "users"), ("GET", "users/2"), ("GET", "billing"),
    ("GET", "billing/invoices"), ("GET", "notifications"), ("PUT", "security"), ("GET", "sso"),
    ("GET", "audit_logs"), ("GET", "templates/301"), ("POST", "templates/301/share"),
])
def test_overview_only_endpoints_answer_404_like_the_live_service(live, method, path):
    answer = call(live, method, path, json={})
    assert answer.status_code == 404 and answer.json() == {"error": "Not Found"}
    assert call(live, method, path, token="wrong").status_code == 401  # authentication comes first


def test_seed_is_expressed_the_live_way(live):
    found = accesses(live)
    assert set(found) == {"owner@example.com", "dev@example.com", "admin@example.com", "new@example.com"}
    assert found["owner@example.com"]["resources"] == [{"resource_type": "account", "resource_id": 1001, "access_level": 1000}]
    assert found["new@example.com"]["specifier_type"] == "Invite"
    assert found["new@example.com"]["specifier"] == {"id": 4, "email": "new@example.com"}
    dev = {(r["resource_type"], r["resource_id"]): r["access_level"] for r in found["dev@example.com"]["resources"]}
    assert dev == {("account", 1001): 10, ("project", 201): 100, ("sandbox", 2001): 100}
    tokens = {t["name"]: t for t in call(live, "GET", "api_tokens").json()}
    assert tokens["Emulator owner token"]["resources"] == [{"resource_type": "account", "resource_id": 1001, "access_level": 100}]
    assert tokens["admin token"]["resources"][0]["access_level"] == 10  # read-only scopes: viewer
    assert "token" not in tokens["dev token"] and "scopes" not in tokens["dev token"]
    assert call(live, "GET", "/api/accounts").json() == [{"id": 1001, "name": "Example Co", "access_levels": [1000]}]


def test_a_token_is_capped_by_its_users_rights(live):
    # The dev token holds account admin, but its user is an account viewer: it reads, it cannot write.
    assert call(live, "GET", "api_tokens", token="dev-token").status_code == 200
    assert call(live, "POST", "projects", token="dev-token", json={"project": {"name": "Nope"}}).status_code == 403
    # ...except where the user is admin: project Alpha (manager) and its sandbox.
    renamed = call(live, "PATCH", "projects/201", token="dev-token", json={"project": {"name": "Alpha 2"}})
    assert renamed.status_code == 200 and renamed.json()["name"] == "Alpha 2"
    assert call(live, "PATCH", "projects/202", token="dev-token", json={"project": {"name": "B2"}}).status_code == 403
    assert call(live, "GET", "account_accesses", token="dev-token").status_code == 403
    assert call(live, "GET", "account_accesses", token="admin-token").status_code == 403  # a viewer token


def test_token_expiry_defaults_to_one_year_and_null_means_never(live):
    body = {"name": "t", "resources": [{"resource_type": "account", "resource_id": 1001, "access_level": 10}]}
    one_year = call(live, "POST", "api_tokens", json=body).json()
    assert 0.99 < years_from_now(one_year["expires_at"]) <= 1.0
    assert one_year["token"] and one_year["last_4_digits"] == one_year["token"][-4:]
    never = call(live, "POST", "api_tokens", json=dict(body, expires_at=None)).json()
    assert never["expires_at"] is None
    dated = call(live, "POST", "api_tokens", json=dict(body, expires_at="2030-01-01")).json()
    assert dated["expires_at"] == "2030-01-01T00:00:00Z"
    # A reset without expires_at gets a year too; with null, never; the secret changes.
    reset = call(live, "POST", "api_tokens/%d/reset" % never["id"])
    assert reset.status_code == 200 and 0.99 < years_from_now(reset.json()["expires_at"]) <= 1.0
    assert reset.json()["token"] != never["token"] and reset.json()["resources"] == never["resources"]
    # Only a token without an expiry can be reset (the spec): the one just made expires in a year.
    refused = call(live, "POST", "api_tokens/%d/reset" % reset.json()["id"], json={"expires_at": None})
    assert refused.status_code == 422 and "no expiration set" in refused.json()["errors"]["base"][0]
    again = call(live, "POST", "api_tokens", json=dict(body, expires_at=None)).json()
    again = call(live, "POST", "api_tokens/%d/reset" % again["id"], json={"expires_at": None}).json()
    assert again["expires_at"] is None
    # The token the reset replaced still works for its grace period, then no more.
    assert call(live, "GET", "api_tokens", token=never["token"]).status_code == 200


@pytest.mark.parametrize("body,field", [
    ({"name": "x"}, "base"),
    ({"name": "x", "resources": []}, "base"),
    ({"name": "x", "scopes": ["emails:send"]}, "scopes"),
    ({"name": "", "resources": [{"resource_type": "account", "resource_id": 1001, "access_level": 10}]}, "name"),
    ({"name": "x", "resources": [{"resource_type": "billing", "resource_id": 1001, "access_level": 10}]}, "resources[0].resource_type"),
    ({"name": "x", "resources": [{"resource_type": "project", "resource_id": 999, "access_level": 10}]}, "resources[0].resource_id"),
    ({"name": "x", "resources": [{"resource_type": "account", "resource_id": 1001, "access_level": 1000}]}, "resources[0].access_level"),
    ({"name": "x", "resources": [{"resource_type": "account", "resource_id": 1001, "access_level": 10}],
      "expires_at": "2001-01-01"}, "expires_at"),
])
def test_token_create_validation(live, body, field):
    answer = call(live, "POST", "api_tokens", json=body)
    assert answer.status_code == 422 and field in answer.json()["errors"], answer.text


def test_bulk_creates_updates_and_destroys_permissions(live):
    dev = accesses(live)["dev@example.com"]
    path = "account_accesses/%d/permissions/bulk" % dev["id"]
    answer = call(live, "PUT", path, json={"permissions": [
        {"resource_id": "202", "resource_type": "project", "access_level": "viewer"},
        {"resource_id": 201, "resource_type": "project", "access_level": 10},
        {"resource_id": "2001", "resource_type": "sandbox", "_destroy": True},
        {"resource_id": "5001", "resource_type": "domain", "access_level": "100"}]})
    assert answer.status_code == 200 and answer.json() == {"message": "Permissions have been updated!"}
    grants = {(r["resource_type"], r["resource_id"]): r["access_level"]
              for r in accesses(live)["dev@example.com"]["resources"]}
    assert grants == {("account", 1001): 10, ("project", 201): 10, ("project", 202): 10, ("domain", 5001): 100}
    # Destroying what is not there is a no-op; an unknown resource is refused whole.
    before = accesses(live)["dev@example.com"]["resources"]
    bad = call(live, "PUT", path, json={"permissions": [
        {"resource_id": "2002", "resource_type": "sandbox", "_destroy": True},
        {"resource_id": "4242", "resource_type": "project", "access_level": "admin"}]})
    assert bad.status_code == 422 and "permissions[1].resource_id" in bad.json()["errors"]
    assert accesses(live)["dev@example.com"]["resources"] == before
    # The account level decides the overview role shown in the state dump.
    call(live, "PUT", path, json={"permissions": [{"resource_id": 1001, "resource_type": "account", "access_level": "admin"}]})
    assert next(u for u in live.state["users"] if u["email"] == "dev@example.com")["role"] == "admin"


def test_bulk_on_a_token_access_and_its_limits(live):
    token = next(t for t in live.state["tokens"] if t["name"] == "dev token")
    path = "account_accesses/%d/permissions/bulk" % token["account_access_id"]
    assert call(live, "PUT", path, json={"permissions": [
        {"resource_id": 202, "resource_type": "project", "access_level": "admin"}]}).status_code == 200
    assert {"resource_type": "project", "resource_id": 202, "access_level": 100} in \
        call(live, "GET", "api_tokens/%d" % token["id"]).json()["resources"]
    billing = call(live, "PUT", path, json={"permissions": [{"resource_id": 1001, "resource_type": "billing", "access_level": 10}]})
    assert billing.status_code == 422  # tokens take account, project, sandbox and domain only


def test_account_access_filters(live):
    def emails(query):
        return sorted(x["specifier"]["email"] for x in call(live, "GET", "account_accesses?" + query).json())

    everyone = ["admin@example.com", "dev@example.com", "new@example.com", "owner@example.com"]
    account_wide = ["admin@example.com", "new@example.com", "owner@example.com"]
    # Leave dev with project and sandbox permissions only, so that the filters tell people apart.
    dev = accesses(live)["dev@example.com"]
    assert call(live, "PUT", "account_accesses/%d/permissions/bulk" % dev["id"], json={"permissions": [
        {"resource_id": 1001, "resource_type": "account", "_destroy": True}]}).status_code == 200
    assert emails("") == everyone
    # Account-level people reach every project, so they are listed for it too.
    assert emails("project_ids[]=202") == account_wide
    assert emails("project_ids=201") == everyone
    assert emails("sandbox_ids=2001") == everyone and emails("inbox_ids[]=2001") == everyone
    assert emails("domain_ids=5001&domain_ids=999") == account_wide
    assert emails("project_ids=999") == [] and emails("project_ids=abc") == []


def test_owner_access_cannot_be_removed_and_others_can(live):
    found = accesses(live)
    refused = call(live, "DELETE", "account_accesses/%d" % found["owner@example.com"]["id"])
    assert refused.status_code == 403 and "owner" in refused.json()["errors"]
    removed = call(live, "DELETE", "account_accesses/%d" % found["new@example.com"]["id"])
    assert removed.status_code == 200 and removed.json() == {"id": found["new@example.com"]["id"]}
    assert "new@example.com" not in accesses(live)


def test_projects_wrapped_bodies_names_and_delete_answer(live):
    created = call(live, "POST", "projects", json={"project": {"name": "  Gamma  "}})
    assert created.status_code == 200 and created.json()["name"] == "Gamma" and created.json()["sandboxes"] == []
    assert set(created.json()["share_links"]) == {"admin", "viewer"}
    for body, field in (({"project": {"name": "G"}}, "name"), ({"project": {"name": "gamma"}}, "name"),
                        ({"name": "Gamma"}, "name"), ({"project": {"name": "Ok", "team_members": []}}, "project.team_members"),
                        ({"project": "Gamma"}, "project")):
        answer = call(live, "POST", "projects", json=body)
        assert answer.status_code == 422 and field in answer.json()["errors"], (body, answer.text)
    # Deleting a project drops the permissions on it and on its sandboxes.
    deleted = call(live, "DELETE", "projects/201")
    assert deleted.status_code == 200 and deleted.json() == {"id": 201}
    dev = accesses(live)["dev@example.com"]["resources"]
    assert [r["resource_type"] for r in dev] == ["account"]


def test_project_listing_embeds_sandboxes_with_credentials(live):
    alpha = call(live, "GET", "projects/201").json()
    sandbox = alpha["sandboxes"][0]
    assert sandbox["name"] == "Alpha inbox" and sandbox["password"] and sandbox["username"]
    assert sandbox["smtp_ports"] == [25, 465, 587, 2525] and sandbox["project_id"] == 201


def test_templates_crud_and_pagination(live):
    created = call(live, "POST", "email_templates", json={"email_template": {"name": "N", "subject": "S", "category": "C"}})
    assert created.status_code == 201 and created.json()["body_html"] == ""
    first = call(live, "GET", "templates?per_page=3").json()
    assert [t["id"] for t in first["data"]] == [301, 302, 303]
    assert first["pagination"] == {"page": 1, "per_page": 3, "total_count": 4, "total_pages": 2,
                                   "next_page": 2, "prev_page": None}
    second = call(live, "GET", "templates?page=2&per_page=3").json()
    assert [t["id"] for t in second["data"]] == [created.json()["id"]] and second["pagination"]["next_page"] is None
    assert call(live, "GET", "templates?page=9").json()["data"] == []
    for query in ("page=0", "per_page=101", "page=x"):
        assert call(live, "GET", "templates?" + query).status_code == 422
    assert isinstance(call(live, "GET", "email_templates").json(), list)


def test_live_openapi_document_describes_live_paths(live, emu):
    doc = requests.get(live.url + "/_emulator/openapi.json", timeout=5).json()
    assert A.replace("1001", "{account_id}") + "/account_accesses/{access_id}/permissions/bulk" in doc["paths"]
    assert "/api/accounts/{account_id}/users" not in doc["paths"]
    overview = requests.get(emu.url + "/_emulator/openapi.json", timeout=5).json()
    assert "/api/accounts/{account_id}/users" in overview["paths"]


def test_overview_state_file_is_read_the_live_way(tmp_path):
    state_file = str(tmp_path / "state.json")
    with Emulator(port=0, state_file=state_file, seed={"users": [{"email": "v@example.com", "role": "viewer"}]}) as emu:
        assert call(emu, "POST", "users", json={"email": "x@example.com", "role": "admin"}).status_code == 201
    with Emulator(port=0, state_file=state_file, dialect="live") as emu:
        levels = {e: x["resources"][0]["access_level"] for e, x in accesses(emu).items()}
        assert levels == {"owner@example.com": 1000, "v@example.com": 10, "x@example.com": 100}
        made = call(emu, "POST", "projects", json={"project": {"name": "Kept"}}).json()
    with Emulator(port=0, state_file=state_file, dialect="live") as emu:
        assert [p["id"] for p in call(emu, "GET", "projects").json()] == [made["id"]]
    with open(state_file, encoding="utf-8") as handle:
        assert json.load(handle)["dialect"] == "live"
    with pytest.raises(ValueError, match="--dialect live"):
        Emulator(port=0, state_file=state_file)


def test_rich_seed_in_both_dialects():
    with Emulator(port=0, seed="rich") as emu:
        users = call(emu, "GET", "users").json()
        assert len(users) >= 40
        assert {u["role"] for u in users} == {"owner", "admin", "developer", "viewer"}
        assert sum(1 for u in users if u["status"] == "invited") >= 5
        assert sum(1 for u in users if u["permissions"]) >= 5
        projects = call(emu, "GET", "projects").json()
        assert len(projects) >= 10 and all(p["team_members"] for p in projects)
        tokens = call(emu, "GET", "api_tokens").json()
        assert len(tokens) >= 11 and len({t["expires_at"] for t in tokens}) >= 6
        assert len({tuple(t["scopes"]) for t in tokens}) >= 10
        notifications = {"low_credits": False, "weekly_report": True, "bounce_alerts": False, "threshold_percentage": 65}
        assert call(emu, "GET", "notifications").json() == notifications
        assert call(emu, "GET", "security").json()["require_2fa"] is True
        assert call(emu, "GET", "sso").json()["enabled"] is True
        assert all(t["shared_with"] for t in call(emu, "GET", "templates").json())
        overview_emails = sorted(u["email"] for u in users)
        # The built-in owner token (first) is created "now"; the seed's own tokens are fixed.
        first = json.dumps(emu.state["tokens"][1:], sort_keys=True)
    with Emulator(port=0, seed="rich") as emu:
        assert json.dumps(emu.state["tokens"][1:], sort_keys=True) == first, "the rich seed must be deterministic"
    with Emulator(port=0, seed="rich", dialect="live") as emu:
        found = accesses(emu)
        assert sorted(found) == overview_emails
        beyond_roles = ("sandbox", "domain", "billing", "email_campaign_permission_scope")
        extra = [x for x in found.values() if any(r["resource_type"] in beyond_roles for r in x["resources"])]
        assert len(extra) >= 5
        assert len(call(emu, "GET", "api_tokens").json()) >= 11
        projects = call(emu, "GET", "projects").json()
        assert len(projects) >= 10 and all(p["sandboxes"] for p in projects)
        tree = call(emu, "GET", "permissions/resources").json()[0]
        assert {n["type"] for n in tree["resources"]} == {"project", "domain", "billing", "email_campaign_permission_scope"}


def test_command_line_knows_the_dialect_and_the_rich_seed():
    from mailtrap_emulator.__main__ import parse_args
    args = parse_args(["--dialect", "live", "--seed", "rich", "--port", "0"])
    assert args.dialect == "live" and args.seed == "rich"
    with pytest.raises(SystemExit):
        parse_args(["--dialect", "v3"])
    with pytest.raises(ValueError):
        Emulator(dialect="v3")
