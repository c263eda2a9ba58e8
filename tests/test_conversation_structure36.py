"""What a turn of a conversation asks when it corrects the program, session 36 (NOTES.md "s36-conv2"):

* a correction that switches the program (「いや、カタログのほう」) and asks a question of its own in the same
  message (「いつまでに申請できる？」) asks that question of the program it names — not the slot asked the turn
  before (the cap); a bare correction (「ごめん間違えた、一般型のほう」) still asks the slot just asked;
* a message typed in romaji that names a type by its English spelling (catalog) names that type.

Real e5 and index; texts written for these tests, not copied from dataset rows."""

from __future__ import annotations

import pytest

from tests.conftest import understand_conversation

CAP = "省力化補助金の上限額はどのくらい？"
RATE_OF_CATALOG = "カタログ型の補助率を知りたい"


@pytest.mark.parametrize(("text", "program", "slot"), [
    ("いや違う、カタログ型のほう。申請はいつから？", "shoryokuka-catalog", "date"),
    ("あ、ごめん、カタログの方です。締め切りはいつですか", "shoryokuka-catalog", "date"),
    ("すみません、カタログ型の話です。対象経費は？", "shoryokuka-catalog", "expenses"),
])
def test_a_correction_with_its_own_question_asks_that_question(bundled_catalog, text: str, program: str, slot: str) -> None:
    frame = understand_conversation([CAP, text], bundled_catalog)[-1]
    assert ([p.id for p in frame.programs], frame.slots[:1]) == ([program], [slot])


@pytest.mark.parametrize(("first", "text", "program", "slot"), [
    # look-alikes: a bare correction, or the owner's facts beside it, still ask the slot just asked
    (RATE_OF_CATALOG, "ごめん、勘違いしてた。一般型のほう", "shoryokuka-ippan", "rate"),
    (CAP, "いや、カタログのほうです", "shoryokuka-catalog", "amount"),
    (CAP, "いや、ものづくり補助金の方です。うちは従業員30人", "monodukuri", "amount"),
])
def test_a_bare_correction_still_asks_the_slot_just_asked(bundled_catalog, first: str, text: str, program: str, slot: str) -> None:
    frame = understand_conversation([first, text], bundled_catalog)[-1]
    assert ([p.id for p in frame.programs], frame.slots[:1]) == ([program], [slot])


def test_a_romaji_correction_names_the_type_by_its_english_spelling(bundled_catalog) -> None:
    frame = understand_conversation(["shouryokuka hojokin no hojo ritsu wa?", "chigau, catalog gata no hou desu. itsu kara shinsei dekiru?"],
                                    bundled_catalog)[-1]
    assert ([p.id for p in frame.programs], frame.slots[:1]) == (["shoryokuka-catalog"], ["date"])


def test_a_romaji_correction_names_the_type_without_its_type_word(bundled_catalog) -> None:
    frame = understand_conversation(["shouryokuka hojokin no hojo ritsu wa?", "sumimasen, catalog no hou desu. shinsei wa itsu kara?"],
                                    bundled_catalog)[-1]
    assert ([p.id for p in frame.programs], frame.slots[:1]) == (["shoryokuka-catalog"], ["date"])
