"""``custnote access grant/revoke``: change who reads restricted values, re-encrypting them.

A change of the recipients file and the re-encryption of every value whose readers changed are
one commit (``access: grant sato``). Only values whose set of recipients changed are touched, so
granting a member of ``support`` leaves values only ``managers`` read as they were. The person
running it must be able to read every value it re-encrypts (age cannot add a recipient to a
ciphertext without its plaintext).

Revoking re-encrypts so that new commits are closed to the revoked key; the history they
already have stays readable with it (docs/privacy.md: rotate the values that matter).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from custnote.adapters.age_crypto import (
    CannotDecryptError,
    Keyring,
    check_recipient,
    is_armored,
)
from custnote.core.privacy.policy import RECIPIENTS_FILE, Member, Policy, write_members
from custnote.core.privacy.sealing import (
    BODY,
    RestrictedValueError,
    armored_paths,
    body_blocks,
    decrypt_value,
    encrypt_value,
    replace_body_blocks,
)
from custnote.errors import CustnoteError, InvalidValueError
from custnote.i18n import _

if TYPE_CHECKING:
    from custnote.core.notebook.notebook import Notebook


@dataclass
class AccessChange:
    """What a grant or revoke did."""

    member: Member
    notes: int = 0
    values: int = 0


def grant(nb: Notebook, name: str, keys: list[str], groups: list[str]) -> AccessChange:
    """Add ``name`` (or more keys and groups for them) to the readers; one commit."""
    if not name.strip() or any(c in name for c in ":\n"):
        raise InvalidValueError("name", name, _("a member's name is one word or phrase"))
    if not keys:
        raise InvalidValueError("key", "", _("give at least one public key (ssh-ed25519 …, age1…)"))
    checked = [check_recipient(key) for key in keys]
    before = nb.policy
    members = [replace(m, keys=list(m.keys), groups=list(m.groups)) for m in before.members]
    member = next((m for m in members if m.name == name), None)
    if member is None:
        member = Member(name, [], [])
        members.append(member)
    member.keys += [k for k in checked if k not in member.keys]
    member.groups += [g for g in groups if g not in member.groups]
    return _apply(nb, before, replace(before, members=members), member, f"grant {name}")


def revoke(nb: Notebook, name: str) -> AccessChange:
    """Remove ``name`` from the readers; one commit. The last reader cannot be removed."""
    before = nb.policy
    member = before.member(name)
    if member is None:
        known = ", ".join(m.name for m in before.members) or "nobody yet"
        raise InvalidValueError(
            "name", name, _("is not a reader (readers: {known})").format(known=known)
        )
    members = [m for m in before.members if m.name != name]
    if not members:
        raise CustnoteError(
            _(
                "{name} is the last reader: nobody could read the restricted values any "
                "more; grant someone else first"
            ).format(name=name)
        )
    return _apply(nb, before, replace(before, members=members), member, f"revoke {name}")


def _apply(nb: Notebook, before: Policy, after: Policy, member: Member, what: str) -> AccessChange:
    keyring = nb.keyring()
    change = AccessChange(member)
    nb.policy = after  # the writes below seal for the new readers
    try:
        with nb.transaction(f"access: {what}", "access", bulk=True) as tx:
            tx.write(RECIPIENTS_FILE, write_members(after.members))
            for rel in nb.note_paths() + nb.note_paths(archived=True):
                text = tx.read(rel)
                new, count = reencrypt(text, rel, before, after, keyring)
                if count:
                    change.notes += 1
                    change.values += count
                # plaintext restricted values (the first grant) are sealed by the write
                if new != text or (after.active and not before.active):
                    tx.write(rel, new)
    finally:
        nb.policy = None
    return change


def reencrypt(
    text: str, rel: str, before: Policy, after: Policy, keyring: Keyring
) -> tuple[str, int]:
    """``text`` with every encrypted value whose recipients differ between the two policies
    encrypted again for ``after``; and how many values that was."""
    from custnote.core.note.noteformat import read_front_matter, set_field

    fields = read_front_matter(text, rel)
    count = 0
    for path in armored_paths(fields):
        if set(before.recipients(path)) == set(after.recipients(path)):
            continue
        top, _, sub = path.partition(".")
        old = fields[top][sub] if sub else fields[top]
        value = _decrypted(old, keyring, rel, path)
        new = encrypt_value(value, after.recipients(path))
        if sub:
            fields[top] = {**fields[top], sub: new}
        else:
            fields[top] = new
        text = set_field(text, top, fields[top], rel)
        count += 1
    if set(before.recipients(BODY)) != set(after.recipients(BODY)):
        blocks = body_blocks(text, rel, after)
        if blocks:
            fresh = [
                encrypt_value(_decrypted(b, keyring, rel, BODY), after.recipients(BODY))
                if is_armored(b)
                else b
                for b in blocks
            ]
            count += sum(1 for b in blocks if is_armored(b))
            text = replace_body_blocks(text, rel, after, fresh)
    return text, count


def _decrypted(armored: str, keyring: Keyring, rel: str, path: str) -> object:
    try:
        return decrypt_value(armored, keyring)
    except CannotDecryptError:
        raise RestrictedValueError(
            _(
                "{rel}: you cannot read {path}, so you cannot re-encrypt it for the new "
                "readers; ask someone who can read it to run this command"
            ).format(rel=rel, path=path)
        ) from None
