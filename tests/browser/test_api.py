"""Integrator APIs of the running server: /healthz, POST /api/ask and the gradio_client API."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

pytestmark = [pytest.mark.browser]

QUESTION = "中小企業省力化投資補助金（一般型）の補助上限額は？"


def test_healthz(server: Any) -> None:
    r = httpx.get(f"{server.url}/healthz")
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "ok" and body["index"] is True and body["database"] is True


def test_api_ask_and_gradio_client_give_the_same_answer(server: Any, tmp_path: Any) -> None:
    from gradio_client import Client

    r = httpx.post(f"{server.url}/api/ask", json={"question": QUESTION}, timeout=60)
    assert r.status_code == 200
    api = r.json()
    assert api["answer"] and api["session_id"]
    assert api["citations"], "a factual answer must carry citations"
    for c in api["citations"]:
        assert {"title", "issuer", "date", "page", "passage"} <= set(c)
        assert c["passage"]

    # The same session continues: the profile told in turn 1 is known in turn 2.
    sid = httpx.post(f"{server.url}/api/ask", json={"question": "うちは従業員12人の小売業です。"}, timeout=60).json()["session_id"]
    follow = httpx.post(f"{server.url}/api/ask", json={"question": "使える補助金は？", "session_id": sid}, timeout=60).json()
    assert follow["session_id"] == sid
    assert follow["profile"]["employees"] == 12

    client = Client(server.url + "/", verbose=False, download_files=str(tmp_path), analytics_enabled=False)
    via_client = client.predict(QUESTION, None, api_name="/ask")
    assert via_client["answer"] == api["answer"]
    assert [c["passage"] for c in via_client["citations"]] == [c["passage"] for c in api["citations"]]
    assert via_client["session_id"] and via_client["session_id"] != api["session_id"]


def test_api_ask_rejects_bad_input_in_japanese(server: Any) -> None:
    too_long = httpx.post(f"{server.url}/api/ask", json={"question": "あ" * 5000}, timeout=30)
    assert too_long.status_code == 413
    assert "長すぎます" in too_long.json()["message"]
    empty = httpx.post(f"{server.url}/api/ask", json={"question": "  "}, timeout=30)
    assert empty.status_code == 422 and "入力してください" in empty.json()["message"]
    not_json = httpx.post(f"{server.url}/api/ask", content=b"question=hi", timeout=30)
    assert not_json.status_code == 400 and "JSON" in not_json.json()["message"]


def test_chat_endpoint_streams(server: Any, tmp_path: Any) -> None:
    """The UI's chat function (api_name="chat") yields partial answers before the final one."""
    from gradio_client import Client

    client = Client(server.url + "/", verbose=False, download_files=str(tmp_path), analytics_enabled=False)
    job = client.submit(QUESTION, [], "", {}, api_name="/chat")  # message, history, session id, participant
    final = job.result(timeout=120)
    assert len(job.outputs()) > 3, "expected several streamed updates"
    history = final[0]
    text = "".join(part.get("text", "") for part in history[-1]["content"]) if isinstance(history[-1]["content"], list) \
        else str(history[-1]["content"])
    assert "出典" in text and "[1]" in text
