# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Test stub of community.hashi_vault.vault_kv2_write: records its arguments instead of calling Vault."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os

from ansible.module_utils.basic import AnsibleModule

# The options of the real module (community.hashi_vault 6.x) that a recipe may use.
SPEC = dict(
    url=dict(type="str"),
    auth_method=dict(type="str"),
    token=dict(type="str", no_log=True),
    role_id=dict(type="str"),
    secret_id=dict(type="str", no_log=True),
    namespace=dict(type="str"),
    validate_certs=dict(type="bool"),
    timeout=dict(type="int"),
    engine_mount_point=dict(type="str", default="secret"),
    path=dict(type="str", required=True),
    data=dict(type="dict", required=True, no_log=True),
    cas=dict(type="int"),
    read=dict(type="bool", default=True),
)


def main():
    module = AnsibleModule(argument_spec=SPEC, supports_check_mode=True)
    if not module.check_mode:
        with open(os.environ["MAILTRAP_STUB_RECORD"], "a") as record:
            record.write(json.dumps({"module": "community.hashi_vault.vault_kv2_write", "params": module.params}) + "\n")
    module.exit_json(changed=True)


if __name__ == "__main__":
    main()
