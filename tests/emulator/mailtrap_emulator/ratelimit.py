"""Per-token rate limits with fixed windows aligned to wall-clock seconds and hours.

Fixed windows are less smooth than Mailtrap's real limiter but predictable: a test knows
exactly when a window resets. The headers report the *binding* window, the one with the
fewest requests remaining.
"""

import math
import threading
import time

# plan -> (requests per second, requests per hour or None for unlimited)
PLAN_LIMITS = {
    "free": (1, 100),
    "starter": (10, 1000),
    "business": (50, 10000),
    "enterprise": (100, None),
}


class Verdict:
    __slots__ = ("allowed", "headers", "retry_after")

    def __init__(self, allowed, headers, retry_after=None):
        self.allowed = allowed
        self.headers = headers
        self.retry_after = retry_after


class RateLimiter:
    def __init__(self, enabled=True, clock=time.time):
        self.enabled = enabled
        self.clock = clock
        self.lock = threading.Lock()
        self.counters = {}  # token id -> [second window start, count, hour window start, count]

    def reset(self):
        with self.lock:
            self.counters.clear()

    def _windows(self, plan, counter, now):
        """-> list of (limit, used, seconds until reset) for the active windows."""
        per_second, per_hour = PLAN_LIMITS[plan]
        second, hour = int(now), int(now // 3600)
        if counter[0] != second:
            counter[0], counter[1] = second, 0
        if counter[2] != hour:
            counter[2], counter[3] = hour, 0
        windows = [(per_second, counter[1], max(1, math.ceil(second + 1 - now)))]
        if per_hour is not None:
            windows.append((per_hour, counter[3], max(1, math.ceil((hour + 1) * 3600 - now))))
        return windows

    @staticmethod
    def _headers(windows):
        # Binding window: fewest remaining; on a tie the longer wait is the honest one.
        limit, used, reset = min(windows, key=lambda w: (w[0] - w[1], -w[2]))
        return {"X-RateLimit-Limit": str(limit),
                "X-RateLimit-Remaining": str(max(0, limit - used)),
                "X-RateLimit-Reset": str(reset)}

    def hit(self, plan, token_id):
        """Count one request for ``token_id`` unless a window is exhausted."""
        now = self.clock()
        with self.lock:
            counter = self.counters.setdefault(token_id, [0, 0, 0, 0])
            windows = self._windows(plan, counter, now)
            if not self.enabled:
                return Verdict(True, self._headers(windows))
            exhausted = [w for w in windows if w[1] >= w[0]]
            if exhausted:
                retry_after = max(w[2] for w in exhausted)
                return Verdict(False, self._headers(windows), retry_after)
            counter[1] += 1
            counter[3] += 1
            return Verdict(True, self._headers(self._windows(plan, counter, now)))

    def peek(self, plan, token_id=None):
        """Headers for an answer that is not counted (401s, unknown tokens)."""
        now = self.clock()
        with self.lock:
            counter = list(self.counters.get(token_id, [0, 0, 0, 0]))
            return self._headers(self._windows(plan, counter, now))
