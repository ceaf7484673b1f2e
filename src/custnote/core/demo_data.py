# ruff: noqa: E501 (the customer tables below keep one log entry per line)
"""The demo notebook's customers: about thirty realistic notes, two thirds of them Japanese.

``custnote demo`` writes them so that a newcomer sees at once what custnote is for: cards with
allergies and tea preferences, two years of calls, visits and purchases, follow-ups that are
overdue or due this week, birthdays and a memorial day coming up, periodic visits falling due.
Every date is relative to ``today`` so the demo always looks current; everything else is fixed,
so the same ``today`` always gives the same notebook (ids included).

山田 太郎 (山田工務店, 03-5555-0199, allergic to えび) is the customer README's examples use.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, time, timedelta
from decimal import Decimal
from typing import Any

from custnote.core.naming import ID_ALPHABET, ID_LENGTH

#: Team members who own customers and write entries.
OWNERS = ("sato", "tanaka", "suzuki", "ogawa", "honda")


@dataclass(frozen=True)
class DemoCustomer:
    """One demo note as plain data: front-matter fields, free body, log entries (as dicts)."""

    fields: dict[str, Any]
    body: str
    log: list[dict[str, Any]]


@dataclass(frozen=True)
class _Ago:
    """The date ``days`` before today (a creation date)."""

    days: int


@dataclass(frozen=True)
class _Yearly:
    """A date whose month and day are ``days`` after today, in ``year`` or ``years_ago``.

    Birthdays, anniversaries and deaths that must fall within the demo's coming week.
    """

    days: int
    year: int | None = None
    years_ago: int = 0


@dataclass(frozen=True)
class _Spec:
    fields: dict[str, Any]
    body: str
    log: tuple[dict[str, Any], ...]


def _e(
    day: int,
    at: str | None,
    kind: str,
    author: str,
    text: str = "",
    *,
    dur: int | None = None,
    amount: str | None = None,
    fu: int | None = None,
    done: int | bool | None = None,
    **attributes: str,
) -> dict[str, Any]:
    """An entry spec: ``day``, ``fu`` and ``done`` are day offsets from today (negative = past);
    ``done=True`` means the entry's own day."""
    return {
        "day": day,
        "at": at,
        "kind": kind,
        "author": author,
        "text": text,
        "dur": dur,
        "amount": amount,
        "fu": fu,
        "done": day if done is True else done,
        "attributes": attributes,
    }


def demo_id(name: str) -> str:
    """A stable id in the notebook's id alphabet, derived from the name."""
    digest = hashlib.sha256(name.encode("utf-8")).digest()
    return "".join(ID_ALPHABET[b % len(ID_ALPHABET)] for b in digest[:ID_LENGTH])


#: 山田 太郎 keeps the id used in docs/FORMAT.md, so README's examples and paths match.
_FIXED_IDS = {"山田 太郎": "k7m2qa"}


def _yearly(today: date, spec: _Yearly) -> date:
    target = today + timedelta(days=spec.days)
    year = spec.year if spec.year is not None else target.year - spec.years_ago
    day = 28 if (target.month, target.day) == (2, 29) else target.day
    return date(year, target.month, day)


def _materialise(value: Any, today: date) -> Any:
    if isinstance(value, _Ago):
        return today - timedelta(days=value.days)
    if isinstance(value, _Yearly):
        return _yearly(today, value)
    if isinstance(value, dict):
        return {k: _materialise(v, today) for k, v in value.items()}
    if isinstance(value, list):
        return [_materialise(v, today) for v in value]
    return value


def _entry(spec: dict[str, Any], today: date) -> dict[str, Any]:
    def offset(days: int | None) -> date | None:
        return None if days is None else today + timedelta(days=days)

    at = spec["at"]
    return {
        "date": offset(spec["day"]),
        "time": time.fromisoformat(at) if at else None,
        "kind": spec["kind"],
        "author": spec["author"],
        "duration_min": spec["dur"],
        "amount": Decimal(spec["amount"]) if spec["amount"] is not None else None,
        "follow_up": offset(spec["fu"]),
        "done": offset(spec["done"]),
        "attributes": dict(spec["attributes"]),
        "text": spec["text"],
    }


def demo_customers(today: date) -> list[DemoCustomer]:
    """The demo customers with every date placed relative to ``today`` (log in date order)."""
    customers = []
    for spec in _SPECS:
        fields = _materialise(spec.fields, today)
        fields = {"id": _FIXED_IDS.get(fields["name"]) or demo_id(fields["name"]), **fields}
        log = sorted(
            (_entry(e, today) for e in spec.log),
            key=lambda e: (e["date"], e["time"] or time.min),
        )
        customers.append(DemoCustomer(fields=fields, body=spec.body, log=log))
    return customers


# --------------------------------------------------------------------------------------------
# The customers. Day offsets are relative to today: -700 is about two years ago, +3 is in three
# days. Follow-ups are either closed by a later entry's ``done`` or deliberately open: overdue
# (-1, -3, -10) or due this week (+1, +3, +4, +5, +6).
# --------------------------------------------------------------------------------------------

