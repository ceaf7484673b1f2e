"""Benchmark: ``custnote import`` of a 10,000-customer sheet and 100,000 history rows.

Whole processes are timed (``python -m custnote import …``): the customers, then the history
(``--log``). The baseline, measured in the same run, writes the very same note files with a
plain Python loop into a fresh git repository and commits them with ``git add -A && git commit``
— the floor any importer that ends in one commit pays. Prints medians and the ratio.

    PYTHONPATH=src python bench/bench_import.py                 # 10,000 / 100,000, CSV
    PYTHONPATH=src python bench/bench_import.py --customers 1000 --history 10000 --format xlsx

Target: customers and history written and committed in under 60 s (the search index is built
and measured separately).
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FAMILY = ["山田", "佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "中村", "小林", "加藤"]
FAMILY_KANA = ["やまだ", "さとう", "すずき", "たかはし", "たなか", "いとう", "わたなべ", "なかむら",
               "こばやし", "かとう"]  # fmt: skip
GIVEN = ["太郎", "花子", "一郎", "美咲", "健太", "陽子", "翔", "さくら", "大輔", "愛"]
GIVEN_KANA = ["たろう", "はなこ", "いちろう", "みさき", "けんた", "ようこ", "しょう", "さくら",
              "だいすけ", "あい"]  # fmt: skip
KINDS = ["電話", "訪問", "メール", "商談", "問い合わせ", "購入"]
CUSTOMER_HEADERS = ["氏名", "フリガナ", "会社名", "電話番号", "メール", "郵便番号", "住所",
                    "生年月日", "タグ", "担当者", "備考", "来店回数"]  # fmt: skip
HISTORY_HEADERS = ["顧客", "日時", "種別", "対応者", "所要時間", "金額", "内容"]


def customer_rows(count: int, rng: random.Random) -> list[list[object]]:
    rows = []
    for i in range(count):
        f, g = rng.randrange(10), rng.randrange(10)
        rows.append([
            f"{FAMILY[f]} {GIVEN[g]}", f"{FAMILY_KANA[f]} {GIVEN_KANA[g]}",
            f"{FAMILY[rng.randrange(10)]}商事" if i % 3 else "",
            f"03-{5000 + i // 10000:04d}-{i % 10000:04d}", f"c{i}@example.jp",
            f"{100 + i % 900:03d}-{i % 10000:04d}", f"東京都千代田区{i % 9 + 1}-{i % 30 + 1}",
            f"昭和{rng.randrange(20, 64)}年{rng.randrange(1, 13)}月{rng.randrange(1, 29)}日",
            "vip、golf" if i % 7 == 0 else "b2b", rng.choice(["sato", "tanaka", "suzuki"]),
            "ゴルフ好き。ほうじ茶。" if i % 5 == 0 else "", rng.randrange(1, 50),
        ])  # fmt: skip
    return rows


def history_rows(customers: int, count: int, rng: random.Random) -> list[list[object]]:
    rows = []
    for _ in range(count):
        i = rng.randrange(customers)
        kind = rng.choice(KINDS)
        day = f"2025/{rng.randrange(1, 13)}/{rng.randrange(1, 29)}"
        when = f"{day} {rng.randrange(9, 19)}:{rng.randrange(0, 60):02d}"
        rows.append([
            f"c{i}@example.jp", when, kind, rng.choice(["sato", "tanaka", "suzuki"]),
            f"{rng.randrange(5, 90)}分", str(rng.randrange(1000, 99999)) if kind == "購入" else "",
            f"{kind}の記録。見積の件、次回は来月。",
        ])  # fmt: skip
    return rows


def write_sheet(path: Path, headers: list[str], rows: list[list[object]]) -> Path:
    if path.suffix == ".xlsx":
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("data")
        sheet.append(headers)
        for row in rows:
            sheet.append(row)
        workbook.save(path)
    else:
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(headers)
            writer.writerows(rows)
    return path


def run(*args: str, env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "custnote", *args], env=env, check=True,
                   stdout=subprocess.DEVNULL)  # fmt: skip
    return time.perf_counter() - start


def baseline(files: dict[str, bytes], root: Path, env: dict[str, str]) -> float:
    """Write the same files with a plain loop and commit them with git: the floor."""
    subprocess.run(["git", "init", "-q", str(root)], check=True, env=env)
    start = time.perf_counter()
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    subprocess.run(["git", "add", "-A"], cwd=root, check=True, env=env)
    subprocess.run(["git", "commit", "-q", "-m", "baseline"], cwd=root, check=True, env=env)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=10_000)
    parser.add_argument("--history", type=int, default=100_000)
    parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    env = dict(os.environ, CUSTNOTE_NOW="2026-11-20T10:00", CUSTNOTE_AUTHOR="bench",
               CUSTNOTE_EMAIL="bench@example.jp", GIT_CONFIG_GLOBAL=os.devnull)  # fmt: skip
    env["PYTHONPATH"] = str(Path(__file__).resolve().parent.parent / "src")
    # no background "git gc --auto" after the big commits, for custnote and baseline alike
    env |= {"GIT_CONFIG_COUNT": "1", "GIT_CONFIG_KEY_0": "gc.auto", "GIT_CONFIG_VALUE_0": "0"}
    env |= {"GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.jp"}
    env |= {"GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@example.jp"}
    rng = random.Random(7)
    times: dict[str, list[float]] = {"customers": [], "history": [], "total": [], "baseline": []}
    with tempfile.TemporaryDirectory(prefix="custnote-bench-", ignore_cleanup_errors=True) as tmp:
        work = Path(tmp)
        sheet = write_sheet(work / f"customers.{args.format}", CUSTOMER_HEADERS,
                            customer_rows(args.customers, rng))  # fmt: skip
        log = write_sheet(work / f"history.{args.format}", HISTORY_HEADERS,
                          history_rows(args.customers, args.history, rng))  # fmt: skip
        for n in range(args.repeat):
            nb = work / f"nb{n}"
            subprocess.run([sys.executable, "-m", "custnote", "init", str(nb)], env=env,
                           check=True, stdout=subprocess.DEVNULL)  # fmt: skip
            customers = run("-N", str(nb), "import", str(sheet), env=env)
            history = run("-N", str(nb), "import", "--log", str(log), env=env)
            files = {
                str(p.relative_to(nb)): p.read_bytes() for p in (nb / "customers").rglob("*.md")
            }
            floor = baseline(files, work / f"base{n}", env)
            for key, value in (("customers", customers), ("history", history),
                               ("total", customers + history), ("baseline", floor)):  # fmt: skip
                times[key].append(value)
            shutil.rmtree(nb, ignore_errors=True)
            shutil.rmtree(work / f"base{n}", ignore_errors=True)
    median = {key: statistics.median(values) for key, values in times.items()}
    print(f"import of {args.customers} customers + {args.history} history rows "
          f"({args.format}, {args.repeat} run(s), medians):")  # fmt: skip
    print(f"  custnote import (customers)      {median['customers']:8.2f} s")
    print(f"  custnote import --log (history)  {median['history']:8.2f} s")
    print(f"  custnote total                   {median['total']:8.2f} s  (target < 60 s)")
    print(f"  baseline: plain loop + git       {median['baseline']:8.2f} s")
    print(f"  ratio custnote / baseline        {median['total'] / median['baseline']:8.1f} x")


if __name__ == "__main__":
    main()
