"""Restricted values on their way to disk (sealed) and back to a reader (revealed).

On disk a restricted value is an age-encrypted, ASCII-armoured block: in the front-matter a YAML
literal block (``birthday: |`` followed by the armour lines), in the body the armour lines in
place of the text of a restricted section (``## Private``). The plaintext inside is the value as
YAML (``value: 1970-05-12``), so it comes back with its type. docs/FORMAT.md has an example.

Revealing replaces each block by its value for a person whose key opens it, and by
:data:`LOCKED` for anyone else; sealing does the reverse on every write, re-using a value's
existing ciphertext when the value did not change (age encryption is randomised: encrypting
again would change lines that nobody changed, and merges would suffer). A :data:`LOCKED` value
that comes back in a write (someone without the key edited another part of the note) is put
back as the ciphertext it stood for.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from custnote.adapters.age_crypto import CannotDecryptError, Keyring, encrypt
from custnote.core.note.model import Note
from custnote.core.privacy import ARMOR_BEGIN, ARMOR_END, LOCKED, is_armored
from custnote.core.privacy.policy import Policy
from custnote.errors import CustnoteError
from custnote.i18n import _

BODY = "body"
_BLOCK = re.compile(re.escape(ARMOR_BEGIN) + r".*?" + re.escape(ARMOR_END), re.S)
_HEADING2 = re.compile(r"^## (?!#)(.*?)[ \t]*$")


class RestrictedValueError(CustnoteError):
    """A restricted value cannot be written as asked (e.g. set from 🔒 without the key)."""


# --------------------------------------------------------------------------- values


def reader_keyring() -> Keyring:
    """The private keys of the person running custnote (docs/privacy.md: identity)."""
    from custnote.adapters.age_crypto import keyring_for
    from custnote.core.notebook.config import UserConfig

    return keyring_for(UserConfig.load().identity)


def decrypt_value(armored: str, keyring: Keyring) -> Any:
    """The value inside an armoured block; :class:`CannotDecryptError` without a key for it."""
    from custnote.core.note import yamlio

    data = yamlio.load(keyring.decrypt(armored))
    if not isinstance(data, dict) or "value" not in data:
        raise CannotDecryptError(_("the decrypted text is not a custnote value"))
    return data["value"]


def encrypt_value(value: Any, recipients: list[str]) -> str:
    from custnote.core.note import yamlio

    return encrypt(yamlio.dump({"value": value}), recipients)


def reveal_value(value: Any, keyring: Keyring) -> Any:
    if not is_armored(value):
        return value
    try:
        return decrypt_value(value, keyring)
    except CannotDecryptError:
        return LOCKED


def reveal_fields(fields: dict[str, Any], keyring: Keyring) -> dict[str, Any]:
    """A copy of ``fields`` with every encrypted value revealed or :data:`LOCKED`: at the top
    level, inside a mapping such as ``preferences``, and in the competing values of a merge
    conflict (``conflicts: [{field: birthday, values: [...]}]``)."""
    return {key: _reveal_deep(value, keyring) for key, value in fields.items()}


def _reveal_deep(value: Any, keyring: Keyring) -> Any:
    if isinstance(value, dict):
        return {k: _reveal_deep(v, keyring) for k, v in value.items()}
    if isinstance(value, list):
        return [_reveal_deep(v, keyring) for v in value]
    return reveal_value(value, keyring)


def reveal_body(body: str, keyring: Keyring) -> str:
    if ARMOR_BEGIN not in body:
        return body

    def one(match: re.Match[str]) -> str:
        try:
            return str(decrypt_value(match[0], keyring))
        except CannotDecryptError:
            return LOCKED

    return _BLOCK.sub(one, body)


def reveal_note(note: Note, keyring: Keyring) -> Note:
    """The note with its restricted values readable (or :data:`LOCKED`), in place."""
    note.fields = reveal_fields(note.fields, keyring)
    note.body = reveal_body(note.body, keyring)
    return note


def locked_paths(fields: dict[str, Any]) -> list[str]:
    """The fields (``a`` or ``a.b``) that hold :data:`LOCKED`."""
    found = []
    for key, value in fields.items():
        if value == LOCKED:
            found.append(key)
        elif isinstance(value, dict):
            found += [f"{key}.{k}" for k, v in value.items() if v == LOCKED]
    return found


def _get(fields: dict[str, Any], path: str) -> Any:
    top, _, sub = path.partition(".")
    value = fields.get(top)
    if sub:
        return value.get(sub) if isinstance(value, dict) else None
    return value


def armored_paths(fields: dict[str, Any]) -> list[str]:
    """The fields (``a`` or ``a.b``) that hold an encrypted value."""
    found = []
    for key, value in fields.items():
        if is_armored(value):
            found.append(key)
        elif isinstance(value, dict):
            found += [f"{key}.{k}" for k, v in value.items() if is_armored(v)]
    return found


def plaintext_paths(fields: dict[str, Any], policy: Policy) -> list[str]:
    """Restricted fields of ``policy`` that hold a value in clear text."""
    return [
        path
        for path in policy.fields
        if _get(fields, path) not in (None, "", [], {}) and not is_armored(_get(fields, path))
    ]


# --------------------------------------------------------------------------- sealing text


def seal_text(text: str, before: str | None, policy: Policy, keyring: Keyring, rel: str) -> str:
    """``text`` as it must be written: every restricted value (and every :data:`LOCKED`
    placeholder) encrypted; ``before`` is the file's current text (None for a new file)."""
    from custnote.core.note.noteformat import read_front_matter, set_field

    fields = read_front_matter(text, rel)
    old: list[dict[str, Any]] = []  # the file's fields before, read only if a value needs them
    paths = list(policy.fields) if policy.active else []
    paths += [p for p in locked_paths(fields) if p not in paths]
    for path in paths:
        value = _get(fields, path)
        if value in (None, "", [], {}) or is_armored(value):
            continue
        if not old:
            old.append(_old_fields(before, rel))
        sealed = _sealed(value, _get(old[0], path), policy, keyring, rel, path)
        if sealed is value:
            continue
        top, _, sub = path.partition(".")
        new: Any = sealed
        if sub:
            new = dict(fields[top])
            new[sub] = sealed
        fields[top] = new
        text = set_field(text, top, new, rel)
    text = _seal_conflicts(text, fields, before, policy, keyring, rel)
    return _seal_body(text, before, policy, keyring, rel)


