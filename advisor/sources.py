"""The registry of official sources (corpus/registry.yaml) and what sync last did with each.

Two files, on purpose:
- the **registry** (corpus/registry.yaml, or ``--registry F``) is what an operator declares and
  reviews: program, kind, round, title, issuer, URL, date, 公募期間, evidence. It is a superset of
  the sources.yaml format, so the ingest reads it as a sources table. Sync never rewrites it
  (deployments often mount it read-only, and YAML comments would be lost).
- the **state** (``<data_dir>/sources/state.json``) is what sync observed: the sha256 of the
  version last ingested, when, the file's place, the archive of older versions, and the period
  and evidence read from the PDF itself. It lives beside the index it describes and is replaced
  atomically, only after the index switched.

``list_sources`` merges both into the rows `advisor sources list --json` and the admin view show.

This module is the registry's reading side and the state's format, below every layer (config,
deadlines and yaml only): program cards and answers read rounds, 公募期間 and official URLs here
on the request path, and the operator's sync (advisor.ingest.sync, which pulls httpx and pypdf)
writes the state through it, so the request path never imports the ingest package.
"""

from __future__ import annotations

import functools
import json
import logging
import os
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from pathlib import Path

import yaml

from advisor.config import Settings
from advisor.deadlines import Period, round_status

log = logging.getLogger(__name__)

# Registry kinds → the sources.yaml vocabulary the retriever's kind filter uses.
SOURCE_KIND = {"公募要領": "guideline", "交付規程": "guideline", "FAQ": "faq"}
STATE_FILE = "state.json"


@dataclass
class RegistryEntry:
    id: str
    program: str
    kind: str
    title: str
    issuer: str
    round: str = ""
    file: str = ""
    url: str = ""
    url_note: str = ""
    site: str = ""
    date: str = ""
    date_precision: str = "unknown"
    period: dict = field(default_factory=dict)  # {start: YYYY-MM-DD, end: YYYY-MM-DDTHH:MM}
    period_note: str = ""
    sha256: str = ""
    reuse: str = ""
    note: str = ""
    evidence: dict = field(default_factory=dict)

    @property
    def file_name(self) -> str:
        return self.file or f"{self.id}.pdf"

    @property
    def official_url(self) -> str:
        """Where owners are sent to check the next round: the site, else the PDF's URL."""
        return self.site or self.url

    def declared_period(self) -> Period | None:
        end = str(self.period.get("end") or "")
        if not end:
            return None
        end_day, _, end_time = end.partition("T")
        start = str(self.period.get("start") or "")
        return Period(
            end=date.fromisoformat(end_day),
            start=date.fromisoformat(start) if start else None,
            end_time=end_time,
            evidence=str(self.evidence.get("period") or ""),
            round=self.round,
        )

    def source_mapping(self) -> dict:
        """The sources.yaml entry the ingest reads for this file."""
        return {
            "id": self.id, "file": self.file_name, "title": self.title, "issuer": self.issuer,
            "date": self.date, "date_precision": self.date_precision, "kind": SOURCE_KIND.get(self.kind, self.kind),
            "reuse": self.reuse, "note": self.note, "url": self.official_url, "program": self.program,
        }


_REQUIRED = ("id", "program", "kind", "title", "issuer")


def load_registry(path: Path) -> list[RegistryEntry]:
    """Entries of a registry file; ValueError names the file, the entry and the problem."""
    if not path.is_file():
        raise FileNotFoundError(path)
    entries = _entries(str(path), path.read_text(encoding="utf-8"))
    # fresh objects (and dicts) for each caller: nothing a caller changes reaches the cache
    return [replace(e, period=dict(e.period), evidence=dict(e.evidence)) for e in entries]


