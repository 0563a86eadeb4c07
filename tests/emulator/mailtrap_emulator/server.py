"""HTTP layer: the request handler, the control surface and the :class:`Emulator` object.

Built on ``http.server`` only (see README, "Why the standard library") with HTTP/1.1
keep-alive. Every answer is written with a single ``write`` (status line, headers and body
together) and TCP_NODELAY is set, so keep-alive clients never wait on Nagle/delayed-ACK.
"""

import datetime
import http
import http.server
import itertools
import json
import socket
import ssl
import sys
import threading
import time
import traceback
import urllib.parse

from . import api, live, openapi, openapi_live, permissions, seeds
from .faults import FaultInjector
from .ratelimit import PLAN_LIMITS, RateLimiter
from .state import PLAN_NAMES, Store, apply_fixture, default_state
from .validation import ValidationFailed

JSON_TYPE = "application/json; charset=utf-8"
DIALECTS = ("overview", "live")
# Sent with every answer (API, errors, control surface), so that a client in ``auto`` mode can
# tell which dialect it is talking to without a request of its own.
DIALECT_HEADER = "X-Mailtrap-Api-Dialect"
MAX_BODY = 10 * 1024 * 1024

UNAUTHORIZED = {"error": "Incorrect API token"}
FORBIDDEN = {"errors": "Account access forbidden"}
IP_FORBIDDEN = {"errors": "IP address not allowed"}
NOT_FOUND = {"error": "Not Found"}
METHOD_NOT_ALLOWED = {"error": "Method Not Allowed"}
RATE_LIMITED = {"errors": "Rate limit exceeded"}
MALFORMED_JSON = {"error": "Malformed JSON"}
INTERNAL_ERROR = {"errors": "Internal Server Error"}

HTML_BAD_GATEWAY = (b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
                    b"<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n"
                    b"</body>\r\n</html>\r\n")


def mailtrap_error_body(status):
    """The body Mailtrap sends with ``status`` (used by status faults)."""
    known = {400: {"error": "Bad Request"}, 401: UNAUTHORIZED, 403: FORBIDDEN, 404: NOT_FOUND,
             405: METHOD_NOT_ALLOWED, 422: {"errors": {"base": ["Unprocessable entity"]}},
             429: RATE_LIMITED, 500: INTERNAL_ERROR}
    if status in known:
        return known[status]
    if status < 400:
        return {}
    try:
        return {"errors": http.HTTPStatus(status).phrase}
    except ValueError:
        return {"errors": "Error"}


class Answer:
    """What to send back; ``drop`` means close the connection without answering."""
    __slots__ = ("status", "body", "headers", "raw", "content_type", "drop")

    def __init__(self, status, body=None, headers=None, raw=None, content_type=JSON_TYPE,
                 drop=False):
        self.status = status
        self.body = body
        self.headers = headers or {}
        self.raw = raw
        self.content_type = content_type
        self.drop = drop


def utc_stamp():
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="milliseconds") \
        .replace("+00:00", "Z")


