"""Header mapping, cell conversion and the import plan (pure core)."""

import datetime as dt

import pytest

from custnote.core.importing.cells import (
    amount_value,
    duration_minutes,
    postal_code,
    split_cell_list,
)
from custnote.core.importing.customers import (
    Action,
    CustomerIndex,
    Existing,
    OnDuplicate,
    draft_customer,
    draft_log,
    plan_customers,
)
from custnote.core.importing.log_rows import resolve_customer
from custnote.core.importing.mapping import (
    EXTRA,
    IGNORE,
    Mode,
    guess_target,
    map_columns,
    parse_map_options,
)
from custnote.core.notebook.config import NotebookConfig
from custnote.errors import InvalidValueError

V = NotebookConfig()


@pytest.mark.parametrize(
    ("header", "target"),
    [("氏名", "name"), ("お名前", "name"), ("名前", "name"), ("姓", "name"), ("Name", "name"),
     ("First Name", "name"), ("フリガナ", "kana"), ("ふりがな", "kana"), ("よみ", "kana"),
     ("氏名（カナ）", "kana"), ("会社名", "company"), ("Company", "company"),
     ("部署", "department"), ("役職", "title"), ("電話番号", "phones"), ("携帯", "phones"),
     ("TEL", "phones"), ("電話番号（携帯）", "phones"), ("電話番号2", "phones"),
     ("Home Phone", "phones"), ("メール", "emails"), ("E-mail", "emails"),
     ("E-mail 2", "emails"), ("Email Address", "emails"), ("住所", "address"),
     ("住所１", "address"), ("都道府県", "address"), ("郵便番号", "postal_code"),
     ("〒", "postal_code"), ("担当者", "owner"), ("担当", "owner"), ("誕生日", "birthday"),
     ("生年月日", "birthday"), ("備考", "body"), ("メモ", "body"), ("タグ", "tags"),
     ("区分", "tags"), ("ステータス", "status"), ("趣味", "preferences.hobbies"),
     ("アレルギー", "preferences.allergies"), ("preferences.drink", "preferences.drink"),
     ("来店回数", EXTRA), ("FAX", EXTRA), ("No.", EXTRA)],
)  # fmt: skip
def test_customer_headers(header, target):
    assert guess_target(header, Mode.CUSTOMERS) == target


@pytest.mark.parametrize(
    ("header", "target"),
    [("顧客", "customer"), ("日時", "date"), ("日付", "date"), ("時刻", "time"),
     ("種別", "kind"), ("対応者", "author"), ("所要時間", "duration"), ("通話時間", "duration"),
     ("金額", "amount"), ("内容", "text"), ("顧客ID", "customer_id"),
     ("メール", "customer_email"), ("電話番号", "customer_phone"), ("氏名", "customer_name"),
     ("Date", "date"), ("Kind", "kind"), ("Author", "author"), ("Amount", "amount"),
     ("次回予定", "follow_up"), ("件名", EXTRA)],
)  # fmt: skip
def test_log_headers(header, target):
    assert guess_target(header, Mode.LOG) == target


def test_map_overrides_and_their_errors():
    headers = ["氏名", "No.", "紹介者", "TEL"]
    mapped = map_columns(headers, Mode.CUSTOMERS, {"No.": "-", "紹介者": "source"})
    assert [(m.column, m.target, m.explicit) for m in mapped] == [
        ("氏名", "name", False), ("No.", IGNORE, True), ("紹介者", "source", True),
        ("TEL", "phones", False),
    ]  # fmt: skip
    with pytest.raises(InvalidValueError, match="no such column"):
        map_columns(headers, Mode.CUSTOMERS, {"電話": "phones"})
    with pytest.raises(InvalidValueError, match="unknown field"):
        map_columns(headers, Mode.CUSTOMERS, {"TEL": "telephone"})
    with pytest.raises(InvalidValueError, match="write it as COLUMN=field"):
        parse_map_options(["TEL"])
    assert parse_map_options(["A=b", " 紹介者 = source "]) == {"A": "b", "紹介者": "source"}
    with pytest.raises(InvalidValueError, match="both '担当' and '担当者' map to owner"):
        map_columns(["氏名", "担当", "担当者"], Mode.CUSTOMERS)
    custom = map_columns(["氏名", "紹介者"], Mode.CUSTOMERS, {"紹介者": "referrer"}, ["referrer"])
    assert custom[1].target == "referrer"


