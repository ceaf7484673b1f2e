"""Restricted fields in a team: three clones of one remote with different keys; concurrent
edits merge; grant and revoke travel with sync; a non-holder's clone never holds plaintext."""

from __future__ import annotations

import pytest
from gitfixtures import Team, git, team_fixture  # noqa: F401
from privacyfixtures import (  # noqa: F401
    ARMORED,
    Person,
    git_everything,
    index_text,
    keys_fixture,
    work_tree,
)

SECRETS = ("1968-02-14", "そば粉", "横浜市青葉区")


@pytest.fixture
def trio(team: Team, keys) -> tuple[Person, Person, Person]:
    """sato (SSH key, managers) founds the notebook, where only managers read addresses;
    ito (age key, support) and kato (no key) clone it after 山田 was added."""
    founder = team.founder("sato")
    sato = Person("sato", founder.root, keys["sato"][0])
    config = sato.root / ".custnote" / "config.yaml"
    config.write_text(
        config.read_text("utf-8") + "restricted:\n  readers:\n    address: [managers]\n", "utf-8"
    )
    git(sato.root, "commit", "-qam", "only managers read addresses")
    sato.run("access", "grant", "sato", keys["sato"][1], "--group", "managers")
    sato.run("access", "grant", "ito", keys["ito"][1], "--group", "support")
    sato.run(
        "add", "山田 太郎", "--kana", "やまだ たろう", "--phone", "03-5555-0199",
        "--set", "birthday=1968-02-14", "--set", "preferences.allergies=そば粉",
        "--set", "preferences.drink=ほうじ茶", "--set", "address=横浜市青葉区",
    )  # fmt: skip
    sato.run("sync")
    ito = Person("ito", team.join("ito").root, keys["ito"][0])
    kato = Person("kato", team.join("kato").root, keys["kato"][0])
    return sato, ito, kato


def fields(person: Person) -> dict:
    return person.json("show", "yamada")["fields"]


def settle(*people: Person) -> None:
    for person in [*people, *people]:
        person.run("sync")


def test_each_reads_what_their_key_and_group_allow(trio):
    sato, ito, kato = trio
    assert fields(sato)["address"] == "横浜市青葉区"
    assert fields(ito)["address"] == "🔒"  # support is not a manager
    assert fields(ito)["birthday"] == "1968-02-14"
    assert fields(ito)["preferences"]["allergies"] == ["そば粉"]
    assert fields(kato)["birthday"] == "🔒"
    assert fields(kato)["preferences"] == {"allergies": "🔒", "drink": "ほうじ茶"}


def test_non_holder_clone_holds_no_plaintext_anywhere(trio):
    _sato, ito, kato = trio
    kato.run("search", "ほうじ茶")  # kato builds an index, agenda cache, catalog
    kato.run("agenda", "--days", "365")
    kato.run("who", "03-5555-0199")
    indexed = index_text(kato.root / ".git" / "custnote")
    assert "ほうじ茶" in indexed  # kato's index holds the open fields: the check can see text
    everything = git_everything(kato.root) + work_tree(kato.root) + indexed
    for secret in SECRETS:
        assert secret not in everything
    ito.run("search", "そば粉")
    indexed = index_text(ito.root / ".git" / "custnote")
    assert "そば粉" in indexed  # ito holds the allergies' key: the index has them
    assert "横浜市青葉区" not in git_everything(ito.root) + work_tree(ito.root) + indexed


def test_concurrent_edits_to_restricted_and_open_fields_merge(trio):
    sato, ito, kato = trio
    sato.run("set", "yamada", "birthday=1968-02-15")
    ito.run("set", "yamada", "preferences.allergies=そば粉, えび")
    kato.run("set", "yamada", "preferences.drink=コーヒー", "owner=kato")
    settle(sato, ito, kato)
    for person in (sato, ito):
        got = fields(person)
        assert got["birthday"] == "1968-02-15"
        assert got["preferences"] == {"allergies": ["そば粉", "えび"], "drink": "コーヒー"}
        assert got["owner"] == "kato"
        assert "conflicts" not in got
    assert fields(kato)["preferences"]["allergies"] == "🔒"
    texts = {p.name: next((p.root / "customers").glob("*/*.md")).read_text("utf-8") for p in trio}
    assert len(set(texts.values())) == 1  # everyone has the same file
    assert len(ARMORED.findall(texts["sato"])) == 3
    assert not (set(git_everything(kato.root).split()) & {"1968-02-15", "えび"})


