# -*- coding: utf-8 -*-
# Copyright: mailtrap.general contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""E-mail templates: mailtrap_template_share (share one template with users) and mailtrap_template_info.

Overview: ``GET templates`` lists templates with their shares; ``POST`` / ``DELETE
templates/{id}/share`` share and unshare. Live: the published templates spec lists
``GET email_templates`` (a bare array) and has no sharing at all, so template_share is refused
and template_info's ``shared_with`` filter too. Mailtrap's newer ``/templates`` answers a
paginated ``{"data": [...], "pagination": {...}}``: the collection reads ``email_templates`` (the
published, unpaginated endpoint) but follows pages, up to MAX_PAGES, wherever a server answers
with that envelope, so neither dialect crashes on it.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.mailtrap.general.plugins.module_utils import shapes
from ansible_collections.mailtrap.general.plugins.module_utils.client import MailtrapAPIError
from ansible_collections.mailtrap.general.plugins.module_utils.kind import Adapter, Entry, InputError, Refusal, Step, Unsupported
from ansible_collections.mailtrap.general.plugins.module_utils.userrefs import NUMERIC_RE, UserLinkedKind, user_ref, user_refs

SHARE_PERMISSIONS = ("read", "write")
# A paginated listing is followed at most this far (25 a page by default: 2500 templates).
MAX_PAGES = 100
TEMPLATE_SHARE_OPTIONS = dict(
    template=dict(type="str", required=True),
    users=dict(type="list", elements="str", required=True),
    permission=dict(type="str", default="read", choices=list(SHARE_PERMISSIONS)),
    state=dict(type="str", default="present", choices=["present", "absent"]),
    exclusive=dict(type="bool", default=False),
)
TEMPLATE_INFO_OPTIONS = dict(
    template=dict(type="str"),
    shared_with=dict(type="str"),
)
NO_SHARING_IN_LIVE = ("the live Mailtrap API has no endpoints to share templates with users (a template belongs to the "
                      "account; who may edit it is the account-level permission of the person's account access, see "
                      "mailtrap.general.mailtrap_account_access).")
LIVE_FIELDS = ("id", "uuid", "name", "category", "subject", "created_at", "updated_at")


def pages(client, path, fields):
    """Every object of a listing: a bare list, or a ``{"data", "pagination"}`` envelope whose pages are followed."""
    full = client.path(path)
    answer, page, objects = client.get(path), 1, []
    while isinstance(answer, dict) and "data" in answer:
        objects.extend(shapes.check_list(answer["data"], "GET", full, fields, "a page whose data is a list"))
        following = next_page(answer, page, full)
        if following is None:
            return objects
        if following > MAX_PAGES:
            raise MailtrapAPIError("Mailtrap API GET %s: more than %d pages; not all were read, so nothing is reported or "
                                   "changed from a partial list." % (full, MAX_PAGES), method="GET", path=full)
        page = following
        answer = client.get(path, params={"page": page})
    return objects + shapes.check_list(answer, "GET", full, fields, "a list or a {data, pagination} page")


def next_page(answer, page, full):
    paging = answer.get("pagination")
    paging = shapes.check_object({} if paging is None else paging, "GET", full, what="a pagination object")
    following = paging.get("next_page")
    if following is not None and (not isinstance(following, int) or isinstance(following, bool) or following <= page):
        raise shapes.unexpected("GET", full, "a next_page after page %d" % page, paging)
    return following


class Templates(Adapter):
    fields = {"id": int, "name": str}

    def list(self):
        return [self.from_api(t) for t in pages(self.client, self.path, self.fields)]


class OverviewTemplates(Templates):
    path = "templates"

    def from_api(self, obj):
        shapes.check_list(obj.get("shared_with"), "GET", self.full(self.path), {"user_id": int, "permission": str},
                          "a list of shares")
        return obj

    def share_path(self, template):
        return "%s/%s/share" % (self.path, template["id"])

    def answer(self, method, path, answer):
        answer = shapes.optional(answer, method, self.full(path), self.fields)
        return self.from_api(answer) if answer is not None else None

    def share(self, template, user_ids, permission):
        path = self.share_path(template)
        return self.answer("POST", path, self.client.post(path, {"user_ids": user_ids, "permission": permission},
                                                          idempotent=True))

    def unshare(self, template, user_ids, permission=None):
        path = self.share_path(template)
        return self.answer("DELETE", path, self.client.delete(path, {"user_ids": user_ids}))


class LiveTemplates(Templates):
    path = "email_templates"

    def from_api(self, obj):
        # The bodies can be long HTML; a listing shows what identifies a template.
        return dict((k, obj.get(k)) for k in LIVE_FIELDS if k in obj)


