# -*- coding: utf-8 -*-
# Copyright: mailtrap.general contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The expand_permission_sets filter: baseline users with named permission sets -> mailtrap_users entries.

Docs in expand_permission_sets.yml next to this file.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.errors import AnsibleFilterError


def expand_permission_sets(users, permission_sets=None):
    sets = permission_sets or {}
    if not isinstance(sets, dict):
        raise AnsibleFilterError("expand_permission_sets: permission_sets must be a dict of name -> list of permissions, got %s"
                                 % type(sets).__name__)
    result = []
    for index, user in enumerate(users or []):
        if not isinstance(user, dict) or not user.get("email"):
            raise AnsibleFilterError("expand_permission_sets: users[%d] must be a dict with an email" % index)
        entry = {"email": user["email"], "state": user.get("state") or "present"}
        if user.get("role"):
            entry["role"] = user["role"]
        named = user.get("permission_set")
        # Neither given: the user's extra permissions are left alone (no key at all).
        if named or user.get("permissions") is not None:
            if named and named not in sets:
                raise AnsibleFilterError("expand_permission_sets: users[%d] (%s) refers to the undefined permission set %r; "
                                         "defined: %s" % (index, user["email"], named, ", ".join(sorted(sets)) or "none"))
            granted = []
            for permission in list(sets[named] if named else []) + list(user.get("permissions") or []):
                if permission not in granted:
                    granted.append(permission)
            entry["permissions"] = granted
        result.append(entry)
    return result


class FilterModule(object):
    def filters(self):
        return {"expand_permission_sets": expand_permission_sets}