def _is_restricted(path: str, policy: Policy) -> bool:
    return policy.active and (path in policy.fields or path.split(".")[0] in policy.fields)


def _seal_conflicts(
    text: str, fields: dict[str, Any], before: str | None, policy: Policy, keyring: Keyring,
    rel: str,
) -> str:  # fmt: skip
    """The competing values of a conflict on a restricted field (``conflicts:``, docs/sync.md)
    encrypted like the field itself, re-using the ciphertext the file had for each."""
    from custnote.core.note.noteformat import set_field
    from custnote.core.sync.merge_rules import CONFLICTS_KEY

    entries = fields.get(CONFLICTS_KEY)
    if not isinstance(entries, list):
        return text

    def clear(value: Any) -> bool:
        return value is not None and not is_armored(value)

    def needs(entry: Any) -> bool:
        if not isinstance(entry, dict):
            return False
        values = [entry.get("was"), *(entry.get("values") or [])]
        restricted = _is_restricted(str(entry.get("field", "")), policy)
        return any(v == LOCKED or (restricted and clear(v)) for v in values)

    if not any(needs(e) for e in entries):
        return text
    old = {
        str(e.get("field")): e
        for e in (_old_fields(before, rel).get(CONFLICTS_KEY) or [])
        if isinstance(e, dict)
    }
    sealed = []
    for entry in entries:
        if needs(entry):
            path, was = str(entry.get("field")), old.get(str(entry.get("field")), {})
            entry = dict(entry)
            if entry.get("was") is not None:
                entry["was"] = _sealed(entry["was"], was.get("was"), policy, keyring, rel, path)
            olds = list(was.get("values") or [])
            entry["values"] = [
                _sealed(v, olds[n] if n < len(olds) else None, policy, keyring, rel, path)
                for n, v in enumerate(entry.get("values") or [])
            ]
        sealed.append(entry)
    return set_field(text, CONFLICTS_KEY, sealed, rel)


def _old_fields(before: str | None, rel: str) -> dict[str, Any]:
    from custnote.core.note.noteformat import read_front_matter

    if before is None:
        return {}
    try:
        return read_front_matter(before, rel)
    except CustnoteError:
        return {}


