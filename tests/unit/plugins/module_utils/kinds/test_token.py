# -*- coding: utf-8 -*-
"""TokenKind without HTTP: current tokens + entries -> planned Steps, refusals, warnings, writes."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime

import pytest

from ansible_collections.mailtrap.general.plugins.module_utils.client import MailtrapAPIError
from ansible_collections.mailtrap.general.plugins.module_utils.kind import Entry, InputError, Refusal
from ansible_collections.mailtrap.general.plugins.module_utils.kinds import token as tk
from ansible_collections.mailtrap.general.plugins.module_utils.runner import Run, entries_of
from ansible_collections.mailtrap.general.plugins.module_utils.times import format_time, utc_now

# Real time: the check of an entry refuses an expires_at in the past.
NOW = utc_now().replace(microsecond=0)
ENTRY_DEFAULTS = dict((k, None) for k in tk.TOKEN_OPTIONS)
ENTRY_DEFAULTS.update(state="present", recreate="never")


def at(days=0, minutes=0):
    return format_time(NOW + datetime.timedelta(days=days, minutes=minutes))


def token(id_, name="webapp", scopes=("emails:send",), expires_at=None, created_at=None, last4="abcd", **extra):
    found = dict(id=id_, name=name, scopes=list(scopes), expires_at=expires_at, last_4_digits=last4,
                 created_by="owner@example.com", created_at=created_at or at(-1))
    found.update(extra)
    return found


def live_token(id_, name="webapp", resources=(("account", 1001, 100),), expires_at=None, last4="abcd"):
    return dict(id=id_, name=name, expires_at=expires_at, last_4_digits=last4, created_by="owner@example.com",
                resources=[dict(resource_type=t, resource_id=i, access_level=a) for t, i, a in resources])


TREE = [{"id": 1001, "name": "Acme", "type": "account", "access_level": 1000, "resources": [
    {"id": 11, "name": "Web", "type": "project", "access_level": 1000, "resources": [
        {"id": 111, "name": "Staging", "type": "sandbox", "access_level": 1000, "resources": []}]},
    {"id": 12, "name": "Twin", "type": "project", "access_level": 1000, "resources": []},
    {"id": 13, "name": "Twin", "type": "project", "access_level": 1000, "resources": []},
    {"id": 1001, "name": "Billing", "type": "billing", "access_level": 1000, "resources": []}]}]


class FakeClient:
    """Answers GETs from ``answers`` (path -> value or a list of values, one per call); writes are recorded."""

    @staticmethod
    def assume(dialect):
        return False  # the fake's dialect is fixed: it never guesses

    def __init__(self, tokens, dialect="overview", check_mode=False, last4="oken", fail=None):
        self.answers = {"api_tokens": tokens, "permissions/resources": TREE}
        self.dialect = dialect
        self.check_mode = check_mode
        self.token_last4 = last4
        self.account_id = 1001
        self.calls = []
        self.fail = fail or {}  # "METHOD path" -> exception
        self.next_id = 9000

    def path(self, relative=""):
        return "/api/accounts/1001/" + relative

    def _call(self, method, relative, body=None):
        self.calls.append((method, relative, body))
        exc = self.fail.get("%s %s" % (method, relative))
        if exc is not None:
            raise exc

    def get(self, relative, params=None):
        self._call("GET", relative)
        answer = self.answers[relative]
        if isinstance(answer, tuple):  # one answer per call, the last repeats
            answer, self.answers[relative] = answer[0], answer[1:] or answer
        return answer

    def post(self, relative, body=None, recover=None, idempotent=False):
        self._call("POST", relative, body)
        if self.check_mode:
            return None
        self.next_id += 1
        made = dict(body or {}, id=self.next_id, last_4_digits="new%d" % (self.next_id % 10), token="secret-%d" % self.next_id)
        made.setdefault("name", "webapp")
        made.setdefault("scopes" if self.dialect == "overview" else "resources", [])
        made.setdefault("expires_at", None)
        return made

    def delete(self, relative, body=None):
        self._call("DELETE", relative)

    def add_secret(self, value):
        self.calls.append(("SECRET", value, None))

    def writes(self):
        return [(m, p) for m, p, b in self.calls if m not in ("GET", "SECRET")]


class FakeModule:
    _name = "mailtrap.general.mailtrap_tokens"
    _diff = False

    def __init__(self, client, **params):
        self.client = client
        self.params = dict(dict(api_token="x", force=False, purge=False, allow_empty=False), **params)
        self.warnings = []

    def warn(self, message):
        self.warnings.append(message)

    def fail_input(self, message):
        raise InputError(message)


def kind_for(tokens, dialect="overview", **params):
    client = FakeClient(tokens, dialect)
    kind = tk.TokenKind(FakeModule(client, **params))
    kind.now = NOW
    return kind


def planned(kind, entries, purge=False):
    """Entries (dicts of mailtrap_tokens' options) -> the planned Run (nothing applied)."""
    kind.params["tokens"] = [dict(ENTRY_DEFAULTS, **e) for e in entries]
    kind.params["purge"] = purge
    run = Run(kind, entries_of(kind, "tokens"), single=False)
    kind.refuse_unsupported(run.entries)
    run.plan(purge=purge, allow_empty=False)
    return run


# ---------------------------------------------------------------------- planning (overview)

PLANS = [
    ("absent revokes every live token of the name", [token(1), token(2), token(3, expires_at=at(-1))],
     dict(name="webapp", state="absent"), "deleted", dict(touches=[1, 2])),
    ("absent, nothing there", [], dict(name="webapp", state="absent"), "absent", {}),
    ("create", [], dict(name="webapp", scopes=["send_emails"], expires_in_days=30), "created",
     dict(after={"name": "webapp", "scopes": ["emails:send"], "expires_at": at(30)})),
    ("same scopes in another spelling", [token(1)], dict(name="webapp", scopes=["send_emails"]), "unchanged", dict(drift=[])),
    ("scope drift, recreate never", [token(1)], dict(name="webapp", scopes=["templates:read"]), "unchanged",
     dict(drift=["scopes"])),
    ("scope drift, recreate on_change", [token(1)], dict(name="webapp", scopes=["templates:read"], recreate="on_change"),
     "recreated", dict(drift=[], touches=[1], after={"name": "webapp", "scopes": ["templates:read"], "expires_at": None})),
    ("fractional seconds are compared as whole seconds", [token(1, expires_at=at(40))],
     dict(name="webapp", expires_at=at(40)[:-1] + ".750Z", recreate="on_change"), "unchanged", dict(drift=[])),
    ("expires_in_days is not compared with an existing token", [token(1, expires_at=at(3))],
     dict(name="webapp", expires_in_days=90, recreate="on_change"), "unchanged", dict(drift=[])),
    ("due: the new token lives as long as the old one, from now", [token(1, expires_at=at(10), created_at=at(-80))],
     dict(name="webapp", rotate_before_days=14), "rotated", dict(touches=[1], expires=at(90))),
    ("due with expires_in_days: now + that many days", [token(1, expires_at=at(10))],
     dict(name="webapp", rotate_before_days=14, expires_in_days=60), "rotated", dict(expires=at(60))),
    ("a token shorter-lived than rotate_before_days is followed by one that is not due at once",
     [token(1, expires_at=at(5), created_at=at(-2))], dict(name="webapp", rotate_before_days=14), "rotated",
     dict(expires=at(15))),
    ("grace period: the fading old token of a reset is never the managed one",
     [token(1, expires_at=at(minutes=4), created_at=at(-400)), token(2)], dict(name="webapp", rotate_before_days=14),
     "unchanged", dict(before=2)),
    ("a fixed expires_at inside rotate_before_days does not rotate or recreate every run",
     [token(1, expires_at=at(10))], dict(name="webapp", expires_at=at(10), rotate_before_days=14, recreate="on_change"),
     "unchanged", dict(drift=[])),
    ("a later fixed expires_at makes a due token rotate to it", [token(1, expires_at=at(10))],
     dict(name="webapp", expires_at=at(200), rotate_before_days=14), "rotated", dict(expires=at(200), drift=[])),
    ("duplicates: the newest is managed, the others revoked", [token(1), token(5), token(3)],
     dict(name="webapp", scopes=["emails:send"]), "unchanged", dict(before=5, others=[1, 3], duplicates=[1, 3])),
    ("duplicates: the token whose secret is kept wins over a newer one", [token(1, last4="kept"), token(5), token(3, last4="kept")],
     dict(name="webapp", prefer_last_4_digits="kept"), "unchanged", dict(before=3, others=[1, 5], duplicates=[1, 5])),
    ("duplicates: a kept secret that matches no token falls back to the newest", [token(1), token(5)],
     dict(name="webapp", prefer_last_4_digits="gone"), "unchanged", dict(before=5, duplicates=[1])),
    ("duplicates: the token in use is never revoked as a duplicate", [token(1, last4="oken"), token(5)],
     dict(name="webapp"), "unchanged", dict(before=5, others=[1], duplicates=[])),
    ("duplicates: a fading token is left to expire", [token(1, expires_at=at(minutes=3)), token(5)],
     dict(name="webapp"), "unchanged", dict(before=5, others=[], duplicates=[])),
    ("a rotation whose revoke failed: the next run revokes the superseded token", [token(1, expires_at=at(3)), token(2, expires_at=at(90))],
     dict(name="webapp", rotate_before_days=14), "unchanged", dict(before=2, duplicates=[1])),
    ("duplicates and a due rotation: the kept one is rotated, the others revoked", [token(1, expires_at=at(3)), token(2, expires_at=at(5))],
     dict(name="webapp", rotate_before_days=14), "rotated", dict(before=2, touches=[2], duplicates=[1])),
]


@pytest.mark.parametrize("tokens, entry, action, expect", [p[1:] for p in PLANS], ids=[p[0] for p in PLANS])
def test_plan(tokens, entry, action, expect):
    kind = kind_for(tokens)
    step = planned(kind, [entry]).steps[0]
    assert step.action == action
    if "touches" in expect:
        assert [t["id"] for t in step.touches] == expect["touches"]
    if "drift" in expect:
        assert step.drift == expect["drift"]
    if "after" in expect:
        assert step.after == expect["after"]
    if "expires" in expect:
        assert step.after["expires_at"] == expect["expires"]
    if "before" in expect:
        assert step.before["id"] == expect["before"]
    if "others" in expect:
        assert [t["id"] for t in step.others] == expect["others"]
    if "duplicates" in expect:
        assert [t["id"] for t in step.duplicates] == expect["duplicates"]
        assert step.changing == (action != "unchanged" or bool(expect["duplicates"]))
    assert kind.client.writes() == [] and kind.client.calls == [("GET", "api_tokens", None)]


WARNINGS = [
    ("scope drift advises recreate: on_change", [token(1)], dict(name="webapp", scopes=["templates:read"]),
     ["differs in scopes", "Set recreate: on_change"], ["expires_in_days"]),
    ("expiry drift advises expires_in_days, not a daily replacement", [token(1, expires_at=at(30))],
     dict(name="webapp", expires_at=at(31)), ["differs in expires_at", "use expires_in_days"], ["Set recreate: on_change"]),
    ("a fixed expires_at inside rotate_before_days says why it is not rotated", [token(1, expires_at=at(10))],
     dict(name="webapp", expires_at=at(10), rotate_before_days=14), ["is not rotated"], []),
    ("a duplicate in use is named, not revoked", [token(1, last4="oken"), token(2)], dict(name="webapp"),
     ["tokens[0]: API token 'webapp': 1 other live API token(s) have this name (ids 1) but were not revoked",
      "authenticates with", "force: true"], []),
    ("revoked duplicates need no warning (the result names them)", [token(1), token(2)], dict(name="webapp"), [], []),
    ("a kept secret matching no token is named", [token(1), token(2)], dict(name="webapp", prefer_last_4_digits="zzzz"),
     ["no live token of this name ends in prefer_last_4_digits (zzzz)"], []),
    ("the fading token of a reset is no duplicate", [token(1, expires_at=at(minutes=3)), token(2)], dict(name="webapp"),
     [], ["live API tokens"]),
]


@pytest.mark.parametrize("tokens, entry, present, absent", [w[1:] for w in WARNINGS], ids=[w[0] for w in WARNINGS])
def test_warnings(tokens, entry, present, absent):
    kind = kind_for(tokens)
    planned(kind, [entry])
    text = " | ".join(kind.module.warnings)
    for fragment in present:
        assert fragment in text
    for fragment in absent:
        assert fragment not in text
    if not present:
        assert kind.module.warnings == []


# ---------------------------------------------------------------------- refusals, bad input

BAD = [
    (dict(expires_at="9999-12-31T23:00:00-05:00"), "expires_at: "),
    (dict(rotate_before_days=3000000), "rotate_before_days must be between 0 and 36500"),
    (dict(expires_in_days=10 ** 9), "expires_in_days must be between 1 and 36500"),
    (dict(expires_in_days=0), "expires_in_days must be between 1"),
    (dict(expires_in_days=10, rotate_before_days=10), "must be more than rotate_before_days"),
    (dict(expires_in_days=10, expires_at="2030-01-01"), "mutually exclusive"),
    (dict(expires_at="2001-01-01"), "is not in the future"),
    (dict(scopes=[]), "at least one scope"),
    (dict(resources=[]), "resources is empty"),
    (dict(resources=[dict(type="account", access="owner")]), "access: 'owner' is not a token access level"),
    (dict(resources=[dict(type="billing", access="admin")]), "'billing' is not a type a token can be given rights on"),
    (dict(resources=[dict(type="project", id=1, name="Web", access="admin")]), "id and name are mutually exclusive"),
    (dict(resources=[dict(type="project", id="abc", access="admin")]), "is not a resource id"),
    (dict(resources=[dict(type="project", access="viewer")]), "tokens[0].resources[0].id or name is required"),
    (dict(name=" "), "name must not be empty"),
]


@pytest.mark.parametrize("entry, message", BAD, ids=[b[1] for b in BAD])
def test_bad_input_is_refused_before_any_request(entry, message):
    kind = kind_for([])
    with pytest.raises(InputError) as caught:
        planned(kind, [dict(dict(name="webapp", scopes=["emails:send"]), **entry)])
    assert message in str(caught.value)
    assert kind.client.calls == []


@pytest.mark.parametrize("dialect, entry, message", [
    ("live", dict(name="t", scopes=["emails:send"]), "scopes is not available with api_dialect=live"),
    ("overview", dict(name="t", resources=[dict(type="account", access="viewer")]),
     "resources is not available with api_dialect=overview"),
])
def test_the_option_a_dialect_lacks_is_refused_before_any_request(dialect, entry, message):
    kind = kind_for([], dialect)
    with pytest.raises(Refusal) as caught:
        planned(kind, [entry])
    assert message in str(caught.value) and "tokens[0]." in str(caught.value)
    assert kind.client.calls == []


@pytest.mark.parametrize("dialect, entry, grants", [
    ("overview", dict(name="new"), "scopes"),
    ("live", dict(name="new"), "resources"),
])
def test_rights_are_needed_to_create(dialect, entry, grants):
    kind = kind_for([], dialect)
    with pytest.raises(InputError) as caught:
        planned(kind, [entry])
    assert "tokens[0]: %s is required to create API token 'new'" % grants in str(caught.value)
    assert kind.client.writes() == []


@pytest.mark.parametrize("last4, entry, refused", [
    ("oken", dict(name="ci", state="absent"), "refusing to revoke api_token 'ci'"),
    ("oken", dict(name="ci", rotate=True), "refusing to rotate api_token 'ci'"),
    ("oken", dict(name="ci", scopes=["templates:read"], recreate="on_change"), "refusing to replace"),
    ("zzzz", dict(name="ci", state="absent"), None),
])
def test_the_token_in_use_is_protected_by_the_last4_the_client_sends(last4, entry, refused):
    # The client strips "token\n" before sending; its token_last4 is what the guard compares.
    kind = kind_for([token(1, name="ci", last4=last4)])
    if refused is None:
        assert planned(kind, [entry]).steps[0].action == "deleted"
        return
    with pytest.raises(Refusal) as caught:
        planned(kind, [entry])
    assert refused in str(caught.value) and "force: true" in str(caught.value)
    kind.force = True
    assert planned(kind, [entry]).steps[0].changing


def test_purge_revokes_unnamed_and_extra_tokens_once_and_spares_the_token_in_use():
    kind = kind_for([token(1, name="ci", last4="oken"), token(2, name="old"), token(3, name="keep"), token(4, name="keep"),
                     token(5, name="gone")])
    run = planned(kind, [dict(name="keep"), dict(name="gone", state="absent")], purge=True)
    assert [s.before["id"] for s in run.purges] == [2]  # "gone" is not purged too: it is named
    assert [t["id"] for t in run.steps[0].duplicates] == [3]  # the entry revokes the extra "keep", not the purge
    assert [o["id"] for o in run.spared] == [1]
    assert [t["id"] for t in run.steps[1].touches] == [5]
    run.apply()
    assert kind.client.writes() == [("DELETE", "api_tokens/3"), ("DELETE", "api_tokens/5"), ("DELETE", "api_tokens/2")]
    result = run.result()
    assert [t["id"] for t in result["duplicates_revoked"]] == [3] and result["removed"] == ["gone", "old"]


def test_purge_with_nothing_to_keep_is_refused_unless_allow_empty():
    kind = kind_for([token(1)])
    with pytest.raises(Refusal) as caught:
        planned(kind, [], purge=True)
    assert "allow_empty" in str(caught.value) and kind.client.calls == []


# ---------------------------------------------------------------------- live dialect

def test_live_names_resolve_with_one_read_of_the_tree_and_drift_is_compared_on_resources():
    current = live_token(1, resources=(("project", "11", 100), ("account", 1001, 10)))
    kind = kind_for([current], "live")
    run = planned(kind, [dict(name="webapp", resources=[dict(type="account", access="viewer"),
                                                        dict(type="project", name="Web", access="admin")]),
                         dict(name="other", resources=[dict(type="sandbox", name="Staging", access="viewer")],
                              expires_in_days=30)])
    assert [s.action for s in run.steps] == ["unchanged", "created"]
    assert run.steps[0].drift == []
    assert [c[1] for c in kind.client.calls] == ["api_tokens", "permissions/resources"]
    assert run.steps[1].body["resources"] == [{"resource_type": "sandbox", "resource_id": 111, "access_level": 10}]
    kind = kind_for([current], "live")
    step = planned(kind, [dict(name="webapp", resources=[dict(type="project", id=11, access="viewer")])]).steps[0]
    assert step.drift == ["resources"]


@pytest.mark.parametrize("spec, message", [
    (dict(type="project", name="Nope", access="admin"), "no project 'Nope' (known: Twin, Web)"),
    (dict(type="project", name="Twin", access="admin"), "more than one (ids 12, 13) project 'Twin'; give its id instead"),
])
def test_live_unknown_or_ambiguous_names_are_refused_before_any_write(spec, message):
    kind = kind_for([], "live")
    with pytest.raises(InputError) as caught:
        planned(kind, [dict(name="t", resources=[spec])])
    assert "tokens[0].resources[0].name: " in str(caught.value) and message in str(caught.value)
    assert kind.client.writes() == []


def test_live_create_and_reset_send_the_expiry_explicitly():
    kind = kind_for([live_token(1, name="old")], "live")
    run = planned(kind, [dict(name="new", resources=[dict(type="account", access="viewer")]),
                         dict(name="old", rotate_before_days=None)])
    kind.params["tokens"][1]["rotate"] = True  # the single module's option, here for the table
    run.steps[1] = kind.plan(run.entries[1])
    run.apply()
    posts = [(p, b) for m, p, b in kind.client.calls if m == "POST"]
    assert posts[0] == ("api_tokens", {"name": "new", "expires_at": None,
                                       "resources": [{"resource_type": "account", "resource_id": 1001, "access_level": 10}]})
    assert posts[1] == ("api_tokens/1/reset", {"expires_at": None})  # not the API's one-year default


def test_overview_reset_has_no_body_and_an_expiring_token_is_recreated_then_revoked():
    kind = kind_for([token(1, name="a"), token(2, name="b", expires_at=at(5))])
    entries = [Entry("", "present", {"name": "a"}, dict(ENTRY_DEFAULTS, name="a", rotate=True)),
               Entry("", "present", {"name": "b"}, dict(ENTRY_DEFAULTS, name="b", rotate=True))]
    kind.read()
    for entry in entries:
        step = kind.plan(entry)
        kind.apply(step)
    assert kind.client.writes() == [("POST", "api_tokens/1/reset"), ("POST", "api_tokens"), ("DELETE", "api_tokens/2")]
    assert [b for m, p, b in kind.client.calls if p == "api_tokens/1/reset"] == [None]


# ---------------------------------------------------------------------- applying: partial failures, races

def test_a_failed_revoke_after_a_rotation_keeps_the_new_secret_on_the_step():
    kind = kind_for([token(1, expires_at=at(5))])
    kind.client.fail["DELETE api_tokens/1"] = MailtrapAPIError("boom", status=500, method="DELETE", path="x")
    run = planned(kind, [dict(name="webapp", recreate="always")])
    with pytest.raises(MailtrapAPIError):
        run.apply()
    step = run.steps[0]
    assert step.partial and run.changed and step.result["token"] == "secret-9001"
    assert run.result()["secrets"] == {"webapp": "secret-9001"}


def test_a_later_failure_of_a_bulk_run_returns_the_secrets_already_created():
    kind = kind_for([])
    run = planned(kind, [dict(name="a", scopes=["emails:send"]), dict(name="b", scopes=["emails:send"])])
    real_post = kind.client.post

    def post(relative, body=None, recover=None, idempotent=False):
        if body and body.get("name") == "b":
            raise MailtrapAPIError("Internal Server Error", status=500, method="POST", path=relative)
        return real_post(relative, body, recover)
    kind.client.post = post
    with pytest.raises(MailtrapAPIError) as caught:
        run.apply()
    result = run.result()
    assert run.changed and result["secrets"] == {"a": "secret-9001"} and result["created"] == ["a"]
    assert "tokens[1].api_token 'b'" in run.failure(caught.value)


def test_a_create_reads_the_tokens_once():
    """Issue 11 F8 / item 4: no second listing after a create (it cost a GET per task and could not close the race)."""
    kind = kind_for(([], [token(9001), token(9500, last4="them")]))
    run = planned(kind, [dict(name="webapp", scopes=["emails:send"])])
    run.apply()
    assert kind.client.calls[0] == ("GET", "api_tokens", None) and kind.client.writes() == [("POST", "api_tokens")]
    assert [c for c in kind.client.calls if c[0] == "GET"] == [("GET", "api_tokens", None)]
    assert run.result()["secrets"] == {"webapp": "secret-9001"}


def test_two_runs_at_once_leave_two_tokens_and_the_next_run_keeps_one():
    """Issue 11 F8: each run returned its own secret; the next run keeps the newest (or the kept secret's) and revokes the rest."""
    for prefer, kept, revoked in ((None, 9002, 9001), ("new1", 9001, 9002)):
        kind = kind_for([token(9001, last4="new1"), token(9002, last4="new2")])
        run = planned(kind, [dict(name="webapp", scopes=["emails:send"], prefer_last_4_digits=prefer)])
        run.apply()
        assert run.changed and kind.client.writes() == [("DELETE", "api_tokens/%d" % revoked)]
        result = run.result()
        assert result["api_tokens"][0]["id"] == kept and [t["id"] for t in result["duplicates_revoked"]] == [revoked]
        assert result["updated"] == [] and result["created"] == [] and result["secrets"] == {}


def test_duplicates_in_check_mode_are_predicted_and_shown_in_the_diff():
    kind = kind_for([token(1), token(2)])
    kind.client.check_mode = True
    kind.module._diff = True
    run = planned(kind, [dict(name="webapp")])
    run.apply()
    assert run.changed and kind.client.writes() == [("DELETE", "api_tokens/1")]  # the fake records; the client sends nothing
    result = run.result()
    assert [t["id"] for t in result["duplicates_revoked"]] == [1]
    assert isinstance(result["diff"], list) and list(result["diff"][1]["before"]) == ["webapp (id 1)"]
    assert result["diff"][1]["after"] == {}


def test_a_failed_duplicate_revoke_reports_changed_for_those_already_revoked():
    kind = kind_for([token(1), token(2), token(3)])
    kind.client.fail["DELETE api_tokens/2"] = MailtrapAPIError("boom", status=500, method="DELETE", path="api_tokens/2")
    run = planned(kind, [dict(name="webapp")])
    with pytest.raises(MailtrapAPIError):
        run.apply()
    assert run.changed and [t["id"] for t in run.result()["duplicates_revoked"]] == [1]


def single(kind, **params):
    """The single module's Run (mailtrap_token) for ``params``, planned."""
    kind.params.update(dict(ENTRY_DEFAULTS, rotate=False, id=None, prefer_last_4_digits=None), **params)
    run = Run(kind, entries_of(kind), single=True)
    run.plan(purge=False, allow_empty=False)
    return run


def test_id_revokes_that_one_token_and_nothing_else():
    """Issue 11 F3: the old token of a rotation whose revoke failed can be revoked by id."""
    kind = kind_for([token(1), token(2), token(3, name="other")])
    run = single(kind, id=1, state="absent")
    assert run.steps[0].action == "deleted" and [t["id"] for t in kind.touched(run.steps[0])] == [1]
    run.apply()
    assert kind.client.writes() == [("DELETE", "api_tokens/1")] and run.result()["changed"]
    kind = kind_for([token(2)])
    run = single(kind, id=1, name="webapp", state="absent")
    assert run.steps[0].action == "absent" and not run.changed


@pytest.mark.parametrize("params, message", [
    (dict(id=1), "give state: absent"),
    (dict(id=1, state="absent", scopes=["emails:send"]), "scopes cannot be combined with id"),
    (dict(id=1, state="absent", rotate=True), "rotate cannot be combined with id"),
    (dict(id=0, state="absent"), "positive number"),
])
def test_id_with_anything_that_makes_a_token_is_refused_before_any_request(params, message):
    kind = kind_for([token(1)])
    with pytest.raises(InputError) as caught:
        single(kind, **params)
    assert message in str(caught.value) and kind.client.calls == []


def test_id_of_another_name_or_of_the_token_in_use_is_refused_before_any_write():
    kind = kind_for([token(1, name="other")])
    with pytest.raises(Refusal) as caught:
        single(kind, id=1, name="webapp", state="absent")
    assert "is named 'other', not 'webapp'" in str(caught.value) and kind.client.writes() == []
    kind = kind_for([token(1, last4="oken")])
    with pytest.raises(Refusal) as caught:
        single(kind, id=1, state="absent")
    assert "refusing to revoke" in str(caught.value) and kind.client.writes() == []
    kind = kind_for([token(1, last4="oken")], force=True)
    assert single(kind, id=1, state="absent").steps[0].changing


def test_recovery_of_a_lost_answer_never_revokes():
    kind = kind_for(([], [token(8000)]))
    kind.read()
    assert kind.recover("webapp") is None
    assert kind.client.writes() == [] and "8000" in kind.module.warnings[0]


def test_check_mode_sends_no_write_and_predicts():
    kind = kind_for([token(1, expires_at=at(5))])
    kind.client.check_mode = True
    run = planned(kind, [dict(name="webapp", recreate="always"), dict(name="new", scopes=["emails:send"])])
    run.apply()
    assert [s.result for s in run.steps] == [s.after for s in run.steps]
    assert [c[0] for c in kind.client.calls] == ["GET", "POST", "POST"]  # and no secret to remember  # the fake records, the real client sends none
    assert run.result()["secrets"] == {}


# ---------------------------------------------------------------------- answers of the wrong shape

@pytest.mark.parametrize("answer, expected", [
    ({"data": [], "pagination": {}}, "expected a list"),
    ([{"name": "x"}], "'id'"),
    ([{"id": "7", "name": "x", "expires_at": None, "last_4_digits": "abcd", "scopes": []}], "'id' is an integer"),
    ([{"id": 7, "name": "x", "expires_at": None, "last_4_digits": "abcd", "scopes": "emails:send"}], "'scopes' is a list"),
    ({"id": 7}, "expected a list"),
])
def test_a_listing_of_the_wrong_shape_is_a_clear_error(answer, expected):
    kind = kind_for(answer)
    with pytest.raises(MailtrapAPIError) as caught:
        planned(kind, [dict(name="x", scopes=["emails:send"])])
    assert expected in str(caught.value) and "GET /api/accounts/1001/api_tokens" in str(caught.value)


def test_a_create_answer_without_the_secret_is_a_clear_error():
    kind = kind_for([])
    kind.client.post = lambda relative, body=None, recover=None, idempotent=False: dict(
        id=5, name="x", scopes=[], expires_at=None, last_4_digits="abcd")
    run = planned(kind, [dict(name="x", scopes=["emails:send"])])
    with pytest.raises(MailtrapAPIError) as caught:
        run.apply()
    assert "'token'" in str(caught.value)


def test_a_resource_tree_of_the_wrong_shape_is_a_clear_error():
    kind = kind_for([], "live")
    kind.client.answers["permissions/resources"] = {"data": TREE}
    with pytest.raises(MailtrapAPIError) as caught:
        planned(kind, [dict(name="t", resources=[dict(type="project", name="Web", access="admin")])])
    assert "permissions/resources" in str(caught.value) and kind.client.writes() == []
