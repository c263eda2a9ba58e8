"""`advisor sources sync`: download what the registry lists, verify it, ingest what changed.

For each registered source with a URL: download (httpx, timeout, retries with backoff on
timeouts, connection errors and 5xx), verify (HTTP 200 after redirects, size limit, content type,
not an HTML page, ``%PDF-`` magic, ``%%EOF`` trailer, pypdf reads text from it), compare its sha256
with the version last ingested. A new sha256 is a new version: the previous file moves to
``<data_dir>/sources/archive/<YYYY-MM-DD>/``, the new one takes its place under ``current/`` and
is ingested incrementally (the indexer replaces exactly that file's chunks). A failed download or
verification never touches the previous version. The state file is written after the index
switched, so an interrupted sync is simply redone by the next run.
"""

from __future__ import annotations

import hashlib
import logging
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import yaml

from advisor.config import Settings
from advisor.deadlines import document_period
from advisor.sources import RegistryEntry, load_registry, read_state, write_state

log = logging.getLogger(__name__)

PDF_MAGIC = b"%PDF-"
_ACCEPTED_TYPES = ("application/pdf", "application/octet-stream", "binary/octet-stream", "application/x-pdf", "")
_RETRY_STATUS = {429, 500, 502, 503, 504}


class SyncFailure(Exception):
    """One source could not be fetched or verified; str() is the one-line reason."""

    def __init__(self, reason: str, unreachable: bool = False) -> None:
        super().__init__(reason)
        self.unreachable = unreachable  # the server could not be reached at all (offline, down)


@dataclass
class SourceResult:
    id: str
    program: str
    outcome: str  # downloaded | unchanged | new version | failed | skipped (+ "would …" in dry runs)
    reason: str = ""
    sha256: str = ""

    def line(self) -> str:
        detail = f" ({self.reason})" if self.reason else ""
        digest = f" sha256={self.sha256[:12]}" if self.sha256 else ""
        return f"{self.id:<32} {self.outcome}{detail}{digest}"


@dataclass
class SyncReport:
    results: list[SourceResult] = field(default_factory=list)
    ingest_summary: str = ""
    seconds: float = 0.0
    offline: bool = False  # every download failed because no server could be reached
    dry_run: bool = False

    @property
    def failed(self) -> list[SourceResult]:
        return [r for r in self.results if r.outcome == "failed"]

    def lines(self) -> list[str]:
        out = [r.line() for r in self.results]
        if self.offline:
            out.append(
                "no source server could be reached (offline, DNS or the servers are down): "
                "nothing was downloaded; the index and the registry state are unchanged"
            )
        if self.ingest_summary:
            out.append(f"ingest: {self.ingest_summary}")
        counts = {}
        for r in self.results:
            counts[r.outcome] = counts.get(r.outcome, 0) + 1
        summary = ", ".join(f"{n} {k}" for k, n in counts.items()) or "no sources selected"
        out.append(f"{'dry run: ' if self.dry_run else ''}{summary}; {self.seconds:.2f}s")
        return out


# --- download and verification -----------------------------------------------------------------------


NOT_MODIFIED = "not-modified"


def _download(url: str, target: Path, settings: Settings, client, validators: dict | None = None) -> tuple[str, dict]:
    """Stream ``url`` into ``target``; return the sha256 (or NOT_MODIFIED when the server says the
    version we hold is current) and the response's ETag/Last-Modified for the next run's
    conditional request. SyncFailure with the reason otherwise."""
    import httpx

    conditional = {}
    if validators and validators.get("etag"):
        conditional["If-None-Match"] = validators["etag"]
    if validators and validators.get("last_modified"):
        conditional["If-Modified-Since"] = validators["last_modified"]

    attempts = max(1, settings.sync_retries)
    last: SyncFailure | None = None
    for attempt in range(attempts):
        if attempt:
            time.sleep(settings.sync_retry_backoff_s * (2 ** (attempt - 1)))
        try:
            with client.stream("GET", url, headers=conditional) as response:
                if response.status_code == 304 and conditional:
                    return NOT_MODIFIED, validators or {}
                if response.status_code in _RETRY_STATUS:
                    last = SyncFailure(f"HTTP {response.status_code} from server")
                    continue
                if response.status_code != 200:
                    raise SyncFailure(f"HTTP {response.status_code}")
                ctype = response.headers.get("content-type", "").split(";")[0].strip().lower()
                if ctype.startswith("text/html"):
                    raise SyncFailure("server returned an HTML page, not a PDF (error or login page?)")
                if ctype not in _ACCEPTED_TYPES:
                    raise SyncFailure(f"unexpected content type {ctype!r}")
                declared = response.headers.get("content-length")
                if declared and declared.isdigit() and int(declared) > settings.max_pdf_bytes:
                    raise SyncFailure(f"file too large ({int(declared):,} bytes > limit {settings.max_pdf_bytes:,})")
                digest = hashlib.sha256()
                size = 0
                with target.open("wb") as fh:
                    for block in response.iter_bytes(1 << 16):
                        size += len(block)
                        if size > settings.max_pdf_bytes:
                            raise SyncFailure(f"file too large (> limit {settings.max_pdf_bytes:,} bytes; ADVISOR_MAX_PDF_BYTES)")
                        digest.update(block)
                        fh.write(block)
                if declared and declared.isdigit() and size != int(declared):
                    raise SyncFailure(f"download cut short ({size:,} of {int(declared):,} bytes)")
                seen = {"etag": response.headers.get("etag", ""), "last_modified": response.headers.get("last-modified", "")}
                return digest.hexdigest(), seen
        except httpx.TimeoutException:
            last = SyncFailure(f"timed out after {settings.sync_timeout_s:g}s", unreachable=True)
        except (httpx.ConnectError, httpx.RemoteProtocolError, httpx.ReadError) as exc:
            last = SyncFailure(f"cannot connect ({type(exc).__name__}: {exc})", unreachable=True)
        except httpx.TooManyRedirects:
            raise SyncFailure("too many redirects") from None
        except httpx.HTTPError as exc:
            raise SyncFailure(f"HTTP error ({type(exc).__name__}: {exc})") from None
    assert last is not None
    raise SyncFailure(f"{last} (after {attempts} attempts)", unreachable=last.unreachable)


