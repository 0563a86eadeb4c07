"""Field validation helpers producing Mailtrap-style 422 bodies.

Handlers collect errors into a :class:`Errors` and raise :class:`ValidationFailed`, which
the dispatcher turns into ``422 {"errors": {"field": ["message", ...]}}``.
"""

import datetime
import ipaddress
import re
import zoneinfo

# RFC 5322 atext in the local part, letters/digits/hyphens in domain labels: brackets, quotes
# and commas (a list stringified by a client, say) are not an address.
EMAIL_PATTERN = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")

try:
    KNOWN_TIMEZONES = frozenset(zoneinfo.available_timezones())
except Exception:  # pragma: no cover - a system without tzdata
    KNOWN_TIMEZONES = frozenset()


class ValidationFailed(Exception):
    def __init__(self, errors):
        super().__init__(errors)
        self.errors = errors


class Errors:
    """Accumulates field -> [messages]; ``raise_if_any`` ends the request with a 422."""

    def __init__(self):
        self.fields = {}

    def add(self, field, message):
        messages = self.fields.setdefault(field, [])
        if message not in messages:
            messages.append(message)

    def __bool__(self):
        return bool(self.fields)

    def raise_if_any(self):
        if self.fields:
            raise ValidationFailed(self.fields)


def fail(field, message):
    raise ValidationFailed({field: [message]})


def reject_unknown_keys(body, allowed):
    """Unknown top-level attributes are an error, not silently ignored."""
    errors = Errors()
    for key in body:
        if key not in allowed:
            errors.add(key, "is not a known attribute")
    errors.raise_if_any()


def require_keys(body, required, errors):
    for key in required:
        if body.get(key) is None or body.get(key) == "":
            errors.add(key, "can't be blank")


def is_int(value):
    # bool is a subclass of int in Python; JSON true/false must not pass as numbers.
    return isinstance(value, int) and not isinstance(value, bool)


def is_email(value):
    return isinstance(value, str) and len(value) <= 254 and bool(EMAIL_PATTERN.match(value))


def is_timezone(value):
    if not isinstance(value, str) or not value:
        return False
    if KNOWN_TIMEZONES:
        return value in KNOWN_TIMEZONES
    try:  # pragma: no cover - fallback without the tz database listing
        zoneinfo.ZoneInfo(value)
        return True
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return False


# An https URL with an ASCII host name (IDNs must be given punycode-encoded).
HTTPS_URL_PATTERN = r"^https://[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?::[0-9]{1,5})?(?:/[!-~]*)?$"
_HTTPS_URL = re.compile(HTTPS_URL_PATTERN)


def is_https_url(value):
    return isinstance(value, str) and len(value) <= 2048 and bool(_HTTPS_URL.match(value))


def normalise_cidr(value):
    """``"192.168.1.5"`` -> ``"192.168.1.5/32"``; host bits set -> ValueError (not masked)."""
    if not isinstance(value, str):
        raise ValueError("%r is not a CIDR" % (value,))
    network = ipaddress.ip_network(value.strip(), strict=True)
    return str(network)


def parse_time(value):
    """``YYYY-MM-DD`` (midnight UTC) or ISO 8601 time -> aware UTC datetime; ValueError else."""
    if not isinstance(value, str) or not value:
        raise ValueError("not a string")
    text = value.strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        day = datetime.date.fromisoformat(text)
        return datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.timezone.utc)
    if not re.match(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}", text):
        raise ValueError("not an ISO 8601 time")
    moment = datetime.datetime.fromisoformat(text.replace("z", "Z").replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.timezone.utc)
    return moment.astimezone(datetime.timezone.utc)


def format_time(moment):
    return moment.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
