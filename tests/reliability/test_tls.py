# -*- coding: utf-8 -*-
"""TLS: the emulator served over HTTPS with a self-signed certificate made for the test
(openssl CLI). validate_certs defaults to true and is honoured."""

from __future__ import absolute_import, division, print_function

import shutil
import subprocess
import time


OPENSSL = shutil.which("openssl")


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


def _other_ca(where):
    cert, key = str(where / "other.pem"), str(where / "other-key.pem")
    subprocess.run([OPENSSL, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                    "-days", "2", "-subj", "/CN=other"], check=True, capture_output=True, timeout=60)
    return cert


def test_ca_path_file_trusts_the_self_signed_server(tls_emulator, run_module, measure):
    result = run_module("mailtrap_user_info", {"api_url": tls_emulator.url, "ca_path": tls_emulator.ca_file})
    assert not result.get("failed"), result.get("msg")
    assert "owner@example.com" in [u["email"] for u in result["users"]]
    measure.record("TLS", "same server, validate_certs: true, ca_path: its CA file", "works, certificate verified")


def test_ca_path_directory_and_env_var(tls_emulator, run_module, tmp_path, monkeypatch):
    import shutil as copier

    copier.copy(tls_emulator.ca_file, str(tmp_path / "emulator-ca.crt"))
    monkeypatch.setenv("MAILTRAP_CA_PATH", str(tmp_path))
    result = run_module("mailtrap_user_info", {"api_url": tls_emulator.url})
    assert not result.get("failed"), result.get("msg")


def test_ca_path_of_another_ca_is_refused_clearly(tls_emulator, run_module, tmp_path):
    result = run_module("mailtrap_user_info", {"api_url": tls_emulator.url, "ca_path": _other_ca(tmp_path)})
    assert result.get("failed") and "certif" in result["msg"].lower() and "ca_path" in result["msg"], result["msg"]
    assert "Traceback" not in result["msg"]


def test_ca_path_that_cannot_be_loaded_fails_before_any_request(tls_emulator, run_module, tmp_path):
    junk = tmp_path / "junk.pem"
    junk.write_text("not a certificate")
    for path, fragment in ((str(tmp_path / "missing.pem"), "does not exist"), (str(junk), "could not be loaded")):
        result = run_module("mailtrap_user_info", {"api_url": tls_emulator.url, "ca_path": path})
        assert result.get("failed") and fragment in result["msg"], result["msg"]
