"""Real keys and team members for the privacy tests: an SSH ed25519 key made by ssh-keygen,
age keys made by pyrage, each person running custnote with their own identity."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from custnote.cli.app import app

#: one encrypted value as it stands in a note file
ARMORED = re.compile(r"-----BEGIN AGE ENCRYPTED FILE-----.*?-----END AGE [A-Z ]+-----", re.S)


def ssh_key(folder: Path, name: str) -> tuple[Path, str]:
    """A new ed25519 key pair without passphrase: (private key file, public key line)."""
    if shutil.which("ssh-keygen") is None:
        pytest.skip("ssh-keygen is not installed (Debian: openssh-client; .ci/run installs it)")
    folder.mkdir(parents=True, exist_ok=True)
    private = folder / f"{name}_ed25519"
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", f"{name}@test", "-f", str(private)],
        check=True,
    )
    return private, private.with_suffix(".pub").read_text("utf-8").strip()


def age_key(folder: Path, name: str) -> tuple[Path, str]:
    """A new age identity file: (identity file, public key)."""
    import pyrage

    folder.mkdir(parents=True, exist_ok=True)
    identity = pyrage.x25519.Identity.generate()
    path = folder / f"{name}.agekey"
    path.write_text(f"# {name}\n{identity}\n", "utf-8")
    return path, str(identity.to_public())


@dataclass
class Person:
    """A team member with a notebook and (or not) a private key."""

    name: str
    root: Path
    identity: Path | None  # None: the identity comes from the user config or ~/.ssh

    def run(self, *args: str, input: str | None = None, ok: bool = True):
        env = {
            "CUSTNOTE_AUTHOR": self.name,
            "CUSTNOTE_EMAIL": f"{self.name}@example.jp",
            "CUSTNOTE_IDENTITY": str(self.identity) if self.identity else None,
        }
        raw = CliRunner().invoke(app, ["-N", str(self.root), *args], input=input, env=env)
        if raw.exception and not isinstance(raw.exception, SystemExit):
            raise raw.exception
        if ok:
            assert raw.exit_code == 0, f"{self.name}: custnote {args}: {raw.stderr}"
        return raw

    def json(self, *args: str):
        return json.loads(self.run(*args, "--json").stdout)


def git_everything(root: Path) -> str:
    """Every byte git keeps for ``root``, readable: all objects (any ref, loose or packed,
    unreachable included) uncompressed, and every other file under .git as it is."""
    objects = subprocess.run(
        ["git", "cat-file", "--batch-all-objects", "--batch", "--unordered"],
        cwd=root,
        capture_output=True,
        check=True,
    ).stdout
    raw = b"".join(p.read_bytes() for p in (root / ".git").rglob("*") if p.is_file())
    return (objects + raw).decode("utf-8", errors="replace")


def work_tree(root: Path) -> str:
    files = [p for p in root.rglob("*") if p.is_file() and ".git" not in p.parts]
    return "".join(p.read_bytes().decode("utf-8", errors="replace") for p in files)


@pytest.fixture(name="keys")
def keys_fixture(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    """sato: an SSH key; ito: an age key; kato: no key at all (an identity file that is not
    there, so that nothing is taken from ~/.ssh)."""
    folder = tmp_path / "keys"
    return {
        "sato": ssh_key(folder, "sato"),
        "ito": age_key(folder, "ito"),
        "kato": (folder / "kato-has-no-key", ""),
    }


def index_text(state: Path) -> str:
    """Everything the search indexes under ``state`` hold, decoded: every stored field and
    value (decompressed), the compression dictionary, and every indexed term (Whoosh
    compresses what it stores, so a grep of the files proves nothing)."""
    import zlib

    from whoosh.index import exists_in, open_dir

    from custnote.adapters.whoosh_index.docfields import ZDICT_FILE, Packer

    out: list[str] = []
    for folder in state.rglob("search"):
        if not folder.is_dir() or not exists_in(str(folder)):
            continue
        if (folder / ZDICT_FILE).exists():  # the stored values' compression dictionary
            out.append((folder / ZDICT_FILE).read_bytes().decode("utf-8", "replace"))
        with open_dir(str(folder)).reader() as reader:
            if reader.doc_count_all() and reader.has_column("doc"):  # one value a document
                stored_value = Packer.load(folder).reader(reader)
                out += [
                    json.dumps(stored_value(n), ensure_ascii=False) for n in reader.all_doc_ids()
                ]
            for stored in reader.all_stored_fields():
                for value in stored.values():
                    if isinstance(value, bytes):
                        try:
                            value = zlib.decompress(value).decode("utf-8")
                        except zlib.error:
                            value = value.decode("utf-8", errors="replace")
                    out.append(str(value))
            for _field, term in reader.all_terms():
                out.append(term.decode("utf-8", "replace") if isinstance(term, bytes) else term)
    return "\n".join(out)
