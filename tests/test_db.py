"""The database layer on SQLite: Alembic migrations (also of files from before Alembic), the error
type callers catch, and the rate-limit counter shared by replicas. PostgreSQL: tests/cluster."""

from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path

import pytest

from advisor.config import Settings
from advisor.db import Database, DatabaseError, DatabaseUnavailable
from advisor.db.engine import head_revision
from advisor.session import Advisor
from advisor.ui.service import DatabaseRateLimiter, Guard, RateLimiter, UserFacingError
from advisor.ui.workshop import WorkshopStore, _hash_key

LEGACY_SCHEMA = (Path(__file__).parent / "data" / "schema_before_alembic.sql").read_text(encoding="utf-8")


def build_legacy_database(path: Path) -> None:
    """A file exactly as the SQLite-only code left it: its schema SQL, WAL, user_version 1, rows."""
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode = WAL")
    con.executescript(LEGACY_SCHEMA)
    con.execute("PRAGMA user_version = 1")
    profile = {"prefecture": "熊本県", "employees": 45}
    con.execute("INSERT INTO sessions VALUES ('legacy-1', 'owner', ?, '2026-11-30T10:00:00+00:00', '2026-11-30T10:05:00+00:00')",
                (json.dumps(profile, ensure_ascii=False),))
    con.execute("INSERT INTO sessions VALUES ('legacy-ws', 'workshop', '{}', '2026-11-30T11:00:00+00:00', '2026-11-30T11:00:00+00:00')")
    for i in range(1, 41):  # 20 turns
        role = "user" if i % 2 else "assistant"
        con.execute("INSERT INTO messages (session_id, role, content, intent, payload_json, created_at) VALUES (?,?,?,?,?,?)",
                    ("legacy-1", role, f"メッセージ{i}：ものづくり補助金について", "question",
                     json.dumps({"citations": [{"source_id": "s", "page": i}]} if role == "assistant" else {}),
                     f"2026-11-30T10:{i:02d}:00+00:00"))
    con.execute("INSERT INTO feedback (session_id, message_id, rating, comment, created_at) VALUES ('legacy-1', 2, 1, '役に立った', '2026-11-30T10:06:00+00:00')")
    con.execute("INSERT INTO ui_workshops VALUES ('w1', 'ABC234', '熊本AX勉強会', ?, '2026-11-30T11:00:00+09:00', 0)", (_hash_key("fkey"),))
    con.execute("INSERT INTO ui_workshop_participants VALUES ('p1', 'w1', 'legacy-ws', '株式会社テスト', '2026-11-30T11:01:00+09:00', ?)",
                (json.dumps({"data": "yes"}),))
    con.commit()
    con.close()


def test_sqlite_file_from_before_alembic_migrates_without_loss(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, corpus_dir=tmp_path / "no-corpus")
    build_legacy_database(settings.database_path)
    with sqlite3.connect(settings.database_path) as con:
        before = {t: con.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall()
                  for t in ("sessions", "messages", "feedback", "ui_workshops", "ui_workshop_participants")}

    advisor = Advisor(settings)  # opening the database migrates it
    with sqlite3.connect(settings.database_path) as con:
        after = {t: con.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in before}
        assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == head_revision()
        assert con.execute("SELECT COUNT(*) FROM rate_limit_windows").fetchone()[0] == 0
    # Later revisions may add columns (0003: projector_hash, share_text); the legacy columns of every
    # row are kept exactly and the added ones hold their defaults.
    legacy = {t: [row[: len(before[t][0])] for row in rows] if before[t] else rows for t, rows in after.items()}
    assert legacy == before, "every row is kept exactly"
    assert [row[len(before["ui_workshops"][0]):] for row in after["ui_workshops"]] == [("",)]
    assert [row[len(before["ui_workshop_participants"][0]):] for row in after["ui_workshop_participants"]] == [(0,)]

    history = advisor.history("legacy-1")
    assert len(history) == 40 and history[1]["citations"] == [{"source_id": "s", "page": 2}]
    assert advisor.get_profile("legacy-1").prefecture == "熊本県"
    assert advisor.db.feedback("legacy-1")[0]["comment"] == "役に立った"
    # New rows continue after the old ones (ids are not reused) and the FK still holds.
    assert advisor.db.add_message("legacy-1", "user", "続きの質問") == 41
    with pytest.raises(DatabaseError):
        advisor.db.add_message("no-such-session", "user", "x")

    store = WorkshopStore(settings, advisor)
    ws = store.open_as_facilitator("abc234", "fkey")
    assert ws.title == "熊本AX勉強会"
    assert [(p.company, p.readiness) for p in store.participants(ws)] == [("株式会社テスト", {"data": "yes"})]

    Advisor(settings)  # a second start finds the head revision and changes nothing
    with sqlite3.connect(settings.database_path) as con:
        assert con.execute("SELECT COUNT(*) FROM messages").fetchone()[0] == 41