def test_cell_values():
    assert split_cell_list("vip; golf、b2b,  x ,") == ["vip", "golf", "b2b", "x"]
    assert postal_code("1000001") == "100-0001"
    assert postal_code("〒100-0001") == "100-0001"
    assert postal_code(600001) == "060-0001"
    assert postal_code("SW1A 1AA") == "SW1A 1AA"
    assert [duration_minutes(v) for v in ("45", "45分", "45m", "1h30m", "1時間30分", "1:30")] == [
        45, 45, 45, 90, 90, 90,
    ]  # fmt: skip
    assert duration_minutes(dt.time(0, 45)) == 45
    assert duration_minutes(30) == 30
    with pytest.raises(InvalidValueError):
        duration_minutes("そこそこ")
    amounts = [amount_value(v) for v in ("¥12,000", "12,000円", "１２０００", 12000.0, 980.5)]
    assert [str(a) for a in amounts] == ["12000", "12000", "12000", "12000", "980.5"]
    with pytest.raises(InvalidValueError):
        amount_value("たくさん")


def _draft(values, headers=None, **kw):
    mapped = map_columns(headers or list(values), Mode.CUSTOMERS, kw.pop("overrides", None))
    return draft_customer(2, values, mapped, V, source="名簿.csv")


def test_a_row_becomes_a_customer():
    draft = _draft(
        {"姓": "山田", "名": "太郎", "セイ": "ヤマダ", "メイ": "タロウ", "会社名": "山田工務店",
         "電話番号": 355550199, "携帯": "090-1234-5678", "メール": "taro@yamada.example.jp",
         "郵便番号": "1000001", "都道府県": "東京都", "住所": "千代田区1-1",
         "誕生日": "昭和45年5月12日", "タグ": "vip、golf", "ステータス": "既存",
         "趣味": "ゴルフ", "アレルギー": "えび;かに", "備考": "奥様の誕生日が来月", "来店回数": 3,
         "No.": 1},
        overrides={"No.": "-"},
    )  # fmt: skip
    assert draft.ordered_fields() == {
        "name": "山田 太郎", "kana": "ヤマダ タロウ", "company": "山田工務店", "status": "active",
        "tags": ["vip", "golf"], "phones": ["0355550199", "090-1234-5678"],
        "emails": ["taro@yamada.example.jp"], "address": "東京都 千代田区1-1",
        "postal_code": "100-0001", "birthday": dt.date(1970, 5, 12),
        "preferences": {"hobbies": "ゴルフ", "allergies": ["えび", "かに"]}, "来店回数": 3,
    }  # fmt: skip
    assert draft.body == "奥様の誕生日が来月"


@pytest.mark.parametrize(
    ("values", "message"),
    [({"氏名": "A", "誕生日": "1970/13/1"}, "row 2, column '誕生日': not a real date"),
     ({"氏名": "A", "メール": "taro at example"}, "column 'メール': not an email"),
     ({"氏名": "A", "ステータス": "VIP"}, "column 'ステータス': unknown status"),
     ({"氏名": "", "備考": "B"}, "column '氏名': no name, organisation, email or phone")],
)  # fmt: skip
def test_bad_cells_name_file_row_and_column(values, message):
    with pytest.raises(InvalidValueError, match=message) as caught:
        _draft(values)
    assert str(caught.value).startswith("名簿.csv: row 2")


def _plan(rows, on_duplicate=OnDuplicate.UPDATE, skip_bad=False):
    known = [{"id": "aaaaaa", "name": "山田 太郎", "emails": ["taro@example.jp"],
              "phones": ["03-5555-0199"]}]  # fmt: skip
    fields = {"name": "山田 太郎", "company": "", "tags": ["vip"], "phones": ["03-5555-0199"]}
    existing = {"aaaaaa": Existing({**fields, "emails": ["taro@example.jp"]}, "")}
    mapped = map_columns(["氏名", "メール", "電話", "会社名", "タグ", "誕生日"], Mode.CUSTOMERS)

    def drafts():
        for number, values in enumerate(rows, start=2):
            try:
                yield draft_customer(number, values, mapped, V, source="f.csv", skip_bad=skip_bad)
            except InvalidValueError as error:
                yield error

    return plan_customers(drafts(), known, existing.__getitem__, on_duplicate, source="f.csv",
                          skip_bad=skip_bad)  # fmt: skip