# fmt: off
_YAMADA = _Spec(
    fields={
        "name": "山田 太郎",
        "kana": "やまだ たろう",
        "company": "山田工務店",
        "title": "代表取締役",
        "owner": "sato",
        "status": "active",
        "tags": ["vip", "b2b", "golf"],
        "phones": ["03-5555-0199", "090-1234-5678"],
        "emails": ["taro@yamada.example.jp"],
        "address": "東京都練馬区豊玉北5-12-3",
        "postal_code": "176-0012",
        "birthday": date(1970, 5, 12),
        "anniversaries": [{"date": date(1988, 4, 1), "label": "山田工務店 創業記念日"}],
        "family": [
            {
                "name": "山田 恵子",
                "relation": "妻",
                "birthday": _Yearly(6, year=1972),
                "note": "経理担当。支払条件は奥様に確認。花が好き",
            },
            {
                "name": "山田 健一",
                "relation": "長男",
                "birthday": date(1999, 3, 3),
                "note": "現場担当。今後の窓口の一人",
            },
            {
                "name": "山田 一郎",
                "relation": "父",
                "died": _Yearly(5, years_ago=2),
                "note": "先代社長。命日には事務所に花を",
            },
        ],
        "preferences": {
            "drink": "ほうじ茶",
            "food": "焼肉、蕎麦",
            "allergies": ["えび"],
            "hobbies": "ゴルフ（ベスト82）",
            "channel": "電話",
        },
        "contact_hours": "平日8時〜9時（現場に出る前）",
        "source": "紹介（高橋歯科 高橋院長）",
        "created": _Ago(712),
    },
    body="""\
## 会社情報
- 練馬の工務店。社員12名、戸建てリフォームと新築が半々
- 給湯器・水回り設備を年間60台規模で当社から仕入れ
- 支払は月末締め翌月末払い（経理は奥様の恵子さん）

## 意思決定者・関係者
- 決裁: 山田社長。現場の仕様は長男の健一さん
- 競合: 東邦設備（単価で攻めてくる）

## 人柄
- 面倒見がよく職人気質。約束の時間に厳しい
- 事務所ではいつもほうじ茶を出してくれる
""",
    log=(
        _e(-712, "10:00", "visit", "sato", "初回訪問。高橋院長の紹介。先代のお父様が亡くなり代替わりしたばかりで、給湯器と水回り設備の仕入れ先を見直したいとのこと。事務所は練馬の住宅街、社員12名。", dur=60),
        _e(-705, None, "email", "sato", "会社案内とカタログ一式を送付。"),
        _e(-690, "14:00", "meeting", "sato", "見積の打合せ。給湯器GT-2460を年間40台程度。今は地元の問屋から仕入れていて納期が遅いのが不満。", dur=90, fu=-683),
        _e(-683, None, "email", "sato", "見積書No.2024-118を送付。40台で単価の相談あり。", done=True),
        _e(-670, "11:20", "call", "sato", "見積の件。経理の奥様が支払条件を気にしている。月末締め翌月末払いで了承いただいた。", dur=15),
        _e(-655, "10:00", "purchase", "sato", "初回発注。納品は2週間後。", amount="1480000", items="給湯器 GT-2460 ×10"),
        _e(-640, "16:00", "visit", "sato", "納品立会い。社長はほうじ茶党、事務所でいつも出してくれる。ゴルフの話で盛り上がった（ベストスコア82）。", dur=30),
        _e(-600, "09:40", "purchase", "sato", "追加で2台。電話で受注。", amount="296000", items="給湯器 GT-2460 ×2"),
        _e(-560, "18:30", "meeting", "sato", "会食（焼肉）。えびアレルギーがあるので会食は和食以外で、と奥様から事前に連絡あり。秋にゴルフの約束。", dur=120),
        _e(-530, "10:05", "complaint", "sato", "納品した給湯器1台でリモコンの表示不良。メーカーに交換を手配、明日訪問。", dur=20, fu=-529),
        _e(-529, "13:00", "visit", "sato", "リモコン交換完了。迅速な対応に社長から感謝された。", dur=40, done=True),
        _e(-480, "07:30", "visit", "sato", "ゴルフ（川越）。社長88、私は102。長男の健一さんが来春入社予定と聞いた。", dur=300),
        _e(-420, "15:10", "inquiry", "suzuki", "社長から電話。システムキッチンの取扱いについて。施主をショールームに案内してほしい。佐藤不在のため鈴木が受けた。", dur=10, fu=-410),
        _e(-410, "14:00", "visit", "sato", "新宿ショールームを案内。施主の田村様ご夫妻同行。対面型キッチンで検討。", dur=90, done=True),
        _e(-400, "11:00", "purchase", "sato", "田村邸リフォーム分と在庫分。", amount="2365000", items="システムキッチン I型2550 ×1, 給湯器 GT-2460 ×8"),
        _e(-330, "10:30", "purchase", "sato", "事務所の複合機を入替え。リース満了に合わせて買取。", amount="698000", items="複合機 MX-3150 ×1", lifetime="5y"),
        _e(-250, "15:00", "visit", "sato", "健一さんが入社、現場担当に。今後の窓口は社長と健一さんの二人。", dur=30),
        _e(-200, "14:00", "meeting", "sato", "来期の年間契約の打合せ。給湯器60台、単価は据え置き希望。東邦設備が単価5%安で提案してきている。", dur=60),
        _e(-190, None, "email", "sato", "年間契約の見積を送付。給湯器60台で8,580,000円（税別）。"),
        _e(-175, "16:30", "purchase", "sato", "年間契約を締結。単価据え置き、分納4回。", amount="8580000", items="給湯器 GT-2460 ×60（年間・分納）"),
        _e(-60, "10:30", "call", "sato", "来春の新築案件（練馬区、8棟）の設備一式について相談。", dur=12, fu=-45),
        _e(-45, "14:00", "visit", "sato", "8棟分の仕様打合せ。浴室・キッチン・給湯器。図面を預かった。", dur=75, done=True, fu=-20),
        _e(-20, None, "email", "sato", "8棟分の見積No.2026-342を送付。検討結果を電話で確認する。", done=True, fu=3),
        _e(-8, "16:20", "call", "suzuki", "健一さんから見積の質問。浴室のサイズ変更あり、再見積は不要とのこと。", dur=8),
        _e(-1, "14:30", "visit", "sato", "社長とゴルフの話。奥様の誕生日が来週とのこと、花を贈る。", dur=45),
    ),
)

