"""The deployment of deploy/compose.yaml, started from Debian packages on 127.0.0.1: PostgreSQL,
a Chroma server, two `advisor serve` replicas sharing an index directory, nginx in front.

Figures (turns answered and stored, client errors, time to recover) are printed and written to
test-artifacts/cluster-*.json; run with -s to see them.
"""

from __future__ import annotations

import json
import re
import signal
import threading
import time
import unicodedata
from pathlib import Path
from typing import Any

import httpx
import pytest

from advisor.config import REPO_ROOT
from advisor.db import Database
from advisor.db.engine import head_revision
from tests.cluster.load import LoadResult, run_load
from tests.cluster.topology import FACILITATOR_TOKEN, Cluster, add_document

pytestmark = [pytest.mark.cluster, pytest.mark.slow]

ARTIFACTS = REPO_ROOT / "test-artifacts"


def _report(name: str, figures: dict[str, Any]) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"cluster-{name}.json").write_text(json.dumps(figures, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"\n[cluster {name}] " + json.dumps(figures, ensure_ascii=False))


def _ask(base: str, question: str, session_id: str | None = None) -> dict[str, Any]:
    body = {"question": question, **({"session_id": session_id} if session_id else {})}
    resp = httpx.post(f"{base}/api/ask", json=body, timeout=120)
    assert resp.status_code == 200, resp.text
    return resp.json()


def _check_integrity(db: Database, result: LoadResult) -> dict[str, int]:
    """Every answered turn is stored (its assistant message, in its session, after its question);
    nothing dangles."""
    answered = result.answered
    with db.connect() as conn:
        stored = {(row[0], row[1]) for row in conn.exec_driver_sql(
            "SELECT id, session_id FROM messages WHERE role = 'assistant'")}
        orphans = conn.exec_driver_sql(
            "SELECT COUNT(*) FROM messages m LEFT JOIN sessions s ON s.id = m.session_id WHERE s.id IS NULL").scalar()
        unasked = conn.exec_driver_sql(
            "SELECT COUNT(*) FROM messages a WHERE a.role = 'assistant' AND NOT EXISTS "
            "(SELECT 1 FROM messages u WHERE u.session_id = a.session_id AND u.role = 'user' AND u.id < a.id)").scalar()
        revision = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    lost = [r for r in answered if (r.message_id, r.session_id) not in stored]
    assert not lost, f"answered turns missing from the database: {lost[:5]}"
    assert orphans == 0 and unasked == 0
    assert revision == head_revision()
    return {"turns_answered": len(answered), "turns_stored": len(answered) - len(lost)}


def test_topology_is_up_and_routed(healthy: Cluster) -> None:
    for replica in healthy.replicas:
        health = httpx.get(f"{replica.url}/healthz", timeout=10).json()
        assert health["status"] == "ok" and health["database"] is True
    # Through nginx: the JSON API, the embed page and the Gradio UI.
    assert httpx.get(f"{healthy.url}/healthz", timeout=10).status_code == 200
    assert "ax-embed" in httpx.get(f"{healthy.url}/embed", timeout=10).text
    assert httpx.get(f"{healthy.url}/", timeout=30).status_code == 200
    # The API is round-robin: successive questions land on both replicas (nginx logs the upstream).
    sessions = {_ask(healthy.url, "地方発AXとは何ですか？")["session_id"] for _ in range(4)}
    assert len(sessions) == 4
    assert healthy.nginx is not None
    routed = [line.split() for line in (healthy.nginx.log.parent / "access.log").read_text().splitlines()]
    upstreams = {parts[3] for parts in routed if parts[:3] == ["POST", "/api/ask", "200"]}
    assert {f"127.0.0.1:{r.port}" for r in healthy.replicas} <= upstreams
    db = Database(healthy.database_url)
    assert db.engine.dialect.name == "postgresql" and db.counts()["sessions"] >= 4


def test_rate_limit_counter_is_shared_on_postgresql(healthy: Cluster) -> None:
    from advisor.ui.service import DatabaseRateLimiter

    # Two limiters on separate connections, as two replicas have; 4 threads each hammer one key.
    limiters = [DatabaseRateLimiter(50, Database(healthy.database_url), clock=lambda: 6000.0) for _ in range(2)]
    refused: list[int | None] = []

    def hammer(limiter: DatabaseRateLimiter) -> None:
        for _ in range(15):
            refused.append(limiter.check("shared-client"))

    threads = [threading.Thread(target=hammer, args=(limiters[i % 2],)) for i in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert sum(1 for r in refused if r is None) == 50 and sum(1 for r in refused if r is not None) == 10


def test_wrong_facilitator_keys_on_one_replica_delay_the_client_on_the_other(healthy: Cluster) -> None:
    a, b = healthy.replicas
    client = {"X-Forwarded-For": "203.0.113.77"}  # one guesser (the replicas trust 127.0.0.1 as a proxy)

    def guess(replica: Any, n: int) -> int:
        return httpx.get(f"{replica.url}/workshop/ZZZZ2222/export.csv", params={"key": f"wrong-{n}"},
                         headers=client, timeout=30).status_code

    # Three failures, alternating, all counted in one shared row (the 3rd starts a 1 s delay).
    assert [guess(a, 1), guess(b, 2), guess(a, 3)] == [403, 403, 403]
    db = Database(healthy.database_url)
    assert db.gate_state("facilitator token/key", "203.0.113.77")[0] == 3
    # A third "replica" (this process) counts four more: a 16 s wait that both replicas enforce
    # (generous, so that a slow machine does not reach its end before the two requests).
    from advisor.ui.service import FACILITATOR_GATE, DatabaseFailureGate

    third = DatabaseFailureGate(db=db, **FACILITATOR_GATE)
    for _ in range(4):
        third.failed("203.0.113.77")
    for replica in (a, b):
        r = httpx.get(f"{replica.url}/workshop/ZZZZ2222/export.csv", params={"key": "x"}, headers=client, timeout=30)
        assert r.status_code == 429 and int(r.headers["retry-after"]) >= 2
    third.succeeded("203.0.113.77")  # a success anywhere clears the client everywhere
    assert guess(b, 5) == 403


def test_conversation_continues_on_the_other_replica(healthy: Cluster) -> None:
    a, b = healthy.replicas
    first = _ask(a.url, "熊本県の金属加工業で従業員45人です。検品をAIで自動化したい。")
    sid = first["session_id"]
    assert first["profile"]["employees"] == 45
    second = _ask(b.url, "年商は6億円です。中小企業者に当たりますか？", sid)
    assert second["session_id"] == sid, "B knows A's session"
    profile = second["profile"]
    assert profile["employees"] == 45 and profile["prefecture"] == "熊本県", "B sees the profile A stored"
    assert profile["annual_sales_jpy"] == 600_000_000
    third = _ask(a.url, "製造業の中小企業の定義は？", sid)
    assert third["profile"]["annual_sales_jpy"] == 600_000_000, "and A sees what B stored"
    history = Database(healthy.database_url).messages(sid)
    assert [m.role for m in history] == ["user", "assistant"] * 3
    assert "検品" in history[0].content and "6億円" in history[2].content
    assert [m.id for m in history if m.role == "assistant"] == [first["message_id"], second["message_id"], third["message_id"]]


def test_workshop_created_on_a_joined_on_b_shown_on_a(healthy: Cluster, browser: Any) -> None:
    from playwright.sync_api import expect

    from tests.browser.browser_helpers import ANSWER_TIMEOUT_MS, Visitor, open_tab

    a, b = healthy.replicas
    companies = [("阿蘇精機", "熊本県の金属加工業で従業員45人です。"), ("天草フーズ", "熊本県の食品製造業、従業員12人です。")]
    visitors: list[Visitor] = []
    try:
        facilitator = Visitor(browser, a)
        visitors.append(facilitator)
        page = facilitator.open()
        open_tab(page, "運営者")
        page.get_by_label("ファシリテーター用トークン").fill(FACILITATOR_TOKEN)
        page.get_by_label("ワークショップ名").fill("クラスタ勉強会")
        page.get_by_role("button", name="作成する").click()
        code_el = page.locator("#ax-join-code-show")
        expect(code_el).to_be_visible(timeout=60_000)
        code = code_el.inner_text().strip()
        for company, intro in companies:
            phone = Visitor(browser, b, mobile=True)
            visitors.append(phone)
            pp = phone.open()
            open_tab(pp, "参加コード")
            pp.get_by_label("参加コード").fill(code)
            pp.get_by_label("会社名（ニックネーム可）").fill(company)
            pp.get_by_label(re.compile("会社の紹介")).fill(intro)
            pp.get_by_role("button", name="参加する").click()
            expect(pp.locator("#ax-join-status")).to_contain_text("参加しました", timeout=ANSWER_TIMEOUT_MS)
        page.get_by_role("button", name="ダッシュボードを更新").click()
        table = page.locator("#ax-participants")
        expect(table).to_contain_text("阿蘇精機", timeout=30_000)
        expect(table).to_contain_text("天草フーズ")
        expect(page.locator("#ax-participant-count")).to_contain_text("2社")
    finally:
        for v in visitors:
            v.close()


def test_sigkill_of_a_replica_during_load(healthy: Cluster) -> None:
    a, b = healthy.replicas
    killed_at: list[float] = []

    def fault(elapsed: float) -> None:
        if elapsed >= 8 and not killed_at:
            a.kill(signal.SIGKILL)
            killed_at.append(elapsed)

    result = run_load(healthy.url, users=20, duration=25, on_tick=fault, seed=1)
    kill = killed_at[0]
    failed = result.failed
    assert all(r.started < kill + 1 for r in failed), f"errors after the kill settled: {[(r.started, r.status, r.error) for r in failed if r.started >= kill + 1][:5]}"
    # Only the questions A was answering when it died can fail (nginx does not replay a POST).
    assert len(failed) <= 20
    last_failure = max((r.finished for r in failed), default=kill)
    served_after = {r.user for r in result.answered if r.started > last_failure}
    assert served_after == set(range(20)), "B serves every user after the kill"
    first_ok_after = {u: min(r.finished for r in result.answered if r.user == u and r.started >= kill) for u in range(20)}
    recover = max(first_ok_after.values()) - kill
    assert recover < 15, f"every user had an answer {recover:.1f}s after the kill"
    figures = _check_integrity(Database(healthy.database_url), result)
    figures.update({"users": 20, "duration_s": 25, "killed_at_s": round(kill, 1), "client_errors_during_kill": len(failed),
                    "time_to_recover_s": round(recover, 2),
                    "answered_before_kill": sum(1 for r in result.answered if r.finished < kill)})
    _report("sigkill", figures)
    assert figures["answered_before_kill"] > 0 and len(result.answered) > figures["answered_before_kill"]


def test_postgresql_restart_during_load(healthy: Cluster) -> None:
    assert healthy.postgres is not None
    a, _ = healthy.replicas
    events: dict[str, float] = {}
    during: list[httpx.Response] = []

    def fault(elapsed: float) -> None:
        if elapsed >= 5 and "stopped" not in events:
            load_start = time.monotonic() - elapsed
            healthy.postgres.stop("fast")
            events["stopped"] = time.monotonic() - load_start
            during.append(httpx.get(f"{a.url}/healthz", timeout=10))
            during.append(httpx.post(f"{a.url}/api/ask", json={"question": "地方発AXとは？"}, timeout=30))
            time.sleep(2)
            healthy.postgres.start()
            events["started"] = time.monotonic() - load_start

    result = run_load(healthy.url, users=10, duration=20, on_tick=fault, seed=2)
    health, ask = during
    assert health.status_code == 503 and health.json()["database"] is False
    assert ask.status_code == 503 and ask.json()["error"] == "database_unavailable"
    assert "しばらく" in ask.json()["message"] and "Traceback" not in ask.text
    statuses = {r.status for r in result.failed}
    assert statuses <= {503}, f"only clear 503s while the database is down: {[(r.status, r.error) for r in result.failed][:5]}"
    assert all("しばらく" in r.body.get("message", "") for r in result.failed)
    for replica in healthy.replicas:
        assert replica.alive()
        assert httpx.get(f"{replica.url}/healthz", timeout=10).status_code == 200
        _ask(replica.url, "中小企業者の範囲を教えてください。")
    last_failure = max((r.finished for r in result.failed), default=events["started"])
    ok_after = [r for r in result.answered if r.started > last_failure]
    assert ok_after, "answers resumed during the load, without restarting any replica"
    figures = _check_integrity(Database(healthy.database_url), result)
    figures.update({"users": 10, "database_down_s": [round(events["stopped"], 1), round(events["started"], 1)],
                    "client_errors": len(result.failed), "error_statuses": sorted(statuses),
                    "first_answer_after_restart_s": round(min(r.finished for r in result.answered if r.started >= events["stopped"])
                                                          - events["started"], 2)})
    _report("postgres-restart", figures)


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _valid_citation(c: dict[str, Any], indexed: dict[str, str]) -> bool:
    """Every line of the cited passage is text of that source in a published generation."""
    text = indexed.get(c["source_id"])
    if text is None:
        return False
    lines = [_norm(line) for line in re.split(r"[\n…]", c["passage"])]
    lines = [line for line in lines if len(line) >= 4]
    return bool(lines) and all(line in text for line in lines)


def _indexed_text(index: Path) -> dict[str, str]:
    """Source id → the normalised text of its chunks in every generation on the shared volume."""
    from advisor.index.format import read_chunks

    out: dict[str, list[str]] = {}
    for gen in sorted(index.glob("gen-*")):
        if (gen / "manifest.json").is_file():
            for sc in read_chunks(gen):
                out.setdefault(sc.chunk.source_id, []).append(_norm(sc.chunk.text))
    return {k: "|".join(v) for k, v in out.items()}


def test_ingest_during_load_switches_both_replicas(healthy: Cluster) -> None:
    fact = "テスト県AXスタートアップ奨励金の補助上限額は777万円です。"
    add_document(healthy.corpus_dir, "test-pref-ax-grant", "test-pref-ax-grant.md", "テスト県AXスタートアップ奨励金 募集要項",
                 "# テスト県AXスタートアップ奨励金\n\n" + fact + "\n\n対象はテスト県内の中小企業者で、AIを使った業務改善に取り組む事業者です。"
                 "申請はテスト県産業振興課の窓口で受け付けます。\n")
    index = Path(healthy.env("x")["ADVISOR_SHARED_INDEX_DIR"])
    before = (index / "CURRENT").read_text().strip()
    done: dict[str, float] = {}
    job: list[threading.Thread] = []

    def publish() -> None:
        healthy.ingest()  # the ingest job, a separate process, as in compose/Kubernetes
        done["ingest"] = time.monotonic() - t0

    def start_ingest(elapsed: float) -> None:
        if elapsed >= 3 and not job:
            job.append(threading.Thread(target=publish, daemon=True))
            job[0].start()

    # The load runs until 8 s after the new generation is published (both replicas must switch
    # while questions keep coming).
    t0 = time.monotonic()
    result = run_load(healthy.url, users=10, duration=10, on_tick=start_ingest, max_duration=300, seed=3,
                      extend_while=lambda: "ingest" not in done or time.monotonic() - t0 < done["ingest"] + 8)
    assert "ingest" in done, "the ingest finished"
    after = (index / "CURRENT").read_text().strip()
    assert after != before and (index / after / "manifest.json").is_file()
    assert not result.failed, f"no request fails during an ingest: {[(r.status, r.error) for r in result.failed][:5]}"
    documents = _indexed_text(index)  # the previous and the new generation (both kept)
    assert "test-pref-ax-grant" in documents
    citations = [c for r in result.answered for c in r.body.get("citations", [])]
    assert citations and all(_valid_citation(c, documents) for c in citations)
    for replica in healthy.replicas:  # both serve the new generation (the new document is cited)
        answer = _ask(replica.url, "テスト県AXスタートアップ奨励金の補助上限額は？")
        assert "777万円" in answer["answer"], replica.name
        assert any(c["source_id"] == "test-pref-ax-grant" and _valid_citation(c, documents) for c in answer["citations"])
    _report("ingest", {"generations": [before, after], "requests": len(result.responses), "failed": len(result.failed),
                       "citations_checked": len(citations), "ingest_finished_s": round(done["ingest"], 1)})
