"""deploy/compose.yaml's topology on 127.0.0.1 without Docker: Debian's PostgreSQL and nginx,
`chroma run`, an ingest job and N `advisor serve` replicas, each a real process on a free port.

Used by the cluster tests (tests/cluster) and by evals/bench_load.py --replicas. Everything lives
in one temporary root directory and is stopped by ``Cluster.stop()``; processes are started in
their own session so that a SIGKILL hits exactly one replica.
"""

from __future__ import annotations

import glob
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from tests.live_server import die_with_parent, free_port, stop_process
from tests.reaper import Lease

REPO = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
FACILITATOR_TOKEN = "cluster-facilitator-token"


def wait_until(check, timeout: float, what: str, proc: subprocess.Popen | None = None, log: Path | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            tail = log.read_text(errors="replace")[-3000:] if log and log.exists() else ""
            raise RuntimeError(f"{what} exited with {proc.returncode}:\n{tail}")
        try:
            if check():
                return
        except (httpx.HTTPError, OSError):
            pass
        time.sleep(0.2)
    tail = log.read_text(errors="replace")[-3000:] if log and log.exists() else ""
    raise TimeoutError(f"{what} not ready after {timeout:.0f}s\n{tail}")


def http_ok(url: str) -> bool:
    return httpx.get(url, timeout=2.0).status_code == 200


def tools_available() -> str | None:
    """None when PostgreSQL, nginx and chroma are installed; else what is missing."""
    missing = []
    if not glob.glob("/usr/lib/postgresql/*/bin/initdb"):
        missing.append("postgresql (apt-get install postgresql)")
    if not shutil.which("nginx") and not Path("/usr/sbin/nginx").exists():
        missing.append("nginx (apt-get install nginx)")
    if not (VENV_BIN / "chroma").exists():
        missing.append("chroma (pip install chromadb)")
    return ", ".join(missing) or None


# --- PostgreSQL -------------------------------------------------------------------------------------


class Postgres:
    """A throwaway cluster: initdb into a temp dir, one database, trust auth on 127.0.0.1 only."""

    def __init__(self, root: Path) -> None:
        self.bin = Path(sorted(glob.glob("/usr/lib/postgresql/*/bin"))[-1])
        self.root = root
        self.data = root / "data"
        self.port = free_port()
        self.log = root / "postgres.log"
        self.url = f"postgresql+psycopg://advisor@127.0.0.1:{self.port}/advisor"
        self._lease: Lease | None = None

    def _as_owner(self, *cmd: str) -> list[str]:
        # initdb and postgres refuse to run as root: run them as the Debian package's user.
        if os.geteuid() == 0:
            return ["runuser", "-u", "postgres", "--", *cmd]
        return list(cmd)

    def init(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        os.chmod(self.root, 0o755)
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres", "postgres")
        subprocess.run(self._as_owner(str(self.bin / "initdb"), "-D", str(self.data), "-U", "advisor", "--auth=trust",
                                      "-E", "UTF8", "--locale=C"), check=True, capture_output=True, timeout=120)
        self.start()
        subprocess.run(self._as_owner(str(self.bin / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "advisor",
                                      "advisor"), check=True, capture_output=True, timeout=60)

    def start(self) -> None:
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c max_connections=200"
        subprocess.run(self._as_owner(str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60",
                                      "-o", options, "start"), check=True, capture_output=True, timeout=90)
        if self._lease is None:
            # pg_ctl daemonizes the postmaster: should this process die without calling stop()
            # (a killed pytest), the reaper stops the server and removes its directory.
            self._lease = Lease.start(self._as_owner(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate",
                                                     "-w", "stop"), remove=[self.root])

    def stop(self, mode: str = "fast") -> None:
        subprocess.run(self._as_owner(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop"),
                       capture_output=True, timeout=90)
        if self._lease is not None:
            self._lease.release()
            self._lease = None

    def psql(self, sql: str) -> str:
        out = subprocess.run(self._as_owner(str(self.bin / "psql"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "advisor",
                                            "-d", "advisor", "-At", "-c", sql), check=True, capture_output=True, text=True, timeout=60)
        return out.stdout.strip()


# --- processes ----------------------------------------------------------------------------------------


@dataclass
class Service:
    name: str
    port: int
    log: Path
    proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def kill(self, sig: int = signal.SIGKILL) -> None:
        if self.alive():
            assert self.proc is not None
            stop_process(self.proc, timeout=30, sig=sig)


def _spawn(cmd: list[str], env: dict[str, str], log: Path, cwd: Path = REPO) -> subprocess.Popen:
    fh = log.open("ab")
    try:
        # Own session (a SIGKILL hits exactly one replica), and SIGTERM when this process dies.
        return subprocess.Popen(cmd, env=env, stdout=fh, stderr=subprocess.STDOUT, cwd=cwd, start_new_session=True,
                                preexec_fn=die_with_parent)
    finally:
        fh.close()


NGINX_CONF = """\
# Generated by tests/cluster/topology.py: the same routing as deploy/nginx.conf on 127.0.0.1.
worker_processes 1;
daemon off;
{user}
pid {root}/nginx.pid;
error_log {root}/error.log warn;
events {{ worker_connections 2048; }}
http {{
    log_format routed '$request_method $uri $status $upstream_addr';
    access_log {root}/access.log routed;
    client_body_temp_path {root}/tmp/body;
    proxy_temp_path {root}/tmp/proxy;
    fastcgi_temp_path {root}/tmp/fastcgi;
    uwsgi_temp_path {root}/tmp/uwsgi;
    scgi_temp_path {root}/tmp/scgi;
{upstreams}
}}
"""


def nginx_http_block(servers: list[str], listen: str) -> str:
    """deploy/nginx/advisor.conf.template rendered as the nginx image's entrypoint would."""
    members = " ".join(f"server {s} max_fails=1 fail_timeout=5s;" for s in servers)
    template = (REPO / "deploy" / "nginx" / "advisor.conf.template").read_text(encoding="utf-8")
    return template.replace("${ADVISOR_UPSTREAM_SERVERS}", members).replace("${NGINX_LISTEN}", listen)


@dataclass
class Cluster:
    root: Path
    corpus_dir: Path
    replicas_n: int = 2
    database: str = "postgresql"  # or "sqlite" (one replica only: the SQLite file is not shared)
    extra_env: dict[str, str] = field(default_factory=dict)
    postgres: Postgres | None = None
    chroma: Service | None = None
    replicas: list[Service] = field(default_factory=list)
    nginx: Service | None = None

    # --- lifecycle ------------------------------------------------------------------------------
    def start(self) -> "Cluster":
        self.root.mkdir(parents=True, exist_ok=True)
        if self.database == "postgresql":
            # Under /tmp directly: the postgres user must be able to traverse to its data dir.
            self.postgres = Postgres(Path(tempfile.mkdtemp(prefix="advisor-pg-")))
            self.postgres.init()
        self.start_chroma()
        self.ingest()
        self.replicas = [Service(f"replica-{chr(ord('a') + i)}", free_port(), self.root / f"replica-{chr(ord('a') + i)}.log")
                         for i in range(self.replicas_n)]
        for r in self.replicas:
            self.start_replica(r, wait=False)
        for r in self.replicas:
            self.wait_replica(r)
        self.start_nginx()
        return self

    def stop(self) -> None:
        for svc in [self.nginx, *self.replicas, self.chroma]:
            if svc is not None:
                svc.kill(signal.SIGTERM)
        if self.postgres is not None:
            self.postgres.stop("immediate")
            shutil.rmtree(self.postgres.root, ignore_errors=True)

    # --- components ------------------------------------------------------------------------------
    @property
    def database_url(self) -> str:
        if self.postgres is not None:
            return self.postgres.url
        return f"sqlite:///{self.root / 'advisor.sqlite3'}"

    def env(self, name: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("ADVISOR_")}
        env.update({
            "PYTHONPATH": str(REPO),
            "HF_HUB_OFFLINE": "1",
            "TRANSFORMERS_OFFLINE": "1",
            "GRADIO_ANALYTICS_ENABLED": "False",
            "ADVISOR_DATA_DIR": str(self.root / f"data-{name}"),  # per process: caches, never state
            "ADVISOR_SHARED_INDEX_DIR": str(self.root / "shared-index"),
            "ADVISOR_CORPUS_DIR": str(self.corpus_dir),
            "ADVISOR_CHROMA_URL": self.chroma.url if self.chroma else "",
            "ADVISOR_DATABASE_URL": self.database_url,
            "ADVISOR_FACILITATOR_TOKEN": FACILITATOR_TOKEN,
            "ADVISOR_TRUSTED_PROXIES": '["127.0.0.1/32"]',
            "ADVISOR_UI_CONCURRENCY": "4",
            # Counted in PostgreSQL on every request, as in production; high enough that the
            # simulated users (about one question a second each) are not limited.
            "ADVISOR_RATE_LIMIT_PER_MINUTE": "240",
        })
        env.update(self.extra_env)
        return env

    def start_chroma(self) -> None:
        self.chroma = Service("chroma", free_port(), self.root / "chroma.log")
        self.chroma.proc = _spawn([str(VENV_BIN / "chroma"), "run", "--path", str(self.root / "chroma-data"),
                                   "--host", "127.0.0.1", "--port", str(self.chroma.port)], self.env("chroma"), self.chroma.log)
        wait_until(lambda: http_ok(f"{self.chroma.url}/api/v2/heartbeat"), 60, "chroma", self.chroma.proc, self.chroma.log)

    def ingest(self, timeout: float = 900) -> subprocess.CompletedProcess:
        """The ingest job: publishes a generation to the shared index dir and the Chroma server."""
        done = subprocess.run([str(VENV_BIN / "advisor"), "ingest"], env=self.env("ingest"), cwd=REPO,
                              capture_output=True, text=True, timeout=timeout)
        if done.returncode != 0:
            raise RuntimeError(f"ingest failed:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}")
        return done

    def start_replica(self, replica: Service, wait: bool = True) -> None:
        replica.proc = _spawn([str(VENV_BIN / "advisor"), "serve", "--host", "127.0.0.1", "--port", str(replica.port)],
                              self.env(replica.name), replica.log)
        if wait:
            self.wait_replica(replica)

    def wait_replica(self, replica: Service, timeout: float = 240) -> None:
        wait_until(lambda: http_ok(f"{replica.url}/healthz"), timeout, replica.name, replica.proc, replica.log)

    def start_nginx(self) -> None:
        root = self.root / "nginx"
        (root / "tmp").mkdir(parents=True, exist_ok=True)
        self.nginx = Service("nginx", free_port(), root / "nginx.out")
        servers = [f"127.0.0.1:{r.port}" for r in self.replicas]
        conf = NGINX_CONF.format(root=root, user="user root;" if os.geteuid() == 0 else "",
                                 upstreams=nginx_http_block(servers, f"127.0.0.1:{self.nginx.port}"))
        (root / "nginx.conf").write_text(conf, encoding="utf-8")
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        self.nginx.proc = _spawn([nginx, "-p", str(root), "-c", str(root / "nginx.conf"), "-e", str(root / "error.log")],
                                 self.env("nginx"), self.nginx.log)
        wait_until(lambda: http_ok(f"{self.nginx.url}/healthz"), 30, "nginx", self.nginx.proc, root / "error.log")

    def ensure_replicas(self) -> None:
        """Restart any replica a test killed (and wait until nginx sees it again)."""
        for r in self.replicas:
            if not r.alive():
                self.start_replica(r)

    @property
    def url(self) -> str:
        assert self.nginx is not None
        return self.nginx.url


def tiny_corpus(dest: Path) -> Path:
    """Two of the bundled documents and the two programs they support: enough for real answers,
    citations, profiles and matching, small enough to embed in seconds with any backend."""
    import yaml

    docs = ["meti-regional-ax-2026.txt", "reference-sme-definitions.md"]
    (dest / "documents").mkdir(parents=True, exist_ok=True)
    (dest / "programs").mkdir(parents=True, exist_ok=True)
    for name in docs:
        shutil.copy(REPO / "corpus" / "documents" / name, dest / "documents" / name)
    for name in ["ax-chiiki-network.yaml", "sangyo-yochi-seibi-shien.yaml"]:
        shutil.copy(REPO / "corpus" / "programs" / name, dest / "programs" / name)
    table = yaml.safe_load((REPO / "corpus" / "sources.yaml").read_text(encoding="utf-8"))
    table["sources"] = [s for s in table["sources"] if s["file"] in docs]
    (dest / "sources.yaml").write_text(yaml.safe_dump(table, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return dest


def add_document(corpus: Path, source_id: str, filename: str, title: str, text: str) -> None:
    """A new document plus its sources.yaml entry (what an operator does before an ingest)."""
    import yaml

    (corpus / "documents" / filename).write_text(text, encoding="utf-8")
    table = yaml.safe_load((corpus / "sources.yaml").read_text(encoding="utf-8"))
    table["sources"].append({"id": source_id, "file": filename, "title": title, "issuer": "テスト県 産業振興課",
                             "date": "2026-12-01", "date_precision": "day", "kind": "guideline"})
    (corpus / "sources.yaml").write_text(yaml.safe_dump(table, allow_unicode=True, sort_keys=False), encoding="utf-8")