def _sealed(value: Any, old: Any, policy: Policy, keyring: Keyring, rel: str, path: str) -> Any:
    if is_armored(value):
        return value
    if value == LOCKED:
        if is_armored(old):
            return old
        raise RestrictedValueError(
            _(
                "{rel}: {path} is restricted and you cannot read it, so it cannot be "
                "written as {LOCKED}; set a new value or leave the field alone"
            ).format(rel=rel, path=path, LOCKED=LOCKED)
        )
    if is_armored(old) and keyring:
        try:
            if decrypt_value(old, keyring) == value:
                return old
        except CannotDecryptError:
            pass
    return encrypt_value(value, policy.recipients(path))


def _sections(lines: list[str], start: int, end: int, policy: Policy) -> list[tuple[int, int]]:
    """``(first, stop)`` line ranges of the contents of restricted body sections."""
    found = []
    i = start
    while i < end:
        m = _HEADING2.match(lines[i])
        if m and policy.is_section(m[1]):
            stop = next((j for j in range(i + 1, end) if _HEADING2.match(lines[j])), end)
            found.append((i + 1, stop))
            i = stop
        else:
            i += 1
    return found


def _content(lines: list[str], first: int, stop: int) -> tuple[int, int]:
    """The range of ``lines[first:stop]`` without leading and trailing blank lines."""
    while first < stop and not lines[first].strip():
        first += 1
    while stop > first and not lines[stop - 1].strip():
        stop -= 1
    return first, stop


def _body_sections(text: str, rel: str, policy: Policy) -> tuple[list[str], list[tuple[int, int]]]:
    from custnote.core.note.noteformat import note_layout

    layout = note_layout(text, rel)
    end = layout.log_heading if layout.log_heading is not None else len(layout.lines)
    ranges = _sections(layout.lines, layout.yaml_end + 1, end, policy)
    return layout.lines, [_content(layout.lines, a, b) for a, b in ranges]


def body_blocks(text: str, rel: str, policy: Policy) -> list[str]:
    """The contents of the note's restricted body sections (blank lines around left out)."""
    lines, ranges = _body_sections(text, rel, policy)
    return ["\n".join(lines[a:b]) for a, b in ranges]


def replace_body_blocks(text: str, rel: str, policy: Policy, blocks: list[str]) -> str:
    """``text`` with the contents of its restricted body sections replaced by ``blocks``."""
    from custnote.core.note.noteformat import _join

    lines, ranges = _body_sections(text, rel, policy)
    lines = list(lines)
    for (first, stop), block in reversed(list(zip(ranges, blocks, strict=True))):
        if first != stop and block != "\n".join(lines[first:stop]):
            lines[first:stop] = block.split("\n")
    return _join(lines, text)


def _seal_body(text: str, before: str | None, policy: Policy, keyring: Keyring, rel: str) -> str:
    if not policy.active and LOCKED not in text:
        return text
    blocks = body_blocks(text, rel, policy)
    if all(not block or is_armored(block) for block in blocks):
        return text
    old_blocks = (_safe(lambda: body_blocks(before, rel, policy)) or []) if before else []
    sealed = [
        _sealed(block, old_blocks[n] if n < len(old_blocks) else None, policy, keyring, rel, BODY)
        if block
        else block
        for n, block in enumerate(blocks)
    ]
    return replace_body_blocks(text, rel, policy, sealed)


def _safe(make: Callable[[], Any]) -> Any:
    try:
        return make()
    except CustnoteError:
        return None


def strip_sections(body: str, policy: Policy) -> str:
    """``body`` without its restricted sections (heading and contents)."""
    lines = body.split("\n")
    for first, stop in reversed(_sections(lines, 0, len(lines), policy)):
        del lines[first - 1 : stop]
    return "\n".join(lines).strip("\n")


# --------------------------------------------------------------------------- revealing text


def reveal_text(text: str, keyring: Keyring, rel: str, policy: Policy) -> str:
    """The file text with every encrypted value shown as its value (or :data:`LOCKED`), for
    ``custnote edit``: :func:`seal_text` turns it back into the same file when nothing
    changed."""
    from custnote.core.note.noteformat import _join, read_front_matter, set_field

    if ARMOR_BEGIN not in text:
        return text
    fields = read_front_matter(text, rel)
    for key, value in fields.items():
        revealed = reveal_fields({key: value}, keyring)[key]
        if revealed != value:
            text = set_field(text, key, revealed, rel)
    lines, ranges = _body_sections(text, rel, policy)
    lines = list(lines)
    for first, stop in reversed(ranges):
        content = "\n".join(lines[first:stop])
        if is_armored(content):
            lines[first:stop] = str(reveal_value(content, keyring)).split("\n")
    return _join(lines, text)
