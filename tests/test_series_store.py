"""Workshop series storage against a real database: three rounds, keys, carry-over, merge, remove."""

from __future__ import annotations

import glob
import json
import shutil
import tempfile
from pathlib import Path
from typing import Iterator

import pytest
from sqlalchemy import text

from advisor.db import Database
from advisor.workshops.series import Action, Readiness, SeriesError, validate_evidence, validate_plan
from advisor.workshops.store import SeriesStore
from tests.cluster.topology import Postgres


@pytest.fixture(scope="module")
def postgres_url() -> Iterator[str]:
    """A throwaway PostgreSQL server on 127.0.0.1 (Debian's postgresql), shared by this module."""
    if not glob.glob("/usr/lib/postgresql/*/bin/initdb"):
        pytest.skip("PostgreSQL is not installed (apt-get install postgresql)")
    root = Path(tempfile.mkdtemp(prefix="series-pg-"))
    server = Postgres(root)
    server.init()
    try:
        yield server.url
    finally:
        server.stop("immediate")
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> SeriesStore:
    """The store on the advisor's database layer (migrated to the newest revision), on both engines."""
    if request.param == "sqlite":
        return SeriesStore(Database(tmp_path / "advisor.sqlite3"))
    db = Database(request.getfixturevalue("postgres_url"))
    with db.connect() as con:  # each test starts from empty series tables
        for table in ("series_evidence", "series_actions", "series_attendance", "series_company_keys",
                      "series_companies", "series_rounds", "series_series"):
            con.execute(text(f"DELETE FROM {table}"))
    return SeriesStore(db)


def score(answers: dict[str, str]) -> Readiness:
    # A stand-in for the readiness module: share of はい, and the ids answered otherwise.
    return Readiness(round(100 * sum(v == "はい" for v in answers.values()) / len(answers)),
                     tuple(k for k, v in answers.items() if v != "はい"))


PLAN = [{"text": f"行動{i}", "owner": "社長", "due_round": 2, "status": "未着手", "category": "その他"} for i in range(3)]


def test_three_rounds_with_a_returning_company_and_a_new_one(store: SeriesStore) -> None:
    series, fac_key = store.create_series("熊本AXゼミ", "熊本県", "商工会", ["2026-12-01"])
    assert store.open_series(series.id, fac_key) == series
    with pytest.raises(SeriesError, match="正しくありません"):
        store.open_series(series.id, "wrong")

    r1 = store.open_next_round(series)
    assert r1.number == 1 and len(r1.code) == 8
    yamada, yamada_key, _ = store.join_new(r1.code.lower(), "山田精工", "sid-yamada")
    midori, _, _ = store.join_new(r1.code, "みどり食品", "sid-midori")
    store.save_readiness(yamada, 1, {"a": "はい", "b": "いいえ"})
    store.save_plan(yamada, validate_plan(PLAN, last_round=1))
    store.choose_stage(yamada, 1, "検討")
    store.confirm_stage(series, yamada.id, 1)

    # Closing a round refuses joins with a Japanese message; so does an unknown code.
    store.set_round_closed(series, 1, True)
    with pytest.raises(SeriesError, match="第1回の受付は終了しました"):
        store.join_new(r1.code, "遅刻商店", "sid-late")
    with pytest.raises(SeriesError, match="参加コードが見つかりません"):
        store.join_returning("ZZZZZZZZ", yamada_key)

    r2 = store.open_next_round(series)
    assert r2.number == 2 and r2.code != r1.code
    # The key is typed on a phone: lower case, a space instead of the hyphen.
    back, joined = store.join_returning(r2.code, yamada_key.lower()[:5] + " " + yamada_key[5:])
    assert back.id == yamada.id and joined.number == 2 and back.name == "山田精工"
    with pytest.raises(SeriesError, match="会社キーが見つかりません"):
        store.join_returning(r2.code, "ABCDE-FGHJK")
    nishi, _, _ = store.join_new(r2.code, "西部運輸", "sid-nishi")

    # The plan carries over as it is; a status update in round 2 is kept.
    assert [a.text for a in store.actions(back)] == ["行動0", "行動1", "行動2"]
    store.save_plan(back, [Action(a.text, a.category, a.owner, a.due_round, "完了" if i == 0 else a.status, a.note)
                           for i, a in enumerate(store.actions(back))])
    store.save_readiness(back, 2, {"a": "はい", "b": "はい"})
    store.save_checkin(back, 2, "担当者を決めた", "小さく始めるのが大事")
    store.choose_stage(back, 2, "試行")
    store.add_evidence(back, validate_evidence("hours_saved", "8", "請求書の入力が速くなった", 2))
    with pytest.raises(SeriesError, match="第3回には参加していません"):
        store.save_readiness(back, 3, {"a": "はい"})

    r3 = store.open_next_round(series)
    store.join_returning(r3.code, yamada_key)
    store.save_readiness(back, 3, {"a": "はい", "b": "はい"})
    store.confirm_stage(series, yamada.id, 2)

    p = store.progress(back, score)
    assert p.rounds_attended == [1, 2, 3]
    assert {n: r.score for n, r in p.readiness.items()} == {1: 50, 2: 100, 3: 100}
    assert p.readiness[1].gaps == ("b",)
    assert p.actions_completed == 1 and p.stage_steps == 1 and p.current_stage == "試行"
    assert p.checkins[2].learned == "小さく始めるのが大事" and p.evidence[0].figure == 8
    assert [c.name for c in store.companies(series)] == ["山田精工", "みどり食品", "西部運輸"]
    assert store.progress(midori, score).rounds_attended == [1]
    assert store.progress(nishi, score).rounds_attended == [2]


