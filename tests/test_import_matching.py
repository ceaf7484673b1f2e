"""Duplicate matching: id, then email, then phone only with a compatible name; the summary."""

from __future__ import annotations

import datetime as dt

import pytest

from custnote.core.importing.customers import (
    Action,
    Existing,
    OnDuplicate,
    draft_customer,
    plan_customers,
)
from custnote.core.importing.mapping import Mode, map_columns
from custnote.core.importing.report import counts, summary_lines
from custnote.core.note.identity import compatible_names
from custnote.core.note.naming import imported_id, note_path, slug_for
from custnote.core.notebook.config import NotebookConfig
from custnote.errors import InvalidValueError

V = NotebookConfig()
HEADERS = ["氏名", "フリガナ", "会社名", "電話番号", "メール", "ID", "誕生日"]


def plan(rows, known=(), on_duplicate=OnDuplicate.UPDATE):
    mapped = map_columns(HEADERS, Mode.CUSTOMERS)
    drafts = [draft_customer(n, values, mapped, V, source="f.csv")
              for n, values in enumerate(rows, start=2)]  # fmt: skip
    existing = {str(k["id"]): Existing(k, "") for k in known}
    return plan_customers(drafts, list(known), existing.__getitem__, on_duplicate,
                          source="f.csv")  # fmt: skip


@pytest.mark.parametrize(
    ("first", "second"),
    [(("山田 太郎", ""), ("山田太郎", "")),
     (("山田　太郎", ""), ("山田 太郎", "")),
     (("ヤマダ タロウ", ""), ("山田 太郎", "やまだ たろう")),
     (("ﾔﾏﾀﾞ ﾀﾛｳ", ""), ("山田", "ヤマダ")),
     (("Taro Yamada", ""), ("山田 太郎", "やまだ たろう")),
     (("YAMADA Tarou", ""), ("山田 太郎", "ヤマダ タロウ")),
     (("ヤマダ", ""), ("山田 太郎", "やまだ たろう")),
     (("Mr. John Richter", ""), ("John Richter", ""))],
)  # fmt: skip
def test_the_same_person_written_another_way(first, second):
    assert compatible_names(first, second) and compatible_names(second, first)


@pytest.mark.parametrize(
    ("first", "second"),
    [(("山田 太郎", ""), ("山田 花子", "")),
     (("山田 太郎", "やまだ たろう"), ("山田 花子", "やまだ はなこ")),
     (("佐藤 一郎", ""), ("山田 太郎", "やまだ たろう")), (("John Smith", ""), ("Jane Smith", "")),
     (("山田工務店", ""), ("山田 太郎", "やまだ たろう"))],
)  # fmt: skip
def test_different_people_are_not_compatible(first, second):
    assert not compatible_names(first, second)


def test_a_shared_office_phone_never_merges_different_people():
    rows = [
        {"氏名": f"社員{i}", "会社名": "山田商事", "電話番号": "03-5555-0100"} for i in range(5)
    ]
    rows.append({"氏名": "社員0", "電話番号": "03-5555-0100", "メール": "s0@example.jp"})
    result = plan(rows)
    assert result.count(Action.CREATE) == 5
    first = result.customers[0]
    assert first.merged == [(7, "phones 03-5555-0100")]
    assert result.customers[1].shares_phone_with == ["row 2 社員0"]
    lines = summary_lines(result)
    assert lines[0].startswith("created 5: row 2 社員0, row 3 社員1")
    assert "row 7 → merged into row 2 社員0 (same phones 03-5555-0100)" in lines
    assert "row 3 社員1: shares a phone number with row 2 社員0; not merged (another name)" in lines
    assert counts(result) == "5 create, 1 row(s) merged into others"


def test_a_household_phone_and_an_existing_customer():
    known = [{"id": "aaaaaa", "name": "山田 太郎", "kana": "やまだ たろう",
              "phones": ["03-5555-0199"]}]  # fmt: skip
    rows = [{"氏名": "山田 花子", "電話番号": "0355550199"},
            {"氏名": "ヤマダ タロウ", "電話番号": "03(5555)0199",
             "会社名": "山田工務店"}]  # fmt: skip
    result = plan(rows, known)
    created, updated = result.customers
    assert (created.action, created.name) == (Action.CREATE, "山田 花子")
    assert created.shares_phone_with == ["customer aaaaaa 山田 太郎"]
    assert (updated.action, updated.target, updated.changes) == (
        Action.UPDATE, "aaaaaa", {"company": "山田工務店"})  # fmt: skip
    assert "row 3 → updated 山田 太郎 (aaaaaa) (same phones 03(5555)0199)" in summary_lines(result)


def test_ids_from_elsewhere_are_kept():
    assert imported_id("C-0012") == ("id", "C-0012")
    assert imported_id("12") == ("id", "12")
    assert imported_id("会員 No.12") == ("external_id", "会員 No.12")
    result = plan([{"氏名": "A", "ID": "C-0012"}, {"氏名": "B", "ID": "顧客/0013"}])
    first, second = (item.changes for item in result.customers)
    assert first["id"] == "C-0012" and "external_id" not in first
    assert second["external_id"] == "顧客/0013" and "id" not in second


