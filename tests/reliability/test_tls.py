# -*- coding: utf-8 -*-
"""TLS: the emulator served over HTTPS with a self-signed certificate made for the test
(openssl CLI). validate_certs defaults to true and is honoured."""

from __future__ import absolute_import, division, print_function

import shutil
import subprocess
import time

import pytest

OPENSSL = shutil.which("openssl")


@pytest.fixture(scope="module")
def tls_emulator(tmp_path_factory):
    if OPENSSL is None:
        pytest.fail("the openssl program is needed to make the test certificate (apt-get install openssl)")
    from mailtrap_emulator import Emulator

    where = tmp_path_factory.mktemp("tls")
    cert, key = str(where / "cert.pem"), str(where / "key.pem")
    subprocess.run([OPENSSL, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                    "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
                   check=True, capture_output=True, timeout=60)
    emulator = Emulator(host="127.0.0.1", port=0, quiet=True, tls_cert=cert, tls_key=key)
    emulator.start()
    yield emulator
    emulator.stop()


def test_https_emulator_is_really_https(tls_emulator):
    assert tls_emulator.url.startswith("https://")


def test_self_signed_certificate_is_refused_by_default(tls_emulator, run_module, measure):
    started = time.monotonic()
    result = run_module("mailtrap_user_info", {"api_url": tls_emulator.url})
    seconds = time.monotonic() - started
    assert result.get("failed")
    assert "validate_certs" in result["msg"] and "certif" in result["msg"].lower(), result["msg"]
    assert "Traceback" not in result["msg"]
    assert seconds < 5, "a certificate error must not be retried until max_retry_time (%.1f s)" % seconds
    measure.record("TLS", "HTTPS emulator with a self-signed certificate, validate_certs left at its default",
                   "refused: %s" % result["msg"][:170], seconds=round(seconds, 2))


def test_validate_certs_false_works(tls_emulator, run_module, measure):
    result = run_module("mailtrap_user_info", {"api_url": tls_emulator.url, "validate_certs": False})
    assert not result.get("failed"), result.get("msg")
    assert [u["email"] for u in result["users"]] == ["owner@example.com"]
    write = run_module("mailtrap_user", {"api_url": tls_emulator.url, "validate_certs": False,
                                         "email": "tls@example.com", "role": "viewer"})
    assert not write.get("failed") and write["changed"] is True
    measure.record("TLS", "same server, validate_certs: false", "read and write work over HTTPS")


def test_plain_http_client_against_https_fails_clearly(tls_emulator, run_module):
    result = run_module("mailtrap_user_info", {"api_url": tls_emulator.url.replace("https://", "http://"),
                                               "max_retry_time": 2})
    assert result.get("failed")
    assert "Traceback" not in result["msg"] and "Mailtrap API GET" in result["msg"], result["msg"]