@functools.lru_cache(maxsize=8)
def _entries(path_name: str, text: str) -> tuple[RegistryEntry, ...]:
    """The registry parsed once per content: the answer chain reads it on every answer (official
    URLs, successor notices) and PyYAML's pure-Python parser takes ~70 ms for it, a quarter of a
    turn's CPU. Keyed by the text, so an edited file is read again at once (no mtime granularity);
    a file with problems raises each time (exceptions are not cached)."""
    path = Path(path_name)
    try:
        data = yaml.safe_load(text) or {}
    except (yaml.YAMLError, ValueError) as exc:  # PyYAML raises ValueError for dates like 2026-13-01
        raise ValueError(f"{path}: not valid YAML ({' '.join(str(exc).split())})") from exc
    if not isinstance(data, dict) or not isinstance(data.get("sources") or [], list):
        raise ValueError(f"{path}: expected a mapping with a list under 'sources'")
    sources = data.get("sources") or []
    entries: list[RegistryEntry] = []
    problems: list[str] = []
    known = set(RegistryEntry.__dataclass_fields__)
    for i, raw in enumerate(sources):
        if not isinstance(raw, dict):
            problems.append(f"sources[{i}]: expected a mapping")
            continue
        missing = [k for k in _REQUIRED if not raw.get(k)]
        unknown = sorted(set(raw) - known)
        if missing or unknown:
            what = (f"lacks {', '.join(missing)}" if missing else "") + ("; " if missing and unknown else "")
            problems.append(f"sources[{i}] ({raw.get('id', '?')}): {what}{'unknown keys ' + ', '.join(unknown) if unknown else ''}")
            continue
        entry = RegistryEntry(**{k: ("" if v is None else v) for k, v in raw.items()})
        entry.round, entry.date, entry.url, entry.site = (str(entry.round), str(entry.date), str(entry.url), str(entry.site))
        if entry.url and not entry.url.startswith(("http://", "https://")):
            problems.append(f"sources[{i}] ({entry.id}): url must start with http:// or https://")
        try:
            entry.declared_period()
        except ValueError as exc:
            problems.append(f"sources[{i}] ({entry.id}): period: {exc}")
        entries.append(entry)
    ids = [e.id for e in entries]
    problems += [f"duplicate id {i!r}" for i in sorted({i for i in ids if ids.count(i) > 1})]
    files = [e.file_name for e in entries]
    problems += [f"duplicate file {f!r}" for f in sorted({f for f in files if files.count(f) > 1})]
    if problems:
        raise ValueError(f"{path}: " + "; ".join(problems))
    return tuple(entries)


# --- state -----------------------------------------------------------------------------------------


def state_path(settings: Settings) -> Path:
    return settings.sources_dir / STATE_FILE


def read_state(settings: Settings) -> dict[str, dict]:
    """Per source id: sha256, path, synced_at, checked_at, period, evidence, archive, last_error.
    ValueError naming the file when it is not the JSON sync writes."""
    path = state_path(settings)
    if not path.is_file():
        return {}
    try:
        sources = json.loads(path.read_text(encoding="utf-8")).get("sources", {})
    except (ValueError, AttributeError) as exc:
        raise ValueError(f"{path}: unreadable sync state ({exc}); delete it and run `advisor sources sync`") from None
    if not isinstance(sources, dict):
        raise ValueError(f"{path}: unreadable sync state; delete it and run `advisor sources sync`")
    return sources


