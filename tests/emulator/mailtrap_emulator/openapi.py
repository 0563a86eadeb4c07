"""OpenAPI 3.0.3 description of every /api endpoint the emulator serves.

Kept as plain Python data next to the handlers so that it is reviewed together with them;
``/_emulator/openapi.json`` serves it (with the emulator's own URL as server) for fuzzing
(schemathesis) and as human-readable contract.
"""

import copy

from .permissions import NAMED_PERMISSIONS, ROLES, SCOPES
from .validation import HTTPS_URL_PATTERN, KNOWN_TIMEZONES

SCOPE_STRINGS = sorted("%s:%s" % (s, op) for s, ops in SCOPES.items() for op in ops) + \
    sorted("%s:*" % s for s in SCOPES)


def ref(name):
    return {"$ref": "#/components/schemas/%s" % name}


def array_of(schema):
    return {"type": "array", "items": schema}


def obj(properties, required=(), additional=False):
    schema = {"type": "object", "properties": properties, "additionalProperties": additional}
    if required:
        schema["required"] = list(required)
    return schema


STRING = {"type": "string"}
INTEGER = {"type": "integer"}
BOOLEAN = {"type": "boolean"}
DATE = {"type": "string", "format": "date"}
DATE_TIME = {"type": "string", "format": "date-time"}
NULLABLE_DATE_TIME = {"type": "string", "format": "date-time", "nullable": True}
NULLABLE_STRING = {"type": "string", "nullable": True}
# Names are stripped by the server, so they need one non-blank character.
NAME = {"type": "string", "minLength": 1, "maxLength": 100, "pattern": "\\S"}
TIMEZONE = {"type": "string", "enum": sorted(KNOWN_TIMEZONES), "example": "Europe/Berlin"} \
    if KNOWN_TIMEZONES else {"type": "string", "example": "Europe/Berlin"}
EMAIL = {"type": "string", "format": "email"}

PERMISSION_MAP = {
    "type": "object",
    "properties": {scope: array_of({"type": "string", "enum": list(ops)})
                   for scope, ops in SCOPES.items()},
    "additionalProperties": False,
}
PERMISSIONS_INPUT = {
    "oneOf": [
        array_of({"type": "string", "enum": sorted(NAMED_PERMISSIONS) + SCOPE_STRINGS}),
        {"type": "object",
         "properties": {scope: array_of({"type": "string", "enum": list(ops) + ["*"]})
                        for scope, ops in SCOPES.items()},
         "additionalProperties": False},
    ],
}

