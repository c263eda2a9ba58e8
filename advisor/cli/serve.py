"""``advisor serve --host H --port P``: the web app under uvicorn (registered by advisor/cli/core.py)."""

from __future__ import annotations

import argparse
import os
import sys

from advisor.config import Settings
from advisor.db import DatabaseError, probe_storage, storage_failure


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    import uvicorn

    from advisor.ui.server import create_app

    host = args.host or settings.host
    port = args.port or settings.port
    try:
        probe_storage(settings.data_dir)
        app = create_app(settings)
    except Exception as exc:  # noqa: BLE001 - one clear line for the operator instead of a traceback
        reason = storage_failure(exc)
        if reason is None and not isinstance(exc, (DatabaseError, OSError)):
            raise
        print(f"advisor serve: the data directory {settings.data_dir} is unusable ({reason or 'error'}): {exc}",
              file=sys.stderr)
        return 2
    print(f"地域AXアドバイザー: http://{host}:{port}/  (embed: /embed, API: POST /api/ask, health: /healthz)", flush=True)
    uvicorn.run(app, host=host, port=port, log_level=args.log_level, proxy_headers=False)
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("serve", help="start the web app (owner chat, workshops, /embed, /api/ask, /healthz)")
    p.add_argument("--host", default=None, help="address to listen on (default: settings.host, 127.0.0.1)")
    p.add_argument("--port", type=int, default=None, help="port (default: settings.port, 7860)")
    p.add_argument("--log-level", default="warning", choices=["critical", "error", "warning", "info", "debug"])
    p.set_defaults(handler=cmd_serve)