class Journal:
    """Every /api request since the last clear (control surface: /_emulator/requests)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.entries = []
        self.seq = itertools.count(1)

    def record(self, method, path, query, body):
        entry = {"seq": 0, "method": method, "path": path, "query": query, "status": None,
                 "time": utc_stamp(), "body": body}
        with self.lock:
            entry["seq"] = next(self.seq)
            self.entries.append(entry)
        return entry

    def list(self):
        with self.lock:
            return [dict(e) for e in self.entries]

    def clear(self):
        with self.lock:
            self.entries.clear()


class RequestHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "mailtrap-emulator"
    sys_version = ""
    # Idle keep-alive connections are closed after this many seconds.
    timeout = 120

    @property
    def emulator(self):
        return self.server.emulator

    # ------------------------------------------------------------ plumbing

    def setup(self):
        super().setup()
        try:
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except OSError:
            pass

    def log_message(self, format, *args):  # noqa: A002 - signature from the base class
        if self.emulator.verbose:
            sys.stderr.write("%s - %s\n" % (self.client_address[0], format % args))

    def address_string(self):
        return self.client_address[0]  # never a reverse DNS lookup

    def send_error(self, code, message=None, explain=None):
        """Protocol-level errors (bad request line, unsupported method) as JSON too."""
        self.close_connection = True
        body = mailtrap_error_body(code)
        headers = {"Connection": "close"}
        if code == 501:  # a method http.server has no do_X for, e.g. TRACE
            body, code = METHOD_NOT_ALLOWED, 405
            headers["Allow"] = "GET, POST, PUT, PATCH, DELETE"
        try:
            self.write_answer(Answer(code, body, headers))
        except OSError:
            pass

    def write_answer(self, answer):
        if answer.raw is not None:
            payload = answer.raw
        elif answer.body is None:
            payload = b""
        else:
            payload = json.dumps(answer.body).encode("utf-8")
        try:
            reason = http.HTTPStatus(answer.status).phrase
        except ValueError:
            reason = "Status"
        lines = ["HTTP/1.1 %d %s" % (answer.status, reason),
                 "Server: mailtrap-emulator",
                 "Date: " + self.date_time_string(),
                 "%s: %s" % (DIALECT_HEADER, self.emulator.dialect)]
        # RFC 9110 forbids Content-Length on 204; every other answer carries it.
        if answer.status != 204:
            if payload:
                lines.append("Content-Type: " + answer.content_type)
            lines.append("Content-Length: %d" % len(payload))
        for name, value in answer.headers.items():
            lines.append("%s: %s" % (name, value))
        if self.close_connection and "Connection" not in answer.headers:
            lines.append("Connection: close")
        if self.command == "HEAD":
            payload = b""  # HEAD answers announce a length but never carry a body
        head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
        self.wfile.write(head + payload)
        self.wfile.flush()
        self.log_request(answer.status, len(payload))

    def read_body(self):
        """Raw request body (Content-Length or chunked); None when the framing is broken."""
        length = self.headers.get("Content-Length")
        if length is not None:
            if not length.strip().isdigit() or int(length) > MAX_BODY:
                return None
            return self.rfile.read(int(length)) if int(length) else b""
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            chunks = []
            while True:
                size_line = self.rfile.readline(1024)
                try:
                    size = int(size_line.split(b";")[0].strip(), 16)
                except ValueError:
                    return None
                if size == 0:
                    while self.rfile.readline(1024) not in (b"\r\n", b"\n", b""):
                        pass
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline(1024)
        return b""

    # ------------------------------------------------------------ dispatch

    def handle_any(self):
        parsed = urllib.parse.urlsplit(self.path)
        path, query = parsed.path, parsed.query
        raw_body = self.read_body()
        if raw_body is None:
            self.close_connection = True
            self.write_answer(Answer(400, {"error": "Bad Request"}))
            return
        try:
            if path.startswith("/_emulator/"):
                answer = self.emulator.control(self, self.command, path, raw_body)
            elif path == "/api" or path.startswith("/api/"):
                answer = self.emulator.serve_api(self, self.command, path, query, raw_body)
            else:
                answer = Answer(404, NOT_FOUND)
        except Exception:  # a bug in the emulator must still produce an answer
            if not self.emulator.quiet:
                traceback.print_exc()
            answer = Answer(500, INTERNAL_ERROR)
        if answer.drop:
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            return
        self.write_answer(answer)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = handle_any


class EmulatorHTTPServer(http.server.ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    request_queue_size = 512
    allow_reuse_address = True

    def __init__(self, address, emulator, ssl_context=None):
        self.emulator = emulator
        self.ssl_context = ssl_context
        self.open_connections = set()
        self.connections_lock = threading.Lock()
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, RequestHandler)

    def get_request(self):
        connection, address = super().get_request()
        if self.ssl_context is not None:
            # The TLS handshake happens in the connection's own thread (first read), so a
            # slow or broken client cannot stall the accept loop.
            connection = self.ssl_context.wrap_socket(
                connection, server_side=True, do_handshake_on_connect=False)
        return connection, address

    def process_request(self, request, client_address):
        with self.connections_lock:
            self.open_connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request):
        with self.connections_lock:
            self.open_connections.discard(request)
        super().shutdown_request(request)

    def handle_error(self, request, client_address):
        if not self.emulator.quiet:
            super().handle_error(request, client_address)

    def close_all_connections(self):
        with self.connections_lock:
            connections = list(self.open_connections)
        for connection in connections:
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


class Emulator:
    """An in-process Mailtrap General API emulator.

    >>> emu = Emulator(port=0); emu.start(); emu.url  # doctest: +SKIP
    """

    def __init__(self, host="127.0.0.1", port=0, token="emulator-owner-token", account_id=1001,
                 plan="business", state_file=None, seed=None, rate_limit=True,
                 tls_cert=None, tls_key=None, quiet=True, verbose=False, dialect="overview"):
        if plan not in PLAN_LIMITS:
            raise ValueError("unknown plan %r (one of %s)" % (plan, ", ".join(PLAN_LIMITS)))
        if dialect not in DIALECTS:
            raise ValueError("unknown dialect %r (one of %s)" % (dialect, ", ".join(DIALECTS)))
        self.dialect = dialect
        self.routes = live.ROUTES if dialect == "live" else api.ROUTES
        self.host = host
        self.port = port
        self.owner_token = token
        self.account_id = account_id
        self.plan = plan
        self.seed = self._load_seed(seed)
        self.quiet = quiet
        self.verbose = verbose and not quiet
        self.tls = bool(tls_cert)
        self.ssl_context = None
        if tls_cert:
            self.ssl_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            self.ssl_context.load_cert_chain(tls_cert, tls_key)
        self.store = Store(self.initial_state, state_file)
        if dialect == "overview" and self.store.data.get("dialect") == "live":
            # Live state has no roles' scopes or team members to serve the overview from.
            raise ValueError("state file %s was written by the live dialect; start with --dialect live" % state_file)
        if dialect == "live" and self.store.data.get("dialect") != "live":
            # A state file written by the overview dialect: same people, expressed the live way.
            live.livify(self.store.data, {})
            self.store.save()
        self.limiter = RateLimiter(enabled=rate_limit)
        self.faults = FaultInjector()
        self.journal = Journal()
        self.httpd = None
        self.thread = None

    # ------------------------------------------------------------ lifecycle

    @staticmethod
    def _load_seed(seed):
        if seed is None or isinstance(seed, dict):
            return seed
        if seed in seeds.BUILTIN:
            return seeds.BUILTIN[seed]()
        with open(seed, encoding="utf-8") as handle:
            return json.load(handle)

    def initial_state(self, plan=None, fixture=None):
        state = default_state(self.account_id, plan or self.plan, self.owner_token)
        fixture = self.seed if fixture is None else fixture
        if fixture:
            try:
                apply_fixture(state, fixture)
            except ValidationFailed:
                raise
            except (KeyError, TypeError, AttributeError, ValueError) as error:
                raise ValidationFailed({"base": ["bad fixture: %r" % (error,)]})
        if plan:
            state["account"]["plan"] = plan
        if self.dialect == "live":
            try:
                live.livify(state, fixture or {})
            except ValidationFailed:
                raise
            except (KeyError, TypeError, AttributeError, ValueError) as error:
                raise ValidationFailed({"base": ["bad fixture: %r" % (error,)]})
        return state

    def bind(self):
        self.httpd = EmulatorHTTPServer((self.host, self.port), self, self.ssl_context)
        self.port = self.httpd.server_address[1]
        return self

    def start(self):
        """Serve in a background daemon thread; returns self."""
        if self.httpd is None:
            self.bind()
        self.thread = threading.Thread(target=self.httpd.serve_forever,
                                       kwargs={"poll_interval": 0.05},
                                       name="mailtrap-emulator", daemon=True)
        self.thread.start()
        return self

    def serve_forever(self):
        if self.httpd is None:
            self.bind()
        self.httpd.serve_forever(poll_interval=0.2)

    def stop(self):
        if self.httpd is None:
            return
        self.httpd.shutdown()
        self.httpd.close_all_connections()
        self.httpd.server_close()
        if self.thread:
            self.thread.join(timeout=5)
        self.httpd = None
        self.thread = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    @property
    def url(self):
        host = self.host
        if ":" in host:
            host = "[%s]" % host
        return "%s://%s:%d" % ("https" if self.tls else "http", host, self.port)

    @property
    def state(self):
        """The live state dict (mutate it under ``emu.store.lock``)."""
        return self.store.data

    def reset(self, plan=None):
        with self.store.lock:
            self.store.replace(self.initial_state(plan=plan))
        self.journal.clear()
        self.faults.clear()
        self.limiter.reset()

    # ------------------------------------------------------------ auth

    @staticmethod
    def presented_token(handler):
        value = handler.headers.get("Api-Token")
        if value:
            return value.strip()
        authorization = handler.headers.get("Authorization") or ""
        scheme, _sep, credentials = authorization.partition(" ")
        if scheme.lower() == "bearer" and credentials.strip():
            return credentials.strip()
        return None

    def authenticate(self, handler):
        """The live token record for the request, or None. Call under the store lock."""
        value = self.presented_token(handler)
        if not value:
            return None
        now = api.utc_now()
        for token in self.store.data["tokens"]:
            if token["token"] == value:
                return token if api.token_is_live(token, now) else None
        return None

    # ------------------------------------------------------------ the API

    def serve_api(self, handler, method, path, query, raw_body):
        body_for_journal = None
        if raw_body:
            try:
                body_for_journal = json.loads(raw_body)
            except ValueError:
                body_for_journal = raw_body.decode("utf-8", "replace")
        entry = self.journal.record(method, path, query, body_for_journal)
        fault = self.faults.pick(method, path)
        if fault is not None and fault.kind not in ("slow", "drop_after_commit"):
            answer = self.fault_answer(fault)
        else:
            if fault is not None and fault.kind == "slow":
                time.sleep(fault.delay or 0)
            answer = self.process_api(handler, method, path, query, raw_body)
            if fault is not None and fault.kind == "drop_after_commit":
                answer = Answer(answer.status, drop=True)
        entry["status"] = None if answer.drop else answer.status
        if fault is not None:
            entry["fault"] = fault.kind
        return answer

    def fault_answer(self, fault):
        if fault.kind == "drop":
            return Answer(0, drop=True)
        if fault.kind == "malformed_json":
            return Answer(200, raw=b'{"broken":')
        if fault.kind == "html":
            return Answer(502, raw=HTML_BAD_GATEWAY, content_type="text/html")
        if fault.kind == "respond":
            headers = dict(fault.headers)
            content_type = next((headers.pop(k) for k in list(headers) if k.lower() == "content-type"), JSON_TYPE)
            raw = None if fault.body is None or fault.status == 204 else json.dumps(fault.body).encode("utf-8")
            return Answer(fault.status, headers=headers, raw=raw, content_type=content_type)
        status = fault.status or 503
        headers = self.limiter.peek(self.store.data["account"]["plan"])
        if status == 429:
            wait = int(fault.retry_after) if fault.retry_after is not None else 1
            headers["X-RateLimit-Remaining"] = "0"
            headers["X-RateLimit-Reset"] = str(max(1, wait))
            headers["Retry-After"] = str(wait)
        elif fault.retry_after is not None:
            headers["Retry-After"] = str(int(fault.retry_after))
        return Answer(status, mailtrap_error_body(status), headers)

    def process_api(self, handler, method, path, query, raw_body):
        client_ip = handler.client_address[0]
        with self.store.lock:
            state = self.store.data
            plan = state["account"]["plan"]
            token = self.authenticate(handler)
            if token is None:
                return Answer(401, UNAUTHORIZED, self.limiter.peek(plan))
            verdict = self.limiter.hit(plan, token["id"])
            headers = verdict.headers
            if not verdict.allowed:
                headers["Retry-After"] = str(verdict.retry_after)
                return Answer(429, RATE_LIMITED, headers)
            route, params = api.match_route(method, path, self.routes)
            if route is None:
                if params:
                    headers["Allow"] = ", ".join(params)
                    return Answer(405, METHOD_NOT_ALLOWED, headers)
                return Answer(404, NOT_FOUND, headers)
            if "account_id" in params and int(params.pop("account_id")) != state["account"]["id"]:
                return Answer(403, FORBIDDEN, headers)
            if not api.ip_allowed(state, client_ip):
                return Answer(403, IP_FORBIDDEN, headers)
            owner = next((u for u in state["users"] if u["id"] == token["owner_user_id"]), None)
            if self.dialect == "overview" and route.right is not None \
                    and route.right not in permissions.token_rights(token, owner):
                return Answer(403, FORBIDDEN, headers)
            body = api.ABSENT
            if raw_body and raw_body.strip():
                try:
                    body = json.loads(raw_body, parse_constant=_reject_constant)
                except (ValueError, UnicodeDecodeError, RecursionError):
                    return Answer(400, MALFORMED_JSON, headers)
            call = api.Call(state, owner, token, client_ip, body,
                            {k: v[-1] for k, v in urllib.parse.parse_qs(query).items()},
                            {k: int(v) for k, v in params.items()})
            call.raw_query = query
            try:
                status, result = route.handler(call)
            except ValidationFailed as failure:
                return Answer(422, {"errors": failure.errors}, headers)
            except api.NotFound:
                return Answer(404, NOT_FOUND, headers)
            except api.Forbidden as refusal:
                return Answer(403, {"errors": refusal.message}, headers)
            if call.changed:
                self.store.save()
            # Serialise while still holding the lock: results may be live state objects.
            payload = None if result is None else json.dumps(result).encode("utf-8")
        return Answer(status, headers=headers, raw=payload)

    # ------------------------------------------------------------ control surface

    def control(self, handler, method, path, raw_body):
        """The /_emulator/ test surface: not journaled, not rate limited, not IP filtered."""
        if path == "/_emulator/health":
            return Answer(200, {"status": "ok"})
        if path == "/_emulator/openapi.json" and method == "GET":
            describe = openapi_live.document if self.dialect == "live" else openapi.document
            return Answer(200, describe(self.url, self.store.data["account"]["id"]))
        # The configured owner token always opens the control surface, even after a test
        # revoked it through the API: otherwise nothing could reset the emulator over HTTP.
        with self.store.lock:
            if self.presented_token(handler) != self.owner_token and self.authenticate(handler) is None:
                return Answer(401, UNAUTHORIZED)
        body = None
        if raw_body and raw_body.strip():
            try:
                body = json.loads(raw_body, parse_constant=_reject_constant)
            except (ValueError, UnicodeDecodeError, RecursionError):
                return Answer(400, MALFORMED_JSON)
        routes = {
            ("GET", "/_emulator/requests"): lambda: Answer(200, self.journal.list()),
            ("DELETE", "/_emulator/requests"): self._clear_journal,
            ("GET", "/_emulator/faults"): lambda: Answer(200, self.faults.list()),
            ("POST", "/_emulator/faults"): lambda: self._add_fault(body),
            ("DELETE", "/_emulator/faults"): self._clear_faults,
            ("POST", "/_emulator/reset"): lambda: self._reset(body),
            ("GET", "/_emulator/state"): lambda: Answer(200, self.store.snapshot()),
            ("POST", "/_emulator/seed"): lambda: self._seed(body),
        }
        action = routes.get((method, path.rstrip("/")))
        if action is None:
            allowed = [m for m, p in routes if p == path.rstrip("/")]
            if allowed:
                return Answer(405, METHOD_NOT_ALLOWED, {"Allow": ", ".join(allowed)})
            return Answer(404, NOT_FOUND)
        try:
            return action()
        except ValidationFailed as failure:
            return Answer(422, {"errors": failure.errors})

    def _clear_journal(self):
        self.journal.clear()
        return Answer(204)

    def _add_fault(self, body):
        return Answer(201, self.faults.add(body if body is not None else {}).as_dict())

    def _clear_faults(self):
        self.faults.clear()
        return Answer(204)

    def _reset(self, body):
        body = body or {}
        if not isinstance(body, dict) or set(body) - {"plan"}:
            raise ValidationFailed({"base": ["only {\"plan\": ...} is accepted"]})
        plan = body.get("plan")
        if plan is not None and (not isinstance(plan, str) or plan not in PLAN_NAMES):
            raise ValidationFailed({"plan": ["must be one of %s" % ", ".join(PLAN_NAMES)]})
        self.reset(plan=plan)
        return Answer(200, {"status": "reset", "plan": self.store.data["account"]["plan"],
                            "dialect": self.dialect})

    def _seed(self, body):
        state = self.initial_state(fixture=body if body is not None else {})
        with self.store.lock:
            self.store.replace(state)
        self.limiter.reset()
        return Answer(200, {"status": "seeded", "users": len(state["users"]),
                            "tokens": len(state["tokens"])})


def _reject_constant(name):
    raise ValueError("%s is not valid JSON" % name)
