# -*- coding: utf-8 -*-
"""What Ansible echoes of a module's arguments (``invocation``, -vvv) never shows a password."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

import pytest
from ansible.module_utils.basic import remove_values

from ansible_collections.mailtrap.general.plugins.module_utils.module import MailtrapModule, url_passwords


@pytest.mark.parametrize("url,password", [
    ("http://u:urlpw123@127.0.0.1:8025", "urlpw123"),
    ("https://admin:p%40ss@mailtrap.io", "p%40ss"),
    ("https://a:b:c@host.example", "b:c"),
])
def test_password_in_api_url_is_blanked_in_the_echoed_arguments(url, password, module_args):
    """Hostile #11 F2: the message masked it, but invocation.module_args at -vvv printed it."""
    with module_args({"api_url": url, "api_token": "tok-abcd", "_ansible_check_mode": True}):
        module = MailtrapModule(argument_spec={})
    echoed = json.dumps(remove_values(module.params, module.no_log_values))
    assert password not in echoed and "tok-abcd" not in echoed


@pytest.mark.parametrize("url", [None, "", "https://mailtrap.io", "http://user@host", "https://h/p@x", 5])
def test_urls_without_a_password_add_nothing(url):
    assert url_passwords(url) == set()
