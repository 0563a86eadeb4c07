"""OpenAPI 3.0.3 description of the live dialect (``--dialect live``), served as
``/_emulator/openapi.json`` in that mode.

The shapes are those of Mailtrap's published specs (tests/emulator/reference/), written with
the account-scoped paths the emulator serves and with the emulator's own limits (so that the
fuzzer's "valid" requests are valid here too). The unit tests check the answers against the
published files themselves, not against this document.
"""

import copy

from .openapi import (
    A, BOOLEAN, DATE_TIME, INTEGER, NULLABLE_DATE_TIME, STRING, array_of, operation, ref,
)

LEVEL = {"type": "integer", "enum": [1000, 100, 50, 10, 1]}
CRUD = {"type": "object", "properties": {k: BOOLEAN for k in ("can_read", "can_update", "can_destroy", "can_leave")}}
GRANT = {"type": "object", "properties": {"resource_type": STRING, "resource_id": INTEGER, "access_level": LEVEL},
         "required": ["resource_type", "resource_id", "access_level"]}
NAME2 = {"type": "string", "minLength": 2, "maxLength": 100, "pattern": "\\S\\s*\\S"}
TEXT255 = {"type": "string", "minLength": 1, "maxLength": 255, "pattern": "\\S"}
ID_STRING = {"oneOf": [{"type": "integer", "minimum": 1}, {"type": "string", "pattern": "^[0-9]{1,9}$"}]}