_JAPANESE = (
    _YAMADA,
    _Spec(
        fields={
            "name": "佐々木 恵美",
            "kana": "ささき えみ",
            "company": "株式会社ミナト物産",
            "department": "総務部",
            "title": "部長",
            "owner": "tanaka",
            "status": "active",
            "tags": ["b2b"],
            "phones": ["045-555-0123", "080-5555-2345"],
            "emails": ["sasaki.emi@minato-bussan.example.jp"],
            "address": "神奈川県横浜市中区海岸通3-9",
            "postal_code": "231-0002",
            "birthday": date(1976, 8, 21),
            "preferences": {
                "drink": "コーヒー（ブラック）",
                "food": "イタリアン",
                "allergies": ["そば"],
                "hobbies": "宝塚観劇",
                "channel": "メール",
            },
            "contact_hours": "10時〜11時半、14時〜16時",
            "source": "展示会（オフィス総合展）",
            "created": _Ago(640),
        },
        body="""\
## 会社情報
- 食品の輸入商社。社員約80名、本社は関内
- 決裁は常務の岡田様。佐々木部長が窓口で、話は早い

## 人柄
- 数字に強く、結論から話すのを好む
- そばアレルギー: 差し入れにそば粉の菓子は厳禁
""",
        log=(
            _e(-640, "10:30", "meeting", "tanaka", "展示会のブースで名刺交換。来春の本社移転に伴いオフィス家具一式を検討中。", dur=40),
            _e(-632, None, "email", "tanaka", "お礼メールと家具カタログを送付。移転先は関内、社員約80名。"),
            _e(-610, "14:00", "visit", "tanaka", "移転先フロアの図面を拝見。フリーアドレス化を検討中。決裁は常務の岡田様。", dur=60),
            _e(-590, None, "email", "tanaka", "見積を送付（デスク80・チェア80・会議室3室）12,450,000円。", fu=-575),
            _e(-575, "11:00", "call", "tanaka", "見積の感触を確認。大手メーカー直販と比較中、チェアの座り心地を重視している。", dur=15, done=True),
            _e(-560, "15:00", "visit", "tanaka", "ショールームで試座。岡田常務も来場、チェアはハイバックに決定。", dur=90),
            _e(-540, "17:00", "purchase", "tanaka", "正式発注。値引き後の金額で合意。納品は移転の前週。", amount="11980000", items="デスク ×80, チェア ×80, 会議テーブル ×3"),
            _e(-455, "10:00", "visit", "tanaka", "移転後の納品・設置に立会い。不具合なし。お礼にそば菓子を持っていきかけたが部長はそばアレルギー、差し入れは洋菓子に。", dur=120),
            _e(-300, "13:30", "inquiry", "tanaka", "会議室にモニターを追加したいと問い合わせ。", dur=10),
            _e(-290, "10:00", "purchase", "tanaka", "会議室用モニターを納品。", amount="356400", items="会議室用モニター 65型 ×2, 壁掛け金具 ×2"),
            _e(-120, "10:10", "call", "tanaka", "年度末に向けて文具の定期購入を見直したいとのこと。", dur=8),
            _e(-25, "14:00", "visit", "tanaka", "定期購入の提案。月額予算は20万円以内。品目リストをもらう約束（まだ届いていない、催促すること）。", dur=45, fu=-3),
        ),
    ),
    _Spec(
        fields={
            "name": "高橋 健二",
            "kana": "たかはし けんじ",
            "company": "高橋歯科クリニック",
            "title": "院長",
            "owner": "suzuki",
            "status": "active",
            "tags": ["vip", "b2b"],
            "phones": ["03-5555-0142", "090-5555-7788"],
            "emails": ["info@takahashi-dental.example.jp"],
            "address": "東京都練馬区桜台1-4-2",
            "postal_code": "176-0002",
            "birthday": date(1965, 2, 14),
            "family": [
                {"name": "高橋 由紀", "relation": "妻"},
                {"name": "高橋 美咲", "relation": "長女", "note": "歯科医師。分院を任される予定"},
            ],
            "preferences": {
                "drink": "紅茶（ストレート）",
                "hobbies": "渓流釣り、クラシック音楽",
                "channel": "電話",
            },
            "contact_hours": "昼休み13時〜14時（診療中は不可）",
            "source": "既存取引（先代担当から引継ぎ）",
            "created": _Ago(720),
        },
        body="""\
## メモ
- 山田工務店の山田社長を紹介してくれた恩人
- 分院（石神井公園駅前）を計画中。娘の美咲さんが院長になる予定
- 話が長くなりがち。昼休みに訪問するなら30分で切り上げる
""",
        log=(
            _e(-720, "13:10", "visit", "suzuki", "定期訪問。院内の空調が古く入替えを検討中。内装は山田工務店を紹介した。", dur=30),
            _e(-700, "13:30", "call", "suzuki", "山田社長と会えたとお礼の電話。", dur=5),
            _e(-650, "09:00", "purchase", "suzuki", "診察室と待合のエアコンを入替え。", amount="1920000", items="業務用エアコン ×3, 取付工事", lifetime="10y"),
            _e(-500, "13:00", "visit", "suzuki", "分院開設の構想を聞いた。石神井公園駅前。", dur=25),
            _e(-90, "13:00", "meeting", "suzuki", "分院の設備計画。ユニット4台分の電源と給排水を確認したい。図面は来月。", dur=40, fu=-60),
            _e(-58, "13:10", "visit", "suzuki", "分院の図面を受領。工事は来春。", dur=35, done=True),
            _e(-30, None, "email", "suzuki", "分院の設備見積No.2026-388を送付。"),
            _e(-14, "13:20", "call", "suzuki", "見積は医療法人の理事会で検討中。来週金曜に返事をもらえる。", dur=10, fu=6),
            _e(-5, None, "note", "suzuki", "院長の娘さん（美咲さん）が分院長に決まったとのこと。お祝いの花を検討。"),
        ),
    ),
    _Spec(
        fields={
            "name": "伊藤 直子",
            "kana": "いとう なおこ",
            "owner": "ogawa",
            "status": "active",
            "tags": ["shop", "vip"],
            "phones": ["090-5555-3141"],
            "emails": ["naoko.ito@example.jp"],
            "address": "東京都世田谷区三軒茶屋2-8-1",
            "birthday": _Yearly(2, year=1981),
            "anniversaries": [{"date": _Yearly(24, year=2012), "label": "結婚記念日"}],
            "family": [{"name": "伊藤 亮", "relation": "夫", "note": "ビール党。甘いものが苦手"}],
            "preferences": {
                "drink": "辛口の日本酒（冷や）",
                "food": "白身魚、季節の炊き込みご飯",
                "dislikes": "パクチー",
                "allergies": ["卵"],
            },
            "contact_hours": "平日18時以降",
            "source": "ご友人の紹介",
            "created": _Ago(600),
        },
        body="""\
## お好み
- 席: カウンター奥から2番目
- 最初の一杯は辛口の日本酒を冷やで。新酒が入ったら連絡を
- 締めは炊き込みご飯

## アレルギー・ご注意
- 卵アレルギー（卵黄のタレ、茶碗蒸し、卵焼き、つなぎの卵も不可）。伝票にアレルギー札を付ける
""",
        log=(
            _e(-600, "19:00", "visit", "ogawa", "初来店。ご友人2名と。卵アレルギーのため茶碗蒸しを別の一品に差し替え。", amount="14300"),
            _e(-560, "19:30", "visit", "ogawa", "おひとりで。カウンター奥の席が気に入った様子。", amount="9800"),
            _e(-520, "18:30", "visit", "ogawa", "ご主人と結婚記念日のお祝い。デザートは卵不使用で手配。", amount="28600"),
            _e(-470, "19:15", "visit", "ogawa", "", amount="11200"),
            _e(-420, "15:00", "inquiry", "ogawa", "会社の忘年会（8名）の相談。", dur=10, fu=-415),
            _e(-415, "15:30", "call", "ogawa", "忘年会の予約確定。8名、個室、コース6,500円。1名分は卵不使用の献立。", dur=5, done=True),
            _e(-400, "19:00", "visit", "ogawa", "忘年会。幹事お疲れさまでした。", amount="62400"),
            _e(-300, "19:00", "visit", "ogawa", "", amount="9600"),
            _e(-250, "19:00", "visit", "ogawa", "辛口の田酒を気に入られた。次に入荷したら連絡する。", amount="12800", fu=-230),
            _e(-228, "16:00", "call", "ogawa", "辛口の新酒入荷を連絡。土曜に来店予定。", dur=3, done=True),
            _e(-226, "19:00", "visit", "ogawa", "", amount="13200"),
            _e(-150, "20:30", "complaint", "ogawa", "焼き物に卵黄のタレが使われていた（口にする前にご本人が気づいた）。お詫びしてお代はいただかず。厨房で卵を使う料理の一覧を作り直す。"),
            _e(-148, None, "note", "ogawa", "厨房ミーティング。アレルギーのあるお客様の伝票にアレルギー札を付ける運用に変更。"),
            _e(-120, "19:00", "visit", "ogawa", "前回のお詫びを改めて。気にしていないとのことで安心した。", amount="11800"),
            _e(-40, "19:30", "visit", "ogawa", "ご主人と。秋の炊き込みご飯を絶賛。", amount="15600"),
        ),
    ),
    _Spec(
        fields={
            "name": "渡辺 誠",
            "kana": "わたなべ まこと",
            "company": "渡辺精機株式会社",
            "department": "購買課",
            "title": "課長",
            "owner": "tanaka",
            "status": "prospect",
            "tags": ["b2b"],
            "phones": ["0569-55-0101", "070-5555-8080"],
            "emails": ["m.watanabe@watanabe-seiki.example.jp"],
            "address": "愛知県半田市港本町1-10",
            "postal_code": "475-0000",
            "preferences": {"drink": "緑茶"},
            "source": "Webフォーム",
            "created": _Ago(75),
        },
        body="""\
## 会社情報
- 精密部品の製造。半田工場に約200名
- 休憩室（食堂兼用）の什器入替えを年度内に予定。予算は約300万円
""",
        log=(
            _e(-75, None, "inquiry", "tanaka", "Webフォームから問い合わせ。工場休憩室の什器入替え（テーブル20・椅子80）。"),
            _e(-70, "10:00", "call", "tanaka", "要件をヒアリング。予算は年度内で300万円程度。", dur=20),
            _e(-40, "13:30", "visit", "tanaka", "半田工場を訪問し休憩室を実測。食堂と兼用なので天板は耐水性重視。", dur=90),
            _e(-24, None, "email", "tanaka", "見積3,080,000円を送付。2週間後に電話で確認する。", fu=-10),
        ),
    ),
    _Spec(
        fields={
            "name": "中村 美穂",
            "kana": "なかむら みほ",
            "owner": "honda",
            "status": "active",
            "tags": ["karte"],
            "visit_every": "2 months",
            "phones": ["080-5555-6262"],
            "emails": ["miho.n@example.jp"],
            "birthday": date(1988, 7, 3),
            "preferences": {
                "drink": "温かいルイボスティー",
                "allergies": ["ジアミン（ヘアカラー）"],
                "hobbies": "ヨガ、カフェ巡り",
                "channel": "LINE",
            },
            "source": "ホットペッパー",
            "created": _Ago(690),
        },
        body="""\
## ご注意（肌・髪・体調）
- ジアミンでかぶれる（初回パッチテストで反応）。カラーは必ずノンジアミン
- 頭皮が敏感でしみやすい。シャンプーはぬるめ

## ご希望・お好み
- 落ち着いたブラウン系。前髪は眉上にしない
- 施術中は静かに過ごしたい派
""",
        log=(
            _e(-690, "11:00", "visit", "honda", "初回。カット＋カラー希望だったがパッチテストでジアミンに反応。ノンジアミンカラーに変更。", dur=120, amount="13200"),
            _e(-630, "11:00", "visit", "honda", "カット＋ノンジアミンカラー。しみなし。", dur=90, amount="12100"),
            _e(-570, "10:30", "visit", "honda", "カット＋カラー＋トリートメント。友人の結婚式に出るので華やかに。", dur=120, amount="15400"),
            _e(-505, "11:00", "visit", "honda", "カット＋ノンジアミンカラー。", dur=90, amount="12100"),
            _e(-440, "11:00", "visit", "honda", "転職したとのこと（IT企業）。落ち着いた色味を希望。", dur=90, amount="12100"),
            _e(-380, "17:30", "purchase", "honda", "頭皮用シャンプーを購入。", amount="4950", items="アミノ酸シャンプー 300ml ×1"),
            _e(-375, "11:00", "visit", "honda", "", dur=90, amount="12100"),
            _e(-310, "10:30", "visit", "honda", "シャンプーが合っているとのこと。", dur=90, amount="13200"),
            _e(-250, "11:00", "visit", "honda", "縮毛矯正の相談。次回に。", dur=90, amount="12100"),
            _e(-190, "10:00", "visit", "honda", "縮毛矯正＋カット。薬剤は低刺激タイプ、頭皮に付けないよう塗布。", dur=150, amount="22000"),
            _e(-125, "11:00", "visit", "honda", "", dur=90, amount="12100"),
            _e(-62, "11:00", "visit", "honda", "次回は年末前に来たいとのこと。", dur=90, amount="12100"),
        ),
    ),
    _Spec(
        fields={
            "name": "小林 正樹",
            "kana": "こばやし まさき",
            "company": "小林建設株式会社",
            "title": "専務取締役",
            "owner": "sato",
            "status": "dormant",
            "tags": ["b2b"],
            "phones": ["048-555-0177"],
            "emails": ["kobayashi@kobayashi-kensetsu.example.jp"],
            "address": "埼玉県さいたま市浦和区高砂2-3-4",
            "birthday": date(1958, 1, 20),
            "preferences": {"drink": "コーヒー（砂糖多め）", "food": "鰻", "hobbies": "囲碁"},
            "source": "紹介（山田工務店 山田社長）",
            "created": _Ago(700),
        },
        body="""\
## メモ
- マンション改修が主力。現場の窓口は西川課長
- 納期には厳しい。遅れそうなら必ず前日までに連絡
""",
        log=(
            _e(-700, "10:00", "visit", "sato", "山田社長の紹介で訪問。マンション改修工事の設備について。", dur=60),
            _e(-680, None, "email", "sato", "見積を送付。"),
            _e(-660, "14:00", "purchase", "sato", "初回受注。", amount="3240000", items="給湯器 GT-2460 ×20, 浴室換気乾燥機 ×4"),
            _e(-600, "09:15", "call", "sato", "納期が一週間遅れたことへの不満。今後は早めに発注するとのこと。", dur=10),
            _e(-520, "11:00", "visit", "sato", "次の改修案件の情報。鰻が好物で、浦和の老舗の話になった。", dur=60),
            _e(-450, "10:00", "purchase", "sato", "", amount="1650000", items="給湯器 GT-2460 ×10", lifetime="10y"),
            _e(-330, "15:00", "visit", "sato", "専務が体調を崩して入院していたとのこと。案件はしばらく止まる。", dur=20),
            _e(-270, "11:00", "call", "sato", "退院されたと西川課長から。現場の窓口は西川課長に。", dur=5),
        ),
    ),
    _Spec(
        fields={
            "name": "加藤 由美子",
            "kana": "かとう ゆみこ",
            "company": "有限会社かとう農園",
            "title": "代表",
            "owner": "suzuki",
            "status": "active",
            "tags": ["b2b", "地元"],
            "phones": ["028-555-0303", "090-5555-1122"],
            "emails": ["yumiko@kato-farm.example.jp"],
            "address": "栃木県宇都宮市上戸祭町1200",
            "birthday": date(1972, 4, 5),
            "family": [{"name": "加藤 茂", "relation": "夫", "note": "いちご栽培の責任者"}],
            "preferences": {"drink": "麦茶", "hobbies": "温泉巡り"},
            "contact_hours": "午後（午前は畑）",
            "source": "電話問い合わせ",
            "created": _Ago(540),
        },
        body="""\
## メモ
- いちご農家。敷地内に直売所。冬〜春が繁忙期なので工事はその前に
- 補助金の情報を喜ぶ
""",
        log=(
            _e(-540, "10:00", "inquiry", "suzuki", "直売所のショーケースが故障、入替えの相談。", dur=10),
            _e(-535, "14:00", "visit", "suzuki", "現地確認。いちごの季節までに入れたい。", dur=60),
            _e(-520, "09:00", "purchase", "suzuki", "搬入・設置まで完了。", amount="880000", items="冷蔵ショーケース 1800型 ×1, 搬入設置", lifetime="8y"),
            _e(-400, "11:00", "visit", "suzuki", "順調に稼働。いちごをいただいた。", dur=30),
            _e(-200, "15:00", "call", "suzuki", "2台目を検討。補助金が出れば来年。", dur=10),
            _e(-90, None, "email", "suzuki", "県の省エネ設備補助金の案内を送付。", fu=-60),
            _e(-58, "15:30", "call", "suzuki", "補助金は申請済み。結果は春頃。", dur=5, done=True),
        ),
    ),
    _Spec(
        fields={
            "name": "吉田 拓也",
            "kana": "よしだ たくや",
            "company": "株式会社ヨシダ電機",
            "department": "営業部",
            "title": "主任",
            "owner": "tanaka",
            "status": "lost",
            "tags": ["b2b"],
            "phones": ["06-5555-0404"],
            "emails": ["t.yoshida@yoshida-denki.example.jp"],
            "address": "大阪府大阪市北区梅田1-2-3",
            "preferences": {"drink": "コーヒー"},
            "source": "Webフォーム",
            "created": _Ago(500),
        },
        body="""\
## 失注メモ
- 大阪営業所の移転（40席）。オフィスプラス社に決定
- 敗因: 価格（約15%差）と納期。次の移転・増床の際は早めに声をかけてもらう約束
""",
        log=(
            _e(-500, None, "inquiry", "tanaka", "大阪営業所の移転でオフィス家具の相談。"),
            _e(-490, "11:00", "meeting", "tanaka", "オンラインで要件確認。40席。", dur=60),
            _e(-470, None, "email", "tanaka", "見積5,200,000円を送付。"),
            _e(-450, "16:00", "call", "tanaka", "価格が合わない、競合は15%安いとのこと。", dur=20),
            _e(-440, "11:00", "meeting", "tanaka", "再見積4,780,000円で提案。", dur=30),
            _e(-420, "17:45", "call", "tanaka", "オフィスプラス社に決定との連絡。敗因は価格と納期。次の機会に声をかけてもらう約束。", dur=10),
        ),
    ),
    _Spec(
        fields={
            "name": "山本 和子",
            "kana": "やまもと かずこ",
            "owner": "ogawa",
            "status": "active",
            "tags": ["shop"],
            "phones": ["03-5555-0707"],
            "address": "東京都世田谷区太子堂4-1-1",
            "birthday": date(1949, 3, 8),
            "family": [{"name": "佐藤 恵", "relation": "長女", "note": "予約はいつも恵さんから"}],
            "preferences": {
                "drink": "ほうじ茶",
                "food": "鯛めし、茶碗蒸し",
                "allergies": ["小麦"],
            },
            "contact_hours": "午前中",
            "source": "近所",
            "created": _Ago(700),
        },
        body="""\
## お好み
- 昼のご来店。鯛めしが定番
- 小麦アレルギー: 天ぷらは米粉で揚げる。醤油も小麦不使用のものを

## ご注意
- 足を痛めて杖をお使い。入口の段差に注意、テーブル席を用意
""",
        log=(
            _e(-700, "12:00", "visit", "ogawa", "娘さんとランチ。小麦アレルギーのため天ぷらは米粉で対応。", amount="3300"),
            _e(-620, "12:15", "visit", "ogawa", "", amount="2800"),
            _e(-540, "12:00", "visit", "ogawa", "娘さんと。", amount="5600"),
            _e(-470, "10:30", "inquiry", "ogawa", "娘の恵さんから、喜寿のお祝いの会食（12名）の相談。", dur=10, fu=-460),
            _e(-460, "10:00", "call", "ogawa", "個室を予約。米粉の天ぷらと鯛めしのコース。", dur=10, done=True),
            _e(-445, "12:00", "visit", "ogawa", "喜寿のお祝い。ご家族12名。記念写真を撮ってお渡しした。", amount="86400"),
            _e(-300, "12:00", "visit", "ogawa", "", amount="3300"),
            _e(-150, "12:00", "visit", "ogawa", "足を痛めて杖。入口の段差に注意、テーブル席を用意。", amount="3300"),
            _e(-30, "12:00", "visit", "ogawa", "お元気そう。年末に娘さん一家と来る予定。", amount="2800"),
        ),
    ),
    _Spec(
        fields={
            "name": "松本 大輔",
            "kana": "まつもと だいすけ",
            "company": "松本自動車整備",
            "title": "代表",
            "owner": "suzuki",
            "status": "active",
            "tags": ["b2b", "定期点検"],
            "visit_every": "6 months",
            "phones": ["0467-55-0808", "090-5555-2020"],
            "emails": ["matsumoto-auto@example.jp"],
            "address": "神奈川県藤沢市辻堂元町2-2-2",
            "preferences": {"drink": "缶コーヒー（微糖）", "hobbies": "旧車いじり"},
            "contact_hours": "朝8時半〜9時、夕方17時以降",
            "source": "飛び込み",
            "created": _Ago(710),
        },
        body="""\
## 点検メモ
- 工場の業務用エアコン2台（2年前に設置）。半年ごとに定期点検
- ドレンが詰まりやすい（整備の油煙）。点検時に必ず清掃

## 人柄
- 気さくで話し好き。旧車の話をすると長い
""",
        log=(
            _e(-710, "16:00", "purchase", "suzuki", "工場のエアコン入替えを受注。", amount="1540000", items="業務用エアコン ×2, 取付工事", lifetime="10y"),
            _e(-690, "09:00", "visit", "suzuki", "設置工事完了。", dur=120),
            _e(-515, "09:30", "visit", "suzuki", "定期点検（1回目）。フィルター清掃。異常なし。", dur=60),
            _e(-330, "09:30", "visit", "suzuki", "定期点検。ドレン詰まりあり、清掃。", dur=60),
            _e(-320, "17:10", "complaint", "suzuki", "冷えが悪いと電話。明後日訪問。", dur=5, fu=-318),
            _e(-318, "09:00", "visit", "suzuki", "ガス漏れなし、ガス補充で回復。", dur=90, amount="16500", done=True),
            _e(-150, "09:30", "visit", "suzuki", "定期点検。異常なし。次回は春。", dur=60),
            _e(-10, "08:45", "call", "suzuki", "次回点検の日程調整。来月第1週を希望。", dur=5),
        ),
    ),
    _Spec(
        fields={
            "name": "井上 真理子",
            "kana": "いのうえ まりこ",
            "company": "株式会社イノウエデザイン",
            "title": "代表取締役",
            "owner": "tanaka",
            "status": "prospect",
            "tags": ["b2b"],
            "phones": ["03-5555-0919"],
            "emails": ["mariko@inoue-design.example.jp"],
            "address": "東京都渋谷区神宮前3-3-3",
            "source": "展示会（オフィス総合展）",
            "created": _Ago(21),
        },
        body="""\
## 商談
- 事務所の内装リニューアル（10名規模）。デザイン重視、北欧系の家具が好み
""",
        log=(
            _e(-21, "15:00", "meeting", "tanaka", "展示会で名刺交換。事務所の内装リニューアルを検討中。デザイン重視。", dur=20),
            _e(-19, None, "email", "tanaka", "お礼とカタログを送付。"),
            _e(-6, "14:00", "call", "tanaka", "来週木曜に事務所訪問のアポ。", dur=15, fu=4),
        ),
    ),
    _Spec(
        fields={
            "name": "木村 浩",
            "kana": "きむら ひろし",
            "company": "木村酒店",
            "title": "店主",
            "owner": "sato",
            "status": "dormant",
            "tags": ["b2b", "地元"],
            "phones": ["(03) 5555-0313"],
            "address": "東京都練馬区豊玉上1-1-1",
            "preferences": {"drink": "ビール", "hobbies": "草野球"},
            "source": "山田工務店の取引先",
            "created": _Ago(560),
        },
        body="""\
## メモ
- 町の酒屋。店の冷蔵庫とビールサーバーの相談に乗っている
- 代替わりを検討中（息子さんが継ぐか未定）
""",
        log=(
            _e(-560, "15:00", "visit", "sato", "山田社長に連れられて来店。店の冷蔵庫が古い。", dur=30),
            _e(-540, "11:00", "purchase", "sato", "", amount="498000", items="リーチイン冷蔵庫 ×1", lifetime="10y"),
            _e(-420, "16:00", "visit", "sato", "草野球の試合に誘われた。", dur=20),
            _e(-300, "10:00", "call", "sato", "店を続けるか迷っているとのこと。しばらく様子見。", dur=15),
        ),
    ),
    _Spec(
        fields={
            "name": "林 千尋",
            "kana": "はやし ちひろ",
            "owner": "honda",
            "status": "active",
            "tags": ["karte", "vip"],
            "visit_every": "1 month",
            "phones": ["080-5555-7070"],
            "emails": ["chihiro.h@example.jp"],
            "birthday": date(1990, 10, 10),
            "preferences": {
                "drink": "白湯",
                "allergies": ["アルコール（消毒用）"],
                "channel": "LINE",
            },
            "source": "インスタグラム",
            "created": _Ago(330),
        },
        body="""\
## ご注意（肌）
- 敏感肌。アルコール消毒でかぶれる: 手指と器具はノンアルコールで
- ピーリングは弱めのみ

## ご使用中の商品
- 保湿クリーム（セラミド配合）、日焼け止め（ノンケミカル）
""",
        log=(
            _e(-330, "18:00", "visit", "honda", "初回フェイシャル。アルコールでかぶれるためノンアルコールで施術。", dur=75, amount="9900"),
            _e(-300, "18:00", "visit", "honda", "", dur=75, amount="9900"),
            _e(-270, "18:30", "visit", "honda", "乾燥が気になるとのこと。保湿中心のコースに。", dur=75, amount="11000"),
            _e(-268, "12:00", "purchase", "honda", "", amount="6600", items="保湿クリーム 50g ×1"),
            _e(-240, "18:00", "visit", "honda", "", dur=75, amount="11000"),
            _e(-205, "18:00", "visit", "honda", "仕事が忙しく肌荒れ。施術は弱めに。", dur=75, amount="11000"),
            _e(-170, "18:00", "visit", "honda", "", dur=75, amount="11000"),
            _e(-140, "18:00", "visit", "honda", "回数券を購入。", dur=75, amount="49500", items="フェイシャル回数券 ×5"),
            _e(-105, "18:00", "visit", "honda", "回数券1回目。", dur=75),
            _e(-75, "18:00", "visit", "honda", "回数券2回目。夏の日焼けが残っている。", dur=75),
            _e(-45, "18:30", "visit", "honda", "回数券3回目。次回は来月と言っていたが予約なし。", dur=75),
        ),
    ),
    _Spec(
        fields={
            "name": "清水 健太",
            "kana": "しみず けんた",
            "owner": "suzuki",
            "status": "active",
            "tags": ["個人"],
            "phones": ["０９０－５５５５－４４５６"],
            "emails": ["kenta.shimizu@example.jp"],
            "address": "千葉県船橋市本町6-6-6",
            "contact_hours": "平日19時以降",
            "source": "Webフォーム",
            "created": _Ago(400),
        },
        body="""\
## メモ
- 戸建て（築15年）。給湯器を当社で交換済み
- 日中は連絡がつかない。電話は19時以降
""",
        log=(
            _e(-400, None, "inquiry", "suzuki", "Webフォームから給湯器交換の見積依頼。築15年、お湯が出にくい。"),
            _e(-395, "10:00", "visit", "suzuki", "現地調査。", dur=45),
            _e(-390, "19:30", "purchase", "suzuki", "", amount="264000", items="給湯器 GT-2460 ×1, 取付工事", lifetime="10y"),
            _e(-385, "09:00", "visit", "suzuki", "取付工事。", dur=180),
            _e(-200, "20:15", "complaint", "suzuki", "お湯の温度が安定しない。夜しか連絡がつかない。", dur=25, fu=-198),
            _e(-198, "10:00", "visit", "suzuki", "調査。リモコン設定の誤り。説明して解決。", dur=60, done=True),
            _e(-2, "19:50", "complaint", "suzuki", "また温度が不安定とのこと。明日訪問を約束、前回と同じ症状か確認。", dur=15, fu=-1),
        ),
    ),
    _Spec(
        fields={
            "name": "斎藤 洋子",
            "kana": "サイトウ ヨウコ",
            "company": "株式会社サイトウ不動産",
            "department": "管理部",
            "title": "課長",
            "owner": "tanaka",
            "status": "active",
            "tags": ["b2b"],
            "phones": ["0120-55-5678", "03-5555-3030"],
            "emails": ["y-saito@saito-fudosan.example.jp"],
            "address": "東京都杉並区阿佐谷南1-1-1",
            "preferences": {"drink": "紅茶（ミルク）"},
            "source": "紹介（山田工務店）",
            "created": _Ago(480),
        },
        body="""\
## 会社情報
- 賃貸マンション12棟を管理。入居者からの設備故障の窓口
- 発注は棟ごとの予算。年度末に駆け込みが多い
""",
        log=(
            _e(-480, "10:00", "visit", "tanaka", "山田工務店の紹介。管理物件の給湯器の一斉交換を検討。", dur=45),
            _e(-460, "11:00", "purchase", "tanaka", "1棟目。", amount="1980000", items="給湯器 GT-2460 ×12"),
            _e(-300, "14:00", "call", "tanaka", "入居者から異音の問い合わせ、当社から業者手配。", dur=10),
            _e(-210, "11:00", "purchase", "tanaka", "2棟目。", amount="2310000", items="給湯器 GT-2460 ×14"),
            _e(-35, "10:00", "meeting", "tanaka", "来年度の交換計画。残り10棟を3年で。", dur=60),
        ),
    ),
    _Spec(
        fields={
            "name": "森 隆",
            "kana": "もり たかし",
            "owner": "ogawa",
            "status": "dormant",
            "tags": ["shop"],
            "phones": ["080-5555-5151"],
            "preferences": {"drink": "ハイボール", "food": "刺身、焼き鳥"},
            "source": "通りがかり",
            "created": _Ago(620),
        },
        body="""\
## お好み
- カウンター手前。一人で来て板前と話すのが好き
""",
        log=(
            _e(-620, "20:00", "visit", "ogawa", "初来店。", amount="6200"),
            _e(-560, "20:30", "visit", "ogawa", "", amount="5800"),
            _e(-480, "20:00", "visit", "ogawa", "転勤の可能性があると話していた。", amount="7400"),
            _e(-400, "20:00", "visit", "ogawa", "", amount="6100"),
            _e(-320, "20:00", "visit", "ogawa", "", amount="6600"),
            _e(-250, "21:00", "visit", "ogawa", "大阪に転勤が決まったとのこと。東京に来たら寄ると。", amount="8800"),
        ),
    ),
    _Spec(
        fields={
            "name": "池田 さくら",
            "kana": "いけだ さくら",
            "owner": "suzuki",
            "status": "prospect",
            "tags": ["個人"],
            "phones": ["080-5555-9191"],
            "emails": ["sakura.ikeda@example.jp"],
            "address": "東京都板橋区常盤台2-2-2",
            "contact_hours": "土日",
            "source": "Webフォーム",
            "created": _Ago(9),
        },
        body="""\
## ご要望
- キッチンのリフォーム（築20年マンション）。食洗機を入れたい
""",
        log=(
            _e(-9, None, "inquiry", "suzuki", "Webフォームからキッチンリフォームの相談。食洗機を入れたい。"),
            _e(-7, "11:00", "call", "suzuki", "土曜に現地調査の約束。", dur=10),
            _e(-3, "10:00", "visit", "suzuki", "現地調査。ビルトイン食洗機は設置可能。見積を明日までに。", dur=60, fu=1),
        ),
    ),
    _Spec(
        fields={
            "name": "橋本 徹",
            "kana": "はしもと とおる",
            "company": "橋本法律事務所",
            "title": "所長 弁護士",
            "owner": "suzuki",
            "status": "active",
            "tags": ["vip", "b2b"],
            "phones": ["03-5555-2121", "+81 90-5555-2122"],
            "emails": ["hashimoto@hashimoto-law.example.jp"],
            "address": "東京都千代田区霞が関1-1-1",
            "anniversaries": [{"date": _Yearly(3, year=2005), "label": "事務所開設記念日"}],
            "preferences": {"drink": "コーヒー（ミルクのみ）", "hobbies": "ワイン、将棋"},
            "contact_hours": "17時以降（日中は法廷）",
            "source": "紹介（高橋院長）",
            "created": _Ago(600),
        },
        body="""\
## メモ
- 弁護士5名・事務員4名。秘書の田村さん経由でアポ
- 守秘義務に厳しい: 書類の廃棄はシュレッダー＋溶解処理の証明書が必須
""",
        log=(
            _e(-600, "17:30", "meeting", "suzuki", "高橋院長の紹介。事務所の複合機と書類保管庫の相談。", dur=45),
            _e(-580, None, "email", "suzuki", "見積を送付。", fu=-570),
            _e(-570, "17:15", "call", "suzuki", "見積で了承。", dur=5, done=True),
            _e(-560, "10:00", "purchase", "suzuki", "", amount="1288000", items="複合機 MX-4150 ×1, 耐火書庫 ×2", lifetime="5y"),
            _e(-380, "17:30", "visit", "suzuki", "書類の溶解処理サービスを紹介。", dur=20),
            _e(-360, "10:00", "purchase", "suzuki", "溶解処理の年間契約。", amount="198000", items="機密書類溶解処理 年間契約"),
            _e(-200, "18:00", "meeting", "suzuki", "所長とワインの話。記念日に贈るならブルゴーニュ。", dur=60),
            _e(-5, "10:00", "purchase", "suzuki", "溶解処理の年間契約を更新。", amount="198000", items="機密書類溶解処理 年間契約"),
        ),
    ),
    _Spec(
        fields={
            "name": "石川 愛",
            "kana": "いしかわ あい",
            "owner": "honda",
            "status": "active",
            "tags": ["karte"],
            "visit_every": "3 weeks",
            "phones": ["070-5555-3434"],
            "emails": ["ai.ishikawa@example.jp"],
            "birthday": date(1993, 6, 18),
            "preferences": {"drink": "常温の水", "channel": "メール"},
            "contact_hours": "平日昼休み",
            "source": "紹介（中村 美穂様）",
            "created": _Ago(160),
        },
        body="""\
## ご注意（体調）
- 妊娠中（安定期）。うつ伏せ不可、横向きで施術。お腹への圧は厳禁
- 慢性的な腰痛。デスクワーク

## 施術メモ
- 骨盤まわりの調整と肩こりのほぐし。強さは「やや弱め」
""",
        log=(
            _e(-160, "12:30", "visit", "honda", "初回。デスクワークで慢性的な腰痛。", dur=60, amount="7700"),
            _e(-139, "12:30", "visit", "honda", "", dur=45, amount="6600"),
            _e(-118, "12:30", "visit", "honda", "妊娠がわかったとのこと。施術方針を変更（横向き、弱め）。", dur=45, amount="6600"),
            _e(-97, "12:30", "visit", "honda", "", dur=45, amount="6600"),
            _e(-76, "12:30", "visit", "honda", "つわりが落ち着いた。", dur=45, amount="6600"),
            _e(-55, "12:30", "visit", "honda", "安定期に入った。腰の張りが強い。", dur=45, amount="6600"),
            _e(-27, "12:30", "visit", "honda", "次回は3週間後の予定。", dur=45, amount="6600"),
        ),
    ),
)

