"""A local HTTP server for `advisor sources sync` tests and benchmarks (127.0.0.1 only).

Routes are set per test: a PDF (served with an ETag so conditional requests get 304), 404, a
slow response (longer than the client's timeout), an HTML page with status 200, a truncated PDF,
a redirect, a wrong content type. Changing a route's bytes models a publisher's new version.
"""

from __future__ import annotations

import hashlib
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    kind: str  # pdf | 404 | slow | html | truncated | redirect | type
    body: bytes = b""
    target: str = ""  # redirect target path
    delay_s: float = 0.0


class SourcesServer:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: dict[str, int] = {}
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # keep test output quiet
                pass

            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                server.hits[self.path] = server.hits.get(self.path, 0) + 1
                route = server.routes.get(self.path)
                if route is None or route.kind == "404":
                    self._send(404, b"not found", "text/plain")
                elif route.kind == "slow":
                    time.sleep(route.delay_s)
                    self._send(200, route.body, "application/pdf")
                elif route.kind == "html":
                    self._send(200, b"<!DOCTYPE html><html><body>\xe3\x83\xa1\xe3\x83\xb3\xe3\x83\x86\xe3\x83\x8a\xe3\x83\xb3\xe3\x82\xb9\xe4\xb8\xad</body></html>", "text/html; charset=utf-8")
                elif route.kind == "html-as-pdf":
                    self._send(200, b"<html><body>error</body></html>", "application/pdf")
                elif route.kind == "truncated":
                    self._send(200, route.body[: len(route.body) // 2], "application/pdf")
                elif route.kind == "redirect":
                    self.send_response(302)
                    self.send_header("Location", route.target)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                elif route.kind == "type":
                    self._send(200, route.body, "image/png")
                else:
                    etag = '"' + hashlib.sha256(route.body).hexdigest()[:16] + '"'
                    if self.headers.get("If-None-Match") == etag:
                        self.send_response(304)
                        self.send_header("ETag", etag)
                        self.end_headers()
                        return
                    self._send(200, route.body, "application/pdf", etag)

            def _send(self, status: int, body: bytes, ctype: str, etag: str = "") -> None:
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                if etag:
                    self.send_header("ETag", etag)
                self.end_headers()
                try:
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):  # the client timed out and left
                    pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def __enter__(self) -> "SourcesServer":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
