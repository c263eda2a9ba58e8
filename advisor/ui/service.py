"""Glue shared by the Gradio app, the embed page and the JSON API, so that all give the same answers
under the same limits: the per-client rate limit, the message length check and the ask payload.
"""

from __future__ import annotations

import ipaddress
import logging
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Mapping

from advisor.config import Settings
from advisor.inbound import InboundTextError, clean_and_mask

log = logging.getLogger(__name__)

if TYPE_CHECKING:  # the session layer is heavy to import; only types are needed here
    from advisor.db import Database
    from advisor.session import Advisor


class UserFacingError(Exception):
    """An error whose message (Japanese) is meant for the person typing; ``status`` for HTTP."""

    def __init__(self, message: str, status: int = 400, code: str = "bad_request", retry_after: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.code = code
        self.retry_after = retry_after

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"error": self.code, "message": self.message}
        if self.retry_after is not None:
            out["retry_after"] = self.retry_after
        return out


class RateLimiter:
    """Sliding one-minute window per client key.

    In process memory: used when rate_limit_store = "memory" (or no database is at hand). With
    several replicas each then enforces the limit separately (a client spread over N replicas may
    get up to N times the budget); DatabaseRateLimiter is the shared one.
    """

    WINDOW_S = 60.0

    def __init__(self, per_minute: int, clock: Any = time.monotonic) -> None:
        self.per_minute = per_minute
        self._clock = clock
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()
        self._last_sweep = clock()

    def check(self, key: str) -> int | None:
        """Record a request; None if allowed, else the seconds to wait before the next one."""
        if self.per_minute <= 0:  # 0 disables the limit (benchmarks, trusted intranets)
            return None
        now = self._clock()
        with self._lock:
            self._sweep(now)
            hits = self._hits.setdefault(key, deque())
            while hits and now - hits[0] >= self.WINDOW_S:
                hits.popleft()
            if len(hits) >= self.per_minute:
                return max(1, int(self.WINDOW_S - (now - hits[0])) + 1)
            hits.append(now)
            return None

    def _sweep(self, now: float) -> None:
        # Forget idle clients now and then so that memory stays bounded by active clients.
        if now - self._last_sweep < self.WINDOW_S:
            return
        self._last_sweep = now
        for key in [k for k, h in self._hits.items() if not h or now - h[-1] >= self.WINDOW_S]:
            del self._hits[key]


