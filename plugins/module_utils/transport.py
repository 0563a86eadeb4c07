# -*- coding: utf-8 -*-
# Copyright: mailtrap.general contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One keep-alive HTTP(S) connection to the API host, through a proxy if the environment
names one; sends a request once and says how it failed when it did.

The standard library's ``http.client`` is used: importing ``requests`` costs a module
invocation more than everything else it does on a converged run (see docs/performance.md).
Everything about the connection (URL, proxy, CA) is checked when it is built, so bad input is
refused before any request.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import http.client
import os
import select
import socket
import ssl
from urllib.parse import urlsplit

from ansible_collections.mailtrap.general.plugins.module_utils.errors import MailtrapError, without_credentials


class ConnectFailed(Exception):
    """The connection could not be made: nothing was sent. ``final`` when retrying cannot help
    (a proxy that answered the tunnel request with a refusal such as 403 or 407)."""

    def __init__(self, cause, final=False, unresolved=None):
        super(ConnectFailed, self).__init__(cause)
        self.final = final
        self.unresolved = unresolved  # the host name that did not resolve (DNS), if that was the failure


class AnswerLost(Exception):
    """The request went out (or may have) but no complete answer came back."""


class TLSFailed(Exception):
    """The TLS handshake or a TLS read failed: retrying would fail the same way."""


class Unsendable(Exception):
    """http.client refused to build the request (a character a URL or header cannot carry)."""


class Answer:
    def __init__(self, status, reason, headers, text):
        self.status = status
        self.reason = reason
        self.headers = headers
        self.text = text


class Endpoint:
    """Where the API is: checked parts of ``api_url``; ``display`` is what messages show."""

    def __init__(self, scheme, host, port, prefix, display):
        self.scheme = scheme
        self.host = host
        self.port = port
        self.prefix = prefix
        self.display = display


def split_url(url, what):
    """urlsplit with every malformation turned into a clear MailtrapError naming ``what``."""
    shown = without_credentials(url) if isinstance(url, str) else repr(url)
    if not isinstance(url, str) or not url:
        raise MailtrapError("%s is empty; give a URL such as https://mailtrap.io." % what)
    if url != url.strip() or any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in url):
        raise MailtrapError("%s %r contains spaces or control characters; remove them." % (what, shown))
    if "://" not in url:
        raise MailtrapError("%s %r has no scheme; write it as https://%s." % (what, shown, shown))
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise MailtrapError("%s %r is not a valid URL (%s): check the host, an IPv6 address in [brackets], "
                            "and the port (1-65535)." % (what, shown, exc))
    if not parts.hostname:
        raise MailtrapError("%s %r names no host." % (what, shown))
    if port == 0:
        raise MailtrapError("%s %r: port 0 is not a port one can connect to (1-65535)." % (what, shown))
    return parts, port


def parse_api_url(api_url):
    parts, port = split_url(api_url, "api_url")
    shown = without_credentials(api_url)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise MailtrapError("api_url %r is not an http:// or https:// URL; check api_url / MAILTRAP_API_URL." % shown)
    if parts.username is not None or parts.password is not None:
        raise MailtrapError("api_url %r carries a user name or password; Mailtrap authenticates with api_token "
                            "only, so remove the part before '@'." % shown)
    if parts.query or parts.fragment:
        raise MailtrapError("api_url %r has a query or fragment; give the base URL only, such as https://mailtrap.io."
                            % shown)
    port = port or (443 if scheme == "https" else 80)
    return Endpoint(scheme, parts.hostname, port, parts.path.rstrip("/"), api_url.rstrip("/"))


class Proxy:
    def __init__(self, host, port, headers, display):
        self.host = host
        self.port = port
        self.headers = headers
        self.display = display  # host:port, never credentials


def proxy_for(scheme, host):
    """The proxy the environment names for ``scheme`` and ``host``, or None."""
    names = ("%s_proxy" % scheme, "%s_PROXY" % scheme.upper(), "all_proxy", "ALL_PROXY")
    named = [n for n in names if os.environ.get(n)]
    if not named:
        return None
    import urllib.request  # only when a proxy is configured: it is not free to import
    import base64

    proxies = urllib.request.getproxies()
    url = proxies.get(scheme) or proxies.get("all")
    if not url or urllib.request.proxy_bypass(host):
        return None
    if "://" not in url:
        url = "http://" + url
    parts, port = split_url(url, "The proxy in %s" % named[0])
    if parts.scheme.lower() != "http":
        # http.client speaks only plain HTTP to a proxy: a SOCKS proxy would be spoken to as if it were
        # one, and an https:// proxy would get its CONNECT and Proxy-Authorization in clear text,
        # over a channel the user asked to be encrypted.
        raise MailtrapError("The proxy in %s is a %s:// proxy; only HTTP proxies (http://host:port, which tunnel "
                            "HTTPS with CONNECT) are supported. Use an http:// proxy URL, or unset %s for this host "
                            "(NO_PROXY)." % (named[0], parts.scheme, named[0]))
    port = port or 8080
    headers = {}
    if parts.username:
        credentials = "%s:%s" % (parts.username, parts.password or "")
        headers["Proxy-Authorization"] = "Basic " + base64.b64encode(credentials.encode()).decode()
    shown = "[%s]" % parts.hostname if ":" in parts.hostname else parts.hostname
    return Proxy(parts.hostname, port, headers, "%s:%s" % (shown, port))