SCHEMAS = {
    "Unauthenticated": obj({"error": STRING}, ["error"], True),
    "Forbidden": obj({"errors": STRING}, ["errors"], True),
    "NotFound": obj({"error": STRING}, ["error"], True),
    "MethodNotAllowed": obj({"error": STRING}, ["error"], True),
    "MalformedJson": obj({"error": STRING}, ["error"], True),
    "RateLimited": obj({"errors": STRING}, ["errors"], True),
    "ValidationErrors": obj({"errors": {"type": "object",
                                        "additionalProperties": array_of(STRING)}},
                            ["errors"], True),
    "AccountSummary": obj({"id": INTEGER, "name": STRING,
                           "access_levels": array_of({"type": "integer",
                                                      "enum": [1000, 100, 50, 10]})},
                          ["id", "name", "access_levels"], True),
    "Account": obj({"id": INTEGER, "name": STRING, "timezone": STRING,
                    "notification_email": EMAIL,
                    "plan": {"type": "string",
                             "enum": ["Free", "Starter", "Business", "Enterprise"]}},
                   ["id", "name", "timezone", "notification_email", "plan"], True),
    "AccountUpdate": obj({"name": NAME,
                          "timezone": TIMEZONE,
                          "notification_email": EMAIL}),
    "Permissions": PERMISSION_MAP,
    "User": obj({"id": INTEGER, "email": EMAIL, "name": NULLABLE_STRING,
                 "role": {"type": "string", "enum": list(ROLES)},
                 "permissions": ref("Permissions"),
                 "status": {"type": "string", "enum": ["active", "invited"]},
                 "account_access_id": INTEGER, "created_at": DATE_TIME},
                ["id", "email", "role", "permissions", "status", "account_access_id",
                 "created_at"], True),
    "UserCreate": obj({"email": EMAIL, "role": {"type": "string", "enum": list(ROLES)},
                       "permissions": PERMISSIONS_INPUT, "name": NULLABLE_STRING},
                      ["email", "role"]),
    "UserUpdate": obj({"role": {"type": "string", "enum": list(ROLES)},
                       "permissions": PERMISSIONS_INPUT, "name": NULLABLE_STRING}),
    "AccountAccess": obj({
        "id": INTEGER,
        "specifier_type": {"type": "string", "enum": ["User", "Invite", "ApiToken"]},
        "specifier": {"type": "object", "properties": {
            "id": INTEGER, "email": EMAIL, "name": NULLABLE_STRING,
            "two_factor_authentication_enabled": BOOLEAN, "author_name": STRING,
            "expires_at": NULLABLE_DATE_TIME}},
        "resources": array_of(obj({"resource_id": INTEGER, "resource_type": STRING,
                                   "access_level": {"type": "integer",
                                                    "enum": [1000, 100, 50, 10]}},
                                  ["resource_id", "resource_type", "access_level"], True)),
        "permissions": obj({"can_read": BOOLEAN, "can_update": BOOLEAN,
                            "can_destroy": BOOLEAN, "can_leave": BOOLEAN},
                           ["can_read", "can_update", "can_destroy", "can_leave"], True),
    }, ["id", "specifier_type", "specifier", "resources", "permissions"], True),
    "DeletedAccess": obj({"id": INTEGER}, ["id"], True),
    "ApiToken": obj({"id": INTEGER, "name": STRING, "last_4_digits": STRING,
                     "created_by": STRING, "created_at": DATE_TIME,
                     "expires_at": NULLABLE_DATE_TIME,
                     "scopes": array_of({"type": "string"})},
                    ["id", "name", "last_4_digits", "created_by", "created_at", "expires_at",
                     "scopes"], True),
    "ApiTokenWithSecret": {"allOf": [ref("ApiToken"),
                                     obj({"token": STRING}, ["token"], True)]},
    "ApiTokenCreate": obj({"name": {"type": "string", "minLength": 1, "maxLength": 255,
                                    "pattern": "\\S"},
                           "scopes": {"type": "array", "minItems": 1,
                                      "items": {"type": "string", "enum": SCOPE_STRINGS}},
                           "expires_at": {"nullable": True, "anyOf": [DATE, DATE_TIME],
                                          "description": "YYYY-MM-DD (midnight UTC) or ISO "
                                                         "8601 time; must be in the future"}},
                          ["name", "scopes"]),
    "Billing": obj({"plan": STRING, "emails_sent": INTEGER, "emails_limit": INTEGER,
                    "billing_cycle": STRING, "next_billing_date": DATE},
                   ["plan", "emails_sent", "emails_limit", "billing_cycle",
                    "next_billing_date"], True),
    "Usage": obj({"transactional_sent": INTEGER, "bulk_sent": INTEGER, "total_sent": INTEGER,
                  "limit": INTEGER, "percentage_used": INTEGER},
                 ["transactional_sent", "bulk_sent", "total_sent", "limit", "percentage_used"],
                 True),
    "Invoice": obj({"id": STRING, "date": DATE, "amount": {"type": "number"},
                    "status": STRING, "download_url": STRING},
                   ["id", "date", "amount", "status", "download_url"], True),
    "Notifications": obj({"low_credits": BOOLEAN, "weekly_report": BOOLEAN,
                          "bounce_alerts": BOOLEAN,
                          "threshold_percentage": {"type": "integer", "minimum": 0,
                                                   "maximum": 100}},
                         ["low_credits", "weekly_report", "bounce_alerts",
                          "threshold_percentage"], True),
    "NotificationsUpdate": obj({"low_credits": BOOLEAN, "weekly_report": BOOLEAN,
                                "bounce_alerts": BOOLEAN,
                                "threshold_percentage": {"type": "integer", "minimum": 0,
                                                         "maximum": 100}}),
    "PasswordPolicy": obj({"min_length": {"type": "integer", "minimum": 8, "maximum": 128},
                           "require_special": BOOLEAN, "require_numbers": BOOLEAN}),
    "Security": obj({"require_2fa": BOOLEAN, "ip_whitelist": array_of(STRING),
                     "password_policy": ref("PasswordPolicy")},
                    ["require_2fa", "ip_whitelist", "password_policy"], True),
    "SecurityUpdate": obj({"require_2fa": BOOLEAN,
                           "ip_whitelist": array_of({"type": "string",
                                                     "example": "192.168.1.0/24"}),
                           "password_policy": ref("PasswordPolicy")}),
    "Sso": obj({"enabled": BOOLEAN,
                "provider": {"type": "string", "nullable": True,
                             "enum": ["okta", "azure_ad", "google", "onelogin", "saml", None]},
                "metadata_url": NULLABLE_STRING,
                "default_role": {"type": "string", "nullable": True,
                                 "enum": ["admin", "developer", "viewer", None]}},
               ["enabled", "provider", "metadata_url", "default_role"], True),
    "SsoConfigure": obj({"provider": {"type": "string",
                                      "enum": ["okta", "azure_ad", "google", "onelogin",
                                               "saml"]},
                         "metadata_url": {"type": "string", "maxLength": 2048,
                                          "pattern": HTTPS_URL_PATTERN},
                         "default_role": {"type": "string",
                                          "enum": ["admin", "developer", "viewer"]}},
                        ["provider", "metadata_url", "default_role"]),
    "AuditLogEntry": obj({"id": INTEGER, "timestamp": DATE_TIME, "user": NULLABLE_STRING,
                          "action": STRING, "resource": NULLABLE_STRING,
                          "ip_address": STRING},
                         ["id", "timestamp", "user", "action", "resource", "ip_address"], True),
    "TeamMember": obj({"user_id": INTEGER,
                       "role": {"type": "string", "enum": ["manager", "contributor"]}},
                      ["user_id", "role"]),
    "Project": obj({"id": INTEGER, "name": STRING, "team_members": array_of(ref("TeamMember"))},
                   ["id", "name", "team_members"], True),
    "ProjectCreate": obj({"name": NAME,
                          "team_members": array_of(ref("TeamMember"))}, ["name"]),
    "ProjectUpdate": obj({"name": NAME,
                          "team_members": array_of(ref("TeamMember"))}),
    "TemplateShare": obj({"user_id": INTEGER,
                          "permission": {"type": "string", "enum": ["read", "write"]}},
                         ["user_id", "permission"], True),
    "Template": obj({"id": INTEGER, "name": STRING,
                     "shared_with": array_of(ref("TemplateShare"))},
                    ["id", "name", "shared_with"], True),
    "TemplateCreate": obj({"name": {"type": "string", "minLength": 1, "pattern": "\\S"}},
                          ["name"]),
    "TemplateShareRequest": obj({"user_ids": {"type": "array", "minItems": 1,
                                              "items": INTEGER},
                                 "permission": {"type": "string", "enum": ["read", "write"]}},
                                ["user_ids", "permission"]),
    "TemplateUnshareRequest": obj({"user_ids": {"type": "array", "minItems": 1,
                                                "items": INTEGER}}, ["user_ids"]),
}

