"""Generate a notebook of N customers with about 10 log entries each, half of them Japanese.

Deterministic (seeded). Customer 0 is 山田 太郎 with the phone 03-5555-0199 and the only use
of the rare words ``xylophone`` and ``鯖寿司``, so benchmarks know what to look for.
Usage: ``python bench/gen_notebook.py DIR [N]``.
"""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

SURNAMES = [
    ("山田", "やまだ", "yamada"), ("佐藤", "さとう", "sato"), ("鈴木", "すずき", "suzuki"),
    ("高橋", "たかはし", "takahashi"), ("田中", "たなか", "tanaka"), ("伊藤", "いとう", "ito"),
    ("渡辺", "わたなべ", "watanabe"), ("中村", "なかむら", "nakamura"),
    ("小林", "こばやし", "kobayashi"), ("加藤", "かとう", "kato"), ("吉田", "よしだ", "yoshida"),
    ("山本", "やまもと", "yamamoto"), ("松本", "まつもと", "matsumoto"),
    ("井上", "いのうえ", "inoue"),
]  # fmt: skip
GIVEN = [
    ("太郎", "たろう", "taro"), ("花子", "はなこ", "hanako"), ("一郎", "いちろう", "ichiro"),
    ("美咲", "みさき", "misaki"), ("健太", "けんた", "kenta"), ("陽子", "ようこ", "yoko"),
    ("大輔", "だいすけ", "daisuke"), ("恵", "めぐみ", "megumi"), ("翔", "しょう", "sho"),
]  # fmt: skip
FIRST = ["Jane", "John", "Maria", "David", "Sarah", "Michael", "Emma", "Oliver", "Sophia", "Liam"]
LAST = ["Smith", "Johnson", "Brown", "Taylor", "Miller", "Wilson", "Moore", "Clark", "Lewis"]
COMPANIES_JA = ["工務店", "商事", "物産", "食品", "不動産", "建設", "印刷", "運輸"]
COMPANIES_EN = ["Corp", "Ltd", "Trading", "Foods", "Logistics", "Studio", "Partners"]
OWNERS = ["sato", "suzuki", "tanaka", "kimura", "lee"]
KINDS = ["call", "visit", "email", "meeting", "inquiry", "complaint", "purchase", "note"]
JA_PHRASES = [
    "見積書を送付済み。", "来週折り返し連絡する。", "奥様の誕生日が来月。", "ゴルフ好き。",
    "えびアレルギーがあるので会食に注意。", "ほうじ茶を出すこと。", "コーヒーはブラック。",
    "新製品の資料を渡した。", "納期について相談あり。", "担当者が交代予定。", "お子様が受験生。",
    "支払い条件の確認。", "展示会に招待した。", "紅茶派（ミルクティー）。", "そばアレルギーあり。",
    "次回は工場見学を希望。", "値引きの要望があった。", "契約更新の時期。", "釣りが趣味。",
]  # fmt: skip
EN_PHRASES = [
    "Discussed the renewal of the maintenance contract.", "Sent the quote for the new line.",
    "Prefers coffee, no sugar.", "Asked about delivery dates in spring.", "Plays golf on weekends.",
    "Complained about a late shipment.", "Interested in the premium plan.",
    "Daughter starts college.", "Wants a call back next week.",
    "Allergic to peanuts, careful at dinners.", "Met at the trade fair.",
    "Budget approval expected next quarter.", "Prefers email over phone.", "Loves Italian food.",
]  # fmt: skip
ID_CHARS = "abcdefghijkmnpqrstuvwxyz23456789"


def _entry(rng: random.Random, japanese: bool, day: int) -> str:
    year, rest = 2020 + day // 336, day % 336
    date = f"{year}-{rest // 28 + 1:02d}-{rest % 28 + 1:02d}"
    kind = rng.choice(KINDS)
    lines = [f"### {date} {rng.randint(9, 18):02d}:{rng.choice(['00', '15', '30'])} · {kind} · "
             f"{rng.choice(OWNERS)}"]  # fmt: skip
    if kind == "call":
        lines.append(f"- duration: {rng.randint(2, 40)}m")
    if kind == "purchase":
        lines.append(f"- amount: {rng.randint(10, 500) * 100}")
    phrases = JA_PHRASES if japanese else EN_PHRASES
    sep = "" if japanese else " "
    lines += ["", sep.join(rng.sample(phrases, rng.randint(1, 3))), ""]
    return "\n".join(lines)


def customer(i: int, rng: random.Random) -> tuple[str, str]:
    """(relative path, file text) of customer ``i``."""
    japanese = i % 2 == 0
    cid = "".join(rng.choice(ID_CHARS) for _ in range(6))
    if i == 0:
        (sur, sur_k, sur_r), (giv, giv_k, giv_r) = SURNAMES[0], GIVEN[0]
    else:
        (sur, sur_k, sur_r), (giv, giv_k, giv_r) = rng.choice(SURNAMES), rng.choice(GIVEN)
    if japanese:
        name, kana, slug = f"{sur} {giv}", f"{sur_k} {giv_k}", f"{sur_r}-{giv_r}"
        company = sur + rng.choice(COMPANIES_JA)
    else:
        first, last = rng.choice(FIRST), rng.choice(LAST)
        name, kana, slug = f"{first} {last}", "", f"{first}-{last}".lower()
        company = f"{last} {rng.choice(COMPANIES_EN)}"
    phone = "03-5555-0199" if i == 0 else f"0{rng.randint(3, 9)}-{i % 10000:04d}-{i // 10000:04d}"
    front = [
        "---", f"id: {cid}", f"name: {name}", *([f"kana: {kana}"] if kana else []),
        f"company: {company}", f"owner: {rng.choice(OWNERS)}",
        f"status: {rng.choice(['prospect', 'active', 'active', 'dormant', 'lost'])}",
        f"tags: [{', '.join(rng.sample(['vip', 'golf', 'b2b', 'retail', 'new'], 2))}]",
        f"phones: [{phone}]", f"emails: [{slug.replace('-', '.')}{i}@example.com]",
        "created: 2020-01-01", "---", "",
    ]  # fmt: skip
    body = ["メモ: 大口顧客。" if japanese else "Notes: long-standing account.", ""]
    if i == 0:
        body = ["xylophone の話で盛り上がった。鯖寿司が好物。", ""]
    days = sorted(rng.sample(range(0, 336 * 6), rng.randint(7, 13)))
    log = ["## Log", "", *(_entry(rng, japanese, d) for d in days)]
    rel = f"customers/{slug[:2]}/{slug}-{cid}.md"
    return rel, "\n".join(front + body + log).rstrip("\n") + "\n"


def generate(root: Path, n: int) -> None:
    """Write ``n`` customers into a new notebook at ``root`` and commit them."""
    from custnote.core.notebook import Notebook

    Notebook.init(root)
    rng = random.Random(20261120)
    for i in range(n):
        rel, text = customer(i, rng)
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    run = dict(cwd=root, check=True, capture_output=True)
    subprocess.run(["git", "add", "-A"], **run)
    subprocess.run(
        ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.com",
         "commit", "-qm", "generated"], **run,
    )  # fmt: skip


if __name__ == "__main__":
    generate(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 10_000)