def verify_pdf(path: Path, entry: RegistryEntry, settings: Settings) -> dict:
    """Check the downloaded file is a complete, readable PDF; return what it says of its period."""
    from advisor.documents import IngestError, load_document

    with path.open("rb") as fh:
        head = fh.read(1024)
        fh.seek(max(0, path.stat().st_size - 2048))
        tail = fh.read()
    if head.lstrip().lower().startswith((b"<!doctype html", b"<html")) or b"<html" in head.lower():
        raise SyncFailure("HTML page instead of a PDF (the server answered 200 with an error page?)")
    if not head.startswith(PDF_MAGIC):
        raise SyncFailure(f"not a PDF (starts with {head[:8]!r} instead of %PDF-)")
    if b"%%EOF" not in tail:
        raise SyncFailure("truncated PDF (no %%EOF trailer at the end)")
    named = path.with_name(entry.file_name)
    if named != path:
        path.rename(named)
    try:
        doc = load_document(named, {}, settings)
    except IngestError as exc:
        raise SyncFailure(f"unreadable PDF ({exc.reason})") from None
    finally:
        if named != path:
            named.rename(path)
    year = int(entry.date[:4]) if entry.date[:4].isdigit() else None
    period = document_period([p.text for p in doc.pages], default_year=year, title=entry.title)
    return {"period": period.to_dict() if period else {}, "pages": len(doc.pages)}


# --- the sync ------------------------------------------------------------------------------------------


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _archive(current: Path, settings: Settings, old_sha: str) -> str:
    day = datetime.now(timezone.utc).strftime("%Y-%m-%d")
    folder = settings.sources_dir / "archive" / day
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / current.name
    if target.exists():
        target = folder / f"{current.stem}.{old_sha[:12]}{current.suffix}"
    shutil.move(str(current), target)
    return str(target)