RATE_LIMIT_HEADERS = {
    "X-RateLimit-Limit": {"schema": INTEGER, "description": "Limit of the binding window"},
    "X-RateLimit-Remaining": {"schema": INTEGER},
    "X-RateLimit-Reset": {"schema": INTEGER, "description": "Seconds until the window resets"},
}

ERROR_RESPONSES = {
    "401": ("Missing, unknown, expired or revoked token", "Unauthenticated"),
    "403": ("Token lacks the right, other account, or IP not allowed", "Forbidden"),
    "404": ("Unknown id or route", "NotFound"),
    "429": ("Rate limit exceeded", "RateLimited"),
}


def json_response(description, schema, headers=None):
    headers = RATE_LIMIT_HEADERS if headers is None else headers
    response = {"description": description,
                "content": {"application/json": {"schema": schema}}}
    if headers:
        response["headers"] = copy.deepcopy(headers)
    return response


def operation(op_id, summary, right, success, body=None, path_ids=(), query=(), tag="account"):
    status, description, schema = success
    responses = {}
    if schema is None:
        responses[status] = {"description": description,
                             "headers": copy.deepcopy(RATE_LIMIT_HEADERS)}
    else:
        responses[status] = json_response(description, schema)
    for code, (text, name) in ERROR_RESPONSES.items():
        responses[code] = json_response(text, ref(name))
    responses["429"]["headers"]["Retry-After"] = {"schema": INTEGER}
    if body is not None or path_ids or query:
        responses["422"] = json_response("Validation failed", ref("ValidationErrors"))
    if body is not None:
        responses["400"] = json_response("Malformed JSON", ref("MalformedJson"))
    parameters = [{"$ref": "#/components/parameters/account_id"}] if tag != "discovery" else []
    for name in path_ids:
        parameters.append({"name": name, "in": "path", "required": True,
                           "schema": {"type": "integer", "minimum": 1}})
    for name, schema, text in query:
        parameters.append({"name": name, "in": "query", "required": False, "schema": schema,
                           "description": text})
    result = {"operationId": op_id, "summary": summary, "tags": [tag],
              "description": "Needs %s." % right, "parameters": parameters,
              "responses": responses}
    if body is not None:
        # PATCH/PUT merge the keys given, so an empty body is a valid (no-op) update.
        creates = ("create", "invite", "configure", "share", "unshare")
        result["requestBody"] = {"required": op_id.startswith(creates),
                                 "content": {"application/json": {"schema": body}}}
    return result