def tls_context(validate_certs=True, ca_path=None):
    """The TLS context: the system store, or only the CAs of ``ca_path`` (a file or a directory)."""
    if not validate_certs:
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        return context
    if not ca_path:
        return ssl.create_default_context()
    if not os.path.exists(ca_path):
        raise MailtrapError("ca_path %r does not exist; give a CA bundle file or a directory of CA certificates." % ca_path)
    try:
        if os.path.isdir(ca_path):
            return _directory_context(ca_path)
        return ssl.create_default_context(cafile=ca_path)
    except (ssl.SSLError, OSError, ValueError) as exc:
        raise MailtrapError("ca_path %r could not be loaded as PEM CA certificates (%s)." % (ca_path, exc))


def _directory_context(directory):
    # OpenSSL's capath finds only hash-named files (c_rehash); a plain folder of .pem/.crt
    # files is what people have, so those are loaded one by one as well.
    context = ssl.create_default_context(capath=directory)
    names = sorted(os.listdir(directory))
    loaded = 0
    for name in names:
        full = os.path.join(directory, name)
        if os.path.isfile(full) and name.lower().endswith((".pem", ".crt", ".cer")):
            try:
                context.load_verify_locations(cafile=full)
            except ssl.SSLError as exc:
                raise MailtrapError("ca_path: %r is not a PEM CA certificate (%s)." % (full, exc))
            loaded += 1
    hashed = [n for n in names if len(n) > 9 and n[8] == "." and n[9:].isdigit()]
    if not loaded and not hashed:
        raise MailtrapError("ca_path %r holds no CA certificate (.pem, .crt, .cer or hash-named files)." % directory)
    return context


class Connection:
    """One keep-alive connection; ``send`` sends a request once."""

    def __init__(self, endpoint, timeout, context=None, proxy=None):
        self.endpoint = endpoint
        self.timeout = timeout
        self.context = context
        self.proxy = proxy
        self._conn = None
        host = endpoint.host
        self._host_header = "[%s]" % host if ":" in host else host

    def _make(self):
        endpoint, proxy = self.endpoint, self.proxy
        https = endpoint.scheme == "https"
        host, port = (proxy.host, proxy.port) if proxy else (endpoint.host, endpoint.port)
        if https:
            conn = http.client.HTTPSConnection(host, port, timeout=self.timeout, context=self.context)
            if proxy:
                conn.set_tunnel(endpoint.host, endpoint.port, headers=proxy.headers)
        else:
            conn = http.client.HTTPConnection(host, port, timeout=self.timeout)
        return conn

    def _open(self):
        conn = self._make()
        try:
            conn.connect()
        except ssl.SSLError as exc:
            conn.close()
            raise TLSFailed(exc)
        except socket.gaierror as exc:
            conn.close()
            # A name that does not resolve is a wrong host name far more often than a passing DNS hiccup:
            # reported at once with the name, not retried as if the server did not answer.
            raise ConnectFailed(exc, final=True, unresolved=self.proxy.host if self.proxy else self.endpoint.host)
        except (OSError, http.client.HTTPException) as exc:
            conn.close()
            refused = self.proxy is not None and str(exc).startswith("Tunnel connection failed: 4")
            raise ConnectFailed(exc, final=refused)
        if conn.sock is not None:
            conn.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return conn

    def _dropped(self):
        """True when the kept-alive connection was closed by the server while idle."""
        sock = self._conn.sock if self._conn is not None else None
        if sock is None:
            return True
        try:
            readable, _w, _x = select.select([sock], [], [], 0)
        except (OSError, ValueError):
            return True
        return bool(readable)  # an idle connection only becomes readable at EOF

    def close(self):
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def send(self, method, path, body, headers):
        """Send one request; returns an Answer. Raises ConnectFailed, AnswerLost or TLSFailed."""
        if self._conn is not None and self._dropped():
            self.close()
        if self._conn is None:
            self._conn = self._open()
        target = self.endpoint.prefix + path
        if self.proxy and self.endpoint.scheme == "http":
            target = "http://%s:%s%s" % (self._host_header, self.endpoint.port, target)
        try:
            self._conn.request(method, target, body=body, headers=headers)
            response = self._conn.getresponse()
            data = response.read()
        except (http.client.InvalidURL, ValueError) as exc:
            self.close()
            raise Unsendable(exc)
        except ssl.SSLError as exc:
            self.close()
            raise TLSFailed(exc)
        except (OSError, http.client.HTTPException) as exc:
            self.close()
            raise AnswerLost(exc)
        if response.will_close:
            self.close()
        charset = response.headers.get_content_charset() or "utf-8"
        return Answer(response.status, response.reason, response.headers, data.decode(charset, "replace"))
