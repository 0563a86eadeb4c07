"""The ``respond`` fault: answer a given status and JSON body for a method + path pattern, so
tests can feed clients answers of the wrong shape without touching the emulator's state."""

import pytest
import requests

OWNER = "emulator-owner-token"
H = {"Api-Token": OWNER}


def arm(emu, **spec):
    answer = requests.post(emu.url + "/_emulator/faults", headers=H, json=dict(spec, kind="respond"), timeout=5)
    assert answer.status_code == 201, answer.text
    return answer.json()


def get(emu, path, **kwargs):
    return requests.get(emu.url + "/api/accounts/1001/" + path, headers=H, timeout=5, **kwargs)


@pytest.mark.parametrize("body", [
    {"data": [], "pagination": {}},          # an envelope where a bare list belongs
    {"id": 1, "email": "x@example.com"},     # an object instead of a list
    [{"email": "no-id@example.com"}],        # a missing id
    [{"id": "1", "email": 7, "role": None}],  # wrong types
    "just a string", 42, [],
])
def test_respond_sends_exactly_the_given_body(emu, body):
    arm(emu, method="GET", path="/api/accounts/1001/users$", body=body, times=1)
    answer = get(emu, "users")
    assert answer.status_code == 200 and answer.json() == body
    assert answer.headers["Content-Type"].startswith("application/json")
    assert answer.headers["X-Mailtrap-Api-Dialect"] == "overview"
    # Fired once: the next request gets the real answer.
    assert get(emu, "users").json()[0]["email"] == "owner@example.com"


def test_respond_matches_method_and_path_and_counts(emu):
    fault = arm(emu, method="GET", path="/users$", status=500, body={"errors": "boom"}, count=2)
    assert fault["kind"] == "respond" and fault["count"] == 2 and fault["body"] == {"errors": "boom"}
    assert get(emu, "users/1").status_code == 200          # other path
    assert requests.post(emu.url + "/api/accounts/1001/users", headers=H, timeout=5,
                         json={"email": "a@example.com", "role": "viewer"}).status_code == 201  # other method
    assert [get(emu, "users").status_code for attempt in range(3)] == [500, 500, 200]
    journal = requests.get(emu.url + "/_emulator/requests", headers=H, timeout=5).json()
    assert [e.get("fault") for e in journal if e["path"].endswith("/users") and e["method"] == "GET"] == \
        ["respond", "respond", None]
    listed = requests.get(emu.url + "/_emulator/faults", headers=H, timeout=5).json()
    assert listed[0]["fired"] == 2


def test_respond_does_not_perform_the_request(emu):
    arm(emu, method="POST", path="/users$", status=201, body={"id": 99})
    answer = requests.post(emu.url + "/api/accounts/1001/users", headers=H, timeout=5,
                           json={"email": "ghost@example.com", "role": "viewer"})
    assert answer.status_code == 201 and answer.json() == {"id": 99}
    assert all(u["email"] != "ghost@example.com" for u in get(emu, "users").json())


def test_respond_null_body_headers_and_content_type(emu):
    arm(emu, path="/billing$", status=204, body=None)
    empty = get(emu, "billing")
    assert empty.status_code == 204 and empty.content == b""
    arm(emu, path="/billing$", body={"x": 1}, headers={"Content-Type": "text/plain", "X-Extra": "yes"})
    odd = get(emu, "billing")
    assert odd.headers["Content-Type"] == "text/plain" and odd.headers["X-Extra"] == "yes" and odd.json() == {"x": 1}


@pytest.mark.parametrize("spec,field", [
    ({"kind": "respond"}, "body"),
    ({"kind": "respond", "body": {}, "status": 99}, "status"),
    ({"kind": "respond", "body": {}, "count": 1, "times": 1}, "times"),
    ({"kind": "respond", "body": {}, "times": 0}, "times"),
    ({"kind": "respond", "body": {}, "headers": {"Content-Length": "3"}}, "headers"),
    ({"kind": "respond", "body": {}, "headers": {"X-Bad": "a\r\nInjected: 1"}}, "headers"),
    ({"kind": "respond", "body": {}, "headers": ["X"]}, "headers"),
    ({"kind": "status", "body": {}}, "body"),
    ({"kind": "respond", "body": {}, "path": "("}, "path"),
])
def test_bad_respond_specs_are_refused(emu, spec, field):
    answer = requests.post(emu.url + "/_emulator/faults", headers=H, json=spec, timeout=5)
    assert answer.status_code == 422 and field in answer.json()["errors"], answer.text


def test_respond_in_the_live_dialect():
    from mailtrap_emulator import Emulator
    with Emulator(port=0, dialect="live") as emu:
        arm(emu, method="GET", path="/email_templates$", body={"data": [{"id": 1}], "pagination": {"page": 1}})
        answer = get(emu, "email_templates")
        assert answer.json() == {"data": [{"id": 1}], "pagination": {"page": 1}}
        assert answer.headers["X-Mailtrap-Api-Dialect"] == "live"
