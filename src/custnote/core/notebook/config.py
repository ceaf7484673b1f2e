"""Notebook settings (shared by the team, committed) and user settings (per person).

The notebook's ``.custnote/config.yaml`` holds what a team agrees on: default phone region, log
kinds, statuses, custom fields, language of templates, the dormant threshold. The user's
``config.yaml`` in the platform's config directory holds who they are (``author``) and their
default notebook.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from custnote.adapters.fsio import atomic_write
from custnote.core.note.model import DEFAULT_KINDS, DEFAULT_STATUSES
from custnote.core.notebook.stamps import is_racy, stamp
from custnote.errors import InvalidValueError, NoteFormatError
from custnote.i18n import _

CONFIG_DIR = ".custnote"
CONFIG_FILE = "config.yaml"
#: the settings key of the git branch the team shares (custnote.core.sync.team)
BRANCH_KEY = "branch"
CUSTOM_FIELD_TYPES = ("text", "date", "number", "list")

DEFAULT_CONFIG_TEXT = """\
# custnote notebook settings, shared by everyone who uses this notebook.
version: 1
# Region used to read phone numbers written without a country code.
phone_region: JP
# The language custnote speaks in this notebook (messages, the card, the agenda, note
# templates): ja or en. Unset, each person's own LC_ALL/LANG decides (ja_…: Japanese).
# language: ja
# Kinds of log entries (custnote log --kind ...). Add your own at the end.
log_kinds: [call, visit, email, meeting, inquiry, complaint, purchase, note]
statuses: [prospect, active, dormant, lost]
# Active customers with no contact for this many days show up in the agenda.
dormant_days: 90
# Your team's own front-matter fields, name: text | date | number | list
custom_fields: {}
"""


def _read_settings(path: Path, cache: Path | None = None) -> dict[str, Any]:
    """A settings file's mapping; a clear error naming the file when it is not one.

    With ``cache``, the mapping is also kept there as JSON and reused while the file keeps its
    size and mtime: every command reads the notebook's settings, and parsing YAML first means
    importing it (about 10 ms), which a search otherwise never needs.
    """
    st = path.stat()
    stamped = stamp(st)  # a settings file changed this recently is not cached (is_racy)
    if cache is not None:
        try:
            saved = json.loads(cache.read_text("utf-8"))
            if saved["stamp"] == stamped:
                return saved["settings"]
        except (OSError, ValueError, KeyError, TypeError):
            pass
    data = _parse_settings(path)
    if cache is not None and not is_racy(st.st_mtime_ns):
        _save_settings_cache(cache, stamped, data)
    return data


def _parse_settings(path: Path) -> dict[str, Any]:
    from custnote.core.note import yamlio

    try:
        data = yamlio.load(path.read_text(encoding="utf-8-sig")) or {}
    except yamlio.YAMLError as exc:
        raise NoteFormatError(str(path), _("not valid YAML: {exc}").format(exc=exc)) from None
    if not isinstance(data, dict):
        raise NoteFormatError(str(path), _("the settings must be a mapping of 'key: value' lines"))
    return data


def _save_settings_cache(cache: Path, stamp: list[int], data: dict[str, Any]) -> None:
    """Keep ``data`` as JSON, unless JSON would change it (dates, numbers as keys)."""
    try:
        text = json.dumps({"stamp": stamp, "settings": data}, ensure_ascii=False)
        if json.loads(text)["settings"] == data:
            atomic_write(cache, text, durable=False)
    except (TypeError, ValueError, OSError):
        pass  # only a cache: the file is parsed next time


@dataclass
class NotebookConfig:
    """The notebook's settings, with defaults for anything the file leaves out."""

    phone_region: str = "JP"
    language: str = "ja"
    log_kinds: tuple[str, ...] = DEFAULT_KINDS
    statuses: tuple[str, ...] = DEFAULT_STATUSES
    dormant_days: int = 90
    custom_fields: dict[str, str] = field(default_factory=dict)
    #: custnote's fsmonitor for git in this clone: auto, on or off (docs/scale.md)
    fsmonitor: str = "auto"
    #: Every key of the file, including ones this version does not know.
    raw: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path, cache: Path | None = None) -> NotebookConfig:
        """The settings in ``path`` (defaults when it is missing), parsed once per change of
        the file when a ``cache`` file is given."""
        if not path.exists():
            return cls()
        data = _read_settings(path, cache)
        return cls.from_mapping(data, str(path))

    @classmethod
    def from_mapping(cls, data: dict[str, Any], source: str) -> NotebookConfig:
        config = cls(raw=data)
        if "phone_region" in data:
            config.phone_region = str(data["phone_region"]).upper()
        if "language" in data:
            config.language = str(data["language"])
        for key in ("log_kinds", "statuses"):
            if key in data:
                value = data[key]
                if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                    raise InvalidValueError(key, value, _("must be a list of words"), source=source)
                setattr(config, key, tuple(value))
        if "dormant_days" in data:
            if not isinstance(data["dormant_days"], int):
                raise InvalidValueError(
                    "dormant_days", data["dormant_days"], _("must be a number"), source=source
                )
            config.dormant_days = data["dormant_days"]
        if "fsmonitor" in data:
            config.fsmonitor = _fsmonitor_mode(data["fsmonitor"], source)
        custom = data.get("custom_fields") or {}
        if not isinstance(custom, dict):
            raise InvalidValueError("custom_fields", custom, _("must be a mapping"), source=source)
        for name, kind in custom.items():
            if kind not in CUSTOM_FIELD_TYPES:
                allowed = ", ".join(CUSTOM_FIELD_TYPES)
                raise InvalidValueError(
                    _("custom_fields.{name}").format(name=name),
                    kind,
                    _("type must be one of {allowed}").format(allowed=allowed),
                    source=source,
                )
        config.custom_fields = {str(k): str(v) for k, v in custom.items()}
        return config


def _fsmonitor_mode(value: Any, source: str) -> str:
    """``auto``, ``on`` or ``off`` (YAML reads a bare on/off as true/false)."""
    mode = {True: "on", False: "off"}.get(value, value) if isinstance(value, bool) else value
    if mode not in ("auto", "on", "off"):
        raise InvalidValueError("fsmonitor", value, _("must be auto, on or off"), source=source)
    return str(mode)


@dataclass
class UserConfig:
    """One person's settings: ``author`` (their name in logs and commits), ``email``,
    ``notebook`` (default notebook path)."""

    author: str | None = None
    email: str | None = None
    notebook: str | None = None
    #: private key file(s) for restricted fields (docs/privacy.md), else ~/.ssh/id_ed25519
    identity: str | None = None

    @staticmethod
    def path() -> Path:
        override = os.environ.get("CUSTNOTE_CONFIG")
        if override:
            return Path(override)
        from platformdirs import user_config_dir

        return Path(user_config_dir("custnote")) / CONFIG_FILE

    @classmethod
    def load(cls) -> UserConfig:
        path = cls.path()
        if not path.exists():
            return cls()
        data = _read_settings(path)
        return cls(
            author=data.get("author"),
            email=data.get("email"),
            notebook=data.get("notebook"),
            identity=data.get("identity"),
        )


def branch_lines(branch: str) -> str:
    """The settings lines ``init`` writes (docs/FORMAT.md)."""
    comment = "# The git branch the team shares (custnote sync pushes and pulls it)."
    return f"{comment}\n{BRANCH_KEY}: {branch}\n"
