"""Fault injection for the /_emulator/faults control surface.

A fault matches requests by method and a regular expression searched in the path, fires
with a probability (seedable RNG, so flaky-network tests are reproducible) at most ``count``
times, and decides what the server does instead of (or around) answering normally.
"""

import itertools
import random
import re
import threading

from .validation import Errors, ValidationFailed, is_int

KINDS = ("status", "drop", "drop_after_commit", "slow", "malformed_json", "html", "respond")
FAULT_KEYS = {"status", "count", "times", "method", "path", "probability", "retry_after", "kind",
              "delay", "seed", "body", "headers"}
# Headers a ``respond`` fault may not set: the server frames every answer itself.
RESERVED_HEADERS = {"content-length", "transfer-encoding", "connection"}


class Fault:
    def __init__(self, fault_id, spec):
        self.id = fault_id
        self.kind = spec.get("kind", "status")
        default_status = {"status": 503, "respond": 200}.get(self.kind)
        self.status = spec.get("status", default_status)
        # ``times`` is accepted as another name of ``count`` (validate_spec refuses both).
        self.count = spec["times"] if "times" in spec else spec.get("count", 1)  # None = unlimited
        self.body = spec.get("body")
        self.headers = dict(spec.get("headers") or {})
        self.method = (spec.get("method") or "").upper() or None
        self.path = spec.get("path") or None
        self.path_regex = re.compile(self.path) if self.path else None
        self.probability = spec.get("probability", 1.0)
        self.retry_after = spec.get("retry_after")
        self.delay = spec.get("delay", 1.0)
        self.seed = spec.get("seed")
        self.rng = random.Random(self.seed)
        self.fired = 0

    def as_dict(self):
        return {"id": self.id, "kind": self.kind, "status": self.status, "count": self.count,
                "method": self.method, "path": self.path, "probability": self.probability,
                "retry_after": self.retry_after, "delay": self.delay, "seed": self.seed,
                "body": self.body, "headers": self.headers, "fired": self.fired}

    def exhausted(self):
        return self.count is not None and self.fired >= self.count


def validate_spec(spec):
    if not isinstance(spec, dict):
        raise ValidationFailed({"base": ["fault must be a JSON object"]})
    errors = Errors()
    for key in spec:
        if key not in FAULT_KEYS:
            errors.add(key, "is not a known attribute")
    kind = spec.get("kind", "status")
    if kind not in KINDS:
        errors.add("kind", "must be one of %s" % ", ".join(KINDS))
    if "status" in spec and spec["status"] is not None and (
            not is_int(spec["status"]) or not 100 <= spec["status"] <= 599):
        errors.add("status", "must be an HTTP status code")
    if "count" in spec and "times" in spec:
        errors.add("times", "is another name of count: give one of them")
    for key in ("count", "times"):
        if key in spec and spec[key] is not None and (not is_int(spec[key]) or spec[key] < 1):
            errors.add(key, "must be a positive integer or null")
    if kind == "respond":
        if "body" not in spec:
            errors.add("body", "is required for a respond fault (any JSON value; null sends no body)")
        if spec.get("status") is None and "status" in spec:
            errors.add("status", "must be an HTTP status code")
    else:
        for key in ("body", "headers"):
            if key in spec:
                errors.add(key, "only applies to kind respond")
    headers = spec.get("headers")
    if headers is not None:
        if not isinstance(headers, dict) or not all(
                isinstance(k, str) and isinstance(v, str) and _header_safe(k, v) for k, v in headers.items()):
            errors.add("headers", "must map header names to string values (no line breaks)")
        elif RESERVED_HEADERS & {k.lower() for k in headers}:
            errors.add("headers", "may not set %s" % ", ".join(sorted(RESERVED_HEADERS)))
    probability = spec.get("probability", 1.0)
    if isinstance(probability, bool) or not isinstance(probability, (int, float)) \
            or not 0 <= probability <= 1:
        errors.add("probability", "must be a number from 0 to 1")
    for key in ("retry_after", "delay"):
        value = spec.get(key)
        if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))
                                  or value < 0):
            errors.add(key, "must be a non-negative number")
    if spec.get("method") is not None and not isinstance(spec["method"], str):
        errors.add("method", "must be a string")
    if spec.get("path") is not None:
        try:
            re.compile(spec["path"])
        except (re.error, TypeError):
            errors.add("path", "must be a regular expression")
    if spec.get("seed") is not None and not isinstance(spec["seed"], (int, str)):
        errors.add("seed", "must be an integer or a string")
    errors.raise_if_any()


def _header_safe(name, value):
    return bool(re.match(r"^[A-Za-z0-9!#$%&'*+.^_`|~-]+$", name)) and not re.search(r"[\r\n\x00]", value)


class FaultInjector:
    def __init__(self):
        self.lock = threading.Lock()
        self.faults = []
        self.ids = itertools.count(1)

    def add(self, spec):
        validate_spec(spec)
        with self.lock:
            fault = Fault(next(self.ids), spec)
            self.faults.append(fault)
            return fault

    def clear(self):
        with self.lock:
            self.faults.clear()

    def list(self):
        with self.lock:
            return [f.as_dict() for f in self.faults]

    def pick(self, method, path):
        """The first matching fault that fires for this request, or None."""
        if not self.faults:  # fast path for the benchmark: no lock when nothing is armed
            return None
        with self.lock:
            for fault in self.faults:
                if fault.exhausted():
                    continue
                if fault.method and fault.method != method:
                    continue
                if fault.path_regex and not fault.path_regex.search(path):
                    continue
                if fault.probability < 1 and fault.rng.random() >= fault.probability:
                    continue
                fault.fired += 1
                return fault
            return None
