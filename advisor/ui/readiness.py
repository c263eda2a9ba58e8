"""The short AX readiness check used by workshop participants (and available to every owner).

Each item is a yes / partly / no question whose reason comes from a corpus document: ``evidence``
is a substring of that document (matched after NFKC and whitespace removal, like the program
catalog) and is resolved into a Citation through the catalog's evidence index, so an item can
never cite words the documents do not contain (tests/test_ui_readiness.py checks all of them).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from advisor.config import Settings
from advisor.types import Citation

ANSWERS: dict[str, int] = {"はい": 2, "一部": 1, "いいえ": 0}
ANSWER_CHOICES: list[str] = list(ANSWERS)
GAP_ANSWERS = ("いいえ", "一部")


def _score(answers: list[str]) -> int:
    """0-100: share of the maximum points over answered items (unanswered items do not count)."""
    answered = [a for a in answers if a]
    if not answered:
        return 0
    return round(100 * sum(ANSWERS[a] for a in answered) / (2 * len(answered)))


@dataclass(frozen=True)
class ReadinessItem:
    id: str
    topic: str  # short label for dashboards ("ビジョン")
    question: str  # asked to the owner
    advice: str  # shown when the answer is not "はい"
    evidence: str  # substring of the source document
    source: str  # source id in corpus/sources.yaml
    anchor: str = ""  # text just before the evidence when the evidence occurs more than once


ITEMS: tuple[ReadinessItem, ...] = (
    ReadinessItem(
        "vision", "ビジョン",
        "5〜10年後にどんな会社でありたいかを、社内で言葉にして共有していますか。",
        "資料は、DX推進で経営者が考えるべきこととして将来像と現状との差分を挙げています。まず目指す姿を書き出しましょう。",
        "5〜10年後にどんな会社でありたいか", "kyushu-meti-dx-support-2023",
        anchor="DX推進において経営者が考えるべきこと",
    ),
    ReadinessItem(
        "value_first", "目的起点",
        "「AIで何かできないか」ではなく、顧客にどんな価値を生むかからAI・デジタルの使い道を考えていますか。",
        "資料は「AIを使って何かできないか」という発想をDXが進まないパターンとして挙げています。解決したい課題から考えましょう。",
        "どんな価値を創出するかではなく、「AIを使って何かできないか」という発想に", "kyushu-meti-dx-support-2023",
    ),
    ReadinessItem(
        "owner", "推進体制",
        "社内にAI・デジタル化を進める担当者（兼務でも可）がいますか。",
        "資料ではDXの課題として「対応できる人材がいない」が挙がっています。兼務でも担当者を決めることが第一歩です。",
        "対応できる人材がいない", "kyushu-meti-dx-support-2023",
    ),
    ReadinessItem(
        "process", "業務の見える化",
        "主な業務の手順が特定の人に頼らず、誰でも分かる形で整理されていますか。",
        "資料の事例では、業務の属人化・ブラックボックス化を課題とした会社がビジョンを明確にして業務変革に着手しています。",
        "業務の属人化やブラックボックス化に課題意識はありつつも", "kyushu-meti-dx-support-2023",
    ),
    ReadinessItem(
        "data", "データ記録",
        "売上・顧客・在庫などのデータをデジタルで記録し、見返せる状態ですか。",
        "資料の事例では、1台のPCへのデータ入力からデータ活用を始め、AIによる来客数予測に至っています。小さく記録を始めましょう。",
        "1台のPCに手作業で天気や売上などのデータを入力するところから地道にデータ活用の取組を開始", "kyushu-meti-dx-support-2023",
    ),
    ReadinessItem(
        "skills", "人材育成",
        "従業員がAI・デジタルについて学ぶ機会（研修・オンライン講座など）がありますか。",
        "資料はデジタルスキル標準を、全てのビジネスパーソンが身につけるべき知識・スキルの指針として示しています。",
        "全てのビジネスパーソンが身につけるべき知識・スキルを定義", "kyushu-meti-dx-support-2023",
    ),
    ReadinessItem(
        "security", "セキュリティ",
        "AIに入力してよい情報・いけない情報など、情報管理のルールを決めていますか。",
        "資料は、情報セキュリティへの懸念やAIの能力・限界の理解不足が導入をためらわせていると指摘しています。",
        "AI活用における情報セキュリティへの懸念やAIの能力・限界に関する正しい理解が不足", "policy-platform-industry",
    ),
    ReadinessItem(
        "advisor", "相談先",
        "経営とAIの両方を相談できる外部の専門家や支援機関とつながっていますか。",
        "資料は、経営にもAIにも精通した人材の助言を受けてAI導入を始める仕組みづくりを重要としています。地域の支援機関に相談しましょう。",
        "経営にもAIにも精通した優秀な人材によるアドバイスを受けて", "meti-regional-ax-2026",
    ),
)


@dataclass
class ItemResult:
    item: ReadinessItem
    answer: str  # one of ANSWERS, or "" when unanswered
    citation: Citation

    @property
    def is_gap(self) -> bool:
        return self.answer in GAP_ANSWERS

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.item.id,
            "topic": self.item.topic,
            "question": self.item.question,
            "answer": self.answer,
            "gap": self.is_gap,
            "advice": self.item.advice,
            "citation": self.citation.to_dict(),
        }


@dataclass
class ReadinessResult:
    items: list[ItemResult] = field(default_factory=list)

    @property
    def answered(self) -> int:
        return sum(1 for r in self.items if r.answer)

    @property
    def score(self) -> int:
        """0-100: share of the maximum points over answered items (unanswered items do not count)."""
        return _score([r.answer for r in self.items])

    @property
    def level(self) -> str:
        if self.answered == 0:
            return "未回答"
        if self.score >= 75:
            return "準備が進んでいます"
        if self.score >= 40:
            return "土台づくりの段階"
        return "これから始める段階"

    @property
    def gaps(self) -> list[ItemResult]:
        return [r for r in self.items if r.is_gap]

    def to_dict(self) -> dict[str, Any]:
        return {
            "score": self.score,
            "level": self.level,
            "answered": self.answered,
            "items": [r.to_dict() for r in self.items],
            "gaps": [r.item.topic for r in self.gaps],
        }


def item_citation(item: ReadinessItem, settings: Settings) -> Citation:
    """The cited passage for an item; raises ValueError when the evidence is not in the corpus."""
    from advisor.programs import load_catalog

    return load_catalog(settings).cite(item.evidence, item.source, item.anchor)


def score_answers(answers: dict[str, str]) -> tuple[int | None, tuple[str, ...]]:
    """(score, gap topics) without resolving citations: what dashboards over many companies and
    rounds need (citations cost a catalog lookup per item). None when nothing was answered."""
    chosen = [answers.get(item.id, "") if answers.get(item.id, "") in ANSWERS else "" for item in ITEMS]
    if not any(chosen):
        return None, ()
    return _score(chosen), tuple(item.topic for item, a in zip(ITEMS, chosen) if a in GAP_ANSWERS)


def evaluate(answers: dict[str, str], settings: Settings) -> ReadinessResult:
    """Score the answers (item id -> はい/一部/いいえ); unknown ids and answers are ignored."""
    result = ReadinessResult()
    for item in ITEMS:
        answer = answers.get(item.id, "")
        result.items.append(ItemResult(item, answer if answer in ANSWERS else "", item_citation(item, settings)))
    return result
