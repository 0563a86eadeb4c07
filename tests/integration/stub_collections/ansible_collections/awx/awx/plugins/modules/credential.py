# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Test stub of awx.awx.credential: records its arguments instead of calling AWX."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os

from ansible.module_utils.basic import AnsibleModule

# The options of the real module (awx.awx 24.x) that a recipe may use.
SPEC = dict(
    name=dict(type="str", required=True),
    new_name=dict(type="str"),
    copy_from=dict(type="str"),
    description=dict(type="str"),
    organization=dict(type="str"),
    credential_type=dict(type="str"),
    inputs=dict(type="dict", no_log=True),
    update_secrets=dict(type="bool", default=True, no_log=False),
    user=dict(type="str"),
    team=dict(type="str"),
    state=dict(type="str", choices=["present", "absent", "exists"], default="present"),
    controller_host=dict(type="str", aliases=["tower_host"]),
    controller_username=dict(type="str", aliases=["tower_username"]),
    controller_password=dict(type="str", no_log=True, aliases=["tower_password"]),
    controller_oauthtoken=dict(type="raw", no_log=True, aliases=["tower_oauthtoken"]),
    controller_config_file=dict(type="path", aliases=["tower_config_file"]),
    validate_certs=dict(type="bool", aliases=["tower_verify_ssl"]),
    request_timeout=dict(type="float"),
)


def main():
    module = AnsibleModule(argument_spec=SPEC, supports_check_mode=True)
    if not module.check_mode:
        with open(os.environ["MAILTRAP_STUB_RECORD"], "a") as record:
            record.write(json.dumps({"module": "awx.awx.credential", "params": module.params}) + "\n")
    module.exit_json(changed=True)


if __name__ == "__main__":
    main()
