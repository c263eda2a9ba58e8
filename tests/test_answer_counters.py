"""A 「何＋counter」 question (「何社ぐらい」「何機関」「何年かかる」) prefers the sentence that puts a number
right before that counter (evidence.counters_asked / states_counter; a real session on the bundled
corpus for the answer)."""

from __future__ import annotations

from advisor.chains.evidence import counters_asked, states_counter
from advisor.session import Advisor
from advisor.text import compact, nfkc


def test_the_counter_after_nani_is_what_is_counted() -> None:
    assert counters_asked("何社ぐらい熊本に進出したと？") == ("社",)
    assert counters_asked("何機関くらい入っとる") == ("機関", "機")
    assert counters_asked("年に何回募集してる") == ("回募", "回")  # two characters, then the first
    assert counters_asked("何故ですか") == counters_asked("何が対象") == counters_asked("なんぼ") == ()


def test_a_number_right_before_the_counter_states_the_count() -> None:
    assert states_counter(("社",), "JASM進出発表以降、68社が熊本進出/設備拡張を公表(2024年9月時点)")
    assert states_counter(("地域", "地"), "地域DX推進ラボ 第1弾 2023年4月 31地域選定")
    assert states_counter(("件",), "2024 年度上半期だけで 1 万件超の補助金・助成金情報が公表")
    assert not states_counter(("社",), "売上高100億円規模の中小企業(現在、4,500者程度)")


def test_how_many_companies_came_is_answered_with_the_count(advisor: Advisor) -> None:
    answer = advisor.turn(advisor.new_session(), "熊本に半導体の工場が来るってなってから、何社ぐらい熊本に進出したと？").answer
    assert answer.grounded and "68社" in compact(nfkc(answer.text))


def test_how_many_years_is_answered_with_the_years(advisor: Advisor) -> None:
    answer = advisor.turn(advisor.new_session(), "工業団地つくるのって、ふつう何年ぐれぇかがるもんだべ？").answer
    assert answer.grounded and "3~5年" in compact(nfkc(answer.text))
