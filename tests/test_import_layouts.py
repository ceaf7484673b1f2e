"""Address-book layouts recognised by their headers (tests/fixtures/FORMATS.md): each fixture
imported with default options, field by field."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from custnote.adapters.io.reading import apply_layout, read_table
from custnote.core.importing.known_layouts import recognise

FIXTURES = Path(__file__).parent / "fixtures" / "csv"


def imported(cli, notebook, name: str) -> dict:
    result = cli(["import", str(FIXTURES / name)])
    assert result.exit_code == 0, result.stderr
    return {note.name: note for note in notebook.iter_notes()}


@pytest.mark.parametrize(
    ("name", "layout"),
    [("google-contacts-old.csv", "Google Contacts CSV (old layout)"),
     ("google-contacts-current.csv", "Google Contacts CSV"),
     ("outlook-en.csv", "Outlook CSV"), ("outlook-ja.csv", "Outlook CSV (日本語)"),
     ("atena-shokunin.csv", "宛名職人 CSV"),
     ("nengajo-software.csv", "住所録・年賀状ソフト CSV (自宅/会社の欄)"),
     ("b2b-customer-list.csv", "姓・名に分かれた名簿")],
)  # fmt: skip
def test_layouts_are_recognised_by_their_headers(name, layout):
    table = apply_layout(read_table(FIXTURES / name))
    assert table.layout == layout
    assert f"{name}: recognised as {layout}" in table.notes


def test_a_plain_sheet_is_no_layout():
    assert recognise(["氏名", "フリガナ", "電話番号", "住所"]) is None


def test_google_contacts_old_layout(cli, notebook):
    notes = imported(cli, notebook, "google-contacts-old.csv")
    assert sorted(notes) == ["John Richter", "佐藤 一郎", "山田 太郎", "鈴木 花子"]
    taro = notes["山田 太郎"].fields  # not "山田 太郎 山田 太郎 太郎 山田"
    assert taro["kana"] == "やまだ たろう"
    assert taro["emails"] == ["taro@yamada.example.jp", "taro.home@example.jp", "taro2@example.jp"]
    assert taro["phones"] == ["090-1234-5678", "090-8765-4321", "03-5555-0100"]
    assert (taro["company"], taro["company_kana"], taro["department"], taro["title"]) == (
        "山田工務店", "やまだこうむてん", "営業部", "部長")  # fmt: skip
    assert (taro["postal_code"], taro["address"]) == ("100-0001", "東京都 千代田区 千代田1-1")
    assert taro["tags"] == ["顧客", "VIP"]
    assert taro["birthday"] == dt.date(1970, 5, 12)
    assert taro["anniversaries"] == [{"date": dt.date(2000, 6, 1), "label": "結婚記念日"}]
    assert taro["Website 1 - Value"] == "https://yamada.example.jp"
    assert notes["山田 太郎"].body == "ゴルフ好き。\nほうじ茶。"
    assert "E-mail 1 - Value" not in taro and "E-mail 1 - Type" not in taro
    john = notes["John Richter"].fields
    assert john["address"] == "100 Waters Edge, Baytown, LA 30314, United States"
    assert john["honorific"] == "Mr."
    # 代表電話 shared by three people: three customers
    assert notes["佐藤 一郎"].fields["phones"] == notes["鈴木 花子"].fields["phones"]


def test_google_contacts_current_layout(cli, notebook):
    notes = imported(cli, notebook, "google-contacts-current.csv")
    assert sorted(notes) == ["Taro Yamada", "info@nameless.example.com", "株式会社サンプル商事",
                             "鈴木 花子"]  # fmt: skip
    hanako = notes["鈴木 花子"].fields
    assert (hanako["kana"], hanako["company"], hanako["title"]) == (
        "スズキ ハナコ",
        "鈴木商店",
        "店主",
    )
    assert hanako["bday"] == "--03-15" and "birthday" not in hanako
    assert hanako["address"] == "北海道 札幌市中央区 大通西4-1"
    assert hanako["tags"] == ["取引先"]
    assert notes["Taro Yamada"].fields["Nickname"] == "Taro-san"
    assert notes["株式会社サンプル商事"].fields["company"] == "株式会社サンプル商事"


def test_outlook_english(cli, notebook):
    notes = imported(cli, notebook, "outlook-en.csv")
    assert sorted(notes) == ["John Richter", "Mary Jones"]
    john = notes["John Richter"].fields
    assert john["emails"] == ["john.richter@example.com", "jr@example.org"]
    assert (
        john["address"] == "100 Waters Edge, Suite 5, Baytown, LA 30314, United States of America"
    )
    assert john["other addresses"] == "12 Bayou Road, Baytown, LA 30315, United States of America"
    assert (john["birthday"], john["title"], john["source"]) == (
        dt.date(1978, 7, 7), "Manager, Sales", "Jane Smith")  # fmt: skip
    assert john["anniversaries"] == [{"date": dt.date(2010, 6, 12), "label": "結婚記念日"}]
    assert john["tags"] == ["VIP", "Golf"] and john["Business Fax"] == "+1 (409) 555-0101"
    assert (
        notes["John Richter"].body == "Met at the trade fair, booth 12.\nPrefers calls after 3pm."
    )
    mary = notes["Mary Jones"].fields
    assert "birthday" not in mary and "Priority" not in mary and "Gender" not in mary


def test_outlook_japanese_shift_jis(cli, notebook):
    notes = imported(cli, notebook, "outlook-ja.csv")
    taro = notes["山田 太郎"].fields  # Outlook writes 名 before 姓
    assert taro["address"] == "東京都 千代田区 千代田1-1 山田ビル3F"
    assert taro["phones"] == ["03-5555-0199", "03-5555-0100", "090-1234-5678"]
    assert taro["anniversaries"] == [{"date": dt.date(2000, 6, 1), "label": "結婚記念日"}]
    assert taro["tags"] == ["顧客", "VIP"] and taro["birthday"] == dt.date(1970, 5, 12)
    anna = notes["Anna Weber"].fields
    assert (anna["honorific"], anna["address"]) == ("Dr.", "Hauptstrasse 5, Berlin, 10115, ドイツ")


def test_atena_shokunin(cli, notebook):
    notes = imported(cli, notebook, "atena-shokunin.csv")
    taro = notes["山田 太郎"].fields
    assert taro["address"] == "東京都千代田区千代田1-1 山田ビル3F"  # 宛先: 会社
    assert taro["postal_code"] == "100-0001"
    assert taro["other addresses"] == "〒181-0001 東京都三鷹市井の頭1-2-3"
    assert (taro["department"], taro["honorific"], taro["連名"]) == ("営業部 第一課", "様", "花子")
    assert taro["preferences"] == {"hobbies": "ゴルフ"}
    assert notes["山田 太郎"].body == "ゴルフ好き\n\n年賀状 2025 受取"
    jiro = notes["佐藤 次郎"].fields
    assert (jiro["honorific"], jiro["postal_code"]) == ("先生", "060-0042")


def test_nengajo_software(cli, notebook):
    notes = imported(cli, notebook, "nengajo-software.csv")
    hanako = next(n for n in notes.values() if n.fields.get("kana") == "スズキ ハナコ").fields
    assert hanako["postal_code"] == "060-0042"
    assert hanako["address"] == "北海道札幌市中央区大通西４－１ パークマンション１０１"
    assert hanako["birthday"] == dt.date(1980, 1, 2)
    assert hanako["phones"] == ["011-000-0000", "090-1111-2222"]
    assert (hanako["連名1"], hanako["tags"]) == ("一郎", ["友人"])
    kenta = notes["高橋 健太"].fields
    assert (kenta["company"], kenta["department"], kenta["title"]) == (
        "高橋商事株式会社",
        "総務部",
        "課長",
    )
    assert kenta["address"] == "大阪府大阪市北区梅田1-1"


def test_b2b_list_keeps_every_person(cli, notebook):
    result = cli(["import", str(FIXTURES / "b2b-customer-list.csv"), "--dry-run"])
    assert result.exit_code == 0
    assert "row 6 → merged into row 5 伊藤 陽子 (same phones 03-5555-0300)" in result.stdout
    assert "shares a phone number with row 2 山田 太郎; not merged" in result.stdout
    real = cli(["import", str(FIXTURES / "b2b-customer-list.csv")])
    assert "imported b2b-customer-list.csv: 4 create, 1 row(s) merged into others" in real.stdout
    assert "row 6 → merged into row 5 伊藤 陽子 (same phones 03-5555-0300)" in real.stdout
    notes = {note.name: note for note in notebook.iter_notes()}
    assert sorted(notes) == ["中村 翔", "伊藤 陽子", "山田 太郎", "田中 美咲"]
    taro = notebook.resolve("C-0001")
    assert (taro.name, taro.fields["kana"], taro.fields["company_kana"]) == (
        "山田 太郎", "ヤマダ タロウ", "ヤマダコウムテン")  # fmt: skip
    assert taro.fields["phones"] == ["03-5555-0100", "090-1234-5678"]
    assert (taro.fields["postal_code"], taro.fields["owner"]) == ("100-0001", "sato")
    assert taro.fields["birthday"] == dt.date(1970, 5, 12)
    assert notes["中村 翔"].fields["external_id"] == "顧客/0003"
    yoko = notebook.resolve("C-0004")
    assert yoko.fields["phones"] == ["0355550300", "080-2222-3333"]


def test_xlsx_birthday_stored_as_a_number(cli, notebook, tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["姓", "名", "セイ", "メイ", "生年月日"])
    sheet.append(["山田", "太郎", "ヤマダ", "タロウ", 19780707])
    workbook.save(tmp_path / "名簿.xlsx")
    result = cli(["import", str(tmp_path / "名簿.xlsx")])
    assert result.exit_code == 0, result.stderr
    (note,) = notebook.iter_notes()
    assert (note.name, note.fields["kana"], note.fields["birthday"]) == (
        "山田 太郎", "ヤマダ タロウ", dt.date(1978, 7, 7))  # fmt: skip


def test_custnote_own_export_is_no_layout():
    assert recognise(["id", "name", "kana", "自宅住所", "姓", "名"]) is None


def test_a_plain_english_sheet_is_not_taken_for_outlook():
    assert recognise(["Name", "Email Address", "Title", "Mobile Phone"]) is None
    layout = recognise(["First Name", "Last Name", "E-mail Address", "E-mail 2 Address",
                        "Business Street"])  # fmt: skip
    assert layout is not None and layout.name == "Outlook CSV"


def test_yahoo_address_book_headers():
    layout = recognise(
        ["姓", "名", "姓(よみがな)", "名(よみがな)", "メールアドレス(1)", "携帯電話番号"]
    )
    assert layout is not None and layout.name == "Yahoo!アドレスブック CSV"
    row = {"姓": "山田", "名": "太郎", "姓(よみがな)": "やまだ", "名(よみがな)": "たろう",
           "メールアドレス(1)": "taro@example.jp",
           "携帯電話番号": "090-1234-5678"}  # fmt: skip
    out = layout.transform(row)
    assert out == {"name": "山田 太郎", "kana": "やまだ たろう", "emails": "taro@example.jp",
                   "phones": "090-1234-5678"}  # fmt: skip
