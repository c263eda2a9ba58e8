"""Persistence of workshop series (SQLAlchemy Core; SQLite by default, PostgreSQL by URL).

Tables are prefixed ``series_``. Secrets are stored only as SHA-256 hashes: the facilitator key of
a series and the company keys (a separate table, so that after a merge both of a company's keys
still lead to the one entry that remains). A company's browser holds its company id and its
advisor session id, both random; every company-facing call needs both, so no company can name
another's data. Facilitator-facing calls take a ``Series`` that ``open_series`` returned.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime, timezone
from typing import Callable, Iterator, Mapping, Sequence

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.engine import Connection

from advisor.db import Database, DuplicateRow
from advisor.db.schema import series_actions as actions_table
from advisor.db.schema import series_attendance as attendance_table
from advisor.db.schema import series_companies as companies_table
from advisor.db.schema import series_company_keys as company_keys_table
from advisor.db.schema import series_evidence as evidence_table
from advisor.db.schema import series_rounds as rounds_table
from advisor.db.schema import series_series as series_table

from .series import (COMPANY_KEY_LENGTH, JOIN_CODE_LENGTH, MAX_ROUNDS, Action, CaseWriteUp, CheckIn, Company,
                     CompanyProgress, Evidence, Readiness, Round, Series, SecretGuessError, SeriesError, StageRecord,
                     TEXT_LIMITS,
                     clean_text, new_code, normalise_code, validate_stage)

MAX_COMPANIES_PER_SERIES = 200


def _hash_secret(secret: str) -> str:
    return hashlib.sha256((secret or "").strip().encode()).hexdigest()


def _hash_company_key(key: str) -> str:
    # Keys are typed by people: "k7qmx 2pa9r" and "K7QMX-2PA9R" are the same key.
    return hashlib.sha256(normalise_code(key).encode()).hexdigest()


def _projector_token(series_id: str, key_hash: str) -> str:
    return hmac.new(key_hash.encode(), f"series-projector:{series_id}".encode(), hashlib.sha256).hexdigest()[:32]


def _now() -> str:
    # Microseconds: companies are listed in the order they joined, and a room joins within seconds.
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


class SeriesStore:
    """The series tables of the advisor's one database (schema: advisor.db.schema, revision 0003)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    @contextmanager
    def _tx(self) -> Iterator[Connection]:
        # One transaction per operation; driver errors arrive as advisor.db.DatabaseError.
        with self.db.connect() as con:
            yield con

    # --- series and rounds (facilitator) ---------------------------------------------------------

    def create_series(self, name: str, region: str, organiser: str, planned_dates: Sequence[str]) -> tuple[Series, str]:
        """A new series and its facilitator key (shown once; only its hash is stored)."""
        key = secrets.token_urlsafe(24)
        series = Series(secrets.token_hex(8), name, region, organiser, tuple(planned_dates), _now())
        with self._tx() as con:
            con.execute(insert(series_table).values(
                id=series.id, name=series.name, region=series.region, organiser=series.organiser,
                planned_dates=json.dumps(list(series.planned_dates), ensure_ascii=False), key_hash=_hash_secret(key),
                created_at=series.created_at))
        return series, key

    @staticmethod
    def _series(row: Mapping) -> Series:
        return Series(row["id"], row["name"], row["region"], row["organiser"], tuple(json.loads(row["planned_dates"])),
                      row["created_at"])

    def open_series(self, series_id: str, key: str) -> Series:
        """The series if ``key`` is its facilitator key; one message for an unknown id and a wrong key."""
        with self._tx() as con:
            row = con.execute(select(series_table).where(series_table.c.id == (series_id or ""))).mappings().first()
        if row is None or not hmac.compare_digest(row["key_hash"], _hash_secret(key)):
            raise SecretGuessError("シリーズまたはファシリテーターキーが正しくありません。")
        return self._series(row)

    def projector_token(self, series: Series) -> str:
        """The read-only token of the series' projector view: derived from the stored key hash (no
        extra secret to keep), and one-way, so the address on the room's screen reveals no key."""
        with self._tx() as con:
            key_hash = con.execute(select(series_table.c.key_hash).where(series_table.c.id == series.id)).scalar_one()
        return _projector_token(series.id, key_hash)

    def open_as_projector(self, series_id: str, token: str) -> Series:
        with self._tx() as con:
            row = con.execute(select(series_table).where(series_table.c.id == (series_id or ""))).mappings().first()
        if row is None or not hmac.compare_digest(_projector_token(row["id"], row["key_hash"]), (token or "").strip()):
            raise SecretGuessError("シリーズまたは投影用トークンが正しくありません。")
        return self._series(row)

    def rounds(self, series: Series) -> list[Round]:
        with self._tx() as con:
            rows = con.execute(select(rounds_table).where(rounds_table.c.series_id == series.id)
                               .order_by(rounds_table.c.number)).mappings().all()
        return [self._round(r) for r in rows]

    @staticmethod
    def _round(row: Mapping) -> Round:
        return Round(row["id"], row["series_id"], int(row["number"]), row["code"], row["opened_at"], bool(row["closed"]))

    def open_next_round(self, series: Series) -> Round:
        for _ in range(20):  # a clash of two random codes is rare; retry rather than fail
            try:
                with self._tx() as con:
                    last = con.execute(select(func.max(rounds_table.c.number))
                                       .where(rounds_table.c.series_id == series.id)).scalar()
                    number = int(last or 0) + 1
                    if number > MAX_ROUNDS:
                        raise SeriesError(f"1つのシリーズで開ける回は{MAX_ROUNDS}回までです。")
                    round_ = Round(secrets.token_hex(8), series.id, number, new_code(JOIN_CODE_LENGTH), _now())
                    con.execute(insert(rounds_table).values(
                        id=round_.id, series_id=series.id, number=number, code=round_.code,
                        opened_at=round_.opened_at, closed=0))
                return round_
            except DuplicateRow:
                continue  # a code clash, or another facilitator opened the same number: try again
        raise SeriesError("参加コードを作成できませんでした。もう一度お試しください。")

    def set_round_closed(self, series: Series, number: int, closed: bool) -> None:
        with self._tx() as con:
            done = con.execute(update(rounds_table).where(rounds_table.c.series_id == series.id,
                                                          rounds_table.c.number == number).values(closed=int(closed)))
        if done.rowcount == 0:
            raise SeriesError(f"第{number}回は見つかりません。")

    def round_by_code(self, code: str) -> Round | None:
        with self._tx() as con:
            row = con.execute(select(rounds_table).where(rounds_table.c.code == normalise_code(code))).mappings().first()
        return self._round(row) if row else None

    def series_by_id(self, series_id: str) -> Series:
        """For a company's own pages (the company already proved who it is); never for facilitators."""
        with self._tx() as con:
            row = con.execute(select(series_table).where(series_table.c.id == series_id)).mappings().one()
        return self._series(row)

    # --- joining ------------------------------------------------------------------------------------

    def round_for_join(self, code: str) -> Round:
        """The open round with this join code, or a Japanese message saying why not."""
        if not normalise_code(code):
            raise SeriesError("参加コードを入力してください。")
        round_ = self.round_by_code(code)
        if round_ is None:
            raise SecretGuessError("参加コードが見つかりません。ファシリテーターが示しているコードを確認してください。")
        if round_.closed:
            raise SeriesError(f"{round_.label}の受付は終了しました。参加コードが正しいか、ファシリテーターに確認してください。")
        return round_

    def join_new(self, code: str, name: str, session_id: str) -> tuple[Company, str, Round]:
        """A first-time company: its entry, its company key (shown on its handout) and the round."""
        round_ = self.round_for_join(code)
        with self._tx() as con:
            count = con.execute(select(func.count()).select_from(companies_table)
                                .where(companies_table.c.series_id == round_.series_id)).scalar()
            if int(count or 0) >= MAX_COMPANIES_PER_SERIES:
                raise SeriesError("参加企業数の上限に達しています。ファシリテーターに相談してください。")
            company = Company(secrets.token_hex(12), round_.series_id, name, session_id, _now())
            con.execute(insert(companies_table).values(
                id=company.id, series_id=company.series_id, name=company.name, session_id=session_id,
                joined_at=company.joined_at, consent_quote=0, consent_case=0,
                case_challenge="", case_approach="", case_result=""))
            key = new_code(COMPANY_KEY_LENGTH)
            con.execute(insert(company_keys_table).values(key_hash=_hash_company_key(key), company_id=company.id))
            con.execute(insert(attendance_table).values(company_id=company.id, round_number=round_.number,
                                                        joined_at=_now(), readiness="{}"))
        return company, key, round_

    def join_returning(self, code: str, key: str) -> tuple[Company, Round]:
        """A company that joined before, recognised by its key; nothing to retype."""
        round_ = self.round_for_join(code)
        if len(normalise_code(key)) != COMPANY_KEY_LENGTH:
            raise SecretGuessError(f"会社キーは{COMPANY_KEY_LENGTH}文字です（例: K7QMX-2PA9R）。配布資料のキーを確認してください。")
        with self._tx() as con:
            row = con.execute(
                select(companies_table).join(company_keys_table, company_keys_table.c.company_id == companies_table.c.id)
                .where(company_keys_table.c.key_hash == _hash_company_key(key), companies_table.c.series_id == round_.series_id)
            ).mappings().first()
            if row is None:
                raise SecretGuessError("会社キーが見つかりません。このシリーズで以前に受け取ったキーか確認してください。")
            company = self._company(row)
            present = con.execute(select(attendance_table.c.company_id).where(
                attendance_table.c.company_id == company.id, attendance_table.c.round_number == round_.number)).first()
            if present is None:
                con.execute(insert(attendance_table).values(company_id=company.id, round_number=round_.number,
                                                            joined_at=_now(), readiness="{}"))
        return company, round_

    def company_has_key(self, company: Company, key: str) -> bool:
        with self._tx() as con:
            row = con.execute(select(company_keys_table.c.company_id).where(
                company_keys_table.c.key_hash == _hash_company_key(key))).first()
        return row is not None and row[0] == company.id

    @staticmethod
    def _company(row: Mapping) -> Company:
        return Company(row["id"], row["series_id"], row["name"], row["session_id"], row["joined_at"],
                       bool(row["consent_quote"]), bool(row["consent_case"]))

    def company(self, company_id: str, session_id: str) -> Company | None:
        """A company only by both of its browser's secrets."""
        with self._tx() as con:
            row = con.execute(select(companies_table).where(companies_table.c.id == (company_id or ""),
                                                            companies_table.c.session_id == (session_id or ""))
                              ).mappings().first()
        return self._company(row) if row else None

    def company_in_series(self, series: Series, company_id: str) -> Company:
        with self._tx() as con:
            row = con.execute(select(companies_table).where(companies_table.c.id == (company_id or ""),
                                                            companies_table.c.series_id == series.id)).mappings().first()
        if row is None:
            raise SeriesError("この企業はシリーズに登録されていません（削除または統合済みかもしれません）。")
        return self._company(row)

    def companies(self, series: Series) -> list[Company]:
        with self._tx() as con:
            rows = con.execute(select(companies_table).where(companies_table.c.series_id == series.id)
                               .order_by(companies_table.c.joined_at, companies_table.c.id)).mappings().all()
        return [self._company(r) for r in rows]

    def rounds_attended(self, company: Company) -> list[int]:
        with self._tx() as con:
            rows = con.execute(select(attendance_table.c.round_number).where(attendance_table.c.company_id == company.id)
                               .order_by(attendance_table.c.round_number)).all()
        return [int(r[0]) for r in rows]

    # --- the company's own records ------------------------------------------------------------------

    def _attended(self, con: Connection, company: Company, round_number: int) -> None:
        row = con.execute(select(attendance_table.c.company_id).where(
            attendance_table.c.company_id == company.id, attendance_table.c.round_number == round_number)).first()
        if row is None:
            raise SeriesError(f"第{round_number}回には参加していません。参加コードで参加してから記録してください。")

    def save_readiness(self, company: Company, round_number: int, answers: Mapping[str, str]) -> None:
        with self._tx() as con:
            self._attended(con, company, round_number)
            con.execute(update(attendance_table).where(
                attendance_table.c.company_id == company.id, attendance_table.c.round_number == round_number
            ).values(readiness=json.dumps(dict(answers), ensure_ascii=False)))

    def save_checkin(self, company: Company, round_number: int, done: str, learned: str) -> None:
        done, learned = clean_text(done, TEXT_LIMITS["long"]), clean_text(learned, TEXT_LIMITS["long"])
        if not done and not learned:
            raise SeriesError("チェックインは「やったこと」か「分かったこと」のどちらかを書いてください。")
        with self._tx() as con:
            self._attended(con, company, round_number)
            con.execute(update(attendance_table).where(
                attendance_table.c.company_id == company.id, attendance_table.c.round_number == round_number
            ).values(checkin_done=done, checkin_learned=learned))

    def choose_stage(self, company: Company, round_number: int, stage: str) -> None:
        """The company's own choice; a changed choice waits for the facilitator's confirmation again."""
        stage = validate_stage(stage)
        with self._tx() as con:
            self._attended(con, company, round_number)
            current = con.execute(select(attendance_table.c.stage).where(
                attendance_table.c.company_id == company.id, attendance_table.c.round_number == round_number)).scalar()
            if current != stage:
                con.execute(update(attendance_table).where(
                    attendance_table.c.company_id == company.id, attendance_table.c.round_number == round_number
                ).values(stage=stage, stage_confirmed=0))

    def confirm_stage(self, series: Series, company_id: str, round_number: int, confirmed: bool = True) -> None:
        company = self.company_in_series(series, company_id)
        with self._tx() as con:
            stage = con.execute(select(attendance_table.c.stage).where(
                attendance_table.c.company_id == company.id, attendance_table.c.round_number == round_number)).scalar()
            if not stage:
                raise SeriesError(f"{company.name}は第{round_number}回の段階をまだ選んでいません。")
            con.execute(update(attendance_table).where(
                attendance_table.c.company_id == company.id, attendance_table.c.round_number == round_number
            ).values(stage_confirmed=int(confirmed)))

    def save_plan(self, company: Company, actions: Sequence[Action]) -> None:
        """Replace the plan (already validated by ``validate_plan``); it stays until changed, so it
        carries over to the next round as it is."""
        now = _now()
        with self._tx() as con:
            con.execute(delete(actions_table).where(actions_table.c.company_id == company.id))
            for position, a in enumerate(actions, start=1):
                con.execute(insert(actions_table).values(
                    company_id=company.id, position=position, text=a.text, category=a.category, owner=a.owner,
                    due_round=a.due_round, status=a.status, note=a.note, updated_at=now))

    def actions(self, company: Company) -> list[Action]:
        with self._tx() as con:
            rows = con.execute(select(actions_table).where(actions_table.c.company_id == company.id)
                               .order_by(actions_table.c.position)).mappings().all()
        return [Action(r["text"], r["category"], r["owner"], int(r["due_round"]), r["status"], r["note"]) for r in rows]

    def add_evidence(self, company: Company, evidence: Evidence) -> None:
        with self._tx() as con:
            self._attended(con, company, evidence.round_number)
            con.execute(insert(evidence_table).values(company_id=company.id, round_number=evidence.round_number,
                                                      kind=evidence.kind, figure=evidence.figure, words=evidence.words))

    def save_case(self, company: Company, challenge: str, approach: str, result: str) -> CaseWriteUp:
        case = CaseWriteUp(*(clean_text(t, TEXT_LIMITS["long"]) for t in (challenge, approach, result)))
        with self._tx() as con:
            con.execute(update(companies_table).where(companies_table.c.id == company.id).values(
                case_challenge=case.challenge, case_approach=case.approach, case_result=case.result))
        return case

    def set_consent(self, company: Company, quote: bool, case: bool) -> Company:
        with self._tx() as con:
            con.execute(update(companies_table).where(companies_table.c.id == company.id)
                        .values(consent_quote=int(bool(quote)), consent_case=int(bool(case))))
        return replace(company, consent_quote=bool(quote), consent_case=bool(case))

    # --- facilitator: remove and merge -------------------------------------------------------------

    def remove_company(self, series: Series, company_id: str) -> Company:
        """Delete a company and everything it recorded (its key stops working)."""
        company = self.company_in_series(series, company_id)
        with self._tx() as con:
            for table in (actions_table, evidence_table, attendance_table, company_keys_table):
                con.execute(delete(table).where(table.c.company_id == company.id))
            con.execute(delete(companies_table).where(companies_table.c.id == company.id))
        return company

    def merge_companies(self, series: Series, keep_id: str, drop_id: str) -> Company:
        """Two entries of one company become one: ``keep`` wins where both recorded the same
        round (or both have a plan); the other's records fill the gaps; both keys lead to ``keep``."""
        if keep_id == drop_id:
            raise SeriesError("同じ企業どうしは統合できません。別の企業を選んでください。")
        keep, drop = self.company_in_series(series, keep_id), self.company_in_series(series, drop_id)
        with self._tx() as con:
            kept_rounds = {int(r[0]) for r in con.execute(select(attendance_table.c.round_number)
                                                          .where(attendance_table.c.company_id == keep.id)).all()}
            for row in con.execute(select(attendance_table).where(attendance_table.c.company_id == drop.id)).mappings().all():
                number = int(row["round_number"])
                if number in kept_rounds:
                    self._fill_attendance(con, keep.id, row)
                else:
                    con.execute(update(attendance_table).where(attendance_table.c.company_id == drop.id,
                                                               attendance_table.c.round_number == number)
                                .values(company_id=keep.id))
            has_plan = con.execute(select(func.count()).select_from(actions_table)
                                   .where(actions_table.c.company_id == keep.id)).scalar()
            if not has_plan:
                con.execute(update(actions_table).where(actions_table.c.company_id == drop.id).values(company_id=keep.id))
            con.execute(update(evidence_table).where(evidence_table.c.company_id == drop.id).values(company_id=keep.id))
            con.execute(update(company_keys_table).where(company_keys_table.c.company_id == drop.id)
                        .values(company_id=keep.id))
            keep_row = con.execute(select(companies_table).where(companies_table.c.id == keep.id)).mappings().one()
            drop_row = con.execute(select(companies_table).where(companies_table.c.id == drop.id)).mappings().one()
            case = {c: keep_row[c] or drop_row[c] for c in ("case_challenge", "case_approach", "case_result")}
            # Consent is never widened by a merge: a flag stays on only if the kept entry gave it.
            con.execute(update(companies_table).where(companies_table.c.id == keep.id).values(
                joined_at=min(keep_row["joined_at"], drop_row["joined_at"]), **case))
            for table in (actions_table, attendance_table):
                con.execute(delete(table).where(table.c.company_id == drop.id))
            con.execute(delete(companies_table).where(companies_table.c.id == drop.id))
        return self.company_in_series(series, keep.id)

    @staticmethod
    def _fill_attendance(con: Connection, keep_id: str, dropped: Mapping) -> None:
        number = int(dropped["round_number"])
        kept = con.execute(select(attendance_table).where(attendance_table.c.company_id == keep_id,
                                                          attendance_table.c.round_number == number)).mappings().one()
        values: dict[str, object] = {}
        if kept["readiness"] in ("", "{}") and dropped["readiness"] not in ("", "{}"):
            values["readiness"] = dropped["readiness"]
        for col in ("checkin_done", "checkin_learned"):
            if not kept[col] and dropped[col]:
                values[col] = dropped[col]
        if not kept["stage"] and dropped["stage"]:
            values.update(stage=dropped["stage"], stage_confirmed=dropped["stage_confirmed"])
        if values:
            con.execute(update(attendance_table).where(attendance_table.c.company_id == keep_id,
                                                       attendance_table.c.round_number == number).values(**values))

    # --- progress (what the views and reports read) ------------------------------------------------

    def progress(self, company: Company, score: Callable[[dict[str, str]], Readiness],
                 profile: Callable[[Company], tuple[list[str], list[str]]] | None = None) -> CompanyProgress:
        """Everything recorded for one company. ``score`` turns stored readiness answers into a
        Readiness (the readiness module does that); ``profile`` gives the company's profile topics
        and matching programs (the advisor does that)."""
        with self._tx() as con:
            row = con.execute(select(companies_table).where(companies_table.c.id == company.id)).mappings().one()
            company = self._company(row)
            attendance = con.execute(select(attendance_table).where(attendance_table.c.company_id == company.id)
                                     .order_by(attendance_table.c.round_number)).mappings().all()
            evidence = con.execute(select(evidence_table).where(evidence_table.c.company_id == company.id)
                                   .order_by(evidence_table.c.id)).mappings().all()
        progress = CompanyProgress(company=company, actions=self.actions(company))
        for a in attendance:
            n = int(a["round_number"])
            progress.rounds_attended.append(n)
            answers = json.loads(a["readiness"] or "{}")
            if answers:
                progress.readiness[n] = score(answers)
            if a["checkin_done"] or a["checkin_learned"]:
                progress.checkins[n] = CheckIn(n, a["checkin_done"], a["checkin_learned"])
            if a["stage"]:
                progress.stages[n] = StageRecord(n, a["stage"], bool(a["stage_confirmed"]))
        progress.evidence = [Evidence(int(e["round_number"]), e["kind"], float(e["figure"]), e["words"]) for e in evidence]
        if row["case_challenge"] or row["case_approach"] or row["case_result"]:
            progress.case = CaseWriteUp(row["case_challenge"], row["case_approach"], row["case_result"])
        if profile is not None:
            progress.topics, progress.programs = profile(company)
        return progress

    def ping(self) -> None:
        with self._tx() as con:
            con.execute(select(1)).scalar()