class DatabaseRateLimiter:
    """Fixed one-minute windows per client key, counted in the shared database.

    Every replica adds to the same counter (one atomic upsert per request), so a client gets its
    budget once however many replicas serve it. A fixed window lets a client send up to twice the
    budget across a window boundary; that is fine for a flood guard and costs one row per client
    and minute. When the database cannot count (down, restarting) the request is let through: the
    turn itself will then report the outage, and a limit must never be the reason a visitor is
    refused while the service works.
    """

    WINDOW_S = 60

    def __init__(self, per_minute: int, db: "Database", clock: Any = time.time) -> None:
        self.per_minute = per_minute
        self.db = db
        self._clock = clock
        self._next_sweep = 0.0

    def check(self, key: str) -> int | None:
        """Record a request; None if allowed, else the seconds to wait before the next one."""
        if self.per_minute <= 0:
            return None
        from advisor.db import DatabaseError

        now = self._clock()
        window = int(now // self.WINDOW_S) * self.WINDOW_S
        try:
            hits = self.db.count_hit(key, window)
            if now >= self._next_sweep:  # forget finished windows now and then (any replica may)
                self._next_sweep = now + self.WINDOW_S
                self.db.forget_windows_before(window - self.WINDOW_S)
        except DatabaseError as exc:
            logging.getLogger(__name__).warning("rate limit not counted: %s", exc)
            return None
        if hits > self.per_minute:
            return max(1, int(window + self.WINDOW_S - now) + 1)
        return None


STORAGE_MESSAGES = {
    "locked": "ただいま混み合っていて、ご相談を保存できませんでした。少し時間をおいてもう一度お試しください。",
    "read_only": "サーバーの保存領域に書き込めないため、ただいまご相談を保存できません。"
                 "時間をおいてもう一度お試しください（入力した内容は保存されていません）。",
    "disk_full": "サーバーの保存領域がいっぱいのため、ただいまご相談を保存できません。"
                 "時間をおいてもう一度お試しください（入力した内容は保存されていません）。",
    "default": "サーバーの保存領域に問題が起きているため、ただいまご相談を保存できません。"
               "時間をおいてもう一度お試しください（入力した内容は保存されていません）。",
}
UNEXPECTED_MESSAGE = "申し訳ありません。処理中に問題が発生しました。時間をおいてもう一度お試しください。"


def storage_error(exc: BaseException) -> "UserFacingError | None":
    """A 503 with a Japanese message when ``exc`` is the storage failing (database down, read-only,
    full, locked): ``database_unavailable`` for the database layer's errors (what clients of the
    cluster already expect), ``storage_<reason>`` for the file system's."""
    from advisor.db import DatabaseError, storage_failure

    reason = storage_failure(exc)
    if isinstance(exc, DatabaseError):
        message = STORAGE_MESSAGES.get(reason or "", exc.user_message) if reason in ("read_only", "disk_full", "locked") \
            else exc.user_message
        return UserFacingError(message, 503, "database_unavailable", retry_after=5)
    if reason is None:
        return None
    return UserFacingError(STORAGE_MESSAGES.get(reason, STORAGE_MESSAGES["default"]), 503, f"storage_{reason}",
                           retry_after=30 if reason == "locked" else 60)


def user_facing(exc: BaseException) -> "UserFacingError":
    """Any exception as the Japanese error a person (or API client) sees: the storage failures as
    503, the rest as a generic message (the caller logs the trace)."""
    if isinstance(exc, UserFacingError):
        return exc
    return storage_error(exc) or UserFacingError(UNEXPECTED_MESSAGE, 503, "unexpected_error")


def rate_limited_message(retry_after: int) -> str:
    return f"短い時間に多くの操作が送られました。{retry_after}秒ほど待ってから、もう一度お試しください。"


def client_key(host: str | None, headers: Mapping[str, str], settings: Settings) -> str:
    """Who counts as one client for the rate limit.

    X-Forwarded-For is honoured only when the direct peer is a configured trusted proxy: otherwise
    anyone could dodge the limit by sending a different header with each request.
    """
    peer = host or "unknown"
    if settings.trusted_proxies and _in_networks(peer, settings.trusted_proxies):
        forwarded = headers.get("x-forwarded-for", "")
        hops = [h.strip() for h in forwarded.split(",") if h.strip()]
        # The right-most hop not added by one of our proxies is the real client.
        for hop in reversed(hops):
            if not _in_networks(hop, settings.trusted_proxies):
                return hop
    return peer


def _in_networks(address: str, networks: list[str]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    for net in networks:
        try:
            if ip in ipaddress.ip_network(net, strict=False):
                return True
        except ValueError:
            continue
    return False


def check_message(message: Any, settings: Settings, what: str = "メッセージ") -> str:
    """The message cleaned and masked as it will be stored and shown (advisor.inbound), or
    UserFacingError (broken characters / empty / too long) with a Japanese explanation."""
    try:
        return clean_and_mask(message, settings.max_message_chars, what)
    except InboundTextError as err:
        raise UserFacingError(err.message, err.status, err.code) from None


class FailureGate:
    """Per-client exponential delay and lockout for secrets that can be guessed (the facilitator
    token and keys, join codes).

    The first ``free`` failures cost nothing (typos); after the n-th failure beyond them a client
    must wait ``base_s * 2**(n-1)`` seconds (at most ``max_s``) before its next attempt is checked; from ``lockout_after`` failures on it is locked out for
    ``lockout_s``. Every failure is logged for the operator. Process memory, like RateLimiter (one
process or no database); DatabaseFailureGate shares the counts between replicas.
    """

    def __init__(self, what: str, base_s: float = 1.0, max_s: float = 60.0, lockout_after: int = 10,
                 lockout_s: float = 900.0, free: int = 2, clock: Any = time.monotonic) -> None:
        self.what = what
        self.free = free
        self.base_s, self.max_s = base_s, max_s
        self.lockout_after, self.lockout_s = lockout_after, lockout_s
        self._clock = clock
        self._state: dict[str, tuple[int, float]] = {}  # client -> (failures, next allowed at)
        self._lock = threading.Lock()

    def check(self, key: str) -> None:
        """UserFacingError (429) while ``key`` must still wait."""
        now = self._clock()
        with self._lock:
            failures, allowed_at = self._state.get(key, (0, 0.0))
            if failures and now - allowed_at > self.lockout_s:  # long quiet: forgiven
                self._state.pop(key, None)
                return
        if now < allowed_at:
            raise self._refuse(allowed_at - now)

    def failed(self, key: str) -> None:
        now = self._clock()
        with self._lock:
            failures = self._state.get(key, (0, 0.0))[0] + 1
            delay = self.delay_after(failures)
            self._state[key] = (failures, now + delay)
            if len(self._state) > 10_000:  # bounded memory: forget the oldest entries
                for stale in sorted(self._state, key=lambda k: self._state[k][1])[:1000]:
                    del self._state[stale]
        self._log_failure(key, failures, delay)

    def succeeded(self, key: str) -> None:
        with self._lock:
            self._state.pop(key, None)

    def delay_after(self, failures: int) -> float:
        """Seconds a client must wait after its ``failures``-th failure."""
        if failures >= self.lockout_after:
            return self.lockout_s
        if failures <= self.free:
            return 0.0
        return min(self.max_s, self.base_s * 2 ** (failures - self.free - 1))

    def _log_failure(self, key: str, failures: int, delay: float) -> None:
        log.warning("%s: failed attempt %d from %s; next attempt allowed in %.0fs%s", self.what, failures, key, delay,
                    " (locked out)" if failures >= self.lockout_after else "")

    @staticmethod
    def _refuse(wait_s: float) -> UserFacingError:
        wait = max(1, int(wait_s + 0.999))
        return UserFacingError(
            f"入力の誤りが続いたため、しばらく受け付けを止めています。{wait}秒ほど待ってからもう一度お試しください。",
            429, "too_many_failures", retry_after=wait)


class DatabaseFailureGate(FailureGate):
    """FailureGate counted in the shared database (table failure_gates): every replica sees the
    same failures, so N replicas do not give a guesser N times the attempts and a lockout holds
    everywhere. Wall-clock time (replicas share it, not a monotonic clock). Like
    DatabaseRateLimiter, when the database cannot count the attempt is let through and a failure
    goes uncounted, with a log line: the gate must never refuse a visitor because of an outage
    (the secret itself is still checked, and its check needs the same database).
    """

    PRUNE_EVERY_S = 60.0

    def __init__(self, what: str, db: "Database", clock: Any = time.time, **limits: Any) -> None:
        super().__init__(what, clock=clock, **limits)
        self.db = db
        self._next_prune = 0.0

    def check(self, key: str) -> None:
        from advisor.db import DatabaseError

        now = self._clock()
        try:
            state = self.db.gate_state(self.what, key)
        except DatabaseError as exc:
            log.warning("%s: failed attempts not checked: %s", self.what, exc)
            return
        if state is None:
            return
        # A row past its wait is no obstacle; after lockout_s of quiet count_failure restarts it at 1.
        if now < state[1]:
            raise self._refuse(state[1] - now)

    def failed(self, key: str) -> None:
        from advisor.db import DatabaseError

        now = self._clock()
        try:
            failures, delay = self.db.count_failure(self.what, key, now, self.lockout_s, self.delay_after)
            if now >= self._next_prune:  # forgiven rows are dead weight: any replica may sweep them
                self._next_prune = now + self.PRUNE_EVERY_S
                self.db.forget_failures_allowed_before(self.what, now - self.lockout_s)
        except DatabaseError as exc:
            log.warning("%s: failed attempt from %s not counted: %s", self.what, key, exc)
            return
        self._log_failure(key, failures, delay)

    def succeeded(self, key: str) -> None:
        from advisor.db import DatabaseError

        try:
            self.db.forget_failures(self.what, key)
        except DatabaseError as exc:
            log.warning("%s: success of %s not recorded: %s", self.what, key, exc)


# Join codes are short and typed by many people at one venue: more tries, shorter waits.
FACILITATOR_GATE: dict[str, Any] = {"what": "facilitator token/key"}
JOIN_GATE: dict[str, Any] = {"what": "workshop join code", "base_s": 0.5, "max_s": 30.0, "lockout_after": 30,
                             "lockout_s": 600.0}


@dataclass
class Guard:
    """The limits every entry point applies before calling the advisor: message cleaning and length,
    the per-client rate limit of every write path, and the gates for guessable secrets."""

    settings: Settings
    limiter: "RateLimiter | DatabaseRateLimiter"
    join_limiter: "RateLimiter | DatabaseRateLimiter | None" = None
    facilitator_gate: FailureGate = field(default_factory=lambda: FailureGate(**FACILITATOR_GATE))
    join_gate: FailureGate = field(default_factory=lambda: FailureGate(**JOIN_GATE))

    @classmethod
    def from_settings(cls, settings: Settings, db: "Database | None" = None) -> "Guard":
        """Counters (rate limits and failed-guess gates) in the shared database when one is given and
        rate_limit_store is "database" (limits and lockouts hold across replicas), else in process memory. Workshop traffic (joins, facilitator
        pages) comes in bursts from one venue's network (one address): a budget of its own."""
        if db is not None and settings.rate_limit_store == "database":
            return cls(settings, DatabaseRateLimiter(settings.rate_limit_per_minute, db),
                       DatabaseRateLimiter(settings.workshop_joins_per_minute, db),
                       DatabaseFailureGate(db=db, **FACILITATOR_GATE), DatabaseFailureGate(db=db, **JOIN_GATE))
        return cls(settings, RateLimiter(settings.rate_limit_per_minute), RateLimiter(settings.workshop_joins_per_minute))

    def admit_join(self, host: str | None, headers: Mapping[str, str]) -> None:
        """Count one workshop join attempt of this client (its own budget, apart from questions)."""
        if self.join_limiter is None:
            return
        wait = self.join_limiter.check("join:" + client_key(host, headers, self.settings))
        if wait is not None:
            raise UserFacingError(f"参加の手続きが短い時間に集中しています。{wait}秒ほど待ってから、もう一度お試しください。",
                                  429, "join_rate_limited", retry_after=wait)

    def client(self, host: str | None, headers: Mapping[str, str]) -> str:
        return client_key(host, headers, self.settings)

    def throttle(self, host: str | None, headers: Mapping[str, str],
                 limiter: "RateLimiter | DatabaseRateLimiter | None" = None) -> None:
        """Count one write (chat, draft, export, feedback, profile, facilitator page) against the
        client's budget: the questions' by default, or ``limiter`` (the workshop one)."""
        key = self.client(host, headers)
        if limiter is not None and limiter is self.join_limiter:
            key = "join:" + key  # the same counters as admit_join: one workshop budget per client
        wait = (limiter or self.limiter).check(key)
        if wait is not None:
            raise UserFacingError(rate_limited_message(wait), 429, "rate_limited", retry_after=wait)

    def admit(self, host: str | None, headers: Mapping[str, str], message: Any) -> str:
        """Validate the message first (a rejected message does not use up the budget), then count it."""
        text = check_message(message, self.settings)
        self.throttle(host, headers)
        return text


def ask_payload(advisor: "Advisor", question: str, session_id: str | None) -> dict[str, Any]:
    """One question, answered as the JSON API and the gradio_client API both return it.

    An unknown or missing session id starts a new session (ids are random bearer secrets; a client
    cannot reach another client's session by guessing).
    """
    sid = session_id if session_id and advisor.has_session(session_id) else advisor.new_session("api")
    result = advisor.turn(sid, question)
    data = result.to_dict()
    answer = data.get("answer") or {}
    return {
        "answer": answer.get("answer", "") if isinstance(answer, dict) else str(answer),
        "citations": answer.get("citations", []) if isinstance(answer, dict) else [],
        "grounded": answer.get("grounded", True) if isinstance(answer, dict) else True,
        "session_id": sid,
        "message_id": data.get("message_id"),
        "intent": data.get("intent"),
        "profile": data.get("profile", {}),
        "understood": data.get("understood", []),
        "matches": data.get("matches", []),
        "follow_up_questions": data.get("follow_up_questions", []),
        "notices": data.get("notices", []),
        "blocked": data.get("blocked", False),
        # 「…についての質問として回答しています」 ('' unless the program came from the conversation)
        "context_line": data.get("context_line", ""),
        "frame": data.get("frame", {}),
    }