SCHEMAS = {
    "Unauthenticated": {"type": "object", "properties": {"error": STRING}, "required": ["error"]},
    "Forbidden": {"type": "object", "properties": {"errors": STRING}, "required": ["errors"]},
    "NotFound": {"type": "object", "properties": {"error": STRING}, "required": ["error"]},
    "MethodNotAllowed": {"type": "object", "properties": {"error": STRING}, "required": ["error"]},
    "MalformedJson": {"type": "object", "properties": {"error": STRING}, "required": ["error"]},
    "RateLimited": {"type": "object", "properties": {"errors": STRING}, "required": ["errors"]},
    "ValidationErrors": {"type": "object", "required": ["errors"],
                         "properties": {"errors": {"type": "object", "additionalProperties": array_of(STRING)}}},
    "AccountSummary": {"type": "object", "required": ["id", "name", "access_levels"],
                       "properties": {"id": INTEGER, "name": STRING, "access_levels": array_of(INTEGER)}},
    "AccountAccess": {"type": "object", "required": ["id", "specifier_type", "specifier", "resources", "permissions"],
                      "properties": {"id": INTEGER,
                                     "specifier_type": {"type": "string", "enum": ["User", "Invite", "ApiToken"]},
                                     "specifier": {"type": "object"}, "resources": array_of(GRANT),
                                     "permissions": CRUD}},
    "PermissionInput": {"type": "object", "additionalProperties": False,
                        "required": ["resource_id", "resource_type"],
                        "properties": {"resource_id": ID_STRING,
                                       "resource_type": {"type": "string", "enum": [
                                           "account", "billing", "project", "sandbox", "domain",
                                           "email_campaign_permission_scope"]},
                                       "access_level": {"oneOf": [{"type": "integer", "enum": [10, 100]},
                                                                  {"type": "string", "enum": ["admin", "viewer", "10", "100"]}]},
                                       "_destroy": BOOLEAN}},
    # The published spec says both (description: a bare array; schema: the object); both are taken.
    "BulkPermissions": {"anyOf": [
        {"type": "object", "additionalProperties": False, "required": ["permissions"],
         "properties": {"permissions": {"type": "array", "minItems": 1, "items": ref("PermissionInput")}}},
        {"type": "array", "minItems": 1, "items": ref("PermissionInput")}]},
    "Message": {"type": "object", "properties": {"message": STRING}, "required": ["message"]},
    "ResourceNode": {"type": "object", "required": ["id", "name", "type", "access_level", "resources"],
                     "properties": {"id": INTEGER, "name": STRING, "type": STRING, "access_level": LEVEL,
                                    "resources": array_of({"$ref": "#/components/schemas/ResourceNode"})}},
    "ResourcePermission": {"type": "object", "required": ["resource_type", "resource_id", "access_level"],
                           "additionalProperties": False,
                           "properties": {"resource_type": {"type": "string", "enum": ["account", "project", "sandbox", "domain"]},
                                          "resource_id": ID_STRING,
                                          "access_level": {"type": "integer", "enum": [10, 100]}}},
    "ApiToken": {"type": "object", "required": ["id", "name", "last_4_digits", "created_by", "expires_at", "resources"],
                 "properties": {"id": INTEGER, "name": STRING, "last_4_digits": STRING, "created_by": STRING,
                                "expires_at": NULLABLE_DATE_TIME, "resources": array_of(GRANT)}},
    "ApiTokenWithToken": {"allOf": [ref("ApiToken"), {"type": "object", "required": ["token"],
                                                      "properties": {"token": STRING}}]},
    "CreateApiToken": {"type": "object", "additionalProperties": False, "required": ["name", "resources"],
                       "properties": {"name": TEXT255, "resources": {"type": "array", "minItems": 1,
                                                                     "items": ref("ResourcePermission")},
                                      "expires_at": NULLABLE_DATE_TIME}},
    "ResetApiToken": {"type": "object", "additionalProperties": False, "properties": {"expires_at": NULLABLE_DATE_TIME}},
    "Counter": {"type": "object", "properties": {"current": INTEGER, "limit": INTEGER}},
    "Usage": {"type": "object", "required": ["billing", "testing", "sending", "marketing"],
              "properties": {"billing": {"type": "object", "properties": {"cycle_start": DATE_TIME, "cycle_end": DATE_TIME}},
                             "testing": {"type": "object"}, "sending": {"type": "object"},
                             "marketing": {"type": "object"}}},
    "Sandbox": {"type": "object", "required": ["id", "name", "project_id", "username", "password", "permissions"],
                "properties": {"id": INTEGER, "name": STRING, "project_id": INTEGER, "username": STRING,
                               "password": {"type": "string", "nullable": True}, "permissions": CRUD}},
    "Project": {"type": "object", "required": ["id", "name", "share_links", "sandboxes", "permissions"],
                "properties": {"id": INTEGER, "name": STRING, "share_links": {"type": "object"},
                               "sandboxes": array_of(ref("Sandbox")), "permissions": CRUD}},
    "ProjectInput": {"type": "object", "additionalProperties": False, "required": ["project"],
                     "properties": {"project": {"type": "object", "additionalProperties": False,
                                                "properties": {"name": NAME2}}}},
    "Deleted": {"type": "object", "properties": {"id": INTEGER}, "required": ["id"]},
    "EmailTemplate": {"type": "object",
                      "required": ["id", "uuid", "name", "category", "subject", "body_text", "body_html",
                                   "created_at", "updated_at"],
                      "properties": {"id": INTEGER, "uuid": STRING, "name": STRING, "category": STRING,
                                     "subject": STRING, "body_text": STRING, "body_html": STRING,
                                     "created_at": DATE_TIME, "updated_at": DATE_TIME}},
    "EmailTemplateInput": {"type": "object", "additionalProperties": False, "required": ["email_template"],
                           "properties": {"email_template": {
                               "type": "object", "additionalProperties": False,
                               "required": ["name", "subject", "category"],
                               "properties": {"name": TEXT255, "subject": TEXT255, "category": TEXT255,
                                              "body_text": {"type": "string", "maxLength": 100000},
                                              "body_html": {"type": "string", "maxLength": 100000}}}}},
    # The published spec's PATCH body is EmailTemplateRequest too: name, subject and category required.
    "EmailTemplatePatch": {"type": "object", "additionalProperties": False, "required": ["email_template"],
                           "properties": {"email_template": {
                               "type": "object", "additionalProperties": False,
                               "required": ["name", "subject", "category"],
                               "properties": {"name": TEXT255, "subject": TEXT255, "category": TEXT255,
                                              "body_text": {"type": "string", "maxLength": 100000},
                                              "body_html": {"type": "string", "maxLength": 100000}}}}},
    "TemplatePage": {"type": "object", "required": ["data", "pagination"],
                     "properties": {"data": array_of(ref("EmailTemplate")),
                                    "pagination": {"type": "object", "required": ["page", "per_page", "total_count", "total_pages"],
                                                   "properties": {"page": INTEGER, "per_page": INTEGER,
                                                                  "total_count": INTEGER, "total_pages": INTEGER,
                                                                  "next_page": {"type": "integer", "nullable": True},
                                                                  "prev_page": {"type": "integer", "nullable": True}}}}},
}

IDS = {"type": "array", "items": {"type": "string", "pattern": "^[0-9]{1,9}$"}}


