"""Sealing and revealing restricted values, as properties: any value comes back as it was,
sealing twice changes nothing, and an edit that changes nothing writes the same file."""

from __future__ import annotations

import datetime as dt

import pyrage
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from custnote.adapters.age_crypto import ARMOR_BEGIN, Keyring
from custnote.core.note.model import Note
from custnote.core.note.noteformat import parse_note, read_front_matter, serialise_note
from custnote.core.privacy.policy import Member, Policy
from custnote.core.privacy.sealing import LOCKED, reveal_note, reveal_text, seal_text

IDENTITY = pyrage.x25519.Identity.generate()
OTHER = pyrage.x25519.Identity.generate()
POLICY = Policy(members=[Member("sato", [str(IDENTITY.to_public())])])
HOLDER = Keyring(("test",), (IDENTITY,))
NOBODY = Keyring(("test",), (OTHER,))

words = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=20).filter(
    lambda s: s.strip() and s != LOCKED and ARMOR_BEGIN not in s
)
values = st.fixed_dictionaries(
    {
        "address": words,
        "birthday": st.dates(dt.date(1900, 1, 1), dt.date(2030, 12, 31)),
        "family": st.lists(
            st.fixed_dictionaries({"name": words, "relation": words}), min_size=1, max_size=2
        ),
        "allergies": st.lists(words, min_size=1, max_size=3),
        "private": words,
    }
)


def note_text(v: dict) -> str:
    fields = {
        "id": "k7m2qa", "name": "山田 太郎", "address": v["address"], "birthday": v["birthday"],
        "family": v["family"], "preferences": {"drink": "茶", "allergies": v["allergies"]},
    }  # fmt: skip
    body = f"## Private\n\n{v['private'].strip()}\n\n## Notes\n\nopen"
    return serialise_note(Note(fields=fields, body=body))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(values)
def test_sealed_values_come_back_for_a_holder_only(v):
    plain = note_text(v)
    sealed = seal_text(plain, None, POLICY, HOLDER, "customers/ya/x.md")
    fields = read_front_matter(sealed)
    for key in ("address", "birthday", "family"):
        assert str(fields[key]).startswith(ARMOR_BEGIN)
    assert fields["preferences"]["drink"] == "茶"
    assert seal_text(sealed, sealed, POLICY, HOLDER, "customers/ya/x.md") == sealed
    revealed = reveal_note(parse_note(sealed), HOLDER)
    assert revealed == parse_note(plain)
    locked = reveal_note(parse_note(sealed), NOBODY)
    assert locked.fields["birthday"] == LOCKED and locked.fields["family"] == LOCKED
    assert locked.fields["preferences"] == {"drink": "茶", "allergies": LOCKED}
    assert f"## Private\n\n{LOCKED}\n\n## Notes" in locked.body
    for view in (HOLDER, NOBODY):  # an edit that changes nothing writes the same file
        shown = reveal_text(sealed, view, "customers/ya/x.md", POLICY)
        assert seal_text(shown, sealed, POLICY, view, "customers/ya/x.md") == sealed