_ENGLISH = (
    _Spec(
        fields={
            "name": "Jane Smith",
            "company": "Northwind Traders KK",
            "department": "Procurement",
            "title": "Purchasing Manager",
            "owner": "tanaka",
            "status": "active",
            "tags": ["b2b", "vip"],
            "phones": ["+81 3-5555-0188", "+81 80-5555-0101"],
            "emails": ["jane.smith@northwind.example.com"],
            "address": "Akasaka 9-7-1, Minato-ku, Tokyo",
            "postal_code": "107-0052",
            "birthday": date(1982, 9, 14),
            "family": [
                {"name": "Tom Smith", "relation": "husband"},
                {"name": "Lily Smith", "relation": "daughter", "birthday": _Yearly(4, year=2015)},
            ],
            "preferences": {
                "drink": "Earl Grey, milk, no sugar",
                "food": "Italian; sushi but no raw octopus",
                "allergies": ["peanuts"],
                "hobbies": "trail running, Japanese pottery",
                "channel": "email",
            },
            "contact_hours": "weekdays 9:00-17:00",
            "source": "trade show",
            "created": _Ago(650),
        },
        body="""\
## Company
- Importer of household goods; offices in Tokyo, Osaka and Fukuoka
- Annual supply contract for all three sites, consolidated monthly invoice in English

## Notes
- Decides quickly once the numbers are clear; wants everything in writing
- Peanut allergy: check desserts and snacks at any lunch
""",
        log=(
            _e(-650, "10:00", "meeting", "tanaka", "Intro meeting at their Akasaka office. Consolidating office supply vendors for three sites.", dur=60),
            _e(-640, None, "email", "tanaka", "Sent proposal and price list in English."),
            _e(-620, "15:00", "call", "tanaka", "Questions on English invoices and one consolidated monthly bill. Yes to both.", dur=30),
            _e(-600, "11:00", "purchase", "tanaka", "Signed the annual supply contract.", amount="2480000", items="Annual supply contract (Tokyo, Osaka, Fukuoka)"),
            _e(-560, "14:00", "visit", "tanaka", "Quarterly review. Happy with delivery times. Runs trail races, Hakone in the autumn.", dur=45),
            _e(-470, None, "complaint", "tanaka", "Osaka office received the wrong toner twice.", fu=-465),
            _e(-465, "10:30", "call", "tanaka", "Apologised; toner replaced, Osaka warehouse picking fixed.", dur=15, done=True),
            _e(-380, "12:00", "meeting", "tanaka", "Lunch at an Italian place in Akasaka. Peanut allergy: checked the dessert. Daughter Lily started school.", dur=90),
            _e(-235, "11:00", "purchase", "tanaka", "Renewed the annual contract.", amount="2610000", items="Annual supply contract (Tokyo, Osaka, Fukuoka)"),
            _e(-200, None, "inquiry", "tanaka", "Asked about ergonomic chairs for 15 staff."),
            _e(-180, "09:30", "purchase", "tanaka", "", amount="1045500", items="Ergonomic chair x15"),
            _e(-20, "10:00", "meeting", "tanaka", "Renewal talk for next year's contract. Wants a 3% volume discount; send a revised quote by Friday.", dur=45, fu=5),
        ),
    ),
    _Spec(
        fields={
            "name": "Michael Brown",
            "company": "Brown & Sons Hardware",
            "title": "Owner",
            "owner": "suzuki",
            "status": "active",
            "tags": ["b2b"],
            "phones": ["045-555-0777"],
            "emails": ["mike@brownandsons.example.com"],
            "address": "Motomachi 1-5, Naka-ku, Yokohama, Kanagawa",
            "preferences": {"drink": "black coffee", "hobbies": "baseball (BayStars fan)"},
            "source": "walk-in",
            "created": _Ago(540),
        },
        body="""\
## Notes
- Runs an imported-tools shop with his two sons. Speaks some Japanese, prefers English
- Never calls before 11: the shop opens late
""",
        log=(
            _e(-540, "11:30", "visit", "suzuki", "Walked in; the shop's old showcase lights are failing.", dur=30),
            _e(-530, "14:00", "purchase", "suzuki", "", amount="312000", items="LED showcase lighting set x6"),
            _e(-420, "12:00", "call", "suzuki", "All good with the lights. Talked baseball for ten minutes.", dur=15),
            _e(-300, None, "email", "suzuki", "Sent the new catalogue."),
            _e(-260, "13:00", "purchase", "suzuki", "Second store room.", amount="189000", items="Steel shelving unit x10"),
            _e(-130, "11:30", "visit", "suzuki", "His elder son Chris is taking over purchasing.", dur=30),
            _e(-60, None, "inquiry", "suzuki", "Chris asked about a security camera system.", fu=-50),
            _e(-50, "11:30", "visit", "suzuki", "Surveyed the shop for four cameras; they will decide after the holidays.", dur=40, done=True),
        ),
    ),
    _Spec(
        fields={
            "name": "Emily Johnson",
            "owner": "ogawa",
            "status": "active",
            "tags": ["shop"],
            "phones": ["080-5555-6767"],
            "emails": ["emily.j@example.com"],
            "birthday": date(1991, 11, 2),
            "preferences": {
                "drink": "cold sake, dry",
                "food": "vegetarian (eats fish on special occasions)",
                "allergies": ["shellfish"],
            },
            "source": "Google Maps",
            "created": _Ago(430),
        },
        body="""\
## Favourites
- Table by the window. Vegetable tempura, grilled tofu, seasonal rice
- English menu, but likes to practise her Japanese

## Allergies
- Shellfish (shrimp, crab): separate fryer oil for her tempura
""",
        log=(
            _e(-430, "19:00", "visit", "ogawa", "First visit with two colleagues. Shellfish allergy: tempura fried in fresh oil.", amount="18900"),
            _e(-360, "19:30", "visit", "ogawa", "", amount="7800"),
            _e(-300, "19:00", "visit", "ogawa", "Brought her parents visiting from Boston.", amount="32400"),
            _e(-240, "20:00", "visit", "ogawa", "", amount="8200"),
            _e(-150, "19:00", "visit", "ogawa", "Her birthday dinner; sent a small dessert.", amount="15600"),
            _e(-80, "19:30", "visit", "ogawa", "", amount="8400"),
            _e(-18, "19:00", "visit", "ogawa", "Asked about booking the private room for eight next month.", amount="9100"),
        ),
    ),
    _Spec(
        fields={
            "name": "David Wilson",
            "company": "Wilson Logistics Ltd",
            "title": "Country Manager Japan",
            "owner": "tanaka",
            "status": "prospect",
            "tags": ["b2b"],
            "phones": ["+81 3-5555-0456"],
            "emails": ["d.wilson@wilson-logistics.example.com"],
            "address": "Shibaura 3-4-1, Minato-ku, Tokyo",
            "source": "referral (Jane Smith)",
            "created": _Ago(95),
        },
        body="""\
## Deal
- New Tokyo office, 25 seats, opening in spring. Budget not shared yet
""",
        log=(
            _e(-95, None, "email", "tanaka", "Introduced by Jane Smith. Opening a Tokyo office in spring."),
            _e(-88, "16:00", "meeting", "tanaka", "Video call. 25 seats, hot desks, two meeting rooms.", dur=40, fu=-70),
            _e(-70, None, "email", "tanaka", "Sent a layout proposal and a rough quote.", done=True),
            _e(-33, "16:30", "call", "tanaka", "Office lease delayed; he will come back in January.", dur=10),
        ),
    ),
    _Spec(
        fields={
            "name": "Sarah Davis",
            "owner": "honda",
            "status": "active",
            "tags": ["karte"],
            "visit_every": "6 weeks",
            "phones": ["090-5555-4848"],
            "emails": ["sarah.davis@example.com"],
            "preferences": {
                "drink": "green tea",
                "allergies": ["latex"],
                "channel": "email",
            },
            "source": "expat forum",
            "created": _Ago(380),
        },
        body="""\
## Cautions
- Latex allergy: nitrile gloves only
- Curly hair: no thinning scissors, cut dry

## Preferences
- Likes to chat; talk about her hiking trips
""",
        log=(
            _e(-380, "10:00", "visit", "honda", "First cut. Latex allergy: used nitrile gloves. Curly hair, cut dry.", dur=90, amount="8800"),
            _e(-335, "10:00", "visit", "honda", "", dur=60, amount="7700"),
            _e(-290, "10:00", "visit", "honda", "Wants to grow it longer.", dur=60, amount="7700"),
            _e(-245, "10:00", "visit", "honda", "", dur=60, amount="7700"),
            _e(-244, "15:00", "purchase", "honda", "", amount="3850", items="Curl cream 150ml x1"),
            _e(-200, "10:00", "visit", "honda", "Back from hiking in the Alps.", dur=60, amount="7700"),
            _e(-155, "10:00", "visit", "honda", "", dur=60, amount="7700"),
            _e(-110, "10:00", "visit", "honda", "Added a deep treatment.", dur=90, amount="11000"),
            _e(-42, "10:00", "visit", "honda", "Next visit in about six weeks.", dur=60, amount="7700"),
        ),
    ),
    _Spec(
        fields={
            "name": "Robert Taylor",
            "company": "Taylor Engineering",
            "title": "Director",
            "owner": "sato",
            "status": "dormant",
            "tags": ["b2b"],
            "phones": ["06-5555-0990"],
            "emails": ["rtaylor@taylor-eng.example.com"],
            "address": "Nishi-ku, Osaka",
            "source": "trade show",
            "created": _Ago(600),
        },
        body="""\
## Notes
- Small engineering consultancy. Bought once; projects moved to their Singapore office
""",
        log=(
            _e(-600, "14:00", "meeting", "sato", "Met at the trade show; needs a plotter and desks.", dur=30),
            _e(-580, "11:00", "purchase", "sato", "", amount="742000", items="Large-format plotter x1, drafting desk x4", lifetime="5y"),
            _e(-470, "10:00", "call", "sato", "Plotter running fine.", dur=5),
            _e(-380, None, "email", "sato", "Sent the new catalogue; no reply."),
            _e(-310, "15:00", "call", "sato", "Most projects moved to Singapore. Keep in touch twice a year.", dur=10),
        ),
    ),
    _Spec(
        fields={
            "name": "Olivia Martin",
            "company": "Martin Design Studio",
            "owner": "tanaka",
            "status": "lost",
            "tags": ["b2b"],
            "phones": ["03-5555-0616"],
            "emails": ["olivia@martin-design.example.com"],
            "address": "Nakameguro 2-1-1, Meguro-ku, Tokyo",
            "source": "website",
            "created": _Ago(260),
        },
        body="""\
## Lost
- Chose a Scandinavian furniture importer: design over price. Check back in a year
""",
        log=(
            _e(-260, None, "inquiry", "tanaka", "Website enquiry: studio furniture for six designers."),
            _e(-250, "13:00", "visit", "tanaka", "Studio visit. Design matters more than price.", dur=45),
            _e(-235, None, "email", "tanaka", "Sent two design options with prices."),
            _e(-210, "17:00", "call", "tanaka", "Went with a Scandinavian importer. Friendly; check back in a year.", dur=10),
        ),
    ),
    _Spec(
        fields={
            "name": "James Anderson",
            "company": "Anderson Dental Clinic",
            "title": "Director",
            "owner": "suzuki",
            "status": "active",
            "tags": ["b2b"],
            "phones": ["078-555-0321"],
            "emails": ["james@anderson-dental.example.com"],
            "address": "Kitano-cho 3-2-1, Chuo-ku, Kobe, Hyogo",
            "birthday": date(1975, 1, 25),
            "preferences": {"drink": "English breakfast tea", "hobbies": "sailing"},
            "contact_hours": "lunch break 12:30-13:30",
            "source": "referral (高橋院長)",
            "created": _Ago(730),
        },
        body="""\
## Notes
- Dental clinic for the international community in Kobe; three chairs
- Dr Takahashi (高橋歯科) introduced us; they met at a dental conference
""",
        log=(
            _e(-730, "12:40", "call", "suzuki", "Introduced by Dr Takahashi. Needs a water filtration system for the clinic.", dur=20),
            _e(-715, "10:00", "purchase", "suzuki", "Cartridges to be replaced every two years.", amount="385000", items="Water filtration system x1, cartridges", lifetime="2y"),
            _e(-600, "12:45", "call", "suzuki", "Filtration fine. Asked about a quieter compressor.", dur=10),
            _e(-560, "11:00", "purchase", "suzuki", "", amount="1320000", items="Dental air compressor (silent type) x1", lifetime="5y"),
            _e(-400, "12:40", "visit", "suzuki", "Maintenance check. Talked about his sailing trips around Awaji.", dur=45),
            _e(-250, None, "email", "suzuki", "Sent the maintenance report."),
            _e(-100, "12:50", "call", "suzuki", "Considering a fourth chair next year.", dur=15),
            _e(-15, None, "email", "suzuki", "Reminder sent: filtration cartridges due for replacement next month."),
        ),
    ),
    _Spec(
        fields={
            "name": "Sophie Chen",
            "company": "Harbour Café",
            "title": "Owner",
            "owner": "tanaka",
            "status": "active",
            "tags": ["b2b", "cafe"],
            "phones": ["045-555-0234", "090-5555-0234"],
            "emails": ["sophie@harbourcafe.example.com"],
            "address": "Yamashita-cho 2-2, Naka-ku, Yokohama, Kanagawa",
            "preferences": {"drink": "flat white", "allergies": ["sesame"]},
            "source": "referral (Michael Brown)",
            "created": _Ago(320),
        },
        body="""\
## Notes
- Café with 30 seats by the harbour. Busy at weekends: visit on Tuesdays
- Sesame allergy
""",
        log=(
            _e(-320, "15:00", "visit", "tanaka", "Introduced by Michael Brown. Needs a second fridge.", dur=30),
            _e(-300, "10:00", "purchase", "tanaka", "", amount="458000", items="Under-counter fridge x2", lifetime="8y"),
            _e(-220, "15:00", "visit", "tanaka", "Dropped by; fridges working well.", dur=15),
            _e(-140, None, "inquiry", "tanaka", "Asked for an ice machine quote.", fu=-130),
            _e(-130, None, "email", "tanaka", "Sent the ice machine quote.", done=True),
            _e(-100, "10:00", "purchase", "tanaka", "", amount="286000", items="Ice machine 45kg x1"),
        ),
    ),
    _Spec(
        fields={
            "name": "Thomas Müller",
            "company": "Alpine Outfitters",
            "title": "Manager",
            "owner": "sato",
            "status": "prospect",
            "tags": ["b2b"],
            "phones": ["0261-55-0505"],
            "emails": ["thomas@alpine-outfitters.example.com"],
            "address": "Omachi, Nagano",
            "source": "website",
            "created": _Ago(50),
        },
        body="""\
## Deal
- Outdoor shop in Omachi; wants display fixtures before the ski season
""",
        log=(
            _e(-50, None, "inquiry", "sato", "Website enquiry about display fixtures for a ski shop."),
            _e(-44, "10:00", "call", "sato", "Needs them installed before mid-December.", dur=15),
            _e(-30, None, "email", "sato", "Sent fixture options and a quote."),
            _e(-12, "14:00", "call", "sato", "Comparing with a local carpenter; decides next week.", dur=10),
        ),
    ),
)

# fmt: on

_SPECS: tuple[_Spec, ...] = _JAPANESE + _ENGLISH