def find_template(templates, ref):
    """The template named by ``ref`` (a numeric id, or a name compared case-insensitively)."""
    text = ref.strip()
    if NUMERIC_RE.match(text):
        for template in templates:
            if template.get("id") == int(text):
                return template
    matches = [t for t in templates if (t.get("name") or "").strip().lower() == text.lower()]
    if len(matches) > 1:
        raise Refusal("template %r is ambiguous: %d templates have that name (ids %s); give the id instead." % (
            ref, len(matches), ", ".join(str(t.get("id")) for t in matches)))
    if matches:
        return matches[0]
    names = sorted((t.get("name") or "") for t in templates)
    listing = ", ".join(repr(n) for n in names[:5]) or "none"
    if len(names) > 5:
        listing += " and %d more" % (len(names) - 5)
    raise Refusal("template %r not found (by id or name) in the account; existing templates: %s." % (ref, listing))


def with_shares(template, shared=(), permission=None, unshared=()):
    """``template`` as it is after sharing ``shared`` at ``permission`` and unsharing ``unshared``."""
    shares = dict((s.get("user_id"), s.get("permission")) for s in template.get("shared_with") or [])
    shares.update((uid, permission) for uid in shared)
    for uid in unshared:
        shares.pop(uid, None)
    return dict(template, shared_with=[{"user_id": uid, "permission": perm} for uid, perm in sorted(shares.items())])


class TemplateKind(UserLinkedKind):
    noun = "template"
    plural = "templates"

    def show(self, obj):
        """A template with its shares sorted by user id, each with the user's e-mail."""
        if obj is None:
            return None
        shown = dict(obj)
        if "shared_with" in obj:
            shown["shared_with"] = self.users.with_emails(obj["shared_with"], "permission")
        return shown


class TemplateShareKind(TemplateKind):
    """mailtrap_template_share: one Step, one POST share and/or one DELETE share."""

    reports_action = False
    adapters = {"overview": OverviewTemplates}
    unsupported = {"live": Unsupported(NO_SHARING_IN_LIVE)}

    def check(self, entry, where):
        if not (entry.get("template") or "").strip():
            raise InputError("template must not be empty: give a template id or name.")
        if entry.get("exclusive") and entry.get("state") == "absent":
            raise InputError("exclusive=true only applies to state=present (it unshares every user not listed).")
        return {"name": entry["template"].strip(), "users": user_refs(entry.get("users") or [], "users")}

    def plan(self, entry):
        template = find_template(self.read(), entry.desired["name"])
        ids = self.users.resolve(entry.desired["users"], "users")
        current = dict((s.get("user_id"), s.get("permission")) for s in template.get("shared_with") or [])
        permission = entry.params["permission"]
        if entry.state == "present":
            share = [uid for uid in ids if current.get(uid) != permission]
            unshare = sorted(uid for uid in current if uid not in ids) if entry.params["exclusive"] else []
        else:
            share, unshare = [], sorted(uid for uid in ids if uid in current)
        if not share and not unshare:
            return Step("unchanged", entry, template, template)
        after = with_shares(template, share, permission, unshare)
        return Step("updated", entry, template, after, {"share": share, "unshare": unshare, "permission": permission})

    def apply(self, step):
        answer = None
        for verb in ("share", "unshare"):
            if step.changes[verb]:
                answer = getattr(self.adapter, verb)(step.before, step.changes[verb], step.changes["permission"])
                # The share went through even if the unshare then fails: the run changed something.
                step.partial = True
        return answer or step.after


class TemplateListing(TemplateKind):
    """mailtrap_template_info: the templates, optionally one of them or those shared with a user."""

    adapters = {"overview": OverviewTemplates, "live": LiveTemplates}
    unsupported = {"live": Unsupported(options={"shared_with": NO_SHARING_IN_LIVE})}

    def refuse_unsupported(self, entries):
        # The filters are this module's input: validated first, before any request.
        shared_with = self.params.get("shared_with")
        self.shared_with = None if shared_with is None else user_ref(shared_with, "shared_with")
        self.template = self.params.get("template")
        if self.template is not None and not self.template.strip():
            raise InputError("template must not be empty: give a template id or name.")
        super(TemplateListing, self).refuse_unsupported([Entry("", "present", {}, self.params)])

    def read(self):
        templates = super(TemplateListing, self).read()
        if self.template is not None:
            templates = [find_template(templates, self.template)]
        if self.shared_with is not None:
            user_id = self.users.resolve([self.shared_with], "shared_with")[0]
            templates = [t for t in templates if any(s.get("user_id") == user_id for s in t.get("shared_with") or [])]
        return templates