def _registry_table(settings: Settings, entries: list[RegistryEntry]) -> Path:
    """The registry as a sources.yaml for the ingest (written under the data dir)."""
    path = settings.sources_dir / "registry.sources.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump({"sources": [e.source_mapping() for e in entries]}, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def sync(
    settings: Settings,
    registry: Path | None = None,
    only: str | None = None,
    dry_run: bool = False,
    on_line: Callable[[str], None] | None = None,
) -> SyncReport:
    """Bring the downloaded sources and the index up to date with the registry (see module doc)."""
    import httpx

    started = time.perf_counter()
    entries = load_registry(registry or settings.registry_path)
    if only:
        selected = [e for e in entries if only in (e.program, e.id)]
        if not selected:
            programs = sorted({e.program for e in entries})
            raise ValueError(f"--only {only!r} matches no registered program or source id; programs: {', '.join(programs)}")
    else:
        selected = entries
    state = read_state(settings)
    report = SyncReport(dry_run=dry_run)
    current_dir = settings.sources_dir / "current"
    staging = Path(tempfile.mkdtemp(prefix=".sync-", dir=_ensure(settings.sources_dir)))
    pending: list[tuple[RegistryEntry, Path, str, dict, SourceResult]] = []  # verified new versions
    unreachable = 0
    tried = 0
    emit = on_line or (lambda _line: None)
    try:
        timeout = httpx.Timeout(settings.sync_timeout_s)
        headers = {"User-Agent": "ax-advisor-sources-sync/1 (+operator cron)"}
        with httpx.Client(timeout=timeout, follow_redirects=True, max_redirects=5, headers=headers) as client:
            for entry in selected:
                previous = state.get(entry.id, {})
                if not entry.url:
                    result = SourceResult(entry.id, entry.program, "skipped", "no official URL in the registry")
                    report.results.append(result)
                    emit(result.line())
                    continue
                tried += 1
                tmp = staging / f"{entry.id}.download"
                try:
                    held = Path(previous.get("path", "")).is_file() and previous.get("url") == entry.url
                    digest, validators = _download(entry.url, tmp, settings, client, previous.get("http") if held else None)
                    if digest == NOT_MODIFIED:
                        digest = previous["sha256"]
                    if digest == previous.get("sha256") and held:
                        result = SourceResult(entry.id, entry.program, "unchanged", sha256=digest)
                        if not dry_run:
                            previous["checked_at"] = _now()
                            previous["http"] = validators or previous.get("http", {})
                            previous.pop("last_error", None)
                    else:
                        facts = verify_pdf(tmp, entry, settings)
                        outcome = "new version" if previous.get("sha256") else "downloaded"
                        result = SourceResult(entry.id, entry.program, f"would be {outcome}" if dry_run else outcome, sha256=digest)
                        facts["http"] = validators
                        pending.append((entry, tmp, digest, facts, result))
                except SyncFailure as exc:
                    unreachable += exc.unreachable
                    result = SourceResult(entry.id, entry.program, "failed", str(exc))
                    if not dry_run:
                        previous["last_error"] = f"{_now()} {exc}"
                        previous["checked_at"] = _now()
                        if previous:
                            state[entry.id] = previous
                report.results.append(result)
                emit(result.line())
        report.offline = tried > 0 and unreachable == tried
        if dry_run or report.offline:
            report.seconds = time.perf_counter() - started
            return report
        if pending:
            _install_and_ingest(settings, entries, pending, state, current_dir, report)
        write_state(settings, state)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    report.seconds = time.perf_counter() - started
    return report


def _ensure(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


def _install_and_ingest(settings, entries, pending, state, current_dir: Path, report: SyncReport) -> None:
    """Archive the previous versions, put the new ones in place and ingest them in one generation.

    If the ingest fails (or is interrupted), the previous files are put back so that what is on
    disk keeps matching the index and the state.
    """
    from advisor.index.format import current_generation
    from advisor.ingest.indexer import ingest

    current_dir.mkdir(parents=True, exist_ok=True)
    moved: list[tuple[Path, Path | None]] = []  # (current path, backup path)
    backups = current_dir.parent / ".previous"
    backups.mkdir(exist_ok=True)
    paths: list[Path] = []
    for entry, tmp, _digest, _facts, _result in pending:
        target = current_dir / entry.file_name
        backup = None
        if target.exists():
            backup = backups / target.name
            shutil.copy2(target, backup)
        shutil.move(str(tmp), target)
        moved.append((target, backup))
        paths.append(target)
    # A data dir with no index yet gets the bundled corpus too, so the advisor keeps answering.
    roots = paths if current_generation(settings.index_dir) else [settings.documents_dir, *paths]
    try:
        ingest_report = ingest(settings, roots, progress=False, sources_files=[_registry_table(settings, entries)])
    except BaseException:
        for target, backup in moved:
            if backup is not None:
                shutil.move(str(backup), target)
            else:
                target.unlink(missing_ok=True)
        raise
    failed_paths = {line.split(": ", 1)[0] for line in ingest_report.failed}
    report.ingest_summary = ingest_report.summary()
    for (entry, _tmp, digest, facts, result), (target, backup) in zip(pending, moved):
        previous = state.get(entry.id, {})
        if str(target) in failed_paths:
            reason = next(line.split(": ", 1)[-1] for line in ingest_report.failed if line.startswith(str(target)))
            result.outcome, result.reason = "failed", f"ingest: {reason}"
            if backup is not None:
                shutil.move(str(backup), target)
            continue
        archive = list(previous.get("archive", []))
        if backup is not None and previous.get("sha256"):
            archive.append({"sha256": previous["sha256"], "path": _archive(backup, settings, previous["sha256"]),
                            "synced_at": previous.get("synced_at", "")})
        state[entry.id] = {
            "sha256": digest, "path": str(target), "url": entry.url, "synced_at": _now(), "checked_at": _now(),
            "period": facts.get("period", {}), "pages": facts.get("pages"), "archive": archive,
            "evidence": _evidence(entry, facts), "http": facts.get("http", {}),
        }
    shutil.rmtree(backups, ignore_errors=True)


def _evidence(entry: RegistryEntry, facts: dict) -> dict:
    """Evidence strings for the state: the period as read from this very PDF, else the registry's."""
    evidence = dict(entry.evidence)
    period = facts.get("period") or {}
    if period.get("evidence"):
        evidence["period"] = period["evidence"]
    return evidence