A = "/api/accounts/{account_id}"


def _paths():
    def ok(schema, text="OK"):
        return ("200", text, schema)

    def created(schema):
        return ("201", "Created", schema)

    no_content = ("204", "Deleted", None)
    audit_query = (
        ("since", {"anyOf": [DATE, DATE_TIME]}, "ISO 8601 time or YYYY-MM-DD"),
        ("until", {"anyOf": [DATE, DATE_TIME]}, "ISO 8601 time or YYYY-MM-DD"),
        ("action", STRING, "e.g. user.invited"),
        ("user", STRING, "e-mail of the acting user"),
        ("resource", STRING, "e.g. an e-mail or a token name"),
        ("limit", {"type": "integer", "minimum": 1, "maximum": 10 ** 18 - 1},
         "at most this many entries"),
    )
    return {
        "/api/accounts": {"get": operation(
            "listAccounts", "Accounts the token reaches", "any valid token",
            ok(array_of(ref("AccountSummary"))), tag="discovery")},
        A: {
            "get": operation("getAccount", "Get the account", "account:read", ok(ref("Account"))),
            "patch": operation("updateAccount", "Update the account", "account:update",
                               ok(ref("Account")), body=ref("AccountUpdate")),
        },
        A + "/users": {
            "get": operation("listUsers", "List users", "users:read",
                             ok(array_of(ref("User"))), tag="users"),
            "post": operation("inviteUser", "Invite a user", "users:create",
                              created(ref("User")), body=ref("UserCreate"), tag="users"),
        },
        A + "/users/{user_id}": {
            "get": operation("getUser", "Get a user", "users:read", ok(ref("User")),
                             path_ids=("user_id",), tag="users"),
            "patch": operation("updateUser", "Update a user's role/permissions", "users:update",
                               ok(ref("User")), body=ref("UserUpdate"),
                               path_ids=("user_id",), tag="users"),
        },
        A + "/account_accesses": {"get": operation(
            "listAccountAccesses", "List account accesses", "users:read",
            ok(array_of(ref("AccountAccess"))), tag="users")},
        A + "/account_accesses/{account_access_id}": {"delete": operation(
            "removeAccountAccess", "Remove a user, invite or token", "users:delete",
            ok(ref("DeletedAccess")), path_ids=("account_access_id",), tag="users")},
        A + "/api_tokens": {
            "get": operation("listApiTokens", "List API tokens", "account:read",
                             ok(array_of(ref("ApiToken"))), tag="tokens"),
            "post": operation("createApiToken", "Create an API token", "account:update",
                              ok(ref("ApiTokenWithSecret")), body=ref("ApiTokenCreate"),
                              tag="tokens"),
        },
        A + "/api_tokens/{token_id}": {
            "get": operation("getApiToken", "Get an API token", "account:read",
                             ok(ref("ApiToken")), path_ids=("token_id",), tag="tokens"),
            "delete": operation("deleteApiToken", "Delete an API token", "account:update",
                                no_content, path_ids=("token_id",), tag="tokens"),
        },
        A + "/api_tokens/{token_id}/reset": {"post": operation(
            "resetApiToken", "Rotate a token (old one expires in 5 minutes)", "account:update",
            ok(ref("ApiTokenWithSecret")), path_ids=("token_id",), tag="tokens")},
        A + "/billing": {"get": operation("getBilling", "Current plan", "billing:read",
                                          ok(ref("Billing")), tag="billing")},
        A + "/billing/usage": {"get": operation("getUsage", "Usage this month", "billing:read",
                                                ok(ref("Usage")), tag="billing")},
        A + "/billing/invoices": {"get": operation(
            "listInvoices", "Invoices", "billing:read", ok(array_of(ref("Invoice"))),
            tag="billing")},
        A + "/notifications": {
            "get": operation("getNotifications", "Notification settings", "account:read",
                             ok(ref("Notifications")), tag="settings"),
            "put": operation("updateNotifications", "Merge notification settings",
                             "account:update", ok(ref("Notifications")),
                             body=ref("NotificationsUpdate"), tag="settings"),
        },
        A + "/security": {
            "get": operation("getSecurity", "Security settings", "account:read",
                             ok(ref("Security")), tag="settings"),
            "put": operation("updateSecurity", "Merge security settings", "account:update",
                             ok(ref("Security")), body=ref("SecurityUpdate"), tag="settings"),
        },
        A + "/sso": {
            "get": operation("getSso", "SSO configuration", "account:read", ok(ref("Sso")),
                             tag="settings"),
            "post": operation("configureSso", "Enable or replace SSO", "account:update",
                              ok(ref("Sso")), body=ref("SsoConfigure"), tag="settings"),
            "delete": operation("disableSso", "Disable SSO", "account:update", no_content,
                                tag="settings"),
        },
        A + "/audit_logs": {"get": operation(
            "listAuditLogs", "Audit log, newest first", "account:read",
            ok(array_of(ref("AuditLogEntry"))), query=audit_query, tag="settings")},
        A + "/projects": {
            "get": operation("listProjects", "List projects", "projects:read",
                             ok(array_of(ref("Project"))), tag="projects"),
            "post": operation("createProject", "Create a project", "projects:create",
                              created(ref("Project")), body=ref("ProjectCreate"),
                              tag="projects"),
        },
        A + "/projects/{project_id}": {
            "get": operation("getProject", "Get a project", "projects:read", ok(ref("Project")),
                             path_ids=("project_id",), tag="projects"),
            "patch": operation("updateProject", "Update a project", "projects:update",
                               ok(ref("Project")), body=ref("ProjectUpdate"),
                               path_ids=("project_id",), tag="projects"),
            "delete": operation("deleteProject", "Delete a project", "projects:delete",
                                no_content, path_ids=("project_id",), tag="projects"),
        },
        A + "/templates": {
            "get": operation("listTemplates", "List templates", "templates:read",
                             ok(array_of(ref("Template"))), tag="templates"),
            "post": operation("createTemplate", "Create a template", "templates:create",
                              created(ref("Template")), body=ref("TemplateCreate"),
                              tag="templates"),
        },
        A + "/templates/{template_id}": {"get": operation(
            "getTemplate", "Get a template", "templates:read", ok(ref("Template")),
            path_ids=("template_id",), tag="templates")},
        A + "/templates/{template_id}/share": {
            "post": operation("shareTemplate", "Share with users", "templates:update",
                              ok(ref("Template")), body=ref("TemplateShareRequest"),
                              path_ids=("template_id",), tag="templates"),
            "delete": operation("unshareTemplate", "Stop sharing with users",
                                "templates:update", ok(ref("Template")),
                                body=ref("TemplateUnshareRequest"),
                                path_ids=("template_id",), tag="templates"),
        },
    }


def document(server_url="http://127.0.0.1:8025", account_id=1001):
    return {
        "openapi": "3.0.3",
        "info": {"title": "Mailtrap General API (mailtrap.general emulator)",
                 "version": "1.0.0",
                 "description": "The subset of Mailtrap's General API served by the "
                                "emulator in tests/emulator; see docs/api-contract.md."},
        "servers": [{"url": server_url}],
        "security": [{"ApiToken": []}, {"BearerAuth": []}],
        "paths": _paths(),
        "components": {
            "securitySchemes": {
                "ApiToken": {"type": "apiKey", "in": "header", "name": "Api-Token"},
                "BearerAuth": {"type": "http", "scheme": "bearer"},
            },
            # The emulator serves one account; other ids answer 403 (documented above).
            "parameters": {"account_id": {"name": "account_id", "in": "path", "required": True,
                                          "schema": {"type": "integer", "enum": [account_id]}}},
            "schemas": copy.deepcopy(SCHEMAS),
        },
    }