def test_duplicates_by_email_or_phone_fill_empty_fields_only():
    plan = _plan([
        {"氏名": "山田太郎", "電話": "０３（５５５５）０１９９", "会社名": "山田工務店"},
        {"氏名": "鈴木", "メール": "suzuki@example.jp"},
        {"氏名": "鈴木 花子", "メール": "SUZUKI@example.jp", "会社名": "鈴木商店"},
        {"氏名": "山田", "メール": "taro@example.jp", "会社名": "別会社"},
    ])  # fmt: skip
    first, second, third = plan.customers
    assert (first.action, first.target, first.changes) == (
        Action.UPDATE, "aaaaaa", {"company": "山田工務店"},
    )  # fmt: skip
    assert first.matched_by.startswith("phone")
    assert (second.action, second.rows, second.changes["company"]) == (
        Action.CREATE, [3, 4], "鈴木商店",
    )  # fmt: skip
    assert second.changes["name"] == "鈴木"
    assert (third.action, third.changes) == (Action.UNCHANGED, {})
    assert plan.count(Action.CREATE) == 1


def test_duplicate_policies():
    rows = [{"氏名": "山田", "メール": "taro@example.jp", "会社名": "X"}]
    assert _plan(rows, OnDuplicate.SKIP).customers[0].action is Action.SKIP
    with pytest.raises(InvalidValueError, match=r"row 2, column 'emails'.*duplicate of customer"):
        _plan(rows, OnDuplicate.ERROR)
    plan = _plan(rows, OnDuplicate.ERROR, skip_bad=True)
    assert plan.customers == [] and len(plan.bad) == 1


def test_a_bad_row_stops_the_plan_unless_skipped():
    rows = [{"氏名": "A"}, {"氏名": "B", "誕生日": "someday"}, {"氏名": "C"}]
    with pytest.raises(InvalidValueError, match="row 3, column '誕生日'"):
        _plan(rows)
    plan = _plan(rows, skip_bad=True)
    assert [c.name for c in plan.customers] == ["A", "B", "C"]
    assert "birthday" not in plan.customers[1].changes
    assert plan.bad == [] and "row 3, column '誕生日'" in str(plan.dropped[0])


def test_history_rows():
    headers = ["顧客", "日時", "種別", "対応者", "所要時間", "金額", "内容", "件名"]
    mapped = map_columns(headers, Mode.LOG)
    values = {"顧客": "taro@example.jp", "日時": "2026/11/20 14:30", "種別": "訪問",
              "対応者": "佐藤", "所要時間": "45分", "金額": "¥12,000", "内容": "見積",
              "件名": "A"}  # fmt: skip
    draft = draft_log(5, values, mapped, V, source="h.csv")
    entry = draft.entry
    assert (entry.date, entry.time, entry.kind, entry.author) == (
        dt.date(2026, 11, 20), dt.time(14, 30), "visit", "佐藤",
    )  # fmt: skip
    assert (entry.duration_min, str(entry.amount), entry.text, entry.attributes) == (
        45, "12000", "見積\n\n件名: A", {},
    )  # fmt: skip
    index = CustomerIndex()
    index.add("aaaaaa", {"id": "aaaaaa", "name": "山田 太郎", "emails": ["taro@example.jp"],
                         "phones": ["03-5555-0199"]})  # fmt: skip
    index.add("bbbbbb", {"id": "bbbbbb", "name": "山田太郎"})
    assert resolve_customer(draft, index, source="h.csv") == "aaaaaa"
    by_phone = draft_log(6, {**values, "顧客": "0355550199"}, mapped, V, source="h.csv")
    assert resolve_customer(by_phone, index, source="h.csv") == "aaaaaa"
    by_name = draft_log(7, {**values, "顧客": "山田 太郎"}, mapped, V, source="h.csv")
    with pytest.raises(InvalidValueError, match=r"row 7.*2 customers"):
        resolve_customer(by_name, index, source="h.csv")
    nobody = draft_log(8, {**values, "顧客": "nobody@example.jp"}, mapped, V, source="h.csv")
    with pytest.raises(InvalidValueError, match=r"row 8, column 'customer'.*no such customer"):
        resolve_customer(nobody, index, source="h.csv")
    with pytest.raises(InvalidValueError, match="row 9, column '種別': unknown kind"):
        draft_log(9, {**values, "種別": "雑談"}, mapped, V, source="h.csv")
    with pytest.raises(InvalidValueError, match="row 10, column '日時': no date"):
        draft_log(10, {**values, "日時": None}, mapped, V, source="h.csv")
