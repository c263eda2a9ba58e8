"""Not stated: own probes by the guide's categories, session 39 (NOTES.md "s39-nid").

General forms of Japanese that asked for something the documents do not state and were answered
from document sentences, each failing in more than one category or voice of the probe set
(evals/probes/s39-nid.jsonl):

* a hired party's fee — a vendor, consultant, 行政書士 or other professional engaged (に頼む/依頼する/
  お願いする/作ってもらう) and what that costs asked (いくら/なんぼ/どのくらい/相場): no document states a
  price; whether such a cost is covered (専門家経費, 外注費) is another question, and stays answered;
* when the money arrives — 入金/振込 followed by a duration (何か月/何日/どのくらい/期間): only
  「いつ」「時期」 were read;
* a sanction asked after fraud found or done — 不正/虚偽/嘘 + バレたら/したら + 返還/加算金/公表/罰/処分:
  the documents only state the 返還要件 of a missed wage target, which stays answered;
* an exact day asked by an exactness word before the day (「正確な日付」「具体的な日にち」): the documents
  give 「6月頃」 and 「5月～8月に計4回」 only;
* a rule of the procedure asked with leave to write (「何ページまで書いていいですか」): a question, not
  a request for a draft;
* the adoption rate in English ("adoption rate", "success rate");
* a per-head unit (「1人あたり」「1人1日あたり」) read as the company's headcount, which turned a
  noun-phrase question about a program into a company description.

Texts written for these tests, not copied from dataset rows."""

from __future__ import annotations

import pytest

from advisor.programs import parse_profile
from advisor.understanding import rules
from tests.conftest import last_reply


@pytest.mark.parametrize("text", [
    "ホームページの制作を業者に頼むと費用はいくらくらいですか",
    "補助金の申請をコンサルに頼むといくらかかりますか",
    "専門家に依頼したら費用はどれくらい？",
    "行政書士に申請書作成たのむと費用なんぼくらいかかるんやろ",
    "ITベンダーに在庫管理システムを作ってもらうと、いくらくらいかかりますか",
    "AIの需要予測システムを入れたいんだけど、ベンダーに頼むといくらぐらいかかるもん？",
])
def test_a_hired_partys_fee_is_not_stated(text: str) -> None:
    assert rules.not_stated(text) == "procedure_rule"
    assert rules.asks_what_is_not_stated(text)


@pytest.mark.parametrize("text", [
    "専門家に頼んだ費用は補助対象になりますか",
    "外注先に払う費用も対象経費に入りますか",
    "業者に頼んだ分はいくらまで補助されますか",
    "コンサルに頼まず自分で申請できますか",
])
def test_whether_a_hired_partys_cost_is_covered_is_no_price(text: str) -> None:
    assert not any(r.where == "provider" for r in rules.procedure_rules(text))


@pytest.mark.parametrize("text", [
    "補助金の申請から入金までって何か月かかるんですか？",
    "補助金は入金まで何か月くらい？",
    "採択されてから入金まで何ヶ月",
    "振込まではどのくらいかかりますか",
])
def test_when_the_money_arrives_is_not_stated(text: str) -> None:
    assert rules.not_stated(text) == "procedure_rule"


@pytest.mark.parametrize("text", [
    "不正受給がばれたら返還させられるんかな",
    "不正がバレたら全額返還になりますか",
    "虚偽申請したら加算金つくのかな",
    "虚偽の申請をしてしもたら、加算金とかつくんやろか",
    "嘘の数字で申請して発覚した場合、社名は公表されるんですか",
])
def test_a_sanction_after_fraud_is_not_stated(text: str) -> None:
    assert rules.not_stated(text) == "sanctions"


@pytest.mark.parametrize("text", [
    "中堅の補助金で賃上げ要件を達成できなかったら返還になりますか",
    "賃上げが未達だとお金を返さないといけないの？",
])
def test_a_stated_return_or_prevention_is_no_sanction(text: str) -> None:
    assert rules.not_stated(text) != "sanctions"


@pytest.mark.parametrize("text", [
    "公募開始の正確な日付を知りたい",
    "中堅の補助金 第6次公募 開始日 正確な日付 教えて",
    "次の公募の具体的な日にちは決まっていますか",
    "What is the exact date the next call opens?",
])
def test_an_exact_day_is_a_deadline(text: str) -> None:
    assert rules.not_stated(text) == "deadline"


@pytest.mark.parametrize("text", [
    "中堅等大規模成長投資補助金の次の公募はいつ頃からですか？",
    "デジタル化・AI導入補助金の通常枠って、今年は何回公募あるん？",
    "公募の正確な回数を教えて",
])
def test_a_schedule_the_documents_give_is_no_exact_day(text: str) -> None:
    assert rules.not_stated(text) != "deadline"


@pytest.mark.parametrize("text", [
    "事業計画書は何ページまで書いていいですか",
    "①中堅の補助金の事業計画書は何ページまで書いていいですか ②様式はどこでダウンロードしますか",
])
def test_a_rule_asked_with_leave_to_write_is_a_question(text: str) -> None:
    assert rules.asks_what_is_not_stated(text)


def test_a_draft_of_the_plan_asked_is_still_a_draft() -> None:
    assert not rules.asks_what_is_not_stated("事業計画書を10ページ以内で書いてください")


@pytest.mark.parametrize("text", [
    "What is the adoption rate of the monozukuri subsidy?",
    "Is the adoption rate of ものづくり補助金 higher for 小規模事業者?",
    "What's the success rate for this subsidy?",
])
def test_the_adoption_rate_in_english_is_statistics(text: str) -> None:
    assert rules.not_stated(text) == "statistics"


@pytest.mark.parametrize("text", [
    "キャリアアップ助成金 正社員化コース 1人あたり 支給額",
    "雇用調整助成金 1人1日あたり 上限",
    "従業員1人当たりの給与支給総額は何%上げればいい？",
])
def test_a_per_head_unit_is_no_headcount(text: str) -> None:
    assert parse_profile(text, None).profile.employees is None


@pytest.mark.parametrize("text,expected", [
    ("従業員12人の工場です", 12),
    ("うちは8人の会社で、1人あたりの残業が多い", 8),
    ("パン屋で職人は3人 毎朝4時から仕込みです", 3),
    ("従業員10人 1日あたり8時間の勤務です", 10),
])
def test_a_headcount_is_still_read(text: str, expected) -> None:  # noqa: ANN001
    assert parse_profile(text, None).profile.employees == expected


@pytest.mark.parametrize("turns", [
    ["補助金の申請をコンサルに頼むといくらかかりますか"],
    ["補助金は入金まで何か月くらい？"],
    ["不正がバレたら全額返還になりますか"],
    ["キャリアアップ助成金 正社員化コース 1人あたり 支給額"],
])
def test_the_session_says_not_stated(advisor, turns) -> None:  # noqa: ANN001
    result = last_reply(advisor, turns)
    assert result.frame["intent"] == "question"
    assert not result.answer.grounded


@pytest.mark.parametrize("turns,expected", [
    (["中堅の補助金で賃上げ要件を達成できなかったら返還になりますか"], "返還"),
    (["中堅等大規模成長投資補助金の次の公募はいつ頃からですか？"], "6月頃"),
    (["省力化投資補助金の一般型で、専門家に頼む費用は対象経費になりますか"], "専門家経費"),
])
def test_stated_look_alikes_are_answered(advisor, turns, expected) -> None:  # noqa: ANN001
    result = last_reply(advisor, turns)
    assert result.answer.grounded
    assert expected in result.answer.text
