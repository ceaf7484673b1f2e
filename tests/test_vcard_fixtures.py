"""vCards as phones, Outlook, Apple and vCard libraries write them (tests/fixtures/FORMATS.md):
read with default options, field by field; one bad property never costs the card or the file."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from custnote.adapters.io.reading import read_table

FIXTURES = Path(__file__).parent / "fixtures" / "vcard"


def records(name: str) -> tuple[list[dict], list[str]]:
    table = read_table(FIXTURES / name)
    return [record.values for record in table.records], table.notes


def test_iphone_and_icloud():
    (taro, company, western), notes = records("iphone-icloud-3.0.vcf")
    assert taro == {
        "name": "山田 太郎", "kana": "やまだ たろう", "company": "山田工務店",
        "department": "営業部", "company_kana": "やまだこうむてん", "title": "部長",
        "emails": "taro@yamada.example.jp",
        "phones": "090-1234-5678; 03-5555-0199", "postal_code": "100-0001",
        "address": "東京都 千代田区 千代田1-1 山田ビル3F", "birthday": "1970-05-12",
        "anniversaries": '[{"date": "2000-06-01", "label": "結婚記念日"}]',
        "x-socialprofile": "x-apple:yamada_taro",
        "body": "ゴルフ好き, ほうじ茶。\n奥様の誕生日は6月。",
    }  # fmt: skip
    assert company == {"name": "株式会社サンプル商事", "company": "株式会社サンプル商事",
                       "phones": "03-5555-0100", "url": "https://sample.example.jp"}  # fmt: skip
    assert western["address"] == "100 Waters Edge, Baytown, LA 30314, United States"
    assert western["postal_code"] == "30314"
    assert western["bday"] == "--11-02"  # BDAY;X-APPLE-OMIT-YEAR=1604:1604-11-02
    assert notes == ["PHOTO on 1 card(s) not imported"]


def test_android_quoted_printable_over_soft_line_breaks():
    (taro,), notes = records("android-2.1.vcf")
    assert taro == {
        "name": "山田 太郎", "kana": "ヤマダ タロウ", "phones": "090-1234-5678; 03-5555-0199",
        "emails": "taro@yamada.example.jp", "postal_code": "100-0001",
        "address": "東京都 千代田区 千代田一丁目1番1号 山田ビル3階", "birthday": "1978-07-07",
        "nickname": "たろちゃん",
        "body": "ゴルフ好き、ほうじ茶。奥様の誕生日は6月, 長男は大学生; 次回は新年に訪問",
    }  # fmt: skip
    assert notes == []


def test_feature_phone_shift_jis_with_the_reading_in_sound():
    (hanako,), notes = records("feature-phone-sjis-2.1.vcf")
    assert hanako == {
        "name": "鈴木 花子", "kana": "ｽｽﾞｷ ﾊﾅｺ", "phones": "09011112222; 0312345678",
        "emails": "hanako@suzuki.example.jp", "postal_code": "060-0042",
        "address": "北海道 札幌市 中央区大通西4-1 ﾊﾟｰｸﾏﾝｼｮﾝ101", "tags": "友人",
    }  # fmt: skip
    assert notes == []


def test_outlook_unescaped_commas_and_an_invalid_photo():
    (john,), notes = records("outlook-2.1.vcf")
    assert john["title"] == "Manager, Sales"
    assert john["body"].startswith("Met at the trade fair, booth 12. Met")
    assert len(john["body"]) > 600 and john["body"].count("booth 12") == 20
    assert (
        john["address"] == "100 Waters Edge, Suite 5, Baytown, LA 30314, United States of America"
    )
    assert john["anniversaries"] == '[{"date": "2010-06-12", "label": "結婚記念日"}]'
    assert (john["company"], john["department"], john["emails"]) == (
        "Waters Edge Realty", "Sales", "john.richter@example.com")  # fmt: skip
    assert notes == ["outlook-2.1.vcf: card 1 (Mr. John Richter): PHOTO: not valid base64; skipped"]


def test_library_quirks_cost_one_property_at_most():
    cards, notes = records("library-quirks-3.0-4.0.vcf")
    ichiro, secretary, jiro, hanako, nameless, kenta, misaki = cards
    assert ichiro == {"name": "佐藤 一郎", "bday": "circa 1800", "emails": "omega@example.com",
                      "title": "課長, 営業部", "body": "EMAIL: ichiro at example"}  # fmt: skip
    assert secretary == {"name": "秘書 花子", "phones": "03-5555-0111"}
    assert jiro["kana"] == "たなか じろう"  # SORT-AS without its ';'
    assert jiro["anniversaries"] == '[{"date": "2010-06-12", "label": "結婚記念日"}]'
    assert jiro["phones"] == "+81-3-5555-0123"
    assert hanako == {"name": "田中 花子", "phones": "+81-90-2222-3333"}
    assert nameless == {"emails": "info@nameless.example.com"}
    assert (kenta, misaki) == ({"name": "高橋 健太"},
                               {"name": "秘書 美咲", "emails": "misaki@example.jp"})  # fmt: skip
    assert notes == [
        "library-quirks-3.0-4.0.vcf: card 1 (佐藤 一郎): BDAY: 'circa 1800' is not a date; "
        "kept as text in 'bday'",
        "library-quirks-3.0-4.0.vcf: card 1 (佐藤 一郎): EMAIL: 'ichiro at example' is not an "
        "email address; kept in the note",
        "library-quirks-3.0-4.0.vcf: card 2 was nested in card 1; read as a card of its own",
        "library-quirks-3.0-4.0.vcf: card 4 was nested in card 3; read as a card of its own",
        "library-quirks-3.0-4.0.vcf: card 7 was nested in card 6; read as a card of its own",
    ]


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.glob("*.vcf")))
def test_every_fixture_imports_whole_with_default_options(cli, notebook, name, caplog):
    caplog.set_level(logging.DEBUG)
    result = cli(["import", str(FIXTURES / name)])
    assert result.exit_code == 0, result.stderr
    assert "Skipped line" not in result.stderr + result.stdout + caplog.text
    cards = len(read_table(FIXTURES / name).records)
    assert len(notebook.note_paths()) == cards


def test_the_imported_quirks(cli, notebook):
    assert cli(["import", str(FIXTURES / "library-quirks-3.0-4.0.vcf")]).exit_code == 0
    notes = {note.name: note for note in notebook.iter_notes()}
    assert sorted(notes) == ["info@nameless.example.com", "佐藤 一郎", "田中 次郎", "田中 花子",
                             "秘書 美咲", "秘書 花子", "高橋 健太"]  # fmt: skip
    assert notes["佐藤 一郎"].fields["bday"] == "circa 1800"
    assert notes["佐藤 一郎"].body == "EMAIL: ichiro at example"
    assert notes["田中 次郎"].fields["anniversaries"] == [
        {"date": dt.date(2010, 6, 12), "label": "結婚記念日"}]  # fmt: skip
    assert notes["田中 次郎"].path.startswith("customers/ta/tanaka-jirou-")


def test_the_imported_feature_phone_card(cli, notebook):
    assert cli(["import", str(FIXTURES / "feature-phone-sjis-2.1.vcf")]).exit_code == 0
    (note,) = notebook.iter_notes()
    assert (note.name, note.fields["kana"], note.fields["tags"]) == (
        "鈴木 花子",
        "スズキ ハナコ",
        ["友人"],
    )


_PROPS = ["FN", "N", "ORG", "ADR", "TEL", "EMAIL", "BDAY", "ANNIVERSARY", "NOTE", "PHOTO",
          "CATEGORIES", "SORT-STRING", "X-PHONETIC-LAST-NAME", "SOUND", "TITLE",
          "X-ABDATE"]  # fmt: skip
_PARAMS = ["", ";ENCODING=QUOTED-PRINTABLE", ";CHARSET=SHIFT_JIS;ENCODING=QUOTED-PRINTABLE",
           ";VALUE=text", ";ENCODING=b", ";TYPE=CELL", ';SORT-AS="a;b"', ";X-IRMC-N"]  # fmt: skip


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    cards=st.lists(
        st.lists(
            st.tuples(st.sampled_from(_PROPS), st.sampled_from(_PARAMS),
                      st.text(alphabet="あ山a1=;,:\\ \"<>@.-=0A", max_size=30)),
            max_size=8,
        ),
        min_size=1, max_size=3,
    ),
    version=st.sampled_from(["2.1", "3.0", "4.0"]),
)  # fmt: skip
def test_no_property_costs_the_card(tmp_path, cards, version):
    lines = []
    for props in cards:
        lines += ["BEGIN:VCARD", f"VERSION:{version}"]
        lines += [f"{name}{params}:{value}" for name, params, value in props]
        lines.append("END:VCARD")
    path = tmp_path / "fuzz.vcf"
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    assert len(read_table(path).records) == len(cards)


def test_second_organisation_and_address_are_kept(tmp_path):
    path = tmp_path / "two.vcf"
    path.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:山田 太郎\r\nORG:山田工務店;営業部\r\nORG:山田商事\r\n"
        "ADR;TYPE=WORK:;;千代田1-1;千代田区;東京都;100-0001;\r\n"
        "ADR;TYPE=HOME:;;井の頭1-2-3;三鷹市;東京都;181-0001;日本\r\nEND:VCARD\r\n",
        encoding="utf-8",
    )
    values = read_table(path).records[0].values
    assert (values["company"], values["other organisations"]) == ("山田工務店", "山田商事")
    assert values["address"] == "東京都 千代田区 千代田1-1"
    assert values["other addresses"] == "〒181-0001 東京都 三鷹市 井の頭1-2-3"
