"""Real server + real Chromium for the browser tests.

One ``advisor serve`` subprocess for the whole browser suite (on 127.0.0.1, its own data dir
holding a copy of the session's index) and one headless Chromium, reused by every test through
fresh browser contexts (a context = a separate visitor: own storage, own Gradio session).
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Iterator

import pytest

from advisor.config import REPO_ROOT, Settings
from tests.browser.browser_helpers import FACILITATOR_TOKEN
from tests.live_server import LiveServer, copy_index, free_port

ARTIFACTS = REPO_ROOT / "test-artifacts" / "screenshots"


class Server:
    def __init__(self, url: str, data_dir: Path, allowed_origin: str, refused_origin: str) -> None:
        self.url = url
        self.data_dir = data_dir
        self.allowed_origin = allowed_origin
        self.refused_origin = refused_origin


class _HostPage(BaseHTTPRequestHandler):
    """A stand-in prefectural site: one page framing the advisor's /embed."""

    embed_url = ""

    def do_GET(self) -> None:  # noqa: N802 - http.server API
        body = (
            "<!doctype html><html lang='ja'><head><meta charset='utf-8'><title>県のサイト</title></head>"
            "<body><h1>県の中小企業支援ページ</h1>"
            f"<iframe id='ax-frame' title='AX相談' src='{self.embed_url}' width='420' height='640'></iframe>"
            "</body></html>"
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def _host_site(port: int, embed_url: str) -> ThreadingHTTPServer:
    handler = type("HostPage", (_HostPage,), {"embed_url": embed_url})
    httpd = ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


@pytest.fixture(scope="session")
def server(built_settings: Settings, tmp_path_factory: pytest.TempPathFactory, chromium_path: Path) -> Iterator[Server]:
    # The session's index is shared read-only; the server writes its SQLite next to a copy.
    data_dir = copy_index(built_settings.data_dir, tmp_path_factory.mktemp("browser-server") / "data")
    allowed_port, refused_port = free_port(), free_port()
    allowed_origin = f"http://127.0.0.1:{allowed_port}"
    refused_origin = f"http://127.0.0.1:{refused_port}"
    env = {
        "ADVISOR_FACILITATOR_TOKEN": FACILITATOR_TOKEN,
        "ADVISOR_EMBED_ALLOWED_ORIGINS": f'["{allowed_origin}"]',
        "ADVISOR_BRAND_PREFECTURE": "テスト県",
        "ADVISOR_RATE_LIMIT_PER_MINUTE": "1000",
    }
    log_path = tmp_path_factory.mktemp("browser-server-log") / "server.log"
    with LiveServer(data_dir, built_settings.corpus_dir, log_path, env=env) as live:
        hosts = [_host_site(allowed_port, f"{live.url}/embed"), _host_site(refused_port, f"{live.url}/embed")]
        try:
            yield Server(live.url, data_dir, allowed_origin, refused_origin)
        finally:
            for h in hosts:
                h.shutdown()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