def write_state(settings: Settings, state: dict[str, dict]) -> None:
    path = state_path(settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{STATE_FILE}.{os.getpid()}.tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        json.dump({"version": 1, "sources": state}, fh, ensure_ascii=False, indent=1)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


# --- the merged view -------------------------------------------------------------------------------


def entry_period(entry: RegistryEntry, state: dict) -> Period | None:
    """The period read from the ingested PDF when there is one, else the registry's."""
    seen = state.get("period") or {}
    if seen.get("end"):
        end_day, _, end_time = seen["end"].partition("T")
        return Period(
            end=date.fromisoformat(end_day),
            start=date.fromisoformat(seen["start"]) if seen.get("start") else None,
            end_time=end_time, evidence=seen.get("evidence", ""), round=seen.get("round") or entry.round,
        )
    return entry.declared_period()


def list_sources(settings: Settings, registry: Path | None = None) -> list[dict]:
    """One row per registered source: what `advisor sources list --json` prints."""
    entries = load_registry(registry or settings.registry_path)
    state = read_state(settings)
    today = settings.today_date()
    rows = []
    for e in entries:
        s = state.get(e.id, {})
        period = entry_period(e, s)
        status = round_status(period, today) if e.kind == "公募要領" else "不明"
        upcoming = period.end_label if period and period.end >= today else ""
        rows.append({
            "id": e.id, "program": e.program, "kind": e.kind, "round": e.round, "title": e.title, "issuer": e.issuer,
            "url": e.url, "url_known": bool(e.url), "url_note": e.url_note, "site": e.site, "date": e.date,
            "period": period.to_dict() if period else {}, "status": status, "next_deadline": upcoming,
            "sha256": s.get("sha256", ""), "registry_sha256": e.sha256, "ingested": bool(s.get("sha256")),
            "last_sync": s.get("synced_at", ""), "last_check": s.get("checked_at", ""), "last_error": s.get("last_error", ""),
            "versions": len(s.get("archive", [])) + (1 if s.get("sha256") else 0),
            "evidence": s.get("evidence") or e.evidence, "reuse": e.reuse, "today": today.isoformat(),
        })
    return rows


def official_urls(settings: Settings) -> dict[str, str]:
    """source id → the official site owners are sent to (empty registry → {})."""
    try:
        return {e.id: e.official_url for e in load_registry(settings.registry_path) if e.official_url}
    except (FileNotFoundError, ValueError):
        return {}


@dataclass(frozen=True)
class RoundInfo:
    """A program's latest registered round, as program cards and matching show it."""

    status: str  # 公募中 | 締切済み | 予定 | 不明
    round: str = ""
    deadline: str = ""  # "2026年5月8日17:00"
    source_id: str = ""
    url: str = ""

    @property
    def label(self) -> str:
        parts = [p for p in (self.round, f"締切 {self.deadline}" if self.deadline else "") if p]
        return f"{self.status}（{'・'.join(parts)}）" if parts else self.status

    def to_dict(self) -> dict:
        return asdict(self) | {"label": self.label}


_ROUNDS: dict[tuple, dict[str, "RoundInfo"]] = {}


def _mtime(path: Path) -> int | None:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return None


def program_rounds(settings: Settings, registry: Path | None = None) -> dict[str, RoundInfo]:
    """program → its latest registered 公募要領 round and that round's status for today ({} when the
    registry or the sync state cannot be read: program cards and matching then show no round, and
    `advisor sources list` names the problem).

    Cached on the registry's and the sync state's mtimes and today's date (parsing the registry
    YAML costs ~20 ms, and the catalog asks on every load): a sync or a new day is seen at once."""
    path = registry or settings.registry_path
    key = (str(path), _mtime(path), str(state_path(settings)), _mtime(state_path(settings)), settings.today_date())
    rounds = _ROUNDS.get(key)
    if rounds is None:
        rounds = _program_rounds(settings, path)
        _ROUNDS.clear()  # one registry per process in practice; a changed key replaces it
        _ROUNDS[key] = rounds
    return dict(rounds)


def _program_rounds(settings: Settings, registry: Path) -> dict[str, RoundInfo]:
    try:
        entries = [e for e in load_registry(registry) if e.kind == "公募要領"]
        state = read_state(settings)
        today = settings.today_date()
        latest: dict[str, tuple[Period | None, RegistryEntry]] = {}
        for e in entries:
            period = entry_period(e, state.get(e.id, {}))
            held = latest.get(e.program)
            if held is None or (period is not None and (held[0] is None or period.end > held[0].end)):
                latest[e.program] = (period, e)
    except (FileNotFoundError, ValueError) as exc:
        if not isinstance(exc, FileNotFoundError):
            log.warning("program rounds unavailable: %s", exc)
        return {}
    return {
        program: RoundInfo(round_status(period, today), (period.round if period else "") or e.round,
                           period.end_label if period else "", e.id, e.official_url)
        for program, (period, e) in latest.items()
    }
