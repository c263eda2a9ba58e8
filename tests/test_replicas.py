"""State that several replicas share through one database, on SQLite and a real PostgreSQL:
the failed-guess gates (delay and lockout for guessable secrets), migration 0005 that holds them,
and a session's profile changed by two replicas at the same moment."""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import inspect, text

from advisor.config import Settings
from advisor.db import Database
from advisor.db.engine import _alembic_config, head_revision
from advisor.session import Advisor
from advisor.ui.service import DatabaseFailureGate, FailureGate, Guard, UserFacingError
from tests.conftest import make_settings
from tests.test_series_store import postgres_url  # noqa: F401 - the module's PostgreSQL server fixture


class Clock:
    """Wall-clock stand-in shared by the "replicas" of a test (the gates store absolute times)."""

    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'advisor.sqlite3'}"
    pg = request.getfixturevalue("postgres_url")
    with Database(pg).connect() as con:  # each test starts from an empty gate table
        con.execute(text("DELETE FROM failure_gates"))
    return pg


def replicas(url: str, clock: Clock, **limits) -> tuple[DatabaseFailureGate, DatabaseFailureGate]:
    """Two gates over two Database objects on the same database, as two replicas hold them."""
    limits = {"what": "facilitator token/key", "base_s": 1.0, "max_s": 60.0, "lockout_after": 6, "lockout_s": 900.0,
              "free": 2} | limits
    return DatabaseFailureGate(db=Database(url), clock=clock, **limits), DatabaseFailureGate(db=Database(url), clock=clock, **limits)


def test_replicas_share_failures_delay_and_lockout(url: str) -> None:
    clock = Clock()
    a, b = replicas(url, clock)
    a.failed("1.2.3.4")
    b.failed("1.2.3.4")  # two free failures (typos), one on each replica
    a.check("1.2.3.4")
    b.check("1.2.3.4")
    b.failed("1.2.3.4")  # the third failure, counted on replica b, delays replica a too
    with pytest.raises(UserFacingError) as err:
        a.check("1.2.3.4")
    assert err.value.status == 429 and err.value.code == "too_many_failures" and err.value.retry_after == 1
    a.check("5.6.7.8")  # another client is not affected
    clock.now += 1.5
    a.check("1.2.3.4")
    for _ in range(3):  # failures 4-6 alternate between the replicas: 6 = lockout_after
        (a if _ % 2 else b).failed("1.2.3.4")
    for gate in (a, b):
        with pytest.raises(UserFacingError) as err:
            gate.check("1.2.3.4")
        assert err.value.retry_after == 900
    clock.now += 600
    with pytest.raises(UserFacingError):
        b.check("1.2.3.4")  # still locked out on both
    # A success on one replica clears the client everywhere.
    a.succeeded("1.2.3.4")
    b.check("1.2.3.4")
    assert a.db.gate_state(a.what, "1.2.3.4") is None


def test_gates_are_separate_per_secret(url: str) -> None:
    clock = Clock()
    facilitator, _ = replicas(url, clock, free=0)
    join, _ = replicas(url, clock, what="workshop join code", free=0)
    facilitator.failed("1.2.3.4")
    with pytest.raises(UserFacingError):
        facilitator.check("1.2.3.4")
    join.check("1.2.3.4")


def test_concurrent_failures_on_two_replicas_are_all_counted(url: str) -> None:
    clock = Clock()
    a, b = replicas(url, clock, lockout_after=1000)
    errors: list[BaseException] = []

    def fail_many(gate: DatabaseFailureGate) -> None:
        try:
            for _ in range(25):
                gate.failed("9.9.9.9")
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=fail_many, args=(g,)) for g in (a, b)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(timeout=120)
    assert not errors
    failures, allowed_at = a.db.gate_state(a.what, "9.9.9.9")
    assert failures == 50
    assert allowed_at == clock.now + a.delay_after(50)


def test_quiet_client_is_forgiven_and_old_rows_are_pruned(url: str) -> None:
    clock = Clock()
    a, b = replicas(url, clock, lockout_after=3, lockout_s=100.0)
    for _ in range(3):
        a.failed("1.1.1.1")
    with pytest.raises(UserFacingError):
        b.check("1.1.1.1")
    for client in ("2.2.2.2", "3.3.3.3"):
        b.failed(client)
    clock.now += 100 + 101  # the lockout ended more than lockout_s ago
    b.check("1.1.1.1")
    b.failed("1.1.1.1")  # counting starts again (a free failure), not at 4 (another lockout)
    assert b.db.gate_state(b.what, "1.1.1.1")[0] == 1
    b.check("1.1.1.1")
    # Replica b swept the forgiven rows of its gate while counting that failure.
    assert a.db.gate_state(a.what, "2.2.2.2") is None and a.db.gate_state(a.what, "3.3.3.3") is None
    with a.db.connect() as con:
        assert con.execute(text("SELECT COUNT(*) FROM failure_gates")).scalar_one() == 1