def test_newer_schema_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "advisor.sqlite3"
    Database(path)
    with sqlite3.connect(path) as con:
        con.execute("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(DatabaseError, match="9999.*newer than this code"):
        Database(path)
    with sqlite3.connect(path) as con:
        assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "9999"


def test_unreachable_server_is_reported_as_unavailable(tmp_path: Path) -> None:
    # Nothing listens on port 9 of 127.0.0.1: the first operation fails with the operator's
    # message (no password) and the Japanese sentence for the visitor.
    db = Database("postgresql+psycopg://advisor:secret@127.0.0.1:9/advisor")
    with pytest.raises(DatabaseUnavailable) as err:
        db.session_exists("x")
    assert "secret" not in str(err.value) and "127.0.0.1:9" in str(err.value)
    assert "しばらく" in err.value.user_message


def test_rate_limit_is_shared_by_replicas(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, rate_limit_per_minute=5)
    # Two "replicas": two Database objects and two guards over the same database.
    a, b = Guard.from_settings(settings, Database(settings.database_path)), Guard.from_settings(settings, Database(settings.database_path))
    assert isinstance(a.limiter, DatabaseRateLimiter)
    outcomes = []
    for i in range(8):
        guard = (a, b)[i % 2]
        try:
            guard.admit("203.0.113.7", {}, "補助金は？")
            outcomes.append("ok")
        except UserFacingError as err:
            assert err.status == 429 and 1 <= (err.retry_after or 0) <= 61
            outcomes.append("limited")
    assert outcomes == ["ok"] * 5 + ["limited"] * 3
    a.admit("198.51.100.1", {}, "別のお客様")  # other clients keep their own budget
    assert isinstance(Guard.from_settings(settings.model_copy(update={"rate_limit_store": "memory"}),
                                          Database(settings.database_path)).limiter, RateLimiter)


def test_workshop_join_attempts_are_throttled_across_replicas(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, rate_limit_per_minute=1, workshop_joins_per_minute=3)
    a, b = (Guard.from_settings(settings, Database(settings.database_path)) for _ in range(2))
    a.admit("203.0.113.9", {}, "質問")  # questions have their own budget
    for guard in (a, b, a):
        guard.admit_join("203.0.113.9", {})
    with pytest.raises(UserFacingError) as err:
        b.admit_join("203.0.113.9", {})
    assert err.value.status == 429 and "参加" in err.value.message
    b.admit_join("198.51.100.2", {})


def test_concurrent_counts_are_not_lost(tmp_path: Path) -> None:
    db = Database(tmp_path / "advisor.sqlite3")
    limiter = DatabaseRateLimiter(1000, db, clock=lambda: 120.0)

    def hammer() -> None:
        for _ in range(25):
            limiter.check("same-client")

    threads = [threading.Thread(target=hammer) for _ in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert db.count_hit("same-client", 120) == 101


def test_cli_reports_an_unusable_database_in_one_line(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    corrupt = tmp_path / "corrupt.sqlite3"
    corrupt.write_bytes(b"not a database" * 100)
    for url, expected in ((f"sqlite:///{corrupt}", str(corrupt)),
                          ("postgresql+psycopg://advisor:pw@127.0.0.1:9/advisor", "127.0.0.1:9")):
        env = {**os.environ, "ADVISOR_DATA_DIR": str(tmp_path / "data"), "ADVISOR_DATABASE_URL": url}
        done = subprocess.run([sys.executable, "-m", "advisor.cli", "ask", "補助金は？"], capture_output=True,
                              text=True, env=env, timeout=300)
        assert done.returncode == 2, done.stderr
        assert expected in done.stderr and "Traceback" not in done.stderr and ":pw@" not in done.stderr