def test_same_restricted_field_changed_twice_is_a_conflict_of_ciphertexts(trio):
    sato, ito, kato = trio
    sato.run("set", "yamada", "birthday=1968-02-15")
    ito.run("set", "yamada", "birthday=1968-02-16")
    settle(sato, ito, kato)
    text = next((sato.root / "customers").glob("*/*.md")).read_text("utf-8")
    assert "field: birthday" in text
    for day in ("1968-02-15", "1968-02-16"):
        assert day not in text
    conflict = fields(sato)["conflicts"][0]  # a holder sees the two values
    assert (conflict["field"], sorted(conflict["values"])) == (
        "birthday",
        ["1968-02-15", "1968-02-16"],
    )
    assert "🔒" in str(fields(kato)["conflicts"][0]["values"])
    exported = kato.run("export", "--format", "json").stdout
    assert "conflicts" not in exported and "BEGIN AGE" not in exported
    sato.run("set", "yamada", "birthday=1968-02-16")  # setting the field resolves it
    assert "conflicts" not in fields(sato)


def test_revoke_closes_new_values_to_the_revoked_key(trio):
    sato, ito, _kato = trio
    commits = len(git(sato.root, "log", "--format=%H").split())
    sato.run("access", "revoke", "ito")
    assert len(git(sato.root, "log", "--format=%H").split()) == commits + 1
    sato.run("set", "yamada", "preferences.allergies=くるみ")
    sato.run("sync")
    ito.run("sync")
    assert fields(ito)["preferences"]["allergies"] == "🔒"
    assert fields(ito)["birthday"] == "🔒"  # re-encrypted without ito
    assert fields(sato)["preferences"]["allergies"] == ["くるみ"]
    assert "ito" not in (ito.root / ".custnote" / "recipients.yaml").read_text("utf-8")


def test_grant_by_a_holder_lets_a_new_member_read_after_sync(trio, keys):
    sato, ito, kato = trio
    from privacyfixtures import age_key

    kato_key, kato_public = age_key(kato.root.parent / "newkeys", "kato")
    ito.run("access", "grant", "kato", kato_public)
    ito.run("sync")
    kato = Person("kato", kato.root, kato_key)
    kato.run("sync")
    assert fields(kato)["birthday"] == "1968-02-14"
    assert fields(kato)["address"] == "🔒"  # ito could not give what ito cannot read
    sato.run("sync")
    assert fields(sato)["address"] == "横浜市青葉区"


def test_a_member_who_cannot_read_a_value_cannot_reencrypt_it(trio, keys):
    _sato, ito, _kato = trio
    from privacyfixtures import age_key

    _key, public = age_key(ito.root.parent / "newkeys", "boss")
    before = git(ito.root, "rev-parse", "HEAD")
    result = ito.run("access", "grant", "boss", public, "--group", "managers", ok=False)
    assert result.exit_code != 0 and "cannot read address" in result.stderr
    assert git(ito.root, "rev-parse", "HEAD") == before
    assert git(ito.root, "status", "--porcelain") == ""


def test_audit_entries_of_two_colleagues_are_both_kept(trio):
    sato, ito, _kato = trio
    sato.run("export", "--format", "json")
    ito.run("export", "--format", "csv")
    settle(sato, ito)
    for person in (sato, ito):
        log = (person.root / ".custnote" / "audit.log").read_text("utf-8")
        lines = [line for line in log.splitlines() if not line.startswith("#")]
        assert sorted(line.split(" · ")[1] for line in lines) == ["ito", "sato"]
        assert "<<<<<<<" not in log


def test_resolving_one_of_two_restricted_conflicts_keeps_the_other_encrypted(trio):
    sato, ito, kato = trio
    sato.run("set", "yamada", "birthday=1968-02-15", "preferences.allergies=くるみ")
    ito.run("set", "yamada", "birthday=1968-02-16", "preferences.allergies=えび")
    settle(sato, ito, kato)
    assert {c["field"] for c in fields(sato)["conflicts"]} == {
        "birthday",
        "preferences.allergies",
    }
    sato.run("set", "yamada", "birthday=1968-02-16")  # resolves one; the other stays
    kato.run("sync")
    kato.run("set", "yamada", "owner=kato")  # a non-holder writes the note again
    settle(sato, kato)
    text = next((sato.root / "customers").glob("*/*.md")).read_text("utf-8")
    for secret in ("くるみ", "えび", "1968-02-15", "1968-02-16", "🔒"):
        assert secret not in text
    [left] = fields(sato)["conflicts"]
    assert left["field"] == "preferences.allergies"
    assert sorted(str(v) for v in left["values"]) == ["['えび']", "['くるみ']"]
