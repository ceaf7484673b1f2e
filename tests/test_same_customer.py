"""One rule for "is this the same customer?" (core.note.identity): ``add``'s duplicate check and
``import``'s matcher give the same answer on the same pair."""

from __future__ import annotations

import pytest

from custnote.core.importing.match import CustomerIndex
from custnote.core.note.identity import identity_of, same_customer
from custnote.core.note.model import Note
from custnote.core.notebook.duplicates import duplicates_for_add
from custnote.core.notebook.notebook import Notebook

# Against the README's customer (fixture ``yamada``): 山田 太郎 / やまだ たろう,
# 03-5555-0199, taro@yamada.example.jp.
PAIRS = [
    ({"name": "Taro", "emails": ["TARO@Yamada.Example.JP"]}, "emails"),
    ({"name": "T", "emails": ["ｔａｒｏ＠ｙａｍａｄａ.example.jp"]}, "emails"),
    ({"name": "山田 太郎", "phones": ["０３－５５５５－０１９９"]}, "phones"),
    ({"name": "山田太郎", "phones": ["+81 3 5555 0199"]}, "phones"),
    ({"name": "山田　太郎", "phones": ["03(5555)0199"]}, "phones"),
    ({"name": "ヤマダ タロウ", "phones": ["0355550199"]}, "phones"),  # add said new before
    ({"name": "Taro Yamada", "phones": ["03-5555-0199"]}, "phones"),  # add said new before
    ({"name": "山田 太郎 様", "phones": ["03-5555-0199"]}, "phones"),
    ({"name": "山田 太郎", "phones": ["5555-0199"]}, "phones"),  # import said new before
    ({"name": "山田", "phones": ["03-5555-0199"]}, "phones"),
    ({"name": "山", "phones": ["03-5555-0199"]}, None),  # add said duplicate before
    ({"name": "山田 花子", "phones": ["03-5555-0199"]}, None),  # the family's landline
    ({"name": "山田 太郎", "phones": ["090-1111-2222"]}, None),  # same name, another person
    ({"name": "山田 太郎", "emails": ["taro@other.example.jp"]}, None),
    ({"name": "田中 一郎", "emails": ["ichiro@yamada.example.jp"]}, None),
    ({"name": "山田 太郎", "kana": "ヤマダ ジロウ", "phones": ["090-1111-2222"]}, None),
]


@pytest.mark.parametrize(("new", "by"), PAIRS)
def test_add_and_import_agree(notebook: Notebook, yamada: Note, new: dict, by: str | None):
    region = notebook.config.phone_region
    found = duplicates_for_add(notebook, dict(new))
    assert [d.id for d in found] == ([yamada.id] if by else [])
    index = CustomerIndex(region)
    index.add(yamada.id, yamada.fields)
    match = index.match(new)
    assert match == ((yamada.id, by, new[by][0]) if by else None)


def test_same_name_and_reading_is_a_duplicate_for_add_only(notebook: Notebook, yamada: Note):
    """The one explicit difference: ``add`` shows the customer to a person who decides; an
    import would merge without asking, and 同姓同名 with one reading is common."""
    new = {"name": "山田太郎", "kana": "ヤマダ タロウ"}
    (found,) = duplicates_for_add(notebook, dict(new))
    assert (found.id, found.reason) == (yamada.id, "name and reading")
    index = CustomerIndex(notebook.config.phone_region)
    index.add(yamada.id, yamada.fields)
    assert index.match(new) is None
    old, mine = identity_of(yamada.fields), identity_of(new)
    assert same_customer(mine, old, name_and_reading=True) is not None
    assert same_customer(mine, old) is None


def test_ids_decide_for_an_import():
    old = identity_of({"id": "C-1", "name": "山田 太郎", "emails": ["t@x.jp"]})
    other = identity_of({"id": "C-2", "name": "山田 太郎", "emails": ["t@x.jp"]})
    assert same_customer(other, old, ids=True) is None, "two records of another system"
    assert same_customer(other, old) is not None, "add: the new customer has no id of its own"
    assert same_customer(identity_of({"id": "C-1"}), old, ids=True).field == "id"


def test_import_picks_the_first_customer_added_when_several_match():
    index = CustomerIndex()
    index.add("aaaaaa", {"id": "aaaaaa", "name": "山田 太郎", "phones": ["03-5555-0199"]})
    index.add("bbbbbb", {"id": "bbbbbb", "name": "山田 太郎", "phones": ["5555-0199"]})
    index.add("cccccc", {"id": "cccccc", "name": "佐藤", "emails": ["t@x.jp"]})
    row = {"name": "山田太郎", "phones": ["+81-3-5555-0199"], "emails": ["T@X.JP"]}
    assert index.match(row) == ("cccccc", "emails", "T@X.JP"), "an email before a phone"
    del row["emails"]
    assert index.match(row) == ("aaaaaa", "phones", "+81-3-5555-0199")
    assert index.with_phone("0355550199") == ["aaaaaa", "bbbbbb"]
