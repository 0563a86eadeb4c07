# -*- coding: utf-8 -*-
# Copyright: mailtrap.general contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: mailtrap
short_description: Read Mailtrap account data (users, tokens, projects, accesses, usage) in templates and conditionals
version_added: 1.1.0
author:
  - mailtrap.general maintainers (@mailtrap)
description:
  - Reads account data through the same client, reads and connection options as the modules of
    this collection (M(mailtrap.general.mailtrap_user_info), M(mailtrap.general.mailtrap_token_info),
    M(mailtrap.general.mailtrap_project_info), M(mailtrap.general.mailtrap_account_access_info),
    M(mailtrap.general.mailtrap_billing_info)) and returns what they return, on the controller.
  - Never returns a secret. Tokens come without their value (the API never shows it again);
    projects' SMTP credentials and share links are masked.
  - Each term is one kind of data; with C(query) (or C(wantlist=true)) a term's objects are
    elements of the returned list. V(usage) returns one element, the usage object.
  - Only reads (C(GET)); runs in check mode too.
options:
  _terms:
    description:
      - What to read, one or more of V(users), V(tokens), V(projects), V(accesses), V(usage).
    required: true
    type: list
    elements: str
  email:
    description: Only the user (V(users), V(accesses)) with this e-mail address (case-insensitive).
    type: str
  role:
    description: Only users with this role (V(users)).
    type: str
    choices: [owner, admin, developer, viewer]
  name:
    description: Only the project (V(projects)) or the tokens (V(tokens)) of this name.
    type: str
  expiring_within_days:
    description: Only tokens (V(tokens)) that expire within this many days.
    type: int
  include_expired:
    description: Include expired tokens (V(tokens)).
    type: bool
    default: false
  specifier_type:
    description: Only accesses (V(accesses)) of this kind of holder, V(User), V(Invite) or V(ApiToken).
    type: str
  api_token:
    description:
      - Mailtrap API token. The value of E(MAILTRAP_API_TOKEN) when not given.
      - Pass it from a vaulted variable, never in clear text in a playbook.
    type: str
    env:
      - name: MAILTRAP_API_TOKEN
    vars:
      - name: mailtrap_api_token
  account_id:
    description:
      - Account id. The value of E(MAILTRAP_ACCOUNT_ID) when not given; when neither is set and the
        token reaches one account, that account.
    type: int
    env:
      - name: MAILTRAP_ACCOUNT_ID
    vars:
      - name: mailtrap_account_id
  api_url:
    description: Base URL of the API.
    type: str
    default: https://mailtrap.io
    env:
      - name: MAILTRAP_API_URL
    vars:
      - name: mailtrap_api_url
  api_dialect:
    description: The API dialect, as the modules take it (C(auto), C(overview), C(live)).
    type: str
    default: auto
    choices: [auto, overview, live]
    env:
      - name: MAILTRAP_API_DIALECT
  validate_certs:
    description: Verify the API's TLS certificate.
    type: bool
    default: true
    vars:
      - name: mailtrap_validate_certs
  ca_path:
    description:
      - A PEM CA bundle file, or a directory of PEM CA certificates, trusted instead of the system's
        store to verify the API's certificate (a TLS-inspecting proxy, a private server).
      - A path that does not exist or holds no loadable certificate is refused before any request.
    type: path
    env:
      - name: MAILTRAP_CA_PATH
    vars:
      - name: mailtrap_ca_path
  timeout:
    description: Seconds to wait for each answer.
    type: float
    default: 30
  max_retry_time:
    description: Total seconds a read may spend in retries (429, 502-504, lost connections).
    type: float
    default: 120
notes:
  - The connection is read from the environment the modules read it from (what the AWX
    credential type of this collection injects), or from the variables C(mailtrap_api_token),
    C(mailtrap_account_id), C(mailtrap_api_url), C(mailtrap_validate_certs), C(mailtrap_ca_path).
  - A lookup runs on the controller, whatever host the play targets.
seealso:
  - module: mailtrap.general.mailtrap_user_info
  - module: mailtrap.general.mailtrap_token_info
"""

EXAMPLES = r"""
- name: Every admin's e-mail
  ansible.builtin.debug:
    msg: "{{ query('mailtrap.general.mailtrap', 'users', role='admin') | map(attribute='email') | list }}"

- name: Stop when a token expires within 14 days
  ansible.builtin.assert:
    that: query('mailtrap.general.mailtrap', 'tokens', expiring_within_days=14) | length == 0
    fail_msg: "Rotate first: {{ query('mailtrap.general.mailtrap', 'tokens', expiring_within_days=14) | map(attribute='name') | join(', ') }}"

- name: Members of one project
  ansible.builtin.debug:
    msg: "{{ query('mailtrap.general.mailtrap', 'projects', name='Marketing') | map(attribute='team_members') | first }}"

- name: How much of the plan is used
  ansible.builtin.debug:
    msg: "{{ lookup('mailtrap.general.mailtrap', 'usage').percentage_used }} %"
