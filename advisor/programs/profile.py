"""Company profile from what the owner says in plain Japanese (or English).

``parse_profile(text, previous=None) -> ProfileParse`` extracts industry (mapped to the JSIC major
groups), employees, capital, annual sales, planned investment and its purpose, prefecture and
municipality, current digital/AI use, goals, pain points and a few flags (DX認定, 100億宣言). It
never guesses: two different head counts in one message are a contradiction, an amount whose
meaning is unclear is an ambiguity, and negative or absurd figures are rejected with a Japanese
message. Values from a later message replace earlier ones (the owner corrected them) and say so.

``assess_size(profile) -> SizeAssessment`` derives 中小企業者 / 小規模企業者 status per industry
from the project's summary of 中小企業基本法 第2条 (corpus/documents/reference-sme-definitions.md).
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from typing import Any

from advisor.numbers import (
    Found,
    NumberParseError,
    NumberRange,
    Quantity,
    bounds,
    effective_bounds,
    find_amounts,
    find_counts,
    format_count,
    format_yen,
    parse_count,
    parse_yen,
)
from advisor.text import nfkc

from .models import TOPICS, Industry, Profile, ProfileIssue, ProfileParse, SizeAssessment

REFERENCE_SOURCE = "reference-sme-definitions"

# --- 中小企業基本法 第2条 (from the project's reference document; evidence checked by a test) ------


@dataclass(frozen=True)
class SmeDefinition:
    category: str
    max_capital_jpy: int
    max_employees: int
    small_max_employees: int
    evidence: str


SME_DEFINITIONS: dict[str, SmeDefinition] = {
    "製造業その他": SmeDefinition(
        "製造業その他", 300_000_000, 300, 20,
        "製造業その他（製造業、建設業、運輸業その他の業種）：資本金の額又は出資の総額が3億円以下の会社、又は常時使用する従業員の数が300人以下の会社及び個人",
    ),
    "卸売業": SmeDefinition(
        "卸売業", 100_000_000, 100, 5,
        "卸売業：資本金の額又は出資の総額が1億円以下の会社、又は常時使用する従業員の数が100人以下の会社及び個人",
    ),
    "サービス業": SmeDefinition(
        "サービス業", 50_000_000, 100, 5,
        "サービス業：資本金の額又は出資の総額が5千万円以下の会社、又は常時使用する従業員の数が100人以下の会社及び個人",
    ),
    "小売業": SmeDefinition(
        "小売業", 50_000_000, 50, 5,
        "小売業：資本金の額又は出資の総額が5千万円以下の会社、又は常時使用する従業員の数が50人以下の会社及び個人",
    ),
}
SMALL_EVIDENCE = "小規模企業者：おおむね常時使用する従業員の数が20人（商業又はサービス業に属する事業を主たる事業として営む者については5人）以下の事業者"

# --- industries: JSIC (日本標準産業分類) major groups ------------------------------------------------
# sme_categories: which 中小企業基本法 category a group falls under. The law names 製造業・建設業・
# 運輸業 (first category), 卸売業, 小売業 and サービス業; for groups it does not name, the mapping is
# the project's reading, and where two readings are possible both are listed so that a size class
# that depends on the choice is reported as undetermined rather than guessed.
JSIC: dict[str, tuple[str, list[str]]] = {
    "A": ("農業，林業", ["製造業その他"]),
    "B": ("漁業", ["製造業その他"]),
    "C": ("鉱業，採石業，砂利採取業", ["製造業その他"]),
    "D": ("建設業", ["製造業その他"]),
    "E": ("製造業", ["製造業その他"]),
    "F": ("電気・ガス・熱供給・水道業", ["製造業その他"]),
    "G": ("情報通信業", ["サービス業", "製造業その他"]),
    "H": ("運輸業，郵便業", ["製造業その他"]),
    "I": ("卸売業，小売業", ["卸売業", "小売業"]),
    "J": ("金融業，保険業", ["サービス業", "製造業その他"]),
    "K": ("不動産業，物品賃貸業", ["サービス業", "製造業その他"]),
    "L": ("学術研究，専門・技術サービス業", ["サービス業"]),
    "M": ("宿泊業，飲食サービス業", ["サービス業"]),
    "N": ("生活関連サービス業，娯楽業", ["サービス業"]),
    "O": ("教育，学習支援業", ["サービス業"]),
    "P": ("医療，福祉", ["サービス業"]),
    "Q": ("複合サービス事業", ["サービス業"]),
    "R": ("サービス業（他に分類されないもの）", ["サービス業"]),
}

# (pattern, JSIC code, categories override or None, tier). Tier 1: the owner names the industry
# ("製造業"); tier 2: an activity ("部品を作っている"); tier 3: weak hints used only when nothing else.
_INDUSTRY_RULES: list[tuple[str, str, list[str] | None, int]] = [
    (r"製造業|manufacturer|manufacturing", "E", None, 1),
    (r"建設業|construction", "D", None, 1),
    (r"運輸業|運送業|物流業|倉庫業|logistics|trucking|transport(?:ation)? company", "H", None, 1),
    (r"卸売業|卸業|wholesale", "I", ["卸売業"], 1),
    (r"小売業|retail", "I", ["小売業"], 1),
    (r"情報通信業|ソフトウェア業|情報サービス業|software company|IT company", "G", None, 1),
    (r"宿泊業|旅館業|hotel", "M", None, 1),
    (r"飲食業|飲食店|飲食サービス業|restaurant", "M", ["サービス業", "小売業"], 1),
    (r"医療|福祉|介護|clinic|hospital|nursing", "P", None, 1),
    (r"農業|林業|farm|agricultur", "A", None, 1),
    (r"漁業|水産業|fishery", "B", None, 1),
    (r"不動産業|real estate", "K", None, 1),
    (r"金融業|保険業", "J", None, 1),
    (r"教育業|学習支援業", "O", None, 1),
    (r"サービス業", "R", None, 1),
    (r"メーカー|製造|町工場|(?:を|の)(?:作って|つくって|造って|生産|加工)|工場を(?:経営|運営)|部品加工|金属加工|食品加工", "E", None, 2),
    # English activities: "a metal parts shop", "a printing company", "food processing"
    (r"\b(?:metal(?:work\w*| parts| processing| stamping)|sheet metal|machin(?:e shop|ing)|parts (?:shop|maker|supplier)|"
     r"print(?:ing|ers?| shop)|food (?:processing|factory|maker|manufactur\w*)|foundry)\b|印刷|製本", "E", None, 2),
    (r"工務店|土木|建築業|リフォーム|設備工事|電気工事|塗装業", "D", None, 2),
    (r"運送|物流|トラック|タクシー|バス会社|配送業", "H", None, 2),
    (r"卸売|問屋|商社", "I", ["卸売業"], 2),
    (r"小売|販売店|商店|スーパー|コンビニ|ドラッグストア|ネットショップ|雑貨店|書店|酒屋", "I", ["小売業"], 2),
    (r"ソフトウェア開発|システム開発|受託開発|Web制作|アプリ開発|IT企業", "G", None, 2),
    (r"旅館|ホテル|民宿", "M", None, 2),
    (r"レストラン|居酒屋|食堂|カフェ|喫茶|ラーメン店|料理店|cafe", "M", ["サービス業", "小売業"], 2),
    (r"病院|クリニック|診療所|歯科|保育園|保育所|デイサービス|介護施設", "P", None, 2),
    (r"農家|農園|畜産|果樹", "A", None, 2),
    (r"養殖|漁師", "B", None, 2),
    (r"不動産", "K", None, 2),
    (r"学習塾|塾を|スクールを|教室を", "O", None, 2),
    (r"美容室|美容院|理容|クリーニング店|エステ|旅行業|冠婚葬祭", "N", None, 2),
    (r"設計事務所|コンサルティング|税理士事務所|会計事務所|デザイン事務所|広告業", "L", None, 2),
    (r"警備|ビルメンテナンス|清掃業|人材派遣", "R", None, 2),
    (r"工場|部品|factory", "E", None, 3),
    (r"お店|店舗|販売", "I", ["小売業"], 3),
]

PREFECTURES: list[str] = [
    "北海道", "青森県", "岩手県", "宮城県", "秋田県", "山形県", "福島県", "茨城県", "栃木県", "群馬県", "埼玉県",
    "千葉県", "東京都", "神奈川県", "新潟県", "富山県", "石川県", "福井県", "山梨県", "長野県", "岐阜県", "静岡県",
    "愛知県", "三重県", "滋賀県", "京都府", "大阪府", "兵庫県", "奈良県", "和歌山県", "鳥取県", "島根県", "岡山県",
    "広島県", "山口県", "徳島県", "香川県", "愛媛県", "高知県", "福岡県", "佐賀県", "長崎県", "熊本県", "大分県",
    "宮崎県", "鹿児島県", "沖縄県",
]
_ROMAJI = [
    "hokkaido", "aomori", "iwate", "miyagi", "akita", "yamagata", "fukushima", "ibaraki", "tochigi", "gunma",
    "saitama", "chiba", "tokyo", "kanagawa", "niigata", "toyama", "ishikawa", "fukui", "yamanashi", "nagano", "gifu",
    "shizuoka", "aichi", "mie", "shiga", "kyoto", "osaka", "hyogo", "nara", "wakayama", "tottori", "shimane",
    "okayama", "hiroshima", "yamaguchi", "tokushima", "kagawa", "ehime", "kochi", "fukuoka", "saga", "nagasaki",
    "kumamoto", "oita", "miyazaki", "kagoshima", "okinawa",
]
_PREF_BY_NAME: dict[str, str] = {}
for _full, _romaji in zip(PREFECTURES, _ROMAJI):
    _PREF_BY_NAME[_full] = _full
    _PREF_BY_NAME[_full[:-1] if _full != "北海道" else _full] = _full
    _PREF_BY_NAME[_romaji] = _full
_PREF_PATTERN = re.compile(
    "|".join(sorted((re.escape(k) for k in _PREF_BY_NAME if not k.isascii()), key=len, reverse=True))
)
_PREF_ROMAJI_PATTERN = re.compile(r"\b(" + "|".join(_ROMAJI) + r")\b", re.IGNORECASE)
_KANJI = r"[一-龥々ヶぁ-んァ-ヶー]"
_MUNICIPALITY_AFTER_PREF = re.compile(rf"^(?:{_KANJI}{{1,5}}郡)?({_KANJI}{{1,6}}?[市区町村])")
_MUNICIPALITY_STANDALONE = re.compile(rf"({_KANJI}{{1,5}}[市区町村])(?=で|に|の|から|にて|を|、|。|\s|$)")
_NOT_MUNICIPALITY = ("都市", "市場", "市町村", "町工場", "地区", "区分", "区別", "地域", "市内", "町内", "村内", "朝市")
# Someone else's place: where a visitor comes from (〜から + a verb of coming in the same clause: 来る/来られる/
# いらっしゃる/お越し/見える/訪れる/遊びに来る; not 来年/来月) and where a trip goes (〜へ/に/まで + 行く/出張/旅行/
# 出かける/帰省, 〜出張, 〜への出張/旅行). A company's own place keeps its readings: 〜の会社, 〜で製造, 〜にある,
# 〜から全国に出荷 (a verb of sending, not of coming), 〜に来られるお客様向け (the guests come to it).
_VISITOR_FROM = re.compile(r"^(?:から|より)[^。！？!?\n]{0,24}?(?:来(?=[るらますてたなんれいよ])|来(?:社|店|訪|日)|"
                           r"いらっしゃ|いらし|お越し|おこし|お見え|見え(?:る|ます|られ)|訪れ|訪ね|遊びに)")
_COMPANY_PLACE = re.compile(r"^(?:[都府県])?(?:{k}{{0,6}}?[市区町村])?(?:で[^。、]{{0,14}}?(?:やって|営ん|営業|経営|製造|創業|運営|商売)|"
                            r"の(?:会社|企業|工場|店|事業所|メーカー)|に(?:ある|本社|工場|店|事業所)|(?:に|で)?(?:本社|本店))".format(k=_KANJI))
_TRIP_TO = re.compile(r"^(?:(?:へ|に|まで)(?:は|も)?[^。、！？!?\n]{0,10}?"
                      r"(?:行(?:く|き|っ|け|か|こ|ぐ)|いく|いき|いっ|出張|旅行|出かけ|でかけ|帰省|遊びに行)|"
                      r"(?:への|まで(?:の)?)(?:出張|旅行)|(?:出張|旅行)(?!会社|業|代理|所|者向|客向))")

# Goal/pain topic keywords → TOPICS (the ranking vocabulary of the catalog).
TOPIC_KEYWORDS: dict[str, str] = {
    r"AI|人工知能|生成AI|ChatGPT|機械学習|画像認識|ディープラーニング|AX": "AI活用",
    r"自動化|省力化|省人化|人手不足|人手が足り|ロボット|無人化|効率化|手作業|automat|labor shortage": "省力化・自動化",
    r"ITツール|ソフト|クラウド|会計|受発注|在庫管理|販売管理|勤怠|予約システム|インボイス|キャッシュレス|レジ|IT化|アプリ|software|cloud": "ITツール導入",
    r"設備|機械|装置|機器|導入したい|設備投資|equipment|machine": "設備投資",
    r"工場(?:を)?(?:新設|建設|建て|増設|拡張)|新工場|拠点(?:を)?(?:新設|整備)|増築|new factory|new plant": "工場新設・拠点整備",
    r"賃上げ|給与|給料|賃金|wage": "賃上げ",
    r"人材育成|育成|リスキ|研修|教育|社員教育|人材|スキル|training|reskill": "人材育成",
    r"DX|デジタル化|デジタル|データ活用|digital": "DX推進",
    r"新商品|新製品|新サービス|試作|新規事業|新事業|開発|new product": "新製品・新サービス開発",
    r"海外|輸出|export|overseas": "海外展開",
    r"相談|分からない|わからない|どうしたら|どこから|アドバイス|advice": "経営相談",
    r"融資|借入|借り入れ|資金繰り|資金調達|loan|financing": "資金調達",
    r"税|節税|減税|tax": "税負担軽減",
    r"本社(?:を)?(?:移|移転)|本社機能|head office": "本社移転",
    r"規模(?:を)?拡大|売上(?:を)?(?:伸ば|拡大|増や)|成長|100億|事業拡大|grow": "事業拡大",
    r"セキュリティ|サイバー|情報漏|security": "セキュリティ",
    r"地域(?:と)?(?:連携|貢献)|地元|産学官": "地域連携",
    r"産業用地|工業団地|用地": "産業用地",
}
# The Kyushu wish 〜たか (「ソフトにしたかとです」「AIば入れたかばってん」「システムば入れたか。」) is 〜たい; not
# 「したかどうか」「多かったかと思う」 nor a question (「もう申請したか？」).
_GOAL_MARK = re.compile(r"たい|(?<=[いきしちにびみりえけせてねべめれぎじ])たか(?:と(?!思|考|存)|ばい|ばってん|ばって|けど|どん(?!な)|もん|ね|"
                        r"(?=[。！!」]|\s|$))|"
                        r"目指|予定|計画|考えて|検討|つもり|want|would like|'d like|plan|goal|hope", re.IGNORECASE)
# A pain told in everyday words counts too: how much it takes (「見積もりに毎回半日かかってて」「毎朝1時間かけてる」),
# that it is too much (「もう限界」「電話受けも手一杯」「手がとられる」「段取りが回らない」), errors and chaos
# (「転記ミスばっかり」「ぐちゃぐちゃ」): what the owner wants relieved is what the programs are matched to.
_PAIN_MARK = re.compile(r"困って|困る|悩み|悩んで|課題|不足|足りな|足らな|足りん|足らん|集まら|集まりません|できない|負担|大変|遅れ|"
                        r"struggl|shortage|problem|"
                        r"限界|手一杯|いっぱいいっぱい|手が(?:とられ|取られ|回ら|足り)|回らな|回らん|追いつかな|追いつかん|"
                        r"ぐちゃぐちゃ|ミス(?:が|ばかり|ばっかり|だらけ|も)|手間|面倒|しんどい|残業|"
                        r"(?:毎日|毎朝|毎晩|毎回|毎月|毎週|いつも)[^。、]{0,16}(?:かか(?:って|る|り)|かけて|取られ|とられ)|"
                        r"時間(?:が|を)?(?:かか|取られ|とられ)", re.IGNORECASE)
# A need asked as a question (「…対策として、…補助金はあるか。」「…のため、使える補助金はありますか？」): the need is
# what comes before its purpose connective; the confirmation echoes the need, not the question (NOTES.md "s43-place").
_ASKS_FOR_SUPPORT = re.compile(r"補助|助成|支援|制度|融資|税制|使える|subsid|grant", re.IGNORECASE)
_QUESTION_END = re.compile(r"(?:[？?]|か|かな|かね|ある|あります|ない|ないか)[。．.!！]?\s*$")
_PURPOSE_CUT = re.compile(r"として|のために|のため|ために|に向けて|に向けた|に使える|に使う|で使える|のに(?=使|役立|活用|向)")
# ...or the need told as a clause and the ask joined to it (「人手不足で困っていて、使える補助金ある？」「人手が足りないんだけど
# 使える補助金ある？」): the need is what comes before the connective (NOTES.md "s45-oos"); a noun listed before a comma
# (「…問題の現状と、国の新しい支援措置は？」) joins no ask to a need.
_ASK_JOINED = re.compile(r"(?:(?:んだけど|んですけど|んですが|んだが|ので|から|けど|けれど)[、,\s]*|(?<=[てるいた])[、,\s]+)"
                         r"(?=[^。、]{0,10}?(?:使える|補助|助成|支援|制度))")
# The placeholders advisor.inbound.mask_pii puts where the owner's contact details were: 【メールアドレス】 is
# our own word, not the owner saying the company uses e-mail.
_MASK_PLACEHOLDER = re.compile(r"【(?:メールアドレス|電話番号|個人番号|郵便番号|住所|氏名|カード番号)】")
_DIGITAL_NONE = re.compile(r"紙(?:で|の|ベース)|手書き|FAX|ファックス|電話とFAX|IT(?:は|を)?(?:使って|活用して)?いない|パソコン(?:も)?(?:ない|使えない)|アナログ")
_DIGITAL_BASIC = re.compile(r"エクセル|Excel|会計ソフト|クラウド|メール|ホームページ|パソコン|PC|スマホ|タブレット|システム(?:を)?(?:使って|導入済|入れて)|ITツール(?:を)?(?:使って|導入済)")
_DIGITAL_AI = re.compile(r"(?:AI|生成AI|ChatGPT)(?:を|は)?(?:すでに|既に)?(?:使って|活用して|導入して|導入済)")

_EMPLOYEE_BEFORE = re.compile(
    r"従業員|社員|スタッフ|従業者|職員|人員|雇用|パート|アルバイト|メンバー|人数|規模|常時使用|総勢|全部で|全体で|正規|employees?|staff",
    re.IGNORECASE,
)
_PER_HEAD_AFTER = re.compile(r"^(?:\d+(?:日|時間|か月|ヶ月|カ月|月|年)|\s*)(?:あたり|当たり|につき)")
_EMPLOYEE_AFTER = re.compile(r"^(?:ほど|くらい|ぐらい|程度|前後)?(?:の(?:会社|企業|事業所|工場|小さな|中小)|で(?:営|経営|やって|運営|回して)|規模|体制|が働|を雇|います|の従業員|の社員)")
# A headcount band the owner says the company is not (「うちは従業員85人で101名以上ではありません」「50人には届かない」): a
# program's threshold, negated — not a second headcount contradicting the first (NOTES.md "s47-oos").
_NOT_THE_COMPANY_AFTER = re.compile(r"^\s*(?:では|じゃ|でも)(?:ない|なく|ありません|ございません|ねえ|ねぇ)|"
                                    r"^\s*(?:には|に)?(?:届か|達し|満た)(?:ない|ず|ん|ません)|^\s*もいない|^\s*もおらん|^\s*もいません")
_NOT_EMPLOYEE_BEFORE = re.compile(r"来客|お客|顧客|利用者|受講|参加者|研修生|生徒|患者|入居者|観光客|1日|一日|毎日|年間|宣言")
_PART_TIME = re.compile(r"パート(?:・アルバイト)?(?:を)?(?:含め|含む|込み|込|入れて)|アルバイト(?:を)?(?:含め|含む|込み)|incl(?:uding)? part")
_REGULAR = re.compile(r"正社員|正規(?:社員|雇用)?|常勤|full[- ]time", re.IGNORECASE)

_CAPITAL_BEFORE = re.compile(r"資本金|出資(?:の)?総額|capital", re.IGNORECASE)
_SALES_BEFORE = re.compile(r"売上高?|売り上げ|年商|年間売上|売上規模|sales|revenue|turnover", re.IGNORECASE)
_INVEST_BEFORE = re.compile(r"投資|設備投資|投資額|導入費|予算|費用|総額|invest", re.IGNORECASE)
_INVEST_AFTER = re.compile(r"^[^、。]{0,12}?(?:投資|投じ|導入|購入|かけて|掛けて|建設|建て|新設|増設|予算)")
_AMOUNT_GOAL_AFTER = re.compile(r"^[^、。]{0,8}(?:目指|目標|にしたい|を狙|まで伸ば|に伸ば|企業を|企業に)")
_NO_INVESTMENT = re.compile(r"投資(?:の)?(?:予定|計画)?(?:は)?(?:ない|なし|ありません|考えていない|しない)|投資予定なし|no (?:plan(?:ned)? )?investment", re.IGNORECASE)
_INVESTMENT_INTENT = re.compile(r"(?:設備|機械|装置|ロボット|システム|ソフト|工場|拠点|建物|ライン)[^。]{0,12}(?:導入|購入|新設|建設|建て|増設|更新|入れ)(?:したい|する予定|を検討|を計画|を考え)|設備投資(?:を|の)?(?:予定|計画|検討|考え|したい)")


def _clause_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    left = max(text.rfind(ch, 0, start) for ch in "。！？!?\n") + 1
    rights = [i for i in (text.find(ch, end) for ch in "。！？!?\n") if i >= 0]
    return left, (min(rights) if rights else len(text))


def _before(text: str, found: Found, width: int = 16) -> str:
    left, _ = _clause_bounds(text, found.start, found.end)
    return text[max(left, found.start - width): found.start]


def _after(text: str, found: Found, width: int = 14) -> str:
    _, right = _clause_bounds(text, found.start, found.end)
    return text[found.end: min(right, found.end + width)]


def _same_value(a: Quantity, b: Quantity) -> bool:
    return bounds(a) == bounds(b)


def detect_industry(text: str) -> tuple[Industry | None, list[ProfileIssue]]:
    """JSIC major group from free text; several equally strong candidates → an ambiguity."""
    t = nfkc(text)
    for tier in (1, 2, 3):
        hits: dict[tuple[str, tuple[str, ...]], str] = {}
        for pattern, code, cats, rule_tier in _INDUSTRY_RULES:
            if rule_tier != tier:
                continue
            m = re.search(pattern, t, re.IGNORECASE)
            if m:
                key = (code, tuple(cats) if cats else tuple(JSIC[code][1]))
                hits.setdefault(key, m.group(0))
        codes = {code for code, _ in hits}
        if len(codes) > 1:
            names = "・".join(sorted({JSIC[c][0] for c in codes}))
            return None, [ProfileIssue(
                "industry", "ambiguity", f"業種の候補が複数あります（{names}）。",
                "主な事業の業種（売上が最も大きい事業）を教えてください。",
            )]
        if hits:
            (code, cats), raw = next(iter(hits.items()))
            if len(hits) > 1:  # same code, different categories (卸売 and 小売 both mentioned)
                cats = tuple(sorted({c for _, cs in hits for c in cs}))
            detail = ""
            m = re.search(r"(?:" + re.escape(raw) + r")[（(]([^）)]{1,20})[）)]", t)
            if m:
                detail = m.group(1)
            else:
                m = re.search(r"([一-龥々ァ-ヶーA-Za-z]{2,12}?)(?:を|の)(?:作って|つくって|造って|製造|生産|加工|販売)", t)
                if m:
                    detail = m.group(1)
            return Industry(code, JSIC[code][0], detail, list(cats), raw), []
    return None, []


def industry_from_value(value: str) -> tuple[Industry | None, list[ProfileIssue]]:
    """Industry from a profile file: a JSIC letter ("E"), a group name, or free text."""
    v = nfkc(str(value)).strip()
    if v.upper() in JSIC and len(v) == 1:
        code = v.upper()
        return Industry(code, JSIC[code][0], "", list(JSIC[code][1]), v), []
    for code, (name, cats) in JSIC.items():
        if v == name:
            return Industry(code, name, "", list(cats), v), []
    return detect_industry(v)


def _someone_elses_place(text: str, end: int) -> bool:
    """The place ending at ``end`` is where someone comes from (「東京から取引先が来る」) or where a trip goes
    (「大阪へ出張」「北海道に旅行する」): not where the company is (NOTES.md "s43-place")."""
    rest = text[end:]
    m = _MUNICIPALITY_AFTER_PREF.match(rest)
    if m and not m.group(1).startswith(_NOT_MUNICIPALITY) and m.group(1) not in _NOT_MUNICIPALITY:
        rest = rest[m.end():]
    return bool(_VISITOR_FROM.match(rest) or _TRIP_TO.match(rest))


def _find_prefecture(text: str) -> tuple[list[tuple[str, int, int]], list[str]]:
    found: list[tuple[str, int, int]] = []
    for m in _PREF_PATTERN.finditer(text):
        found.append((_PREF_BY_NAME[m.group(0)], m.start(), m.end()))
    for m in _PREF_ROMAJI_PATTERN.finditer(text):
        found.append((_PREF_BY_NAME[m.group(1).lower()], m.start(), m.end()))
    # A prefecture named once as someone else's place is that place in the rest of the message too (「東京へ出張します。
    # …高速バスで東京駅に出るのと…」「大阪出張で新大阪駅近くのホテル」), unless a mention states the company there.
    elsewhere = {pref for pref, _, end in found if _someone_elses_place(text, end)}
    found = [f for f in found if f[0] not in elsewhere or _COMPANY_PLACE.match(text[f[2]:])]
    municipalities: list[str] = []
    for pref, _, end in found:
        m = _MUNICIPALITY_AFTER_PREF.match(text[end:])
        if m and not m.group(1).startswith(_NOT_MUNICIPALITY) and m.group(1) not in _NOT_MUNICIPALITY:
            municipalities.append(m.group(1))
    return found, municipalities


def _topics(text: str) -> list[str]:
    out: list[str] = []
    for pattern, topic in TOPIC_KEYWORDS.items():
        if re.search(pattern, text, re.IGNORECASE) and topic not in out:
            out.append(topic)
    return [t for t in TOPICS if t in out]


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[。！？!?])|\n+|(?<=\.)\s+", text) if s and s.strip()]


def _set(profile: Profile, field_name: str, value: Any, label: str, shown: str, parse: ProfileParse,
         previous: Profile | None) -> None:
    """Set a field, saying whether it is new or replaces what an earlier message said."""
    old = getattr(previous, field_name) if previous is not None else None
    setattr(profile, field_name, value)
    if old not in (None, "", [], {}) and old != value:
        parse.understood.append(f"{label}: {shown}（前回の内容から更新）")
    else:
        parse.understood.append(f"{label}: {shown}")


def parse_profile(text: str, previous: Profile | None = None) -> ProfileParse:
    """Update ``previous`` (or a new Profile) with what ``text`` says; see the module docstring.

    Returns ProfileParse(profile, understood: list[str], issues: list[ProfileIssue]); issues are
    ambiguities, contradictions (the field keeps its previous value) and rejected values.
    """
    profile = copy.deepcopy(previous) if previous is not None else Profile()
    result = ProfileParse(profile)
    t = nfkc(text or "").replace("\u3000", " ")
    if not t.strip():
        return result

    _parse_industry(t, profile, result, previous)
    _parse_employees(t, profile, result, previous)
    _parse_amounts(t, profile, result, previous)
    _parse_location(t, profile, result, previous)
    _parse_goals_and_use(t, profile, result)
    _parse_flags(t, profile, result)
    size = assess_size(profile)
    if size.sme is not None or size.small is not None:
        result.understood.append(f"規模区分: {size.label}（{size.basis}）")
    return result


def _parse_industry(t: str, profile: Profile, result: ProfileParse, previous: Profile | None) -> None:
    industry, issues = detect_industry(t)
    result.issues.extend(issues)
    if industry is not None:
        _set(profile, "industry", industry, "業種",
             f"{industry.label}（日本標準産業分類 大分類{industry.jsic_code} {industry.jsic_name}）", result, previous)


_ENGLISH_NUMBER = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
                   "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50}


def _parse_employees(t: str, profile: Profile, result: ProfileParse, previous: Profile | None) -> None:
    regular: list[Found] = []
    total: list[Found] = []
    plain: list[Found] = []
    counts = find_counts(t)
    english = [
        Found(int((m.group(1) or m.group(2)).replace(",", "")), m.group(0), m.start(), m.end())
        for m in re.finditer(r"(\d[\d,]*)\s*-?\s*(?:full[- ]time\s+)?(?:employees?|staff|workers?|people|persons?|man|members?)\b"
                             r"|\b(?:team|staff|workforce|crew) of (\d[\d,]*)\b", t, re.IGNORECASE)
    ]
    # the headcount in words ("we run a machiya ryokan in Kyoto, ten staff"; NOTES.md "s43-oos")
    english += [
        Found(_ENGLISH_NUMBER[m.group(1).lower()], m.group(0), m.start(), m.end())
        for m in re.finditer(r"\b(" + "|".join(_ENGLISH_NUMBER) + r")[- ](?:full[- ]time\s+)?(?:employees?|staff|workers?|people|persons?)\b",
                             t, re.IGNORECASE)
    ]
    # The same figure said twice (「うち30人なんすけど、30人だと…」) is one figure: a bare count is read as
    # the headcount when it is the only one, however often it is repeated.
    figures = {bounds(f.value) if f.value is not None else (f.start, f.end) for f in counts + english}
    for f in counts + english:
        before, after = _before(t, f), _after(t, f)
        if _NOT_EMPLOYEE_BEFORE.search(before):
            continue
        # a per-head unit (「1人あたり」「1人1日あたり」「従業員1人当たりの給与」) counts no one: it asks or states
        # an amount per person, not the company's headcount (NOTES.md "s39-nid")
        if _PER_HEAD_AFTER.match(after) or (len(figures) > 1 and _NOT_THE_COMPANY_AFTER.match(after)):
            continue
        is_emp = bool(_EMPLOYEE_BEFORE.search(before) or _EMPLOYEE_AFTER.match(after)) or f in english
        if not is_emp and len(figures) > 1:
            continue
        if f.value is None:
            result.issues.append(ProfileIssue("employees", "rejected", f.error, "従業員数（パート含む）を教えてください。"))
            continue
        if _PART_TIME.search(before) or re.match(r"^\s*[(（]?\s*(?:パート|アルバイト)", after):
            total.append(f)
        elif _REGULAR.search(before):
            regular.append(f)
        else:
            plain.append(f)

    def one(group: list[Found], what: str) -> Quantity | None:
        values: list[Quantity] = []
        for f in group:
            if f.value is not None and not any(_same_value(f.value, v) for v in values):
                values.append(f.value)
        if len(values) > 1:
            shown = "、".join(format_count(v) for v in values)
            result.issues.append(ProfileIssue(
                "employees", "contradiction", f"{what}が複数あり食い違っています（{shown}）。",
                "常時使用する従業員数（パート含む）を一つ教えてください。",
            ))
            raise _Contradiction
        return values[0] if values else None

    try:
        total_v = one(total + (plain if not regular else []), "従業員数")
        regular_v = one(regular + (plain if regular else []), "正社員数")
    except _Contradiction:
        return
    if total_v is not None and regular_v is not None:
        lo, hi = bounds(regular_v)[0], bounds(total_v)[1]
        if lo is not None and hi is not None and lo > hi:
            result.issues.append(ProfileIssue(
                "employees", "contradiction",
                f"正社員数（{format_count(regular_v)}）がパートを含む人数（{format_count(total_v)}）を上回っています。",
                "常時使用する従業員数（パート含む）を教えてください。",
            ))
            return
        # 中小企業基本法 counts 常時使用する従業員; whether part-timers count depends on their hours,
        # so the true figure lies between the two: keep the range instead of choosing.
        value: Quantity = NumberRange(lo, hi)
        note = f"正社員{format_count(regular_v)}・パート含め{format_count(total_v)}"
    elif total_v is not None:
        value = total_v
        note = "パート含む" if total else ""
    elif regular_v is not None:
        value, note = regular_v, "正社員"
    else:
        return
    profile.employees_note = note
    _set(profile, "employees", value, "従業員数", format_count(value) + (f"（{note}）" if note else ""), result, previous)


class _Contradiction(Exception):
    pass


def _parse_amounts(t: str, profile: Profile, result: ProfileParse, previous: Profile | None) -> None:
    buckets: dict[str, list[Found]] = {"capital_jpy": [], "annual_sales_jpy": [], "planned_investment_jpy": []}
    labels = {"capital_jpy": "資本金", "annual_sales_jpy": "年間売上高", "planned_investment_jpy": "予定投資額"}
    amounts = find_amounts(t)
    for m in re.finditer(r"(?:¥|JPY\s*)?(\d[\d,]*(?:\.\d+)?)\s*(million|billion|trillion|thousand|mn|bn)?\s*(?:yen|JPY)\b|¥\s*(\d[\d,]*(?:\.\d+)?)\s*(million|billion|mn|bn|m|b)?\b", t, re.IGNORECASE):
        raw = m.group(0)
        try:
            amounts.append(Found(parse_yen(raw.replace("¥", "")), raw, m.start(), m.end()))
        except NumberParseError as exc:
            amounts.append(Found(None, raw, m.start(), m.end(), str(exc)))
    for f in amounts:
        before, after = _before(t, f), _after(t, f)
        if re.match(r"^(?:宣言|企業)", after) or _AMOUNT_GOAL_AFTER.match(after):
            continue  # "100億宣言", "売上100億を目指す": a goal or a label, not a current figure
        if _CAPITAL_BEFORE.search(before):
            key = "capital_jpy"
        elif _INVEST_BEFORE.search(before) or _INVEST_AFTER.match(after):
            key = "planned_investment_jpy"
        elif _SALES_BEFORE.search(before):
            key = "annual_sales_jpy"
        else:
            if f.value is None:
                result.issues.append(ProfileIssue("amount", "rejected", f.error))
            else:
                result.issues.append(ProfileIssue(
                    "amount", "ambiguity", f"「{f.text}」が何の金額か分かりませんでした。",
                    f"「{f.text}」は売上高・資本金・投資額のどれですか？",
                ))
            continue
        if f.value is None:
            result.issues.append(ProfileIssue(key, "rejected", f"{labels[key]}: {f.error}",
                                              f"{labels[key]}を教えてください。"))
            continue
        buckets[key].append(f)
    for key, found in buckets.items():
        values: list[Quantity] = []
        for f in found:
            if f.value is not None and not any(_same_value(f.value, v) for v in values):
                values.append(f.value)
        if len(values) > 1:
            shown = "、".join(format_yen(v) for v in values)
            result.issues.append(ProfileIssue(
                key, "contradiction", f"{labels[key]}が複数あり食い違っています（{shown}）。",
                f"{labels[key]}を一つ教えてください。",
            ))
        elif values:
            _set(profile, key, values[0], labels[key], format_yen(values[0]), result, previous)
            if key == "planned_investment_jpy":
                profile.investment_planned = True
                purpose = _investment_purpose(t, found[0])
                if purpose:
                    profile.investment_purpose = purpose
                    result.understood.append(f"投資の目的: {purpose}")
    if not buckets["planned_investment_jpy"]:
        if _NO_INVESTMENT.search(t):
            profile.investment_planned = False
            result.understood.append("投資の予定: なし")
        else:
            m = _INVESTMENT_INTENT.search(t)
            if m:
                profile.investment_planned = True
                left, right = _clause_bounds(t, m.start(), m.end())
                profile.investment_purpose = t[left:right].strip()
                result.understood.append(f"投資の予定: あり（{profile.investment_purpose}、金額は未定）")


def _investment_purpose(t: str, f: Found) -> str:
    left, right = _clause_bounds(t, f.start, f.end)
    sentence = t[left:right]
    cleaned = sentence.replace(f.text, " ")
    cleaned = re.sub(r"(?:設備)?投資(?:額)?(?:は|を|が|:)?|予定(?:です)?|したい(?:です)?|を考えて(?:います)?|程度|くらい|ほど", " ", cleaned)
    cleaned = re.sub(r"\s+", " ", cleaned).strip(" 、,.:")
    cleaned = re.sub(r"^(?:で|に|を|は|の|、|,)+\s*", "", cleaned)
    return cleaned if len(cleaned) >= 2 else ""


def _parse_location(t: str, profile: Profile, result: ProfileParse, previous: Profile | None) -> None:
    found, municipalities = _find_prefecture(t)
    prefs = sorted({p for p, _, _ in found}, key=PREFECTURES.index)
    if len(prefs) > 1:
        result.issues.append(ProfileIssue(
            "prefecture", "ambiguity", f"複数の都道府県が出てきました（{'・'.join(prefs)}）。",
            "本社（主たる事業所）の所在地の都道府県を教えてください。",
        ))
    elif prefs:
        _set(profile, "prefecture", prefs[0], "都道府県", prefs[0], result, previous)
    if len(set(municipalities)) == 1 and len(prefs) <= 1:
        _set(profile, "municipality", municipalities[0], "市区町村", municipalities[0], result, previous)
    elif not municipalities and not found:
        cands = [m.group(1) for m in _MUNICIPALITY_STANDALONE.finditer(t)
                 if not any(w in m.group(1) for w in _NOT_MUNICIPALITY)]
        if len(set(cands)) == 1:
            _set(profile, "municipality", cands[0], "市区町村", cands[0], result, previous)


def _need_asked(sentence: str) -> str:
    """The need of a question asking for support (「倉庫の人手不足対策として、…を支援する補助金はあるか。」 →
    「倉庫の人手不足対策」): what precedes the first purpose connective after the pain word, for the
    confirmation line only (the ranking keeps reading the owner's sentence); '' when the sentence is no such
    question or the pain word is not in that part (NOTES.md "s43-place")."""
    if not (_ASKS_FOR_SUPPORT.search(sentence) and _QUESTION_END.search(sentence)):
        return ""
    pain = _PAIN_MARK.search(sentence)
    cut = (_PURPOSE_CUT.search(sentence, pain.end()) or _ASK_JOINED.search(sentence, pain.end())) if pain else None
    if cut is None:
        return ""
    need = sentence[:cut.start()].strip(" 、,")
    return need if _PAIN_MARK.search(need) else ""


def need_shown(sentence: str) -> str:
    """A pain point as the profile shows it: the need of a question asking for support (_need_asked), else the
    sentence as told."""
    return _need_asked(sentence) or sentence


def _parse_goals_and_use(t: str, profile: Profile, result: ProfileParse) -> None:
    for sentence in _sentences(t):
        is_goal = bool(_GOAL_MARK.search(sentence))
        if is_goal and sentence not in profile.goals:
            profile.goals.append(sentence)
            result.understood.append(f"目標: {sentence}")
        if _PAIN_MARK.search(sentence) and sentence not in profile.pain_points and not is_goal:
            profile.pain_points.append(sentence)
            result.understood.append(f"課題: {_need_asked(sentence) or sentence}")
        if not is_goal:
            told = _MASK_PLACEHOLDER.sub("", sentence)
            level = "ai" if _DIGITAL_AI.search(told) else "basic" if _DIGITAL_BASIC.search(told) else (
                "none" if _DIGITAL_NONE.search(told) else "")
            if level:
                if sentence not in profile.digital_use:
                    profile.digital_use.append(sentence)
                order = {"": 0, "none": 1, "basic": 2, "ai": 3}
                if order[level] > order.get(profile.digital_level, 0):
                    profile.digital_level = level
                result.understood.append(f"現在のデジタル・AI活用: {sentence}")
    topics = _topics(" ".join(profile.goals + profile.pain_points + [profile.investment_purpose]))
    for topic in topics:
        if topic not in profile.topics:
            profile.topics.append(topic)


def _parse_flags(t: str, profile: Profile, result: ProfileParse) -> None:
    if re.search(r"DX認定(?:は|を)?(?:まだ|未取得|取っていない|受けていない|取得していない|なし|ない)", t):
        profile.certifications["DX認定"] = False
        result.understood.append("DX認定: 未取得")
    elif re.search(r"DX認定(?:を|は)?(?:すでに|既に)?(?:取得|受け|済|持って|あり)", t):
        profile.certifications["DX認定"] = True
        result.understood.append("DX認定: 取得済み")
    if re.search(r"100億宣言(?:は|を)?(?:まだ|していない|してない|なし)", t):
        profile.flags["declared_100oku"] = False
        result.understood.append("100億宣言: なし")
    elif re.search(r"100億宣言(?:を|は)?(?:すでに|既に)?(?:しま|した|して|済|企業|あり|行)", t):
        profile.flags["declared_100oku"] = True
        result.understood.append("100億宣言: あり")
    if re.search(r"最低賃金(?:近傍|に近い|ぎりぎり|水準|並み)", t):
        profile.flags["min_wage_near"] = True
        result.understood.append("最低賃金近傍の事業者: はい")


# --- size class -----------------------------------------------------------------------------------


def assess_size(profile: Profile) -> SizeAssessment:
    """中小企業者 / 小規模企業者 per 中小企業基本法 第2条 (project summary in the corpus).

    With a range of employees (e.g. 正社員40人・パート含め60人) or several possible categories
    (e.g. 飲食店: サービス業 or 小売業) the answer is None unless every reading agrees.
    """
    if profile.industry is None:
        return _size_of_any_industry(profile)
    cats = profile.industry.sme_categories or JSIC[profile.industry.jsic_code][1]
    emp_lo, emp_hi = effective_bounds(profile.employees) if profile.employees is not None else (None, None)
    cap_lo, cap_hi = effective_bounds(profile.capital_jpy) if profile.capital_jpy is not None else (None, None)
    sme_votes: list[bool | None] = []
    small_votes: list[bool | None] = []
    for cat in cats:
        sme, small = _category_verdict(SME_DEFINITIONS[cat], (emp_lo, emp_hi), (cap_lo, cap_hi))
        sme_votes.append(sme)
        small_votes.append(small)
    sme_result = sme_votes[0] if len(set(sme_votes)) == 1 else None
    small_result = small_votes[0] if len(set(small_votes)) == 1 else None
    missing: list[str] = []
    if sme_result is None:
        if profile.employees is None:
            missing.append("employees")
        if profile.capital_jpy is None:
            missing.append("capital_jpy")
        if len(cats) > 1 and not missing:
            missing.append("industry_category")
    if small_result is None and sme_result is not False and profile.employees is None and "employees" not in missing:
        missing.append("employees")
    cat_label = "・".join(cats)
    defs = "／".join(
        f"{SME_DEFINITIONS[c].category}: 資本金{format_yen(SME_DEFINITIONS[c].max_capital_jpy)}以下又は従業員{SME_DEFINITIONS[c].max_employees}人以下"
        for c in cats
    )
    return SizeAssessment(sme_result, small_result, cat_label, f"中小企業基本法 第2条の区分 {defs}", missing)


def _category_verdict(d: SmeDefinition, employees: tuple[int | None, int | None],
                      capital: tuple[int | None, int | None]) -> tuple[bool | None, bool | None]:
    """中小企業者 and 小規模企業者 in one category of 第2条 for headcount and capital bounds (low,
    high; None = not stated): 中小 when either is within its limit, not when both exceed; None = open."""
    (emp_lo, emp_hi), (cap_lo, cap_hi) = employees, capital
    by_emp = True if emp_hi is not None and emp_hi <= d.max_employees else (
        False if emp_lo is not None and emp_lo > d.max_employees else None)
    by_cap = True if cap_hi is not None and cap_hi <= d.max_capital_jpy else (
        False if cap_lo is not None and cap_lo > d.max_capital_jpy else None)
    sme = True if (by_emp or by_cap) else (False if by_emp is False and by_cap is False else None)
    small = True if emp_hi is not None and emp_hi <= d.small_max_employees else (
        False if emp_lo is not None and emp_lo > d.small_max_employees else None)
    return sme, (small if sme is not False else False)


def _size_of_any_industry(profile: Profile) -> SizeAssessment:
    """With the industry unknown, what every category of 第2条 agrees on: 8人 is a 中小企業者 in all
    of them (the lowest headcount limit is 小売業's 50人), a capital of 3,000万円 too (5,000万円);
    小規模 and, without a capital, "not an SME" stay open. Owners who say 「配送やってます」 or
    「弁当の配達」 name no industry the rules read, and were told nothing fits them."""
    missing = ["industry"] + (["employees"] if profile.employees is None else [])
    if profile.employees is None and profile.capital_jpy is None:
        return SizeAssessment(None, None, basis="業種が不明", missing=missing)
    emp_lo, emp_hi = effective_bounds(profile.employees) if profile.employees is not None else (None, None)
    cap_lo, cap_hi = effective_bounds(profile.capital_jpy) if profile.capital_jpy is not None else (None, None)
    sme_votes: set[bool | None] = set()
    small_votes: set[bool | None] = set()
    for d in SME_DEFINITIONS.values():
        sme, small = _category_verdict(d, (emp_lo, emp_hi), (cap_lo, cap_hi))
        sme_votes.add(sme)
        small_votes.add(small)
    sme_result = sme_votes.pop() if len(sme_votes) == 1 else None
    small_result = small_votes.pop() if len(small_votes) == 1 else None
    if sme_result is None:
        return SizeAssessment(None, None, basis="業種が不明", missing=missing)
    if sme_result:
        least_employees = min(d.max_employees for d in SME_DEFINITIONS.values())
        least_capital = min(d.max_capital_jpy for d in SME_DEFINITIONS.values())
        within = ([f"従業員{least_employees}人以下"] if emp_hi is not None and emp_hi <= least_employees else []) + (
            [f"資本金{format_yen(least_capital)}以下"] if cap_hi is not None and cap_hi <= least_capital else [])
        basis = f"中小企業基本法 第2条：業種が不明でも、どの業種区分でも{'又は'.join(within)}は中小企業者"
    else:
        basis = "中小企業基本法 第2条：どの業種区分の資本金・従業員数の上限も超えています"
    return SizeAssessment(sme_result, small_result, "", basis, [] if small_result is not None else ["industry"])


def small_as_stated(profile: Profile) -> bool | None:
    """小規模企業者 or not, as far as the stated facts tell: assess_size's verdict, or with the
    industry unknown the headcount's when every category of 第2条 agrees (5人 is 小規模 in all of
    them, 30人 in none). None: cannot tell."""
    size = assess_size(profile)
    if size.small is not None or profile.industry is not None or profile.employees is None:
        return size.small
    lo, hi = effective_bounds(profile.employees)
    limits = [d.small_max_employees for d in SME_DEFINITIONS.values()]
    if hi is not None and hi <= min(limits):
        return True
    if lo is not None and lo > max(limits):
        return False
    return None


# --- profiles from files (evaluation datasets, --profile) -----------------------------------------


def _quantity(value: Any, kind: str) -> Quantity | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise NumberParseError(f"{value!r} は数値ではありません。")
    if isinstance(value, int):
        return parse_count(str(value)) if kind == "count" else parse_yen(f"{value}円")
    if isinstance(value, float):
        if value != int(value):
            raise NumberParseError(f"{value!r} は整数ではありません。")
        return _quantity(int(value), kind)
    if isinstance(value, dict):
        return NumberRange(value.get("low"), value.get("high"), bool(value.get("approximate", False)))
    text = str(value)
    if kind == "count":
        return parse_count(text if re.search(r"[人名]$", text) else text + "人")
    return parse_yen(text)


def profile_from_dict(data: dict[str, Any]) -> ProfileParse:
    """Profile from a structured mapping (dataset rows, ``advisor match --profile``).

    Accepts the matching-dataset keys (industry, employees, prefecture, annual_sales_jpy,
    planned_investment_jpy, goal) plus municipality, capital_jpy, investment_purpose, goals,
    pain_points, digital_use, certifications, flags and ``text`` (free text parsed first).
    Figures may be numbers or Japanese strings ("20億円", "10〜20人").
    """
    result = parse_profile(str(data["text"])) if data.get("text") else ProfileParse(Profile())
    profile = result.profile
    if data.get("industry"):
        industry, issues = industry_from_value(str(data["industry"]))
        result.issues.extend(issues)
        if industry:
            profile.industry = industry
    fields = (("employees", "count", "従業員数"), ("capital_jpy", "yen", "資本金"),
              ("annual_sales_jpy", "yen", "年間売上高"), ("planned_investment_jpy", "yen", "予定投資額"))
    for key, kind, label in fields:
        if key in data and data[key] is not None:
            try:
                setattr(profile, key, _quantity(data[key], kind))
            except NumberParseError as exc:
                result.issues.append(ProfileIssue(key, "rejected", f"{label}: {exc}"))
    if profile.planned_investment_jpy is not None:
        profile.investment_planned = True
    if "investment_planned" in data:
        profile.investment_planned = data["investment_planned"]
    for key in ("prefecture", "municipality", "investment_purpose", "employees_note", "digital_level"):
        if data.get(key):
            value = nfkc(str(data[key]))
            if key == "prefecture":
                value = _PREF_BY_NAME.get(value, _PREF_BY_NAME.get(value.lower(), value))
            setattr(profile, key, value)
    goals = data.get("goals") or ([data["goal"]] if data.get("goal") else [])
    for goal in goals:
        if goal not in profile.goals:
            profile.goals.append(str(goal))
    for key in ("pain_points", "digital_use"):
        for item in data.get(key) or []:
            if item not in getattr(profile, key):
                getattr(profile, key).append(str(item))
    profile.certifications.update({str(k): bool(v) for k, v in (data.get("certifications") or {}).items()})
    profile.flags.update({str(k): bool(v) for k, v in (data.get("flags") or {}).items()})
    text_for_topics = " ".join(profile.goals + profile.pain_points + [profile.investment_purpose])
    for topic in _topics(text_for_topics):
        if topic not in profile.topics:
            profile.topics.append(topic)
    return result


__all__ = [
    "JSIC", "PREFECTURES", "SME_DEFINITIONS", "SMALL_EVIDENCE", "REFERENCE_SOURCE", "assess_size",
    "detect_industry", "industry_from_value", "parse_profile", "profile_from_dict", "small_as_stated",
]
