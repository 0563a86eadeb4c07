# -*- coding: utf-8 -*-
# Copyright: mailtrap.general contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""bench.floor.sso: the benchmark's floor for one task (tests/perf/playbooks/floor.yml).

It does nothing but start and answer, so a playbook of these costs what Ansible itself
costs for that many tasks and distinct modules (one AnsiballZ payload per distinct module).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: sso
short_description: No-op module of the benchmark floor
description: Accepts any arguments, changes nothing, reports C(changed=false).
author: mailtrap.general contributors
options: {}
"""

EXAMPLES = r"""
- name: Nothing
  bench.floor.sso:
"""

RETURN = r""" # """

from ansible.module_utils.basic import AnsibleModule


def main():
    module = AnsibleModule(argument_spec={}, supports_check_mode=True)
    module.exit_json(changed=False)


if __name__ == "__main__":
    main()
