"""Which documents belong to which program, and which program a name (as owners write it) means.

Every source may name its ``program`` in sources.yaml: a catalog id ("monodukuri") or, for a
program the catalog lacks, the program's name ("小規模事業者持続化補助金"). A name given to a
search ("ものづくり補助金", "持続化補助金", "monodukuri") is resolved here through the catalog's
names and aliases (corpus/programs/*.yaml, read as plain YAML: the retrieval layer sits below
advisor.programs and must not import it) and the sources' own program fields.

Resolution, all on ``name_key`` forms (NFKC, no spaces, no ・ or brackets, lower case):
1. the key equals a catalog id, name or alias, or a source's program field → that program;
2. and every program one of whose names contains the key (at least 5 characters, so that
   「補助金」 alone means nothing): 「持続化補助金」 → 小規模事業者持続化補助金,
   「IT導入補助金」 → IT導入補助金2023 and a source's IT導入補助金2025.
A name that matches nothing resolves to no program: the search then runs as if none was given.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from advisor.text import name_key
from advisor.types import SourceInfo

log = logging.getLogger(__name__)

_MIN_PARTIAL = 5
# Owners drop these leading words ("持続化補助金", "新事業進出補助金"); a name without them is
# still that program's name when found in a question.
_DROPPABLE_PREFIXES = ("中小企業", "小規模事業者")


@dataclass
class ProgramDirectory:
    """Program keys → their names, and program keys → the source ids of their documents."""

    names: dict[str, set[str]] = field(default_factory=dict)  # program key -> name keys
    sources: dict[str, set[str]] = field(default_factory=dict)  # program key -> source ids
    _by_name: dict[str, set[str]] = field(default_factory=dict)

    @classmethod
    def build(cls, programs_dir: Path | None, sources: Mapping[str, SourceInfo]) -> "ProgramDirectory":
        directory = cls()
        for program_id, names in _catalog_names(programs_dir).items():
            directory._add(program_id, [program_id, *names])
        for source in sources.values():
            if not source.program:
                continue
            key = directory.canonical(source.program)
            directory._add(key, [source.program])
            directory.sources.setdefault(key, set()).add(source.id)
        return directory

    def _add(self, program: str, names: Iterable[str]) -> None:
        keys = {name_key(n) for n in names if n and name_key(n)}
        self.names.setdefault(program, set()).update(keys)
        for key in keys:
            self._by_name.setdefault(key, set()).add(program)

    def canonical(self, value: str) -> str:
        """A source's program field as a program key: the catalog id when the catalog knows the
        name, else the name's own key."""
        exact = self._by_name.get(name_key(value))
        return sorted(exact)[0] if exact else name_key(value)

    def resolve(self, name: str) -> set[str]:
        """Program keys a name (or id) means; empty when it means none we know."""
        key = name_key(name)
        if not key:
            return set()
        found = set(self._by_name.get(key, set()))
        if len(key) >= _MIN_PARTIAL:
            found |= {program for program, keys in self.names.items() if any(key in k for k in keys)}
        return found

    def source_ids(self, programs: Iterable[str]) -> set[str]:
        """Source ids of the documents of any of ``programs`` (names or keys)."""
        out: set[str] = set()
        for name in programs:
            for program in self.resolve(name):
                out |= self.sources.get(program, set())
        return out

    def mentioned_in(self, text: str) -> set[str]:
        """Program keys whose name (or the name without 中小企業/小規模事業者) occurs in ``text``;
        only programs that have documents of their own count, since only they change a search."""
        compact_text = name_key(text)
        found: set[str] = set()
        for program in self.sources:
            for key in self.names.get(program, set()):
                variants = {key} | {key[len(name_key(p)) :] for p in _DROPPABLE_PREFIXES if key.startswith(name_key(p))}
                if any(len(v) >= 4 and v in compact_text for v in variants):
                    found.add(program)
                    break
        return found


def _catalog_names(programs_dir: Path | None) -> dict[str, list[str]]:
    """id -> name and aliases of every program file; a file that cannot be read is skipped here
    (the catalog's own loader reports it to the operator)."""
    out: dict[str, list[str]] = {}
    if programs_dir is None or not programs_dir.is_dir():
        return out
    for path in sorted(programs_dir.glob("*.yaml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            program_id = str(data["id"])
            names = [_value(data.get("name"))] + [_value(a) for a in data.get("aliases") or []]
        except (OSError, ValueError, KeyError, TypeError, yaml.YAMLError) as exc:
            log.warning("program names not read from %s: %s", path.name, exc)
            continue
        out[program_id] = [n for n in names if n]
    return out


def _value(entry: object) -> str:
    if isinstance(entry, dict):
        return str(entry.get("value") or "")
    return str(entry or "")