def test_company_data_is_reachable_only_with_both_browser_secrets(store: SeriesStore) -> None:
    series, _ = store.create_series("S", "", "", [])
    r1 = store.open_next_round(series)
    company, _, _ = store.join_new(r1.code, "A社", "sid-a")
    assert store.company(company.id, "sid-a") == company
    assert store.company(company.id, "sid-b") is None and store.company("", "") is None
    other, _ = store.create_series("T", "", "", [])
    with pytest.raises(SeriesError):
        store.company_in_series(other, company.id)


def test_merge_keeps_both_keys_and_fills_gaps_and_remove_deletes(store: SeriesStore) -> None:
    series, _ = store.create_series("S", "", "", [])
    r1 = store.open_next_round(series)
    first, first_key, _ = store.join_new(r1.code, "山田精工", "sid-1")
    store.save_readiness(first, 1, {"a": "いいえ"})
    r2 = store.open_next_round(series)
    # Round 2: the company forgot its key and joined again as a new entry.
    dup, dup_key, _ = store.join_new(r2.code, "山田精工(株)", "sid-2")
    store.save_readiness(dup, 2, {"a": "はい"})
    store.save_plan(dup, validate_plan(PLAN, last_round=2))
    store.set_consent(dup, quote=True, case=True)
    merged = store.merge_companies(series, first.id, dup.id)
    assert merged.name == "山田精工" and not merged.consent_quote  # consent is never widened by a merge
    p = store.progress(merged, score)
    assert p.rounds_attended == [1, 2] and {n: r.score for n, r in p.readiness.items()} == {1: 0, 2: 100}
    assert len(p.actions) == 3
    assert [c.id for c in store.companies(series)] == [first.id]
    r3 = store.open_next_round(series)
    assert store.join_returning(r3.code, dup_key)[0].id == first.id
    assert store.join_returning(r3.code, first_key)[0].id == first.id
    with pytest.raises(SeriesError, match="同じ企業"):
        store.merge_companies(series, first.id, first.id)

    store.remove_company(series, first.id)
    assert store.companies(series) == []
    with pytest.raises(SeriesError, match="会社キーが見つかりません"):
        store.join_returning(r3.code, first_key)


def test_stored_text_is_masked(store: SeriesStore) -> None:
    series, _ = store.create_series("S", "", "", [])
    r1 = store.open_next_round(series)
    company, _, _ = store.join_new(r1.code, "A社", "sid-a")
    store.save_checkin(company, 1, "電話 090-1234-5678 で連絡", "メール a.b@example.jp")
    store.save_case(company, "住所 熊本市中央区水前寺1丁目2番3号", "x", "y")
    p = store.progress(company, score)
    dumped = json.dumps([p.checkins[1].done, p.checkins[1].learned, p.case.challenge], ensure_ascii=False)
    assert "090-1234-5678" not in dumped and "a.b@example.jp" not in dumped and "2番3号" not in dumped
