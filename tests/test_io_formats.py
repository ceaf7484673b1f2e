"""Readers and writers of the file formats, on real files made in the test."""

import datetime as dt

import pytest

from custnote.adapters.io import csv_writer, json_writer, vcard_writer, xlsx_writer
from custnote.adapters.io.reading import read_table
from custnote.core.exporting.rows import choose_columns, flatten, labels
from custnote.errors import InvalidValueError

ROWS = "氏名,フリガナ,電話番号,誕生日\r\n山田 太郎,やまだ たろう,03-5555-0199,昭和45年5月12日\r\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp932", "utf-16", "euc_jp"])
def test_csv_in_every_encoding_excel_and_others_write(tmp_path, encoding):
    path = tmp_path / "名簿.csv"
    text = ROWS.replace(",", "\t") if encoding == "utf-16" else ROWS
    path.write_bytes(text.encode(encoding))
    table = read_table(path)
    assert table.headers == ["氏名", "フリガナ", "電話番号", "誕生日"]
    assert table.records[0].row == 2
    assert table.records[0].values["氏名"] == "山田 太郎"
    assert table.records[0].values["誕生日"] == "昭和45年5月12日"


def test_csv_title_row_blank_rows_and_quoted_newlines(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text(
        '顧客名簿 2026年版,,\n\n氏名,備考,\n"山田","一行目\n二行目",\n,,\n鈴木,,余分\n',
        encoding="utf-8",
    )
    table = read_table(path)
    assert table.headers == ["氏名", "備考", "column_3"]
    assert [(r.row, r.values) for r in table.records] == [
        (4, {"氏名": "山田", "備考": "一行目\n二行目"}),
        (6, {"氏名": "鈴木", "column_3": "余分"}),
    ]
    assert "row 1 (above the header) not imported" in table.notes


def test_duplicate_headers_are_kept_apart(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("氏名,電話番号,電話番号\nA,1,2\n", encoding="utf-8")
    assert read_table(path).headers == ["氏名", "電話番号", "電話番号_2"]


def test_bad_files_are_refused(tmp_path):
    garbage = tmp_path / "bad.csv"
    garbage.write_bytes(bytes(range(128, 256)) * 4)
    with pytest.raises(InvalidValueError, match=r"neither UTF-8 nor Shift_JIS.*bad.csv"):
        read_table(garbage)
    empty = tmp_path / "empty.csv"
    empty.write_text("\n\n", encoding="utf-8")
    with pytest.raises(InvalidValueError, match="no rows"):
        read_table(empty)
    with pytest.raises(InvalidValueError, match="no such file"):
        read_table(tmp_path / "missing.csv")
    odd = tmp_path / "a.pdf"
    odd.write_bytes(b"%PDF")
    with pytest.raises(InvalidValueError, match="unknown kind of file"):
        read_table(odd)
    fake = tmp_path / "fake.xlsx"
    fake.write_text("not a zip", encoding="utf-8")
    with pytest.raises(InvalidValueError, match="not an Excel"):
        read_table(fake)


def _workbook(path):
    from openpyxl import Workbook

    workbook = Workbook()
    first = workbook.active
    first.title = "メモ"
    first.append(["ignore me"])
    sheet = workbook.create_sheet("顧客")
    sheet.append(["氏名", "電話番号", "誕生日", "登録日時", "来店回数"])
    sheet.append(
        ["山田 太郎", 355550199, dt.datetime(1970, 5, 12), dt.datetime(2024, 4, 1, 9, 30), 3]
    )
    sheet["C2"].number_format = "yyyy/m/d"
    workbook.save(path)


def test_xlsx_named_sheet_with_real_date_cells(tmp_path):
    path = tmp_path / "名簿.xlsx"
    _workbook(path)
    table = read_table(path, sheet="顧客")
    assert table.source == "名簿.xlsx[顧客]"
    values = table.records[0].values
    assert values["誕生日"] == dt.datetime(1970, 5, 12)
    assert values["電話番号"] == 355550199
    assert values["来店回数"] == 3
    assert read_table(path).records == []  # the first sheet: a header-only note
    with pytest.raises(InvalidValueError, match=r"no such sheet.*メモ, 顧客"):
        read_table(path, sheet="Sheet9")
    csv_path = tmp_path / "x.csv"
    csv_path.write_text("a,b\n", encoding="utf-8")
    with pytest.raises(InvalidValueError, match="not an Excel workbook"):
        read_table(csv_path, sheet="a")


VCARD3 = """BEGIN:VCARD
VERSION:3.0
FN:山田 太郎
N:山田;太郎;;;
X-PHONETIC-LAST-NAME:ヤマダ
X-PHONETIC-FIRST-NAME:タロウ
ORG:山田工務店;営業部
TITLE:部長
TEL;TYPE=WORK:03-5555-0199
TEL;TYPE=CELL:090-1234-5678
EMAIL;TYPE=INTERNET:taro@yamada.example.jp
ADR;TYPE=WORK:;ビル3F;千代田1-1;千代田区;東京都;100-0001;日本
BDAY:1970-05-12
NOTE:ゴルフ好き。ほうじ茶。
PHOTO;ENCODING=b;TYPE=JPEG:AAAA
URL:https://yamada.example.jp
END:VCARD
BEGIN:VCARD
VERSION:4.0
FN:鈴木 花子
N;SORT-AS="すずき,はなこ":鈴木;花子;;;
BDAY:--0315
END:VCARD
BEGIN:VCARD
VERSION:3.0
N:佐藤;一郎;;;
SORT-STRING:さとう いちろう
END:VCARD
"""


def test_vcards_with_japanese_readings(tmp_path):
    path = tmp_path / "名刺.vcf"
    path.write_text(VCARD3, encoding="utf-8")
    table = read_table(path)
    first, second, third = (r.values for r in table.records)
    assert first == {
        "name": "山田 太郎", "kana": "ヤマダ タロウ", "company": "山田工務店",
        "department": "営業部", "title": "部長", "body": "ゴルフ好き。ほうじ茶。",
        "phones": "03-5555-0199; 090-1234-5678", "emails": "taro@yamada.example.jp",
        "postal_code": "100-0001", "address": "東京都 千代田区 千代田1-1 ビル3F",
        "birthday": "1970-05-12", "url": "https://yamada.example.jp",
    }  # fmt: skip
    assert second == {"name": "鈴木 花子", "kana": "すずき はなこ", "bday": "--0315"}
    assert third == {"name": "佐藤 一郎", "kana": "さとう いちろう"}
    assert "PHOTO on 1 card(s) not imported" in table.notes


def test_vcard_file_without_cards(tmp_path):
    path = tmp_path / "x.vcf"
    path.write_text("hello\n", encoding="utf-8")
    with pytest.raises(InvalidValueError, match=r"x.vcf"):
        read_table(path)


CUSTOMER = {
    "id": "k7m2qa", "name": "山田 太郎", "kana": "やまだ たろう", "company": "山田工務店",
    "tags": ["vip", "golf"], "phones": ["03-5555-0199", "090-1234-5678"],
    "postal_code": "100-0001", "address": "東京都千代田区千代田1-1",
    "birthday": dt.date(1970, 5, 12), "preferences": {"drink": "ほうじ茶", "allergies": ["えび"]},
    "family": [{"name": "花子", "relation": "妻"}], "来店回数": 3,
}  # fmt: skip


def test_flat_rows_and_columns():
    row = flatten(CUSTOMER, "メモ\n")
    assert row["tags"] == "vip; golf"
    assert row["birthday"] == "1970-05-12"
    assert row["preferences.allergies"] == "えび"
    assert row["family"] == '[{"name": "花子", "relation": "妻"}]'
    assert row["body"] == "メモ"
    columns = choose_columns([row, {"name": "B", "紹介者": "C"}])
    assert columns[:3] == ["id", "name", "kana"]
    assert columns[-3:] == ["来店回数", "紹介者", "body"]
    assert choose_columns([row], ["name", "phones"]) == ["name", "phones"]
    with pytest.raises(InvalidValueError, match=r"--fields.*nonsense"):
        choose_columns([row], ["nonsense"])


def test_csv_writer_bom_and_cp932(tmp_path):
    data = csv_writer.render(["氏名", "電話"], [["山田", "03"]])
    assert data.startswith(b"\xef\xbb\xbf")
    assert csv_writer.render(["氏名"], [["髙橋"]], encoding="cp932") == "氏名\r\n髙橋\r\n".encode(
        "cp932"
    )
    with pytest.raises(InvalidValueError, match=r"row 3, column '氏名'.*cp932 cannot hold"):
        csv_writer.render(["氏名"], [["山田"], ["𠮷野"]], encoding="cp932")
    with pytest.raises(InvalidValueError, match="--encoding"):
        csv_writer.render(["氏名"], [], encoding="latin-9")


def test_xlsx_writer_writes_dates_as_dates(tmp_path):
    from openpyxl import load_workbook

    path = tmp_path / "out.xlsx"
    path.write_bytes(xlsx_writer.render(["name", "birthday", "phones"],
                                        [["山田", "1970-05-12", "03-5555-0199"]],
                                        date_columns={"birthday"}))  # fmt: skip
    sheet = load_workbook(path).active
    assert sheet["B2"].value == dt.datetime(1970, 5, 12)
    assert sheet["B2"].is_date
    assert sheet["C2"].value == "03-5555-0199"


def test_vcard_writer_reads_back(tmp_path):
    path = tmp_path / "out.vcf"
    path.write_bytes(vcard_writer.render([(CUSTOMER, "ゴルフ好き, 奥様")]))
    text = path.read_text(encoding="utf-8")
    assert "X-PHONETIC-LAST-NAME:やまだ" in text and "SORT-STRING:やまだ たろう" in text
    assert "TEL;TYPE=CELL:090-1234-5678" in text
    values = read_table(path).records[0].values
    assert values["id"] == "k7m2qa" and values["来店回数"] == "3"
    assert values["body"] == "ゴルフ好き, 奥様"
    assert values["preferences.drink"] == "ほうじ茶"


def test_json_writer():
    assert json_writer.render([{"name": "山田", "birthday": dt.date(1970, 5, 12)}]).startswith(
        b'[\n  {\n    "name": "\xe5\xb1\xb1'
    )


def test_labels_for_new_year_cards():
    made, left_out = labels([
        {"name": "山田 太郎", "company": "山田工務店", "postal_code": "1000001",
         "address": "東京都千代田区1-1"},
        {"name": "住所なし"},
        {"name": "佐藤", "postal_code": "060-0001", "address": "北海道札幌市"},
    ])  # fmt: skip
    assert [label.cells() for label in made] == [
        ["060-0001", "北海道札幌市", "", "", "", "佐藤 様"],
        ["100-0001", "東京都千代田区1-1", "山田工務店", "", "", "山田 太郎 様"],
    ]
    assert left_out == ["住所なし"]


@pytest.mark.parametrize(
    ("name_and_reading", "kana"),
    [
        pytest.param(  # Android: UTF-8
            b"N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=E5=B1=B1=E7=94=B0;=E5=A4=AA=E9=83=8E;;;\r\n"
            b"X-PHONETIC-LAST-NAME;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=E3=83=A4=E3=83=9E=E3=83=80",
            "ヤマダ",
            id="android-utf8",
        ),
        pytest.param(  # Japanese feature phones: Shift_JIS, the reading in SOUND, half-width
            b"N;CHARSET=SHIFT_JIS;ENCODING=QUOTED-PRINTABLE:=8ER=93c;=91=BE=98Y;;;\r\n"
            b"SOUND;X-IRMC-N;CHARSET=SHIFT_JIS;ENCODING=QUOTED-PRINTABLE:=D4=CF=C0=DE;=C0=DB=B3",
            "ﾔﾏﾀﾞ ﾀﾛｳ",
            id="feature-phone-shift-jis",
        ),
    ],
)
def test_vcard_21_quoted_printable(tmp_path, name_and_reading, kana):
    path = tmp_path / "名刺.vcf"
    path.write_bytes(
        b"BEGIN:VCARD\r\nVERSION:2.1\r\n"
        + name_and_reading
        + b"\r\nTEL;CELL:090-1234-5678\r\nEND:VCARD\r\n"
    )
    values = read_table(path).records[0].values
    assert values == {"name": "山田 太郎", "kana": kana, "phones": "090-1234-5678"}