def test_gate_lets_attempts_through_when_the_database_cannot_count(caplog: pytest.LogCaptureFixture) -> None:
    # Nothing listens on port 9: like the rate limiter, the gate fails open and says so in the log
    # (the secret's own check needs the database and reports the outage to the visitor).
    gate = DatabaseFailureGate(db=Database("postgresql+psycopg://advisor:pw@127.0.0.1:9/advisor"), what="workshop join code")
    with caplog.at_level(logging.WARNING, logger="advisor.ui.service"):
        for _ in range(40):
            gate.failed("1.2.3.4")
        gate.check("1.2.3.4")
        gate.succeeded("1.2.3.4")
    assert "not counted" in caplog.text and "not checked" in caplog.text and "pw" not in caplog.text


def test_guard_chooses_the_gate_store_like_the_rate_limiter(tmp_path: Path) -> None:
    db = Database(tmp_path / "advisor.sqlite3")
    shared = Guard.from_settings(Settings(data_dir=tmp_path, rate_limit_store="database"), db)
    assert isinstance(shared.facilitator_gate, DatabaseFailureGate) and isinstance(shared.join_gate, DatabaseFailureGate)
    assert shared.join_gate.lockout_after == 30 and shared.facilitator_gate.lockout_after == 10
    for guard in (Guard.from_settings(Settings(data_dir=tmp_path, rate_limit_store="memory"), db),
                  Guard.from_settings(Settings(data_dir=tmp_path))):
        assert type(guard.facilitator_gate) is FailureGate and type(guard.join_gate) is FailureGate


def test_migration_0005_upgrades_and_downgrades(url: str) -> None:
    db = Database(url)
    assert head_revision() >= "0005"
    with db.engine.begin() as con:
        assert inspect(con).has_table("failure_gates")
        command.downgrade(_alembic_config(con), "0004")
    with db.engine.begin() as con:
        assert not inspect(con).has_table("failure_gates")
        assert inspect(con).has_table("rate_limit_windows")
        assert con.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == "0004"
        command.upgrade(_alembic_config(con), "head")
    with db.engine.begin() as con:
        assert {ix["name"] for ix in inspect(con).get_indexes("failure_gates")} == {"failure_gates_by_allowed_at"}
        assert con.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == head_revision()
    DatabaseFailureGate(db=db, what="x").failed("1.2.3.4")  # the table works again after the round trip
    assert db.gate_state("x", "1.2.3.4")[0] == 1


# --- one session answered by two replicas at once ---------------------------------------------------


def test_profile_read_modify_writes_of_two_replicas_lose_nothing(url: str) -> None:
    # Two Database objects (two replicas' stores), two threads, each adding to the same profile;
    # the pause inside the change widens the window in which an unlocked read-modify-write loses one.
    first = Database(url)
    first.create_session("shared-1", "owner")
    dbs = (first, Database(url))
    errors: list[BaseException] = []

    def add(db: Database, field: str) -> None:
        def change(profile: dict) -> dict:
            time.sleep(0.002)
            return profile | {"count": profile.get("count", 0) + 1, field: profile.get(field, 0) + 1}

        try:
            for _ in range(20):
                db.modify_profile("shared-1", change)
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=add, args=(db, f"by_{i}")) for i, db in enumerate(dbs)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(timeout=120)
    assert not errors
    assert first.load_profile("shared-1") == {"count": 40, "by_0": 20, "by_1": 20}


def test_a_turn_keeps_what_another_replica_stored_while_it_was_answering(url: str, tmp_path: Path, retriever) -> None:  # noqa: ANN001
    replica_a = Advisor(make_settings(tmp_path / "a"), retriever=retriever, database=Database(url))
    replica_b = Advisor(make_settings(tmp_path / "b"), retriever=retriever, database=Database(url))
    sid = replica_a.new_session()
    turn = replica_a.stream_turn(sid, "製造業で従業員は30人です。")
    first_delta = next(turn)  # replica a has read the profile and is streaming its reply ...
    assert isinstance(first_delta, str)
    replica_b.update_profile(sid, {"prefecture": "熊本県"})  # ... when the panel on replica b saves
    result = [part for part in turn if not isinstance(part, str)][-1]
    stored = replica_b.get_profile(sid)
    assert stored.employees == 30 and stored.industry is not None
    assert stored.prefecture == "熊本県", "the other replica's edit was overwritten"
    assert result.profile["prefecture"] == "熊本県"


def test_panel_edits_on_two_replicas_at_once_lose_nothing(url: str, tmp_path: Path) -> None:
    replicas_ = [Advisor(make_settings(tmp_path / name), database=Database(url)) for name in ("a", "b")]
    sid = replicas_[0].new_session()
    errors: list[BaseException] = []

    def edit(advisor: Advisor, field: str, values: list[str]) -> None:
        try:
            for value in values:
                advisor.update_profile(sid, {field: value})
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=edit, args=(replicas_[0], "employees", [f"{n}人" for n in range(10, 40)])),
               threading.Thread(target=edit, args=(replicas_[1], "annual_sales_jpy", [f"{n}億円" for n in range(1, 31)]))]
    for th in threads:
        th.start()
    for th in threads:
        th.join(timeout=120)
    assert not errors
    profile = replicas_[1].get_profile(sid)
    assert profile.employees == 39 and profile.annual_sales_jpy == 30 * 100_000_000