"""

RETURN = r"""
_list:
  description:
    - For V(users), V(tokens), V(projects) and V(accesses), one element per object, as the
      matching C(*_info) module returns it (users with effective permissions, tokens with
      C(days_left) and without a value). For V(usage), one element, the usage object.
  type: list
  elements: dict
"""

from ansible.errors import AnsibleLookupError
from ansible.plugins.lookup import LookupBase
from ansible.utils.display import Display

from ansible_collections.mailtrap.general.plugins.module_utils.client import MailtrapClient, MailtrapError
from ansible_collections.mailtrap.general.plugins.module_utils.kinds.account_access import AccessKind
from ansible_collections.mailtrap.general.plugins.module_utils.kinds.billing import BillingKind
from ansible_collections.mailtrap.general.plugins.module_utils.kinds.project import ProjectListing
from ansible_collections.mailtrap.general.plugins.module_utils.kinds.token import TokenKind, info_select, with_days_left
from ansible_collections.mailtrap.general.plugins.module_utils.kinds.user import UserInfoKind, email_key
from ansible_collections.mailtrap.general.plugins.module_utils.module import check_email
from ansible_collections.mailtrap.general.plugins.module_utils.runner import in_dialect

display = Display()

TERMS = ("users", "tokens", "projects", "accesses", "usage")
CONNECTION = ("api_token", "account_id", "api_url", "api_dialect", "validate_certs", "ca_path", "timeout", "max_retry_time")
FILTERS = ("email", "role", "name", "expiring_within_days", "include_expired", "specifier_type")


class Reader(object):
    """What the Kinds need of a module, for a lookup: params, one read-only client, warnings.

    Check mode is on, so that even a bug could not make the client write."""

    _name = "mailtrap.general.mailtrap"
    check_mode = True
    _diff = False

    def __init__(self, params):
        self.params = params
        self._client = None

    @property
    def client(self):
        if self._client is None:
            self._client = MailtrapClient.from_params(self.params, check_mode=True)
        return self._client

    def warn(self, message):
        display.warning("mailtrap lookup: %s" % message)

    def fail_input(self, message):
        raise MailtrapError(message)

    def scrub(self, text):
        if self._client is not None:
            return self._client.scrub(text)
        token = (self.params.get("api_token") or "").strip()
        return text.replace(token, "********") if token else text


def _read(reader, kind_class, key, select=None, shown=None):
    kind = kind_class(reader)
    kind.refuse_unsupported([])
    return in_dialect(kind, [], lambda: kind.info(select, shown)).get(key)


def read_term(reader, term):
    params = reader.params
    email = email_key(check_email(params["email"], "email")) if params.get("email") is not None else None
    if term == "users":
        def select_user(user):
            return email in (None, email_key(user.get("email"))) and params.get("role") in (None, user.get("role"))
        return _read(reader, UserInfoKind, UserInfoKind.plural, select_user)
    if term == "tokens":
        return _read(reader, TokenKind, TokenKind.plural, info_select(reader), with_days_left)
    if term == "projects":
        return _read(reader, ProjectListing, ProjectListing.plural)
    if term == "accesses":
        def select_access(access):
            specifier = access.get("specifier") or {}
            return (params.get("specifier_type") in (None, access.get("specifier_type"))
                    and (email is None or (access.get("specifier_type") != "ApiToken"
                                           and email_key(specifier.get("email")) == email)))
        return _read(reader, AccessKind, AccessKind.plural, select_access)
    usage = _read(reader, BillingKind, "usage")
    return [usage] if usage is not None else []


class LookupModule(LookupBase):

    def run(self, terms, variables=None, **kwargs):
        # set_options ignores keywords it does not know, so a misspelt filter (rol='owner') would
        # silently match everything.
        unknown = sorted(set(kwargs) - set(CONNECTION + FILTERS))
        if unknown:
            raise AnsibleLookupError("mailtrap lookup: unknown keyword(s) %s; the filters are %s, the connection options %s."
                                     % (", ".join(unknown), ", ".join(FILTERS), ", ".join(CONNECTION)))
        self.set_options(var_options=variables, direct=kwargs)
        params = dict((key, self.get_option(key)) for key in CONNECTION + FILTERS)
        params["include"] = ["usage"]
        unknown = [t for t in terms if t not in TERMS]
        if not terms or unknown:
            raise AnsibleLookupError("mailtrap lookup: unknown term(s) %s; give one or more of %s."
                                     % (", ".join(repr(t) for t in unknown) or "(none)", ", ".join(TERMS)))
        reader = Reader(params)
        results = []
        try:
            for term in terms:
                results.extend(read_term(reader, term) or [])
        except MailtrapError as exc:
            raise AnsibleLookupError("mailtrap lookup: %s" % reader.scrub(str(exc)))
        except Exception as exc:  # pylint: disable=broad-except
            # Never a traceback, and never the token, whatever went wrong.
            raise AnsibleLookupError("mailtrap lookup: unexpected error (%s: %s); this is a bug, please report it"
                                     % (exc.__class__.__name__, reader.scrub(str(exc))[:300]))
        return results
