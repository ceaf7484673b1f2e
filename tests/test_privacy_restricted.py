"""Restricted fields encrypted at rest: holders read them, others see 🔒 and never hold the
plaintext (work tree, git objects, caches, search index)."""

from __future__ import annotations

import json
import re
import stat
from pathlib import Path

import pytest
from gitfixtures import git
from privacyfixtures import (  # noqa: F401
    ARMORED,
    Person,
    git_everything,
    index_text,
    keys_fixture,
    work_tree,
)

from custnote.adapters.age_crypto import ARMOR_BEGIN
from custnote.core.notebook.notebook import Notebook

SECRETS = ("1968-02-14", "そば粉", "花子", "横浜市青葉区", "離婚調停中")
#: the same secrets as the card shows them (dates in the card's own words)
ON_CARD = ("Feb 14, 1968", "そば粉", "花子", "横浜市青葉区", "離婚調停中")


def add_yamada(person: Person) -> None:
    person.run(
        "add", "山田 太郎", "--kana", "やまだ たろう", "--phone", "03-5555-0199",
        "--set", "birthday=1968-02-14", "--set", "preferences.allergies=そば粉",
        "--set", "preferences.drink=ほうじ茶", "--set", "address=横浜市青葉区",
    )  # fmt: skip
    # a hand edit through the library: family and a private section, sealed on write
    nb = Notebook(person.root)
    note = nb.resolve("yamada")
    original = nb.read_text(note.path)
    assert "\n## Log\n" in original and "\ncreated:" in original
    edited = original.replace(
        "\ncreated:", "\nfamily:\n- name: 花子\n  relation: 妻\ncreated:"
    ).replace("\n## Log\n", "\n## Private\n\n離婚調停中。\n\n## Log\n")
    nb.replace_text(note, original, edited)


@pytest.fixture
def sato(notebook: Notebook, keys) -> Person:
    """sato holds the notebook's only key; 山田 has every kind of restricted value."""
    person = Person("sato", notebook.root, keys["sato"][0])
    person.run("access", "grant", "sato", keys["sato"][1])
    add_yamada(person)
    return person


def note_text(person: Person) -> str:
    return next((person.root / "customers").glob("*/*.md")).read_text("utf-8")


def test_values_are_armoured_ciphertext_one_block_per_field(sato: Person):
    text = note_text(sato)
    for secret in SECRETS:
        assert secret not in text
    assert text.count(ARMOR_BEGIN) == 5  # birthday, address, family, allergies, the section
    assert "birthday: |" in text and "  allergies: |" in text
    assert "drink: ほうじ茶" in text  # open fields stay open
    assert "## Private\n\n-----BEGIN AGE ENCRYPTED FILE-----" in text


def test_holder_reads_every_value(sato: Person):
    shown = sato.run("show", "yamada").stdout
    for secret in ON_CARD:
        assert secret in shown
    record = sato.json("show", "yamada")
    assert record["fields"]["birthday"] == "1968-02-14"
    assert record["fields"]["preferences"] == {"allergies": ["そば粉"], "drink": "ほうじ茶"}
    assert record["fields"]["family"] == [{"name": "花子", "relation": "妻"}]
    assert "離婚調停中" in record["body"]
    assert "そば粉" in sato.run("who", "0355550199").stdout
    assert "yamada" in sato.run("search", "そば粉").stdout
    agenda = sato.run("agenda", "--days", "100").stdout
    assert "山田 太郎" in agenda and "02-14" in agenda


def test_non_holder_sees_locks_and_never_holds_plaintext(sato: Person, keys):
    kato = Person("kato", sato.root, keys["kato"][0])
    shown = kato.run("show", "yamada").stdout
    assert "🔒" in shown and "ほうじ茶" in shown
    for secret in {*SECRETS, *ON_CARD}:
        assert secret not in shown
    record = kato.json("show", "yamada")
    assert record["fields"]["birthday"] == "🔒"
    assert record["fields"]["preferences"]["allergies"] == "🔒"
    assert kato.run("search", "そば粉", ok=False).exit_code != 0
    assert "🔒" in kato.run("who", "0355550199").stdout
    assert "誕生日" not in kato.run("agenda", "--days", "100").stdout
    cache = sato.root / ".git" / "custnote" / "cache"
    kato_cache = [p for p in cache.glob("keys-*") if "search" in {c.name for c in p.iterdir()}]
    assert kato_cache
    # kato's caches (the index built by his searches) hold none of it
    for folder in kato_cache:
        blob = b"".join(p.read_bytes() for p in folder.rglob("*") if p.is_file())
        indexed = index_text(folder)
        assert "ほうじ茶" in indexed  # the index holds the open values
        for secret in SECRETS:
            assert secret.encode() not in blob and secret not in indexed


def test_git_history_never_holds_plaintext(sato: Person):
    sato.run("set", "yamada", "birthday=1968-02-15")
    sato.run("log", "yamada", "電話した")
    objects = git(sato.root, "log", "-p", "--all")
    for secret in (*SECRETS, "1968-02-15"):
        assert secret not in objects


