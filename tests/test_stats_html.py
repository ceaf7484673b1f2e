"""The HTML report: structure, exact figures, and a real headless Chromium rendering it.

Chromium is driven over the DevTools protocol on a pipe (``--remote-debugging-pipe``: commands
on fd 3, replies on fd 4, NUL-separated JSON), so no websocket library or driver is needed. The
browser test is skipped only where no Chromium is installed.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
import select
import shutil
import subprocess
import time
from datetime import date, datetime
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest

from custnote.adapters.html_report import render_report
from custnote.adapters.report_charts import Bar, bar_chart, number
from custnote.core.agenda.facts import Contact, CustomerFacts
from custnote.core.stats.running_sums import compute_stats
from custnote.core.stats.team_stats import StatsQuery

BROWSER = next(
    (shutil.which(b) for b in ("chromium", "chromium-browser", "google-chrome") if shutil.which(b)),
    None,
)


def sample_stats():
    customers = [
        CustomerFacts(
            id=f"c{i:05d}",
            name=name,
            owner=owner,
            status=status,
            tags=(tag,),
            address=address,
            created=date(2026, 8, 1),
            log=tuple(
                Contact(date(2026, 8 + m, 3 + i), kind, minutes=10, amount=amount)
                for m in range(3)
                for kind, amount in (
                    ("call", None),
                    ("visit", None),
                    ("purchase", Decimal("1234.5") * (i + 1)),
                )
            ),
        )
        for i, (name, owner, status, tag, address) in enumerate(
            [
                ("山田 太郎", "佐藤", "active", "vip", "東京都港区1-1"),
                ("Jane <Smith> & Co", "suzuki", "prospect", "b2b", "1 Main St, Austin, TX 78701"),
                ("鈴木 一郎", "佐藤", "dormant", "golf", "大阪府大阪市北区"),
            ]
        )
    ]
    return compute_stats(customers, StatsQuery())


def report_html() -> str:
    return render_report(
        sample_stats(), title="顧客レポート <2026>", generated=datetime(2026, 11, 20, 10, 0)
    )


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text.append(data)


def test_report_is_self_contained_and_escaped():
    html = report_html()
    parsed = _Collector()
    parsed.feed(html)
    assert parsed.tags.count("svg") == 10  # 8 charts, the map and its table of prefectures
    assert "script" not in parsed.tags and "link" not in parsed.tags
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in html
    assert "Jane &lt;Smith&gt; &amp; Co" in html
    assert "顧客レポート &lt;2026&gt;" in html
    text = "".join(parsed.text)
    assert "11,110.5" in text  # 3 purchases of 3,703.5: exact, with separators
    assert "1 of 3 new customers" not in text and "3 of 3 new customers" in text


def test_bar_chart_lengths_are_proportional():
    svg = bar_chart("t", [Bar("a", 10, "10"), Bar("b", 5, "5"), Bar("c", 0, "0")])
    assert 'width="220.0"' in svg and 'width="110.0"' in svg and 'width="0.0"' in svg
    assert "<p" in bar_chart("empty", [])
    assert number(Decimal("1234567.50")) == "1,234,567.50"


class DevTools:
    """A headless Chromium driven over ``--remote-debugging-pipe``."""

    def __init__(self, browser: str, profile: Path):
        to_chrome_r, self._to_chrome = os.pipe()
        self._from_chrome, from_chrome_w = os.pipe()
        args = [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--no-first-run",
            "--remote-debugging-pipe",
            f"--user-data-dir={profile}",
            "about:blank",
        ]
        # bash puts the pipe ends on fds 3 and 4, where Chromium expects them
        self._proc = subprocess.Popen(
            ["bash", "-c", f'exec "$@" 3<&{to_chrome_r} 4>&{from_chrome_w}', "bash", *args],
            pass_fds=(to_chrome_r, from_chrome_w),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict] = []

    def close(self) -> None:
        with contextlib.suppress(OSError, TimeoutError):
            self.call("Browser.close")
        try:
            self._proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait()
        os.close(self._to_chrome)
        os.close(self._from_chrome)

    def call(self, method: str, session: str | None = None, timeout: float = 30, **params):
        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        os.write(self._to_chrome, json.dumps(message).encode() + b"\0")
        reply = self._wait(lambda m: m.get("id") == self._next_id, timeout)
        if "error" in reply:
            raise RuntimeError(f"{method}: {reply['error']}")
        return reply.get("result", {})

    def wait_event(self, method: str, timeout: float = 30) -> dict:
        for event in self.events:
            if event.get("method") == method:
                return event
        return self._wait(lambda m: m.get("method") == method, timeout)

    def _wait(self, wanted, timeout: float) -> dict:
        deadline = time.monotonic() + timeout
        while True:
            while b"\0" in self._buffer:
                raw, self._buffer = self._buffer.split(b"\0", 1)
                message = json.loads(raw)
                if "method" in message:
                    self.events.append(message)
                if wanted(message):
                    return message
            remaining = deadline - time.monotonic()
            # poll, not select: a long test session may have opened past select's fd limit
            poller = select.poll()
            poller.register(self._from_chrome, select.POLLIN)
            if remaining <= 0 or not poller.poll(remaining * 1000):
                raise TimeoutError("Chromium did not answer")
            chunk = os.read(self._from_chrome, 1 << 16)
            if not chunk:
                raise TimeoutError("Chromium closed the pipe")
            self._buffer += chunk


def render_in_browser(page: Path, profile: Path) -> tuple[dict, bytes, list[str]]:
    """Load ``page``; return the layout facts, a PNG screenshot and the console errors."""
    assert BROWSER is not None
    tools = DevTools(BROWSER, profile)
    try:
        target = tools.call("Target.createTarget", url="about:blank")["targetId"]
        session = tools.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        for domain in ("Page", "Runtime", "Log"):
            tools.call(f"{domain}.enable", session)
        tools.call(
            "Emulation.setDeviceMetricsOverride",
            session,
            width=1000,
            height=1600,
            deviceScaleFactor=1,
            mobile=False,
        )
        tools.call("Page.navigate", session, url=page.as_uri())
        tools.wait_event("Page.loadEventFired")
        layout = tools.call(
            "Runtime.evaluate",
            session,
            returnByValue=True,
            expression="""(() => {
                const svgs = [...document.querySelectorAll('svg')];
                const bars = [...document.querySelectorAll('svg rect.bar')].map(
                    r => r.getBoundingClientRect());
                const paths = [...document.querySelectorAll('svg path.pref')].map(
                    p => p.getBoundingClientRect());
                const probes = ['顧', '客', '\ue000'].map(ch => {
                    const span = document.createElement('span');
                    span.textContent = ch;
                    span.style.cssText = 'font-size:48px;display:inline-block;line-height:1;'
                        + 'position:absolute;top:0;background:#fff;color:#000;padding:2px';
                    document.body.appendChild(span);
                    return span;
                });
                probes.forEach((span, i) => { span.style.left = (i * 70) + 'px'; });
                return {
                    probes: probes.map(span => {
                        const r = span.getBoundingClientRect();
                        return {x: r.x, y: r.y, width: r.width, height: r.height, scale: 1};
                    }),
                    prefectures: paths.length,
                    visiblePrefectures: paths.filter(b => b.width > 0 && b.height > 0).length,
                    svgs: svgs.length,
                    svgSizes: svgs.map(s => [s.getBoundingClientRect().width,
                                             s.getBoundingClientRect().height]),
                    bars: bars.length,
                    visibleBars: bars.filter(b => b.width > 0 && b.height > 0).length,
                    pageWidth: document.documentElement.scrollWidth,
                    title: document.title,
                };
            })()""",
        )["result"]["value"]
        layout["glyphs"] = [
            base64.b64decode(
                tools.call("Page.captureScreenshot", session, format="png", clip=clip)["data"]
            )
            for clip in layout.pop("probes")
        ]
        tools.call("Runtime.evaluate", session, expression="document.querySelectorAll("
                   "'body > span').forEach(s => s.remove())")  # fmt: skip
        shot = tools.call(
            "Page.captureScreenshot", session, format="png", captureBeyondViewport=True
        )
        errors = [_error_text(e) for e in tools.events if _is_error(e)]
        return layout, base64.b64decode(shot["data"]), errors
    finally:
        tools.close()


def _is_error(event: dict) -> bool:
    params = event.get("params", {})
    method = event.get("method")
    if method == "Runtime.exceptionThrown":
        return True
    if method == "Runtime.consoleAPICalled":
        return params.get("type") in ("error", "assert")
    if method == "Log.entryAdded":
        return params.get("entry", {}).get("level") == "error"
    return False


def _error_text(event: dict) -> str:
    params = event.get("params", {})
    return json.dumps(params.get("entry") or params.get("exceptionDetails") or params)[:300]


needs_browser = pytest.mark.skipif(
    BROWSER is None, reason="no Chromium installed (apt-get install chromium) to render the report"
)


@needs_browser
def test_report_renders_in_chromium_with_charts_and_no_console_errors(tmp_path):
    page = tmp_path / "report.html"
    page.write_text(report_html(), encoding="utf-8")
    layout, png, errors = render_in_browser(page, tmp_path / "profile")
    (tmp_path / "report.png").write_bytes(png)
    assert errors == []
    assert layout["title"] == "顧客レポート <2026>"
    assert layout["svgs"] == 10
    assert all(w > 100 and h > 40 for w, h in layout["svgSizes"])
    assert layout["bars"] > 20 and layout["visibleBars"] == layout["bars"]
    assert layout["pageWidth"] <= 1000  # the charts fit the window: no sideways scrolling
    assert png.startswith(b"\x89PNG") and len(png) > 20_000
    assert layout["prefectures"] == 47 and layout["visiblePrefectures"] == 47


@needs_browser
def test_japanese_renders_as_glyphs_not_boxes(tmp_path):
    """Where no CJK font is installed every kanji is drawn as the same empty box (tofu), the
    same box as a character no font has (U+E000). Two different kanji drawn in the report's
    fonts must differ from each other and from that box."""
    page = tmp_path / "report.html"
    page.write_text(report_html(), encoding="utf-8")
    layout, _png, _errors = render_in_browser(page, tmp_path / "profile")
    assert all(g.startswith(b"\x89PNG") for g in layout["glyphs"])
    first, second, no_glyph = (hashlib.sha256(g).hexdigest()[:12] for g in layout["glyphs"])
    assert first != second, (
        "顧 and 客 look the same: Japanese shows as boxes (apt install fonts-noto-cjk)"
    )
    assert first != no_glyph and second != no_glyph


@needs_browser
def test_the_browser_check_does_see_console_errors(tmp_path):
    """The harness itself: an external image blocked by the report's CSP is reported."""
    page = tmp_path / "bad.html"
    page.write_text(
        report_html().replace("</body>", '<img src="https://example.invalid/x.png"></body>'),
        encoding="utf-8",
    )
    _layout, _png, errors = render_in_browser(page, tmp_path / "profile")
    assert errors and "Content Security Policy" in " ".join(errors)


