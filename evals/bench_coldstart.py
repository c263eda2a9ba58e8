"""Server cold start: how long from `advisor serve` to the first answered question.

Starts `advisor serve` on 127.0.0.1 over a private copy of an index (the default data dir's, or
--data-dir), then polls: the moment the port answers /healthz with 200, the moment the first
POST /api/ask (sent as soon as /healthz is 200) comes back with an answer, the moment /healthz says
the background warm-up is done ("warm"), and how long a company description (the first match and
ranking) then takes. Repeats --runs times
(each a fresh process; the OS file cache and the on-disk understanding cache stay warm, as after a
restart) and prints every run and the median.

    python evals/bench_coldstart.py [--data-dir DIR] [--runs 3] [--json]

Not a test: speed depends on the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
from tests.live_server import die_with_parent, free_port, stop_process  # noqa: E402 - after the path is set

QUESTION = "中小企業省力化投資補助金の補助率は？"
MATCH = "熊本県で自動車部品を作っている従業員45人の会社です。検査工程にAIを入れたい。"


def one_run(source_data: Path, timeout_s: float) -> dict[str, float]:
    data = Path(tempfile.mkdtemp(prefix="bench-coldstart-")) / "data"
    shutil.copytree(source_data / "index", data / "index")
    if (source_data / "cache").is_dir():
        # The understanding module's exemplar vectors: a restarted server finds them on disk.
        shutil.copytree(source_data / "cache", data / "cache")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = dict(os.environ, ADVISOR_DATA_DIR=str(data), GRADIO_ANALYTICS_ENABLED="False",
               HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", PYTHONPATH=str(REPO))
    log = data.parent / "serve.log"
    started = time.perf_counter()
    with log.open("wb") as fh:
        proc = subprocess.Popen([sys.executable, "-m", "advisor.cli", "serve", "--host", "127.0.0.1", "--port", str(port)],
                                env=env, stdout=subprocess.DEVNULL, stderr=fh, preexec_fn=die_with_parent)
    try:
        healthy = answered = first_ask = 0.0
        deadline = started + timeout_s
        while not healthy:
            if proc.poll() is not None or time.perf_counter() > deadline:
                raise SystemExit(f"server did not become healthy: {log.read_text(errors='replace')[-2000:]}")
            try:
                if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                    healthy = time.perf_counter() - started
            except httpx.HTTPError:
                time.sleep(0.05)
        ask_start = time.perf_counter()
        resp = httpx.post(f"{url}/api/ask", json={"question": QUESTION}, timeout=120)
        answered = time.perf_counter() - started
        first_ask = time.perf_counter() - ask_start
        if resp.status_code != 200 or not resp.json().get("answer"):
            raise SystemExit(f"first question not answered: {resp.status_code} {resp.text[:300]}")
        # Then until the background warm-up is done (/healthz "warm": servers before it lack the
        # key, counted as warm at once), and a company description (the first match) after it.
        while httpx.get(f"{url}/healthz", timeout=5).json().get("warm", True) is False:
            if time.perf_counter() > deadline:
                break
            time.sleep(0.1)
        warm = time.perf_counter() - started
        match_start = time.perf_counter()
        resp = httpx.post(f"{url}/api/ask", json={"question": MATCH}, timeout=120)
        first_match = time.perf_counter() - match_start
        if resp.status_code != 200:
            raise SystemExit(f"company description not answered: {resp.status_code} {resp.text[:300]}")
        return {"healthy_s": round(healthy, 2), "first_answer_s": round(answered, 2), "first_ask_s": round(first_ask, 3),
                "warm_s": round(warm, 2), "first_match_s": round(first_match, 3)}
    finally:
        stop_process(proc)
        shutil.rmtree(data.parent, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, help="data dir whose index/ (and cache/) to copy; default: the configured one")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=300.0)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if args.data_dir is None:
        from advisor.config import get_settings

        args.data_dir = get_settings().data_dir
    if not (args.data_dir / "index" / "CURRENT").is_file():
        sys.exit(f"no index in {args.data_dir}/index: run `advisor ingest` first")
    runs = [one_run(args.data_dir, args.timeout) for _ in range(args.runs)]
    report = {key: statistics.median(r[key] for r in runs) for key in runs[0]} | {"runs": runs}
    if args.json:
        print(json.dumps(report))
    else:
        for i, r in enumerate(runs, 1):
            print(f"run {i}: /healthz 200 after {r['healthy_s']:.2f} s, first answer after {r['first_answer_s']:.2f} s "
                  f"(the question itself {r['first_ask_s'] * 1000:.0f} ms); warm after {r['warm_s']:.2f} s, "
                  f"then the first company description {r['first_match_s'] * 1000:.0f} ms")
        print(f"median: healthy {report['healthy_s']:.2f} s, first answer {report['first_answer_s']:.2f} s, "
              f"first question {report['first_ask_s'] * 1000:.0f} ms, warm {report['warm_s']:.2f} s, "
              f"first company description {report['first_match_s'] * 1000:.0f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
