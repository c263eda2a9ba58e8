"""TEMPORARY stand-in for advisor.session.Advisor while issue 4 lands. Delete once it exists.

Real retrieval, profile parsing and matching; sessions in memory. Only the UI tests use it, and
only when advisor.session cannot be imported.
"""

from __future__ import annotations

import itertools
import threading
import uuid
from dataclasses import dataclass, field
from typing import Any, Iterator

from advisor.config import Settings
from advisor.programs import follow_up_questions, load_catalog, match_programs, parse_profile, profile_from_dict
from advisor.programs.models import Profile
from advisor.types import Answer, Citation


@dataclass
class TurnResult:
    session_id: str
    message_id: int
    intent: str
    answer: Answer
    profile: dict
    understood: list[str] = field(default_factory=list)
    matches: list[dict] = field(default_factory=list)
    follow_up_questions: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    blocked: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "session_id": self.session_id, "message_id": self.message_id, "intent": self.intent,
            "answer": self.answer.to_dict(), "profile": self.profile, "understood": self.understood,
            "matches": self.matches, "follow_up_questions": self.follow_up_questions, "notices": self.notices,
            "blocked": self.blocked,
        }


@dataclass
class Draft:
    markdown: str
    placeholders: list[str]

    def to_docx(self) -> bytes:
        import io

        import docx

        d = docx.Document()
        for line in self.markdown.splitlines():
            if line.startswith("#"):
                d.add_heading(line.lstrip("# "), level=min(3, len(line) - len(line.lstrip("#"))))
            elif line.strip():
                d.add_paragraph(line)
        buf = io.BytesIO()
        d.save(buf)
        return buf.getvalue()


class Advisor:
    def __init__(self, settings: Settings, retriever: Any = None) -> None:
        from advisor.retrieval.hybrid import Retriever

        self.settings = settings
        self.retriever = retriever or Retriever(settings)
        self.sessions: dict[str, dict] = {}
        self.ids = itertools.count(1)
        self.lock = threading.Lock()
        self.feedback: list[tuple] = []

    def new_session(self, kind: str = "owner") -> str:
        sid = uuid.uuid4().hex
        with self.lock:
            self.sessions[sid] = {"profile": Profile(), "history": [], "kind": kind}
        return sid

    def has_session(self, sid: str) -> bool:
        return sid in self.sessions

    def turn(self, sid: str, message: str) -> TurnResult:
        result = None
        for part in self.stream_turn(sid, message):
            if not isinstance(part, str):
                result = part
        assert result is not None
        return result

    def stream_turn(self, sid: str, message: str) -> Iterator[Any]:
        s = self.sessions[sid]
        parsed = parse_profile(message, s["profile"])
        s["profile"] = parsed.profile
        hits = self.retriever.search(message, k=3)
        cites = [Citation.from_scored(h) for h in hits]
        text = "資料によると、" + "".join(f"{c.passage[:80]}[{i}]。" for i, c in enumerate(cites, 1)) if cites else "資料に記載がありません。"
        for i in range(0, len(text), 20):
            yield text[i : i + 20]
        mid = next(self.ids)
        s["history"].append({"role": "user", "content": message})
        s["history"].append({"role": "assistant", "content": text, "message_id": mid})
        matches = [m.to_dict() for m in match_programs(s["profile"], load_catalog(self.settings))]
        has_profile = bool(s["profile"].summary_lines())
        yield TurnResult(sid, mid, "question", Answer(text, cites), s["profile"].to_dict(), parsed.understood,
                         matches if has_profile else [], follow_up_questions(match_programs(s["profile"], load_catalog(self.settings))))

    def get_profile(self, sid: str) -> Profile:
        return self.sessions[sid]["profile"]

    def update_profile(self, sid: str, fields: dict) -> Any:
        current = self.sessions[sid]["profile"]
        text = " ".join(str(v) for v in fields.values() if v)
        parsed = parse_profile(text, current)
        self.sessions[sid]["profile"] = parsed.profile
        return parsed

    def matches(self, sid: str) -> list[dict]:
        p = self.sessions[sid]["profile"]
        if not p.summary_lines():
            return []
        return [m.to_dict() for m in match_programs(p, load_catalog(self.settings))]

    def draft(self, sid: str, program: str, notes: str = "") -> Draft:
        p = self.sessions[sid]["profile"]
        md = f"# {program} 申請書 AX取組の記載（下書き）\n\n## 会社の概要\n\n" + "\n".join(p.summary_lines() or ["【要記入: 会社概要】"]) + f"\n\n## AXの取組\n\n{notes or '【要記入: 取組内容】'}\n"
        return Draft(md, ["会社概要"] if not p.summary_lines() else [])

    def history(self, sid: str) -> list[dict]:
        return list(self.sessions[sid]["history"])

    def record_feedback(self, sid: str, message_id: int, rating: int, comment: str = "") -> None:
        self.feedback.append((sid, message_id, rating, comment))

    def export_markdown(self, sid: str) -> str:
        return "\n\n".join(f"**{m['role']}**: {m['content']}" for m in self.sessions[sid]["history"])
