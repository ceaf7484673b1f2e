"""The search query language, parsed into a small tree that does not depend on the engine.

``見積 tag:vip owner:sato "coffee beans" (golf OR テニス) NOT lost since:2025-01`` reads as:
words and quoted phrases are ANDed by default; ``OR`` (or ``|``) between two terms; ``NOT``
or a leading ``-`` negates; parentheses group; ``field:value`` filters on a field;
``since:``/``until:`` bound the dates of log entries. Japanese quotes 「…」 and “…” work like
``"…"``. Anything odd (an unknown ``x:y``, a stray parenthesis) is read as plain text rather
than rejected, because a search box should not scold.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field

from custnote.core.note.textnorm import nfkc
from custnote.errors import InvalidValueError
from custnote.i18n import _

#: query prefix -> indexed field. ``tag`` and ``tags`` are the same filter.
FIELD_ALIASES = {
    "tag": "tags",
    "tags": "tags",
    "owner": "owner",
    "status": "status",
    "kind": "kind",
    "company": "company",
    "name": "name",
    "kana": "kana",
    "phone": "phone",
    "email": "email",
}
DATE_PREFIXES = ("since", "until")

_TOKEN = re.compile(
    r"""\s*(?:
      (?P<lpar>\()|(?P<rpar>\))
    | (?P<field>[A-Za-z]+):(?:"(?P<fphrase>[^"]*)"?|(?P<fword>[^\s()"]+))
    | "(?P<phrase>[^"]*)"?
    | (?P<word>[^\s()"]+)
    )""",
    re.VERBOSE,
)
_QUOTES = str.maketrans({"「": '"', "」": '"', "“": '"', "”": '"', "『": '"', "』": '"'})


@dataclass(frozen=True)
class Text:
    """Free text (a word, or a phrase when ``phrase``), matched against ``field`` or all fields."""

    text: str
    field: str | None = None
    phrase: bool = False


@dataclass(frozen=True)
class And:
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    item: Node


Node = Text | And | Or | Not


@dataclass
class ParsedQuery:
    """A parsed query: the tree (None when only dates were given) and the log date bounds."""

    tree: Node | None
    since: dt.date | None = None
    until: dt.date | None = None
    #: positive free words and phrases, for snippets and did-you-mean
    positive: list[Text] = field(default_factory=list)

    @property
    def kinds(self) -> set[str]:
        """The log kinds the query asks for (``kind:call``), lower-cased."""
        return {t.text.lower() for t in self.positive if t.field == "kind"}

    @property
    def is_empty(self) -> bool:
        return self.tree is None and self.since is None and self.until is None


def parse_query(qstring: str) -> ParsedQuery:
    """Parse a query string (see module docstring)."""
    tokens = _tokenize(nfkc(qstring).translate(_QUOTES))
    parser = _Parser(tokens)
    tree = parser.parse()
    parsed = ParsedQuery(tree, parser.since, parser.until)
    parsed.positive = _positive_texts(tree)
    return parsed


def parse_date_bound(prefix: str, value: str) -> dt.date:
    """``since:2025``/``2025-03``/``2025-03-09`` -> first day; ``until:`` -> last day."""
    m = re.fullmatch(r"(\d{4})(?:[-/](\d{1,2})(?:[-/](\d{1,2}))?)?", value)
    if not m:
        raise InvalidValueError(prefix, value, _("expected a date YYYY-MM-DD, YYYY-MM or YYYY"))
    year, month, day = int(m[1]), m[2], m[3]
    try:
        if day:
            return dt.date(year, int(month), int(day))
        if month:
            last = calendar.monthrange(year, int(month))[1]
            return dt.date(year, int(month), 1 if prefix == "since" else last)
        return dt.date(year, 1, 1) if prefix == "since" else dt.date(year, 12, 31)
    except ValueError as exc:
        raise InvalidValueError(prefix, value, str(exc)) from None


def _tokenize(text: str) -> list[tuple[str, str, str | None]]:
    """(kind, value, field) triples; kind is one of ``( ) word phrase``."""
    out: list[tuple[str, str, str | None]] = []
    for m in _TOKEN.finditer(text):
        if m["lpar"]:
            out.append(("(", "(", None))
        elif m["rpar"]:
            out.append((")", ")", None))
        elif m["field"] is not None:
            name = m["field"].lower()
            value = m["fphrase"] if m["fphrase"] is not None else m["fword"]
            if name in FIELD_ALIASES or name in DATE_PREFIXES:
                kind = "phrase" if m["fphrase"] is not None else "word"
                out.append((kind, value, name))
            else:  # "14:30", "re:見積" ... plain text
                out.append(("word", m.group(0).strip(), None))
        elif m["phrase"] is not None:
            out.append(("phrase", m["phrase"], None))
        elif m["word"]:
            out.append(("word", m["word"], None))
    return out


class _Parser:
    """Recursive descent over the tokens: or := and (OR and)*; and := unary+; unary := NOT unary."""

    def __init__(self, tokens: list[tuple[str, str, str | None]]):
        self.tokens, self.i = tokens, 0
        self.since: dt.date | None = None
        self.until: dt.date | None = None

    def parse(self) -> Node | None:
        nodes = []
        while self.i < len(self.tokens):
            node = self._or()
            if node is not None:
                nodes.append(node)
            elif self.i < len(self.tokens):  # a stray ")" stops _or: skip it
                self.i += 1
        return _join(And, nodes)

    def _peek(self) -> tuple[str, str, str | None] | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def _is_op(self, op: str) -> bool:
        tok = self._peek()
        return tok is not None and tok[0] == "word" and tok[2] is None and tok[1] in op.split()

    def _or(self) -> Node | None:
        items = [self._and()]
        while self._is_op("OR |"):
            self.i += 1
            items.append(self._and())
        return _join(Or, [n for n in items if n is not None])

    def _and(self) -> Node | None:
        items = []
        while (tok := self._peek()) is not None and tok[0] != ")" and not self._is_op("OR |"):
            node = self._unary()
            if node is not None:
                items.append(node)
        return _join(And, items)

    def _unary(self) -> Node | None:
        tok = self._peek()
        assert tok is not None
        if self._is_op("NOT AND"):
            self.i += 1
            if tok[1] == "AND" or self._peek() is None:
                return None
            inner = self._unary()
            return Not(inner) if inner is not None else None
        if tok[0] == "word" and tok[2] is None and tok[1].startswith("-") and len(tok[1]) > 1:
            self.i += 1
            return Not(Text(tok[1][1:]))
        return self._atom()

    def _atom(self) -> Node | None:
        kind, value, name = self.tokens[self.i]
        self.i += 1
        if kind == "(":
            node = self._or()
            if self._peek() is not None and self._peek()[0] == ")":
                self.i += 1
            return node
        if name in DATE_PREFIXES:
            bound = parse_date_bound(name, value)
            setattr(self, name, bound)
            return None
        if not value.strip():
            return None
        return Text(value, FIELD_ALIASES.get(name) if name else None, kind == "phrase")


def _join(cls: type[And] | type[Or], nodes: list[Node]) -> Node | None:
    if not nodes:
        return None
    return nodes[0] if len(nodes) == 1 else cls(tuple(nodes))


def _positive_texts(node: Node | None) -> list[Text]:
    if node is None or isinstance(node, Not):
        return []
    if isinstance(node, Text):
        return [node]
    return [t for item in node.items for t in _positive_texts(item)]
