"""The notebook option ``confirm_bulk: N`` (誤って変更・削除されない): a command that would change
more than N notes at once (an import, re-encrypting for a new reader) asks first, or needs
``--yes`` when nobody is at a terminal to answer."""

from __future__ import annotations

from custnote.core.notebook.config import CONFIG_DIR, CONFIG_FILE, NotebookConfig
from custnote.errors import CustnoteError, InvalidValueError
from custnote.i18n import _

OPTION = "confirm_bulk"


class BulkChangeError(CustnoteError):
    """A bulk change was not confirmed."""


def bulk_limit(config: NotebookConfig) -> int | None:
    """How many notes one command may change without confirmation (None: no limit)."""
    value = config.raw.get(OPTION)
    if value is None or value is False:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        source = f"{CONFIG_DIR}/{CONFIG_FILE}"
        raise InvalidValueError(OPTION, value, _("must be a number of notes"), source=source)
    return value


def needs_confirmation(config: NotebookConfig, count: int) -> bool:
    limit = bulk_limit(config)
    return limit is not None and count > limit


def refusal(count: int, what: str, config: NotebookConfig) -> BulkChangeError:
    return BulkChangeError(
        _(
            "{what} would change {count} notes, more than {OPTION}: {value} "
            "({CONFIG_DIR}/{CONFIG_FILE}); nothing was changed. Add --yes to go ahead"
        ).format(
            what=what,
            count=count,
            OPTION=OPTION,
            value=bulk_limit(config),
            CONFIG_DIR=CONFIG_DIR,
            CONFIG_FILE=CONFIG_FILE,
        )
    )
