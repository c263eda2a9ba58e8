"""A bounded load of simulated owners through nginx for the cluster fault tests.

Each user is one thread with its own advisor session (the session id of its first answer) and its
own client address (X-Forwarded-For; nginx is the replicas' trusted proxy), asking questions with
a short think time until the deadline. Every response is recorded with its wall-clock time so the
tests can say what clients saw before, during and after a fault.
"""

from __future__ import annotations

import random
import threading
import time
from dataclasses import dataclass, field

import httpx

QUESTIONS = [
    "熊本県の食品製造業で従業員30人です。受発注の手作業をAIで減らしたいです。",
    "地方発AXとは何ですか？",
    "中小企業者の範囲を教えてください。",
    "AX促進に向けた地域ネットワークとは？",
    "製造業の中小企業の定義は？",
    "地域で相談できる窓口はどこですか？",
]


@dataclass
class Response:
    user: int
    started: float
    finished: float
    status: int  # 0 = no HTTP response (connection reset, timeout)
    session_id: str = ""
    message_id: int | None = None
    error: str = ""
    body: dict = field(default_factory=dict)


@dataclass
class LoadResult:
    responses: list[Response]

    @property
    def answered(self) -> list[Response]:
        return [r for r in self.responses if r.status == 200]

    @property
    def failed(self) -> list[Response]:
        return [r for r in self.responses if r.status != 200]


def run_load(url: str, users: int, duration: float, think: tuple[float, float] = (0.3, 1.0),
             on_tick=None, seed: int = 7, timeout: float = 60.0, extend_while=None, max_duration: float = 180.0) -> LoadResult:
    """``users`` threads for ``duration`` seconds (longer while ``extend_while()`` is true, at most
    ``max_duration``); ``on_tick(elapsed)`` runs in the caller's thread about every 0.2 s (the
    tests inject their fault there)."""
    responses: list[Response] = []
    lock = threading.Lock()
    started = time.monotonic()
    deadline = started + duration
    hard_deadline = started + max_duration

    def running() -> bool:
        now = time.monotonic()
        if now >= hard_deadline:
            return False
        return now < deadline or (extend_while is not None and extend_while())

    def user(n: int) -> None:
        rng = random.Random(seed * 1000 + n)
        session_id = ""
        headers = {"X-Forwarded-For": f"10.{seed % 250}.{n // 250}.{n % 250 + 1}"}  # own client per run and user
        with httpx.Client(timeout=timeout) as client:
            while running():
                question = QUESTIONS[0] if not session_id else rng.choice(QUESTIONS[1:])
                body = {"question": question, **({"session_id": session_id} if session_id else {})}
                t0 = time.monotonic()
                try:
                    resp = client.post(f"{url}/api/ask", json=body, headers=headers)
                    data = resp.json() if resp.headers.get("content-type", "").startswith("application/json") else {}
                    rec = Response(n, t0, time.monotonic(), resp.status_code, data.get("session_id", ""),
                                   data.get("message_id"), "" if resp.status_code == 200 else resp.text[:300], data)
                    if resp.status_code == 200:
                        session_id = rec.session_id
                except httpx.HTTPError as exc:
                    rec = Response(n, t0, time.monotonic(), 0, error=f"{type(exc).__name__}: {exc}")
                with lock:
                    responses.append(rec)
                time.sleep(rng.uniform(*think))

    threads = [threading.Thread(target=user, args=(n,), daemon=True) for n in range(users)]
    for th in threads:
        th.start()
    while any(th.is_alive() for th in threads):
        if on_tick is not None:
            on_tick(time.monotonic() - started)
        time.sleep(0.2)
    for th in threads:
        th.join()
    for r in responses:  # relative times: seconds since the load started
        r.started -= started
        r.finished -= started
    return LoadResult(sorted(responses, key=lambda r: r.started))
