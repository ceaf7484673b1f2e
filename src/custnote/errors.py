"""The custnote exception hierarchy.

Every error a user can cause is a :class:`CustnoteError`. The CLI turns them into one line on
stderr and the exit code below, in one place (``custnote.cli.app``). Messages name the file, field
and value involved so that the line alone says what to fix.
"""

from __future__ import annotations

from collections.abc import Sequence

from custnote.i18n import _


class CustnoteError(Exception):
    """Base class: a problem custnote reports to the user rather than a bug."""

    exit_code = 1


class InvalidValueError(CustnoteError):
    """A value given on the command line or in a file cannot be understood."""

    exit_code = 2

    def __init__(self, field: str, value: object, reason: str, *, source: str | None = None):
        self.field, self.value, self.reason, self.source = field, value, reason, source
        where = f"{source}: " if source else ""
        super().__init__(f"{where}{field}: {reason}: {_shown(value)}")


def _shown(value: object, limit: int = 80) -> str:
    """``repr(value)``, cut short when long: an error stays one readable line."""
    text = repr(value)
    return text if len(text) <= limit else f"{text[: limit - 20]}… ({len(text)} characters)"


class NoteFormatError(CustnoteError):
    """A note file on disk does not follow docs/FORMAT.md (for example after a hand edit)."""

    exit_code = 1

    def __init__(self, path: str, reason: str, *, line: int | None = None):
        self.path, self.reason, self.line = path, reason, line
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {reason}")

    @classmethod
    def not_utf8(cls, path: str, byte: int) -> NoteFormatError:
        """The file at ``path`` is not UTF-8 from ``byte`` on."""
        return cls(path, _("not UTF-8 text (byte {start})").format(start=byte))


class NotebookNotFoundError(CustnoteError):
    """No notebook where one was expected."""


class CustomerNotFoundError(CustnoteError):
    """No customer matches what the user typed."""

    def __init__(self, query: str, hint: str = ""):
        self.query = query
        message = _("no customer matches {query!r}").format(query=query)
        if hint:
            # TRANSLATORS: an error, then what to do about it
            message = _("{message}; {hint}").format(message=message, hint=hint)
        super().__init__(message)


class CustomerArchivedError(CustomerNotFoundError):
    """What the user typed means an archived customer (``custnote rm``)."""

    def __init__(self, name: str, query: str, *, several: bool = False):
        self.query = query
        what = (
            _("{name} matches archived customers").format(name=name)
            if several
            else _("{name} is archived").format(name=name)
        )
        CustnoteError.__init__(
            self,
            _("{what}; bring it back with 'custnote unarchive {query}'").format(
                what=what, query=query
            ),
        )


class AmbiguousCustomerError(CustnoteError):
    """Several customers match; the user must be more specific."""

    exit_code = 2

    def __init__(self, query: str, candidates: Sequence[tuple[str, str]]):
        #: (id, "name (company) path") pairs, for the CLI to list
        self.query, self.candidates = query, list(candidates)
        super().__init__(
            _("{query!r} matches {value} customers; use an id, a longer name or an email").format(
                query=query, value=len(self.candidates)
            )
        )


class DuplicateCustomerError(CustnoteError):
    """``add`` of a customer who looks like one already in the notebook."""

    def __init__(self, name: str, existing: str, reason: str):
        super().__init__(
            _(
                "{name!r} looks like {existing} (same {reason}); see it with 'custnote "
                "show', or add anyway with --force"
            ).format(name=name, existing=existing, reason=reason)
        )


class UnsafePathError(CustnoteError):
    """A path in the notebook is a symbolic link, or leads outside the notebook: custnote never
    reads or writes through it (docs/security.md)."""

    def __init__(self, path: str, reason: str = "is a symbolic link"):
        self.path = path
        super().__init__(
            _(
                "{path}: {reason}; custnote never follows links in a notebook (remove "
                "it, see docs/security.md)"
            ).format(path=path, reason=reason)
        )


class NotebookLockedError(CustnoteError):
    """Another custnote process is writing to this notebook."""

    exit_code = 3


class GitError(CustnoteError):
    """git is missing or a git command failed."""


class ConflictError(CustnoteError):
    """A note still holds an unresolved merge conflict."""


class AbortedError(CustnoteError):
    """The user declined a confirmation, or an editor session was abandoned."""
