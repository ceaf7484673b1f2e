"""age encryption of single values, through pyrage (the only module that imports it).

Why pyrage: it binds the reference Rust implementation of age (``rage``), ships wheels (no
compiler, no ``age`` binary on the machine), is MIT-licensed, and accepts both age X25519 keys
and the SSH ed25519/RSA keys team members already push with. Its import costs ~2 ms, and it is
imported only when a value is actually encrypted or decrypted.

Values are ASCII-armoured (``-----BEGIN AGE ENCRYPTED FILE-----``), so that a note stays text
and each restricted value is a few lines of its own that git merges like any other lines.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from custnote.core.privacy import ARMOR_BEGIN, ARMOR_END, is_armored  # noqa: F401 (the core's)
from custnote.errors import CustnoteError
from custnote.i18n import _

#: private SSH key files looked for in ``~/.ssh`` when no identity is configured
SSH_KEY_FILES = ("id_ed25519", "id_rsa")


class KeyFormatError(CustnoteError):
    """A recipient or identity that is not a key age can use."""


class CannotDecryptError(CustnoteError):
    """None of this person's keys opens a value."""


def check_recipient(text: str) -> str:
    """``text`` as a recipient line (``ssh-ed25519 AAAA… [comment]``, ``ssh-rsa …`` or
    ``age1…``), without the comment; raises :class:`KeyFormatError` naming the problem."""
    _recipient(text)
    parts = text.split()
    return " ".join(parts[:2]) if parts[0].startswith("ssh-") else parts[0]


def _recipient(text: str) -> Any:
    from pyrage import RecipientError, ssh, x25519

    parts = text.strip().split()
    if not parts:
        raise KeyFormatError(_("an empty key is not a recipient"))
    try:
        if parts[0].startswith("ssh-"):
            if len(parts) < 2:
                raise KeyFormatError(
                    _("{text!r} is not an SSH public key (ssh-ed25519 AAAA…)").format(text=text)
                )
            return ssh.Recipient.from_str(f"{parts[0]} {parts[1]}")
        if parts[0].startswith("age1"):
            return x25519.Recipient.from_str(parts[0])
    except (RecipientError, ValueError) as exc:
        raise KeyFormatError(
            _("{value}… is not a usable key: {exc}").format(value=parts[0][:20], exc=exc)
        ) from None
    raise KeyFormatError(
        _(
            "{value!r} is not a public key: give an SSH key (ssh-ed25519 …) or an age key (age1…)"
        ).format(value=text[:30])
    )


def encrypt(plaintext: str, recipients: Sequence[str]) -> str:
    """``plaintext`` encrypted to every recipient line, ASCII-armoured, without a final
    newline."""
    import pyrage

    if not recipients:
        raise KeyFormatError(_("no recipients to encrypt to: add one with 'custnote access grant'"))
    keys = [_recipient(r) for r in recipients]
    return pyrage.encrypt(plaintext.encode("utf-8"), keys, armored=True).decode("ascii").strip()


class Keyring:
    """The private keys (identities) of the person running custnote, and where they came from.

    An empty keyring decrypts nothing and never imports pyrage. (A plain class rather than a
    dataclass: this module is imported by every command that reads a note.)"""

    __slots__ = ("identities", "sources")

    def __init__(self, sources: tuple[str, ...] = (), identities: tuple[Any, ...] = ()):
        self.sources = sources
        self.identities = identities

    def __bool__(self) -> bool:
        return bool(self.identities)

    def decrypt(self, armored: str) -> str:
        """The plaintext of an armoured value; :class:`CannotDecryptError` when no key fits."""
        if not self.identities:
            raise CannotDecryptError(_("no private key (see docs/privacy.md: identity)"))
        import pyrage

        try:
            data = pyrage.decrypt(armored.strip().encode("ascii") + b"\n", list(self.identities))
        except (pyrage.DecryptError, UnicodeEncodeError) as exc:
            raise CannotDecryptError(str(exc)) from None
        return data.decode("utf-8")


def identity_candidates(configured: str | None = None) -> list[Path]:
    """Where this person's private keys are: ``$CUSTNOTE_IDENTITY`` (one or more files,
    separated by ``:``), else the configured identity file, else ``~/.ssh/id_ed25519`` and
    ``~/.ssh/id_rsa``."""
    chosen = os.environ.get("CUSTNOTE_IDENTITY") or configured
    if chosen:
        return [Path(p).expanduser() for p in chosen.split(os.pathsep) if p]
    ssh = Path.home() / ".ssh"
    return [ssh / name for name in SSH_KEY_FILES]


def load_keyring(paths: Iterable[Path]) -> Keyring:
    """The identities in the files that exist. A passphrase-protected SSH key cannot be used
    (pyrage cannot ask for the passphrase): it is skipped; an age identity file works."""
    sources: list[str] = []
    identities: list[Any] = []
    for path in paths:
        try:
            data = path.read_bytes()
        except OSError:
            continue
        found = _identities(data)
        if found:
            sources.append(str(path))
            identities += found
    return Keyring(tuple(sources), tuple(identities))


def _identities(data: bytes) -> list[Any]:
    from pyrage import IdentityError, ssh, x25519

    text = data.decode("utf-8", errors="replace")
    if "PRIVATE KEY-----" in text:
        try:
            return [ssh.Identity.from_buffer(data)]
        except (IdentityError, ValueError):
            return []  # encrypted with a passphrase, or not a key age can use
    found = []
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("AGE-SECRET-KEY-"):
            try:
                found.append(x25519.Identity.from_str(line))
            except (IdentityError, ValueError):
                continue
    return found


def keyring_for(configured: str | None) -> Keyring:
    """The keyring of the person running this process, read again only when a key file
    appears, disappears or changes."""
    paths = tuple(identity_candidates(configured))
    return _keyring(paths, _stamp(paths))


@cache
def _keyring(paths: tuple[Path, ...], _stamp: str) -> Keyring:
    return load_keyring(paths)


def _stamp(paths: Iterable[Path]) -> str:
    parts = []
    for path in paths:
        try:
            st = path.stat()
        except OSError:
            continue
        parts.append(f"{path}:{st.st_mtime_ns}:{st.st_size}")
    return "|".join(parts)


def keyring_stamp(configured: str | None) -> str:
    """Which key files exist and when they changed: caches of decrypted values are kept per
    stamp, so a new key (or a lost one) is noticed without importing pyrage."""
    return _stamp(identity_candidates(configured))