def _paths():
    def ok(schema, text="OK"):
        return ("200", text, schema)

    admin, viewer = "admin (100) on the account", "viewer (10) on the account"
    gone = ("204", "Deleted", None)
    return {
        "/api/accounts": {"get": operation("getAllAccounts", "Accounts the token reaches", "any valid token",
                                           ok(array_of(ref("AccountSummary"))), tag="discovery")},
        A + "/account_accesses": {"get": operation(
            "getAllUsersInAccount", "User and Invite account accesses", admin, ok(array_of(ref("AccountAccess"))),
            query=(("project_ids", IDS, "only accesses reaching these projects"),
                   ("sandbox_ids", IDS, "only accesses reaching these sandboxes"),
                   ("inbox_ids", IDS, "another name of sandbox_ids"),
                   ("domain_ids", IDS, "only accesses reaching these domains")), tag="account_accesses")},
        A + "/account_accesses/{access_id}": {"delete": operation(
            "deleteAccountAccessById", "Remove an account access", admin, ok(ref("Deleted")),
            path_ids=("access_id",), tag="account_accesses")},
        A + "/account_accesses/{access_id}/permissions/bulk": {"put": operation(
            "updateUserPermissions", "Create, update or destroy permissions", admin, ok(ref("Message")),
            body=ref("BulkPermissions"), path_ids=("access_id",), tag="permissions")},
        A + "/permissions/resources": {"get": operation(
            "getResources", "The resource tree the token reaches", "any valid token",
            ok(array_of(ref("ResourceNode"))), tag="permissions")},
        A + "/api_tokens": {
            "get": operation("listApiTokens", "List API tokens", viewer, ok(array_of(ref("ApiToken"))), tag="tokens"),
            "post": operation("createApiToken", "Create an API token (secret returned once)", admin,
                              ok(ref("ApiTokenWithToken")), body=ref("CreateApiToken"), tag="tokens"),
        },
        A + "/api_tokens/{token_id}": {
            "get": operation("getApiToken", "Get an API token", viewer, ok(ref("ApiToken")),
                             path_ids=("token_id",), tag="tokens"),
            "delete": operation("deleteApiToken", "Delete an API token", admin, gone,
                                path_ids=("token_id",), tag="tokens"),
        },
        A + "/api_tokens/{token_id}/reset": {"post": operation(
            "resetApiToken", "Rotate an API token (one without an expiry; else 422)", admin, ok(ref("ApiTokenWithToken")),
            body=ref("ResetApiToken"), path_ids=("token_id",), tag="tokens")},
        A + "/billing/usage": {"get": operation("getAccountBillingUsage", "Current cycle usage",
                                                "viewer on billing", ok(ref("Usage")), tag="billing")},
        A + "/projects": {
            "get": operation("getProjects", "Projects the token reaches", "viewer on the project",
                             ok(array_of(ref("Project"))), tag="projects"),
            "post": operation("createProject", "Create a project", admin, ok(ref("Project")),
                              body=ref("ProjectInput"), tag="projects"),
        },
        A + "/projects/{project_id}": {
            "get": operation("getProject", "Get a project", "viewer on the project", ok(ref("Project")),
                             path_ids=("project_id",), tag="projects"),
            "patch": operation("updateProject", "Rename a project", "admin on the project", ok(ref("Project")),
                               body=ref("ProjectInput"), path_ids=("project_id",), tag="projects"),
            "delete": operation("deleteProject", "Delete a project", "admin on the project", ok(ref("Deleted")),
                                path_ids=("project_id",), tag="projects"),
        },
        A + "/email_templates": {
            "get": operation("emailTemplates", "List e-mail templates", viewer,
                             ok(array_of(ref("EmailTemplate"))), tag="templates"),
            "post": operation("createEmailTemplate", "Create an e-mail template", admin,
                              ("201", "Created", ref("EmailTemplate")), body=ref("EmailTemplateInput"), tag="templates"),
        },
        A + "/email_templates/{template_id}": {
            "get": operation("getEmailTemplate", "Get an e-mail template", viewer, ok(ref("EmailTemplate")),
                             path_ids=("template_id",), tag="templates"),
            "patch": operation("updateEmailTemplate", "Update an e-mail template", admin, ok(ref("EmailTemplate")),
                               body=ref("EmailTemplatePatch"), path_ids=("template_id",), tag="templates"),
            "delete": operation("deleteEmailTemplate", "Delete an e-mail template", admin, gone,
                                path_ids=("template_id",), tag="templates"),
        },
        A + "/templates": {"get": operation(
            "listTemplatesPaginated", "E-mail templates, paginated", viewer, ok(ref("TemplatePage")),
            query=(("page", {"type": "integer", "minimum": 1, "maximum": 999999999}, "1-based page"),
                   ("per_page", {"type": "integer", "minimum": 1, "maximum": 100}, "page size (default 25)")),
            tag="templates")},
    }


def document(server_url="http://127.0.0.1:8025", account_id=1001):
    doc = {
        "openapi": "3.0.3",
        "info": {"title": "Mailtrap API, live dialect (mailtrap.general emulator)", "version": "1.0.0",
                 "description": "The account-management, projects and templates endpoints of Mailtrap's "
                                "published OpenAPI specs (mailtrap/mailtrap-openapi), account-scoped, as the "
                                "emulator serves them with --dialect live (each is also served at the "
                                "spec's own path, /api/... without the account)."},
        "servers": [{"url": server_url}],
        "security": [{"ApiToken": []}, {"BearerAuth": []}],
        "paths": _paths(),
        "components": {
            "securitySchemes": {"ApiToken": {"type": "apiKey", "in": "header", "name": "Api-Token"},
                                "BearerAuth": {"type": "http", "scheme": "bearer"}},
            "parameters": {"account_id": {"name": "account_id", "in": "path", "required": True,
                                          "schema": {"type": "integer", "enum": [account_id]}}},
            "schemas": copy.deepcopy(SCHEMAS),
        },
    }
    return doc