def test_non_holder_edit_of_an_open_field_keeps_ciphertext_byte_for_byte(sato: Person, keys):
    before = note_text(sato)
    kato = Person("kato", sato.root, keys["kato"][0])
    kato.run("set", "yamada", "preferences.drink=コーヒー")
    kato.run("set", "yamada", "owner=kato")
    after = note_text(sato)
    assert ARMORED.findall(before) == ARMORED.findall(after)
    assert len(ARMORED.findall(after)) == 5
    assert "drink: コーヒー" in after
    assert sato.json("show", "yamada")["fields"]["preferences"]["allergies"] == ["そば粉"]


def test_non_holder_cannot_write_a_lock_as_a_value(sato: Person, keys):
    kato = Person("kato", sato.root, keys["kato"][0])
    result = kato.run("set", "yamada", "anniversaries=🔒", ok=False)
    assert result.exit_code != 0
    assert "anniversaries is restricted" in result.stderr
    assert "anniversaries" not in note_text(sato)


def test_holder_edit_changes_only_the_edited_value(sato: Person, editor):
    before = note_text(sato)
    editor("text = text.replace('そば粉', 'えび')")
    sato.run("edit", "yamada")
    after = note_text(sato)
    assert sato.json("show", "yamada")["fields"]["preferences"]["allergies"] == ["えび"]
    changed = set(before.splitlines()) ^ set(after.splitlines())
    birthday = before.split("birthday: |")[1].split("-----END")[0]
    assert birthday in after  # the untouched value keeps its ciphertext
    assert all(line.startswith("    ") or "allergies" in line for line in changed)


def test_edit_without_change_is_no_change(sato: Person, editor):
    before = note_text(sato)
    seen = editor("pass")
    result = sato.run("edit", "yamada")
    assert "No changes" in result.stdout
    assert note_text(sato) == before
    assert "そば粉" in seen.read_text("utf-8")  # the holder edits plaintext


def test_decrypting_caches_are_owner_only(sato: Person):
    sato.run("search", "そば粉")
    state = sato.root / ".git" / "custnote"
    assert stat.S_IMODE(state.stat().st_mode) == 0o700
    index = [p for p in state.rglob("*") if "search" in p.parts and p.is_file()]
    assert index
    for path in index:
        assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0, path


def test_first_grant_encrypts_existing_plaintext_in_one_commit(notebook: Notebook, keys):
    sato = Person("sato", notebook.root, keys["sato"][0])
    sato.run("add", "鈴木 一郎", "--set", "birthday=1980-01-02", "--set", "address=大阪市")
    assert "1980-01-02" in note_text(sato)
    commits = len(git(notebook.root, "log", "--format=%H").split())
    sato.run("access", "grant", "sato", str(keys["sato"][0].with_suffix(".pub")))
    assert len(git(notebook.root, "log", "--format=%H").split()) == commits + 1
    assert "1980-01-02" not in note_text(sato) and "大阪市" not in note_text(sato)
    assert sato.json("show", "鈴木")["fields"]["address"] == "大阪市"
    changed = git(notebook.root, "show", "--name-only", "--format=", "HEAD").split()
    assert ".custnote/recipients.yaml" in changed and len(changed) == 2


def test_bad_key_is_refused_and_nothing_changes(sato: Person):
    recipients = (sato.root / ".custnote" / "recipients.yaml").read_text("utf-8")
    result = sato.run("access", "grant", "ito", "ssh-ed25519 notakey", ok=False)
    assert result.exit_code != 0 and "not a usable key" in result.stderr
    assert (sato.root / ".custnote" / "recipients.yaml").read_text("utf-8") == recipients


def test_revoking_the_last_reader_is_refused(sato: Person):
    result = sato.run("access", "revoke", "sato", ok=False)
    assert "last reader" in result.stderr
    assert "sato" in (sato.root / ".custnote" / "recipients.yaml").read_text("utf-8")


def test_undo_of_a_set_puts_the_old_ciphertext_back(sato: Person):
    before = note_text(sato)
    sato.run("set", "yamada", "birthday=1970-01-01")
    sato.run("undo", "--yes")
    assert note_text(sato) == before
    assert sato.json("show", "yamada")["fields"]["birthday"] == "1968-02-14"


def test_identity_from_user_config(sato: Person, keys, tmp_path: Path, monkeypatch):
    config = tmp_path / "user.yaml"
    config.write_text(f"identity: {keys['sato'][0]}\n", "utf-8")
    monkeypatch.setenv("CUSTNOTE_CONFIG", str(config))
    nobody = Person("sato", sato.root, None)
    shown = nobody.run("show", "yamada").stdout
    assert "そば粉" in shown


