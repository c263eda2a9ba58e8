"""Is an owner's wish about the business's work? (e5 over goal exemplars, goals.yaml)

A company description often ends with what the owner wants, in the words of the trade and no word
of ours: 「社員5人の花屋です。配達ルートをうまく組みたい」. The off-topic classifier, trained to
tell subsidy questions from chit-chat, puts such a wish near chit-chat (it names no subsidy, no AX
word). What makes it the advisor's business is not its vocabulary but what the wish is about: the
company's work (operations, customers, staff time, stock, delivery, bookings, quality, sales) —
which the programs fund — or private life and the company's social occasions (社員旅行の行き先,
忘年会の店, a gift). That is one judgement that carries across trades and writers, so it is learnt
from goal exemplars written for it (never from evaluation rows), by the same logistic regression
as the classifier (semantic.train_classifier), on the wish alone.
"""

from __future__ import annotations

import re
import threading
from pathlib import Path

from advisor.understanding import semantic

GOALS_FILE = Path(__file__).with_name("goals.yaml")
WORK, PRIVATE = "work", "private"
# P(work) at or above which the wish is about the business's work. The classes are balanced in
# training; the middle is the natural cut, and no dev row was used to move it.
WORK_PROBABILITY = 0.5
# Its own penalty and steps (those the intent classifier had when the goal exemplars were written):
# tuning the intent classifier's (semantic.CLASSIFIER_L2, CLASSIFIER_STEPS) does not move this model.
GOAL_L2 = 1e-3
GOAL_STEPS = 1500

# A wish: 〜たい (組みたい, なくしたいです, 減らしたいんだけど), English "want to / would like to".
# だいたい / たいへん / たいして are no wish. Owners as often state the trouble instead of the wish
# (「…手が回らなくて困っています」「…が悩みです」「…紙のままで大変です」) or say it in dialect (九州
# 「減らしたか」「作りたかとです」), or wonder whether it could be done (「機械を入れられないかと思って」
# 「自動でできないかと考えています」) after the trouble (「人手が足りなくて」「パートさんが集まらなくて」):
# what the trouble is about is judged the same way.
WISH = re.compile(r"(?<!だい)(?<=[ぁ-ゖ])たい(?!へん|して|てい)|(?<=[ぁ-ゖ])たか(?:です|とです|ばい|ね|[。！!]|$)|"
                  r"ないかと(?:思|考|おも|かんが)|足りな|足らな|集まらな|"
                  r"困って|困っと|困る|悩んで|悩んど|悩み|手が回ら|手の回ら|追いつか|追われ|大変(?=です|で[、。]|なん|だ|な(?:ので|んで))|苦労して|"
                  r"\b(?:want|wants|wanted) to\b|\bwould like to\b|'d like to\b|\bstruggl|\bhard to keep up|"
                  # a thing wished for in English: "We'd like AI software for bookings" (NOTES.md "s42-en")
                  r"(?:'d|\bwould) like\b",
                  re.I | re.M)

_lock = threading.Lock()
_model: "semantic.ExemplarClassifier | None" = None


def wish_sentence(sentences: list[str]) -> str:
    """The last of ``sentences`` that states a wish, '' when none does."""
    return next((s for s in reversed(sentences) if WISH.search(s)), "")


def goal_model(cache_dir: Path | None = None) -> "semantic.ExemplarClassifier":
    """The work / private classifier, trained once per process on goals.yaml (vectors cached)."""
    global _model
    if _model is not None:
        return _model
    with _lock:
        if _model is None:
            labels, texts, _digest = semantic._read_exemplars(GOALS_FILE)
            cache = cache_dir / f"understanding-goals-e5-{semantic._model_tag()}.npz" if cache_dir is not None else None
            index = semantic.ExemplarIndex(tuple(labels), tuple(texts), semantic._cached_vectors(texts, cache))
            _model = semantic.train_classifier(index, GOAL_L2, GOAL_STEPS, classes=(WORK, PRIVATE))
        return _model


# 「…入れられないかと思って」「…でできないかと考えています」 are said in the 〜たい form the goal
# exemplars are written in (「…入れたい」「…でしたい」) before the model reads them: the hedge around
# the wish carries no topic, and left in, it reads as "work" whatever the wish is about.
_WONDERING = re.compile(r"(でき|られ)?ないかと(?:思|考|おも|かんが).*$", re.S)


def as_wish(sentence: str) -> str:
    return _WONDERING.sub(lambda m: "したい" if m.group(1) == "でき" else "たい", sentence)


def work_probability(wish: str, cache_dir: Path | None = None) -> float:
    """P(the wish is about the business's work)."""
    return goal_model(cache_dir).probabilities(semantic.embed(as_wish(wish)))[WORK]


def about_the_work(wish: str, cache_dir: Path | None = None) -> bool:
    return bool(wish) and work_probability(wish, cache_dir) >= WORK_PROBABILITY
