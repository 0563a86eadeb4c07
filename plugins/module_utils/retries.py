# -*- coding: utf-8 -*-
# Copyright: mailtrap.general contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""When to send a request again, how long to wait first, and how to recover a create whose
answer was lost; all of it inside one deadline per request (``max_retry_time``).

* 429 is retried for every method: the limiter answers before anything is done.
* 502/503/504 and lost answers are retried for requests that are safe to repeat; a create
  whose outcome is unknown is read back (``recover``) before it is sent again, at most
  ``RECOVERY_RESENDS`` times, with backoff.
* A connection that could not be made (nothing was sent) is retried for every method.
* Waits honour ``Retry-After`` and, on 429, ``X-RateLimit-Reset``; otherwise they back off
  exponentially (0.25-0.5 s, doubling, at most 10 s) with equal jitter. Rate-limit pacing
  before a send is paid from the same deadline.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import random
import time
from email.utils import parsedate_to_datetime

from ansible_collections.mailtrap.general.plugins.module_utils.errors import RETRY_STATUSES
from ansible_collections.mailtrap.general.plugins.module_utils.transport import AnswerLost, ConnectFailed

RECOVERY_RESENDS = 3


class Attempts:
    """The retry state of one request: counts per kind of failure and one deadline."""

    BUDGET = {"connect": 10, "read": 10, "status": 50, "recover": RECOVERY_RESENDS}
    BACKOFF_FACTOR = 0.5
    BACKOFF_MAX = 10.0

    def __init__(self, max_retry_time, deadline=None):
        self.max_retry_time = max_retry_time
        self.started = time.monotonic()
        own = self.started + max_retry_time
        # A request made while recovering another (its read-back) spends the outer budget.
        self.deadline = own if deadline is None else min(own, deadline)
        self.used = dict.fromkeys(self.BUDGET, 0)
        self.retries = 0
        self.stopped = None  # why the last retryable failure was not retried

    def remaining(self):
        return max(0.0, self.deadline - time.monotonic())

    def allow(self, kind):
        """Count one more retry of ``kind``; False when its budget or the time is used up."""
        if self.remaining() <= 0:
            self.stopped = "max_retry_time=%s ran out" % self.max_retry_time
            return False
        if self.used[kind] >= self.BUDGET[kind]:
            self.stopped = "at most %d retries of this kind are made" % self.BUDGET[kind]
            return False
        self.used[kind] += 1
        self.retries += 1
        return True

    def wait(self, seconds):
        seconds = min(seconds, self.remaining())
        if seconds > 0:
            time.sleep(seconds)

    def backoff(self):
        base = min(self.BACKOFF_MAX, self.BACKOFF_FACTOR * (2 ** max(0, self.retries - 1)))
        # Equal jitter: keeps a floor so retries do not hammer, spreads parallel runs apart.
        self.wait(base / 2.0 + random.uniform(0, base / 2.0))

    def describe(self):
        seconds = time.monotonic() - self.started
        text = "retried %d time%s in %.1f s" % (self.retries, "" if self.retries == 1 else "s", seconds)
        if not self.retries:
            text = "not retried"
        return text + (" (%s)" % self.stopped if self.stopped else "")


class Call:
    """One logical request: what to send, and how repeating it behaves."""

    def __init__(self, method, path, target, data, headers, creates=False, recover=None):
        self.method = method
        self.path = path
        self.target = target
        self.data = data
        self.headers = headers
        self.creates = creates  # a POST that makes a new object: never re-sent blindly
        self.recover = recover  # () -> the object if the create took effect, else None


class Recovered:
    """The object a lost create turned out to have made, found by reading back."""

    def __init__(self, value):
        self.value = value


def send_with_retries(send, call, attempts, pace=None):
    """-> Answer (possibly an error status, for the caller to report) or Recovered.

    Raises ConnectFailed / AnswerLost (with ``attempts`` known to the caller) when retries end.
    """
    while True:
        if pace is not None:
            pace(attempts, call)
        try:
            answer = send(call)
        except ConnectFailed as exc:
            if exc.final or not attempts.allow("connect"):  # nothing was sent: safe for every method
                raise
            attempts.backoff()
            continue
        except AnswerLost:
            if call.creates:
                if call.recover is None:
                    raise
                found = _recover(call, attempts)
                if found is False:
                    raise
            elif attempts.allow("read"):
                attempts.backoff()
                continue
            else:
                raise
        else:
            found = _after_answer(call, attempts, answer)
            if found is False:
                return answer
        if found is not None:
            return found


def _after_answer(call, attempts, answer):
    """None to send again, a Recovered, or False to hand the answer back as it is."""
    status = answer.status
    if status == 429 or (status in RETRY_STATUSES and not call.creates):
        wait = server_wait(answer.headers, status)
        if wait is not None and wait > attempts.remaining():
            attempts.stopped = "the server asked to wait %.0f s, more than the %.1f s left of max_retry_time=%s" % (
                wait, attempts.remaining(), attempts.max_retry_time)
            return False
        if not attempts.allow("status"):
            return False
        if wait is None:
            attempts.backoff()
        else:
            attempts.wait(wait)
        return None
    if call.creates and call.recover is not None and status in RETRY_STATUSES:
        # A gateway error on a create: the write may have been committed behind it.
        return _recover(call, attempts)
    return False


def _recover(call, attempts):
    """Read back after a create of unknown outcome: Recovered, None to re-send, False to give up."""
    if not attempts.allow("recover"):
        return False
    attempts.backoff()
    existing = call.recover()
    return Recovered(existing) if existing is not None else None


def retry_after(headers):
    """Seconds the server asks to wait (Retry-After as seconds or an HTTP date), or None."""
    value = headers.get("Retry-After")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def reset_seconds(headers):
    """Seconds until the rate-limit window resets; accepts a delta or an epoch timestamp."""
    value = headers.get("X-RateLimit-Reset")
    if value is None:
        return None
    try:
        reset = float(value)
    except (TypeError, ValueError):
        return None
    if reset > 1e9:  # an epoch timestamp rather than a delta
        reset = reset - time.time()
    return max(0.0, reset)


def server_wait(headers, status):
    wait = retry_after(headers)
    if wait is None and status == 429:
        wait = reset_seconds(headers)
    return wait