def test_axis_labels_are_short_and_tooltips_exact():
    from custnote.adapters.report_charts import axis_label, column_chart

    assert [axis_label(v) for v in (0.5, 950, 12_000, 129_000_000, 1.25e9)] == [
        "0.5",
        "950",
        "12k",
        "129M",
        "1.2B",
    ]
    svg = column_chart("s", ["2026-11"], {"sato": [Decimal("12000.10")]})
    assert "2026-11 · sato: 12,000.10" in svg and ">12k<" in svg


@pytest.fixture
def run_language():
    """Speak a language for the rest of the test (the run's, as the CLI would set it)."""
    from custnote import i18n

    yield i18n.set_language
    i18n.set_language(None)


REPORT_WORDS = {  # what the report says in each language, and the other must not
    "ja": [
        "ステータス別の顧客",
        "上位の顧客",
        "海外の顧客: 1 (TX, USA 1)",
        "担当者別・月別の活動",
        "顧客名",
    ],
    "en": [
        "Customers by status",
        "Top customers",
        "Customers abroad: 1 (TX, USA 1)",
        "Activity per owner",
    ],
}


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_report_speaks_the_run_s_language_only(run_language, lang):
    run_language(lang)
    html = report_html()
    other = "en" if lang == "ja" else "ja"
    assert f'<html lang="{lang}">' in html
    parsed = _Collector()
    parsed.feed(html)
    text = "".join(parsed.text)
    assert all(word in text for word in REPORT_WORDS[lang]), text
    assert not any(word in text for word in REPORT_WORDS[other]), text
    assert "山田 太郎" in text and "11,110.5" in text, "data and figures as written"
