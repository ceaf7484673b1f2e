"""Names with honorifics, and names of companies: what labels and vCards make of a name.

* A Western title before a name (``Mr.``, ``Mrs.``, ``Ms.``, ``Dr.``, ``Prof.``, ``Mx.``) is not
  part of it: :func:`split_prefix` takes it off (a vCard's N prefix, not its family name).
* A Japanese honorific after a name (様, さま, 殿, 御中, 先生, 君, くん, ちゃん) is the address of
  a label: a name that already ends with one gets none added (exactly one 様, never ``様 様``).
* A customer who is a company (the name is the company name, or carries a company form such as
  株式会社, (株), 有限会社, Inc., Ltd., LLC, GmbH) is written to with 御中, not 様.

Pure.
"""

from __future__ import annotations

import re

from custnote.core.note.textnorm import nfkc

PREFIXES = ("mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "madam", "mme", "mlle", "herr",
            "frau")  # fmt: skip
JAPANESE_HONORIFICS = ("様", "さま", "サマ", "殿", "御中", "先生", "君", "くん", "ちゃん", "各位")
PERSON, COMPANY = "様", "御中"
_PREFIX = re.compile(rf"^\s*((?:{'|'.join(PREFIXES)})\.?)\s+(.+)$", re.IGNORECASE)
_COMPANY_FORMS = re.compile(
    r"(株式会社|有限会社|合同会社|合資会社|合名会社|一般社団法人|一般財団法人|公益社団法人|"
    r"公益財団法人|社団法人|財団法人|医療法人|学校法人|社会福祉法人|宗教法人|NPO法人|"
    r"特定非営利活動法人|\(株\)|\(有\)|\(同\)|㈱|㈲|"
    r"\b(?:inc|ltd|llc|llp|corp|co|gmbh|ag|s\.a|plc|k\.k)\.?$)",
    re.IGNORECASE,
)


def split_prefix(name: str) -> tuple[str, str]:
    """(``Mr.``, ``John Richter``) from ``Mr. John Richter``; ("", name) without a title."""
    found = _PREFIX.match(name)
    if found and found.group(2).strip():
        return found.group(1), found.group(2).strip()
    return "", name.strip()


def has_honorific(name: str) -> bool:
    """True when the name already ends with a Japanese honorific (山田 太郎様, 総務部 御中)."""
    return nfkc(name).rstrip().endswith(JAPANESE_HONORIFICS)


def is_company(name: str, company: str = "") -> bool:
    """True for a customer who is a company (see module docstring)."""
    folded = nfkc(name).replace(" ", "").casefold()
    if company and folded == nfkc(company).replace(" ", "").casefold():
        return True
    return bool(_COMPANY_FORMS.search(nfkc(name).strip()))


def addressed(name: str, company: str = "", honorific: str = "") -> str:
    """The name as a label writes it: without a Western title, with exactly one honorific
    (the customer's own Japanese ``honorific`` field if any, 御中 for a company, else 様)."""
    _, bare = split_prefix(name)
    if has_honorific(bare):
        return bare
    own = nfkc(honorific).strip()
    if own in JAPANESE_HONORIFICS:
        return f"{bare} {own}"
    return f"{bare} {COMPANY if is_company(bare, company) else PERSON}"
