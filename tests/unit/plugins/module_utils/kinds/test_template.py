# -*- coding: utf-8 -*-
"""TemplateShareKind and TemplateListing planned from tables, without HTTP; pagination; the live dialect."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.mailtrap.general.plugins.module_utils.client import MailtrapAPIError
from ansible_collections.mailtrap.general.plugins.module_utils.kind import InputError, Refusal
from ansible_collections.mailtrap.general.plugins.module_utils.kinds import template as templates
from ansible_collections.mailtrap.general.plugins.module_utils.kinds.template import TemplateListing, TemplateShareKind
from ansible_collections.mailtrap.general.plugins.module_utils.runner import entries_of

from test_project import USERS, FakeClient, FakeModule

WELCOME = {"id": 301, "name": "Welcome", "shared_with": [{"user_id": 2, "permission": "read"}]}
INVOICE = {"id": 303, "name": "Invoice", "shared_with": []}
LIVE = {"id": 41, "uuid": "u-41", "name": "Welcome", "category": "General", "subject": "Hi", "body_html": "<p>long</p>",
        "body_text": "long", "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z"}


def share_params(**params):
    return dict(dict(template="Welcome", users=[], permission="read", state="present", exclusive=False), **params)


def kind_for(params, kind_class=TemplateShareKind, dialect="overview", answers=None, write_answer=None):
    table = {"templates": [dict(WELCOME), dict(INVOICE)], "users": USERS, "email_templates": [dict(LIVE)]}
    table.update(answers or {})
    module = FakeModule(params, FakeClient(dialect, table, write_answer))
    module._name = "mailtrap.general.%s" % ("mailtrap_template_share" if kind_class is TemplateShareKind else
                                            "mailtrap_template_info")
    return kind_class(module), module


def plan(params, **kw):
    kind, module = kind_for(params, **kw)
    entries = entries_of(kind)
    kind.refuse_unsupported(entries)
    return kind.plan(entries[0]), kind, module


@pytest.mark.parametrize("params, action, share, unshare", [
    (share_params(users=["alice@example.com"]), "unchanged", None, None),
    (share_params(users=["2"], permission="write"), "updated", [2], []),
    (share_params(users=["3", "alice@example.com"]), "updated", [3], []),
    (share_params(users=["3"], exclusive=True), "updated", [3], [2]),
    (share_params(users=[], exclusive=True, allow_empty=True), "updated", [], [2]),
    (share_params(users=["2", "3"], state="absent"), "updated", [], [2]),
    (share_params(template="invoice", users=["3"], state="absent"), "unchanged", None, None),
    (share_params(template="303", users=["3"]), "updated", [3], []),
])
def test_share_plans(params, action, share, unshare):
    step, kind, module = plan(params)
    assert step.action == action
    if share is not None:
        assert (step.changes["share"], step.changes["unshare"]) == (share, unshare)


def test_check_mode_keeps_the_prediction_and_sends_through_the_write_verbs():
    step, kind, module = plan(share_params(users=["3"], exclusive=True))
    after = kind.apply(step)  # the fake's write verbs answer None, as the client's do in check mode
    assert after["shared_with"] == [{"user_id": 3, "permission": "read"}]
    assert [c[:2] for c in module.client.calls[-2:]] == [("POST", "templates/301/share"), ("DELETE", "templates/301/share")]
    assert module.client.calls[-1][2] == {"user_ids": [2]}


def test_a_failed_unshare_after_a_share_reports_the_share():
    step, kind, module = plan(share_params(users=["3"], exclusive=True))

    def refuse(*args, **kwargs):
        raise MailtrapAPIError("boom", status=500)

    module.client.delete = refuse
    with pytest.raises(MailtrapAPIError):
        kind.apply(step)
    assert step.partial


def test_answer_of_the_wrong_shape_after_a_share_is_a_clear_error():
    step, kind, module = plan(share_params(users=["3"]))
    module.client.write_answer = {"name": "Welcome"}
    with pytest.raises(MailtrapAPIError, match="'id'"):
        kind.apply(step)


@pytest.mark.parametrize("params, message", [
    (share_params(template=" "), "template must not be empty"),
    (share_params(state="absent", exclusive=True), "exclusive=true only applies"),
    (share_params(users=["7", "7"]), "listed more than once"),
    (share_params(users=["bob"]), "neither a numeric user id nor an e-mail"),
])
def test_bad_share_input_before_any_request(params, message):
    kind, module = kind_for(params)
    with pytest.raises(InputError, match=message):
        entries_of(kind)
    assert module.client.calls == []


@pytest.mark.parametrize("ref, message", [("Nope", "not found"), ("999", "not found")])
def test_unknown_template_is_refused(ref, message):
    with pytest.raises(Refusal, match=message):
        plan(share_params(template=ref, users=["2"]))


def test_ambiguous_template_name_is_refused():
    with pytest.raises(Refusal, match="ambiguous"):
        plan(share_params(users=["2"]), answers={"templates": [WELCOME, dict(WELCOME, id=302)]})


def test_share_is_refused_in_live_before_any_request():
    kind, module = kind_for(share_params(users=["2"]), dialect="live")
    with pytest.raises(Refusal, match="api_dialect=live: the live Mailtrap API has no endpoints to share templates"):
        kind.refuse_unsupported(entries_of(kind))
    assert module.client.calls == []


# ---------------------------------------------------------------------- listing and pagination

def listing(params=None, **kw):
    kind, module = kind_for(dict(dict(template=None, shared_with=None), **(params or {})), TemplateListing, **kw)
    kind.refuse_unsupported([])
    return kind, module


def test_live_listing_reads_email_templates_without_bodies_or_shares():
    kind, module = listing(dialect="live")
    assert kind.read() == [dict((k, LIVE[k]) for k in templates.LIVE_FIELDS)]
    assert module.client.calls == [("GET", "email_templates", None)]


def test_live_shared_with_filter_is_refused_before_any_request():
    with pytest.raises(Refusal, match="shared_with is not available with api_dialect=live"):
        listing(dict(shared_with="alice@example.com"), dialect="live")


def paged(total, per_page=2):
    items = [{"id": i, "name": "T%03d" % i, "shared_with": []} for i in range(1, total + 1)]

    def answer(params):
        page = (params or {}).get("page", 1)
        pages = max(1, -(-total // per_page))
        return {"data": items[(page - 1) * per_page:page * per_page],
                "pagination": {"page": page, "total_pages": pages, "next_page": page + 1 if page < pages else None}}
    return answer


def test_paginated_envelope_is_followed_to_the_last_page():
    kind, module = listing(answers={"templates": paged(5)})
    assert [t["id"] for t in kind.read()] == [1, 2, 3, 4, 5]
    assert [c[2] for c in module.client.calls] == [None, {"page": 2}, {"page": 3}]


def test_pagination_is_bounded(monkeypatch):
    monkeypatch.setattr(templates, "MAX_PAGES", 3)
    kind, module = listing(answers={"templates": paged(7)})
    with pytest.raises(MailtrapAPIError, match="more than 3 pages"):
        kind.read()
    assert len(module.client.calls) == 3


@pytest.mark.parametrize("answer, expected", [
    ({"data": [WELCOME], "pagination": {"next_page": 1}}, "a next_page after page 1"),
    ({"data": {"id": 1}, "pagination": {}}, "a page whose data is a list"),
    ({"data": [WELCOME], "pagination": []}, "a pagination object"),
    ({"templates": [WELCOME]}, "a list or a {data, pagination} page"),
    ([{"name": "no id"}], "'id'"),
    ([dict(WELCOME, shared_with="alice")], "a list of shares"),
    ([dict(WELCOME, shared_with=[{"user_id": 2}])], "'permission'"),
])
def test_wrong_shapes_are_clear_errors(answer, expected):
    kind, module = listing(answers={"templates": answer})
    with pytest.raises(MailtrapAPIError, match=expected.replace("{", r"\{").replace("}", r"\}")):
        kind.read()


def test_listing_filters():
    kind, module = listing(dict(shared_with="ALICE@example.com"))
    assert [t["name"] for t in kind.read()] == ["Welcome"]
    kind, module = listing(dict(template="invoice"))
    assert [t["name"] for t in kind.read()] == ["Invoice"]
    with pytest.raises(InputError, match="shared_with"):
        listing(dict(shared_with="nobody"))
    with pytest.raises(InputError, match="template must not be empty"):
        listing(dict(template=" "))