def test_check_finds_clear_text_and_fix_encrypts_it_in_one_commit(sato: Person):
    path = next((sato.root / "customers").glob("*/*.md"))
    text = path.read_text("utf-8")
    hand = re.sub(r"birthday: \|-?\n(    .*\n|  .*\n)+", "birthday: 1968-02-14\n", text, count=1)
    assert "birthday: 1968-02-14\n" in hand
    hand = re.sub(r"## Private\n\n-----BEGIN[^#]*-----\n", "## Private\n\n秘密のメモ\n", hand)
    assert "## Private\n\n秘密のメモ\n\n## Log" in hand
    path.write_text(hand, "utf-8")
    (sato.root / ".git" / "custnote").chmod(0o755)
    rel = str(path.relative_to(sato.root))
    report = json.loads(sato.run("check", "--json", ok=False).stdout)
    messages = {(f["path"], f["message"]) for f in report["findings"] if f["check"] == "privacy"}
    assert (rel, "restricted field birthday is in clear text") in messages
    assert (rel, "a restricted section is in clear text") in messages
    assert any("readable by others" in m for _, m in messages)
    commits = len(git(sato.root, "log", "--format=%H").split())
    sato.run("check", "--fix")
    assert len(git(sato.root, "log", "--format=%H").split()) == commits + 1
    fixed = path.read_text("utf-8")
    assert "1968-02-14" not in fixed and "秘密のメモ" not in fixed
    assert sato.json("show", "yamada")["fields"]["birthday"] == "1968-02-14"
    assert "秘密のメモ" in sato.json("show", "yamada")["body"]
    after = json.loads(sato.run("check", "--json", ok=False).stdout)["findings"]
    assert not [f for f in after if f["check"] == "privacy"]
    assert stat.S_IMODE((sato.root / ".git" / "custnote").stat().st_mode) == 0o700


def test_caches_built_before_restriction_are_dropped(notebook: Notebook, keys):
    sato = Person("sato", notebook.root, keys["sato"][0])
    kato = Person("kato", notebook.root, keys["kato"][0])
    sato.run("add", "鈴木 一郎", "--kana", "すずき いちろう", "--set", "address=大阪市北区")
    sato.run("search", "大阪市北区")
    sato.run("agenda")
    state = notebook.root / ".git" / "custnote"
    assert "大阪市北区" in index_text(state)  # the clear-text index had it
    sato.run("access", "grant", "sato", keys["sato"][1])
    assert kato.run("search", "大阪市北区", ok=False).exit_code != 0
    kato.run("agenda")
    assert "すずき" in index_text(state)  # kato's index
    assert "大阪市北区" not in index_text(state)
    blob = b"".join(p.read_bytes() for p in state.rglob("*") if p.is_file())
    assert "大阪市北区".encode() not in blob


def test_non_holder_edit_keeps_every_restricted_value(sato: Person, keys, editor):
    before = note_text(sato)
    seen = editor("text = text.replace('drink: ほうじ茶', 'drink: 紅茶')")
    kato = Person("kato", sato.root, keys["kato"][0])
    kato.run("edit", "yamada")
    assert "🔒" in seen.read_text("utf-8")
    for secret in SECRETS:
        assert secret not in seen.read_text("utf-8")
    after = note_text(sato)
    assert "drink: 紅茶" in after and "🔒" not in after
    assert ARMORED.findall(before) == ARMORED.findall(after)


def test_imported_restricted_values_are_encrypted(sato: Person, tmp_path):
    table = tmp_path / "new.csv"
    table.write_text("氏名,住所,誕生日\n鈴木 一郎,大阪市北区,1980-01-02\n", "utf-8")
    sato.run("import", str(table))
    [path] = [p for p in sato.root.glob("customers/*/*.md") if "大阪" in sato.run(
        "show", p.stem.rsplit("-", 1)[-1]).stdout]  # fmt: skip
    text = path.read_text("utf-8")
    assert "大阪市北区" not in text and "1980-01-02" not in text
    assert text.count(ARMOR_BEGIN) == 2
    assert "大阪市北区" not in git(sato.root, "log", "-p", "--all")


def test_access_list_names_readers_fields_and_your_keys(sato: Person, keys):
    listed = sato.json("access", "list")
    assert listed["readers"] == [
        {"name": "sato", "keys": [" ".join(keys["sato"][1].split()[:2])], "groups": []}
    ]
    assert "preferences.allergies" in listed["restricted_fields"]
    assert listed["your_keys"] == [str(keys["sato"][0])]


def test_identity_from_the_ssh_folder(sato: Person, keys):
    import os
    import shutil

    nobody = Person("sato", sato.root, None)
    assert "🔒" in nobody.run("show", "yamada").stdout  # no key in ~/.ssh yet
    ssh = Path(os.environ["HOME"]) / ".ssh"
    ssh.mkdir()
    shutil.copy(keys["sato"][0], ssh / "id_ed25519")
    shown = nobody.run("show", "yamada").stdout
    assert "そば粉" in shown and "🔒" not in shown