def test_an_8_digit_number_is_a_date():
    mapped = map_columns(["氏名", "誕生日"], Mode.CUSTOMERS)
    draft = draft_customer(2, {"氏名": "A", "誕生日": 19780707}, mapped, V, source="x.xlsx")
    assert draft.fields["birthday"] == dt.date(1978, 7, 7)
    float_cell = draft_customer(2, {"氏名": "A", "誕生日": 19780707.0}, mapped, V, source="x")
    assert float_cell.fields["birthday"] == dt.date(1978, 7, 7)


@pytest.mark.parametrize(
    ("values", "name"),
    [({"会社名": "山田商事", "メール": "info@yamada.example.jp"}, "山田商事"),
     ({"メール": "info@yamada.example.jp", "電話番号": "03-1111-2222"}, "info@yamada.example.jp"),
     ({"電話番号": "03-1111-2222"}, "03-1111-2222")],
)  # fmt: skip
def test_a_contact_without_a_name_gets_one(values, name):
    mapped = map_columns(HEADERS, Mode.CUSTOMERS)
    draft = draft_customer(2, values, mapped, V, source="f.csv")
    assert draft.fields["name"] == name and draft.derived_name


def test_a_made_up_name_never_merges_by_phone():
    known = [{"id": "aaaaaa", "name": "山田 太郎", "phones": ["03-1111-2222"]}]
    result = plan([{"電話番号": "03-1111-2222"}], known)
    assert [c.action for c in result.customers] == [Action.CREATE]


def test_emails_as_mail_programs_copy_them():
    mapped = map_columns(HEADERS, Mode.CUSTOMERS)
    values = {"氏名": "Omega", "メール": '"Omega" <omega@example.com>; mailto:o2@example.com'}
    draft = draft_customer(2, values, mapped, V, source="f.csv")
    assert draft.fields["emails"] == ["omega@example.com", "o2@example.com"]
    with pytest.raises(InvalidValueError, match="not an email"):
        draft_customer(2, {"氏名": "A", "メール": "omega at example"}, mapped, V, source="f")


@pytest.mark.parametrize(
    ("name", "kana", "slug"),
    [("山田 太郎", "やまだ たろう", "yamada-tarou"), ("ヤマダ タロウ", None, "yamada-tarou"),
     ("山田 タロウ", None, "tarou"), ("第2営業部", None, "2"), ("山田", None, "c"),
     ("José Müller", None, "jose-muller")],
)  # fmt: skip
def test_file_names_spread_over_bucket_folders(name, kana, slug):
    assert slug_for(name, kana) == slug


def test_a_name_without_letters_takes_its_bucket_from_the_id():
    assert note_path("customers", "山田", None, "k7m2qa") == "customers/ck/c-k7m2qa.md"
    assert note_path("customers", "ヤマダ", None, "k7m2qa") == "customers/ya/yamada-k7m2qa.md"


@pytest.mark.parametrize(
    ("header", "target"),
    [("カナ姓", "kana"), ("携帯電話番号", "phones"), ("Mailアドレス", "emails"),
     ("取引先名", "company"), ("会社名カナ", "company_kana"), ("〒", "postal_code"),
     ("担当", "owner"), ("顧客番号", "id"), ("会社メール", "emails"),
     ("PCメールアドレス", "emails"), ("代表電話", "phones"), ("FAX番号", "+")],
)  # fmt: skip
def test_the_japanese_header_vocabulary(header, target):
    assert map_columns([header], Mode.CUSTOMERS)[0].target == target


def test_history_dates_kept_as_8_digit_numbers():
    from custnote.core.importing.log_rows import draft_log

    mapped = map_columns(["顧客", "日付", "次回"], Mode.LOG)
    row = draft_log(2, {"顧客": "a@example.jp", "日付": 20261120, "次回": 20261201.0}, mapped, V,
                    source="h.xlsx")  # fmt: skip
    assert (row.entry.date, row.entry.follow_up) == (dt.date(2026, 11, 20), dt.date(2026, 12, 1))


def test_a_made_up_name_stays_made_up_after_a_merge():
    rows = [{"電話番号": "03-1111-2222", "メール": "a@example.jp"},
            {"会社名": "X", "メール": "a@example.jp"},
            {"氏名": "a@example.jp", "電話番号": "03-1111-2222"}]  # fmt: skip
    result = plan(rows)
    assert [c.action for c in result.customers] == [Action.CREATE, Action.CREATE]
    assert result.customers[0].merged == [(3, "emails a@example.jp")]


def test_a_real_name_replaces_a_made_up_one():
    result = plan([{"メール": "a@example.jp"}, {"氏名": "山田 太郎", "メール": "a@example.jp"}])
    (item,) = result.customers
    assert (item.name, item.changes["name"], item.rows) == ("山田 太郎", "山田 太郎", [2, 3])


def test_the_summary_names_everyone_sharing_a_phone_in_one_line():
    rows = [
        {"氏名": n, "電話番号": "03-5555-0100"} for n in ("山田 太郎", "佐藤 一郎", "鈴木 花子")
    ]
    lines = summary_lines(plan(rows))
    assert lines[1:] == [
        "row 3 佐藤 一郎: shares a phone number with row 2 山田 太郎; not merged (another name)",
        "row 4 鈴木 花子: shares a phone number with row 2 山田 太郎, row 3 佐藤 一郎; "
        "not merged (another name)",
    ]
