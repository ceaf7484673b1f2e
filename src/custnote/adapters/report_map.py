"""The report's map: Japan's 47 prefectures shaded by how many customers live there.

The outlines are svg-maps' "Map of Japan" (CC BY 4.0, shipped unchanged in
``custnote/data/japan-prefectures.svg``, credited under the map; see the NOTICE beside it). It
was chosen over drawing from raw boundary data (国土数値情報, Natural Earth): it is small (64 KB),
already simplified for display, and its path ids are the prefectures' romaji names, the same as
:data:`custnote.core.stats.regions.PREFECTURES`. Customers abroad and those whose region is unknown
are counted beside the map, not dropped.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from html import escape
from importlib import resources

from custnote.core.stats.regions import PREFECTURES
from custnote.i18n import _

#: light to dark: no customers, then five steps of more
SHADES = ("#eef1f4", "#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c")
CREDIT = "svg-maps “Map of Japan”, CC BY 4.0"
_PATH = re.compile(r'<path\s+id="([a-z]+)"\s+aria-label="[^"]*"\s+d="([^"]+)"', re.DOTALL)
_VIEWBOX = re.compile(r'viewBox="([\d. ]+)"')


@cache
def _outlines() -> tuple[str, dict[str, str]]:
    """(viewBox, {romaji id: path data}) of the shipped map."""
    svg = resources.files("custnote.data").joinpath("japan-prefectures.svg").read_text("utf-8")
    box = _VIEWBOX.search(svg)
    return (box.group(1) if box else "0 0 438 516"), dict(_PATH.findall(svg))


def shade_steps(top: int) -> list[int]:
    """The lower bound of each non-empty shade for a largest count of ``top`` (1, then even
    steps up to ``top``; fewer steps when there are fewer distinct counts)."""
    steps = min(len(SHADES) - 1, max(top, 1))
    return sorted({1 + (top - 1) * i // steps for i in range(steps)})


def shade(count: int, steps: list[int]) -> str:
    """The colour of a count: the palette spread over the steps in use, so that with only a
    few distinct counts the top one is still the darkest (one customer must be visible)."""
    if count <= 0 or not steps:
        return SHADES[0]
    level = sum(1 for bound in steps if count >= bound)
    darkest = len(SHADES) - 1
    return SHADES[max(1, -(-level * darkest // len(steps)))]


def prefecture_map(title: str, counts: Mapping[str, int], none_key: str) -> str:
    """The map as a ``<figure>``; ``counts`` are customers per region (prefectures by their
    kanji name, anything else is abroad; ``none_key`` counts the unknown)."""
    names = {name for name, _ in PREFECTURES}
    home = {name: counts.get(name, 0) for name in names}
    abroad = {k: v for k, v in counts.items() if k not in names and k != none_key and v}
    unknown = counts.get(none_key, 0)
    steps = shade_steps(max(home.values(), default=0))
    view_box, outlines = _outlines()
    paths = []
    for name, romaji in PREFECTURES:
        count = home[name]
        paths.append(
            f'<path class="pref" id="pref-{romaji}" d="{outlines[romaji]}" '
            f'fill="{shade(count, steps)}" stroke="#fff" stroke-width="0.6" '
            f'data-count="{count}"><title>{escape(name)} ({romaji.title()}): {count}</title></path>'
        )
    legend = "".join(
        f'<span class="swatch" style="background:{shade(bound, steps)}"></span>'
        f"{bound}{'+' if i == len(steps) - 1 else f'–{steps[i + 1] - 1}'} "
        for i, bound in enumerate(steps)
        if home and max(home.values()) > 0
    )
    outside = ", ".join(
        f"{escape(k)} {v}" for k, v in sorted(abroad.items(), key=lambda kv: -kv[1])
    )
    lines = [
        f'<p class="legend"><span class="swatch" style="background:{SHADES[0]}"></span>0 '
        f"{legend}</p>",
        "<p>"
        + escape(_("Customers abroad: {count}").format(count=sum(abroad.values())))
        + (f" ({outside})" if outside else "")
        + "</p>",
        "<p>" + escape(_("Region unknown: {count}").format(count=unknown)) + "</p>"
        if unknown
        else "",
        '<p class="meta">' + escape(_("Map: {credit}").format(credit=CREDIT)) + "</p>",
    ]
    return (
        f'<figure class="map"><figcaption>{escape(title)}</figcaption>'
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="{view_box}" '
        f'width="438" height="516"><title>{escape(title)}</title>{"".join(paths)}</svg>'
        + "".join(lines)
        + "</figure>"
    )


def top_prefectures(counts: Mapping[str, int], limit: int = 15) -> list[tuple[str, int]]:
    """The prefectures with the most customers, most first (for the table beside the map)."""
    names = {name for name, _ in PREFECTURES}
    found = [(k, v) for k, v in counts.items() if k in names and v]
    return sorted(found, key=lambda kv: (-kv[1], kv[0]))[:limit]
