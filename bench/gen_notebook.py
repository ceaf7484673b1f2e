"""Generate a large notebook for benchmarks: N customers, about E log entries each, half Japanese.

    python bench/gen_notebook.py DIR --customers 10000 --entries 10

or, from another bench script: ``from gen_notebook import generate``.

The notebook is made by custnote itself (``Notebook.init``, the core's file names and note
serialiser), so its format cannot drift from docs/FORMAT.md. The notes are then written directly
and committed in one commit with ``git fast-import`` (one pack, no loose objects, so no auto-gc
starts in the middle of a later benchmark).

The text mixes common words (見積, quote), unspaced Japanese sentences (えびアレルギーがあるので…)
and a few rare words that appear in exactly ``RARE_COUNT`` notes each, so searches can be
measured for rare, common and unspaced-Japanese queries.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from datetime import time as clock_time
from decimal import Decimal
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
if (SRC / "custnote").is_dir():  # measure the checkout this script belongs to
    sys.path.insert(0, str(SRC))

from custnote.core.note.model import KNOWN_FIELDS, LogEntry, Note  # noqa: E402
from custnote.core.note.naming import ID_ALPHABET, ID_LENGTH, note_path  # noqa: E402
from custnote.core.note.noteformat import serialise_note  # noqa: E402
from custnote.core.notebook.demo_customers import demo_customers  # noqa: E402
from custnote.core.notebook.locate import CUSTOMERS  # noqa: E402
from custnote.core.notebook.notebook import Notebook  # noqa: E402

#: Words placed in exactly RARE_COUNT notes each (in the log text), for "rare word" searches.
RARE_WORDS = ("柚子胡椒", "zeppelin")
RARE_COUNT = 3
#: Words that appear in very many notes, for "common word" searches.
COMMON_WORDS = ("見積", "quote")

_KINDS = ("call", "call", "visit", "email", "meeting", "inquiry", "complaint", "purchase", "note")
_OWNERS = ("sato", "tanaka", "suzuki", "ogawa", "honda", "kimura", "smith")
_STATUSES = ("active", "active", "active", "prospect", "dormant", "lost")

# fmt: off
_JA_SURNAMES = (
    "佐藤:さとう", "鈴木:すずき", "高橋:たかはし", "田中:たなか", "伊藤:いとう", "渡辺:わたなべ",
    "山本:やまもと", "中村:なかむら", "小林:こばやし", "加藤:かとう", "吉田:よしだ",
    "佐々木:ささき", "山口:やまぐち", "松本:まつもと", "井上:いのうえ",
    "木村:きむら", "林:はやし", "斎藤:さいとう", "清水:しみず", "山崎:やまざき", "森:もり",
    "池田:いけだ", "橋本:はしもと", "阿部:あべ", "石川:いしかわ", "山下:やました",
    "中島:なかじま", "石井:いしい", "小川:おがわ", "前田:まえだ", "岡田:おかだ",
    "長谷川:はせがわ", "藤田:ふじた", "後藤:ごとう", "近藤:こんどう", "村上:むらかみ",
    "遠藤:えんどう", "青木:あおき", "坂本:さかもと", "福田:ふくだ", "太田:おおた",
    "西村:にしむら", "藤井:ふじい", "金子:かねこ", "岡本:おかもと", "中川:なかがわ",
    "原田:はらだ", "松田:まつだ", "竹内:たけうち", "上野:うえの", "野口:のぐち", "菅原:すがわら",
    "千葉:ちば", "久保:くぼ", "大野:おおの",
)
_JA_GIVEN = (
    "太郎:たろう", "花子:はなこ", "健一:けんいち", "誠:まこと", "大輔:だいすけ", "翔太:しょうた",
    "拓也:たくや", "直樹:なおき", "浩:ひろし", "隆:たかし", "恵美:えみ", "直子:なおこ",
    "美穂:みほ", "由美子:ゆみこ", "陽子:ようこ", "さくら:さくら", "愛:あい", "千尋:ちひろ",
    "真理子:まりこ", "和子:かずこ", "健太:けんた", "亮:りょう", "悠斗:ゆうと", "蓮:れん",
    "陽菜:ひな", "結衣:ゆい", "美咲:みさき", "大翔:ひろと", "葵:あおい", "修:おさむ",
    "正樹:まさき", "智子:ともこ", "裕子:ゆうこ", "剛:つよし", "学:まなぶ", "明美:あけみ",
)
_JA_COMPANY_HEADS = (
    "山田", "ミナト", "東邦", "北斗", "大和", "サクラ", "富士", "みどり", "青葉", "朝日", "丸越",
    "日の出", "アサヒ", "協和", "三協", "中央", "ひかり", "若葉", "昭和", "栄光",
)
_JA_COMPANY_KINDS = (
    "工務店", "物産", "電機", "精機", "商事", "不動産", "建設", "食品", "運輸", "印刷", "歯科",
    "薬局", "設計事務所",
)
_JA_PREFECTURES = (
    "東京都", "神奈川県", "埼玉県", "千葉県", "大阪府", "愛知県", "福岡県", "北海道", "兵庫県",
    "栃木県",
)
_JA_AREA_CODES = ("03-5555", "06-5555", "045-555", "052-555", "011-555", "092-555", "0467-55")
_JA_DRINKS = (
    "ほうじ茶", "コーヒー", "紅茶", "緑茶", "麦茶", "白湯", "ほうじ茶ラテ",
)
_JA_ALLERGIES = (
    "えび", "かに", "そば", "卵", "小麦", "乳", "落花生", "くるみ",
)
_JA_TEXTS = (
    "見積の件で折り返し", "えびアレルギーがあるので会食は和食以外で",
    "奥様の誕生日が来月。ゴルフ好き", "新製品のカタログを送付", "納期について確認したいとのこと",
    "担当者が四月から異動になるとのこと", "来期の予算は据え置きの見込み",
    "競合他社の価格を気にしている", "いつもほうじ茶を出してくれる",
    "次回は工場を見学させてもらう約束", "支払条件の変更を相談された",
    "請求書の宛名を変更してほしいとの依頼", "展示会に来場してくれた",
    "給湯器の調子が悪いとの連絡、明日訪問", "お子さんが大学に合格したとのこと",
    "社長は不在で専務と面談", "見積書を再送。金額の内訳を追記",
    "年末のご挨拶。カレンダーをお渡しした", "事務所の移転を検討中",
    "値引きの相談があったが据え置きで了承",
)
_EN_FIRST = (
    "James", "Mary", "John", "Patricia", "Robert", "Jennifer", "Michael", "Linda", "David",
    "Elizabeth", "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah",
    "Charles", "Karen", "Emily", "Daniel", "Olivia", "Sophie", "Liam", "Noah", "Emma", "Ava",
    "Lucas", "Chloe",
)
_EN_LAST = (
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Wilson",
    "Anderson", "Taylor", "Thomas", "Moore", "Martin", "Jackson", "Thompson", "White", "Harris",
    "Clark", "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright", "Scott", "Green",
    "Baker", "Adams", "Nelson", "Hill", "Campbell", "Mitchell", "Roberts", "Carter", "Phillips",
    "Evans", "Turner",
)
_EN_COMPANY_HEADS = (
    "Northwind", "Contoso", "Fabrikam", "Harbour", "Summit", "Redwood", "Bluebird", "Pioneer",
    "Atlas",
)
_EN_COMPANY_KINDS = (
    "Traders", "Logistics", "Hardware", "Dental", "Design", "Foods", "Engineering", "Consulting",
)
# fmt: on
_EN_DRINKS = ("black coffee", "Earl Grey", "green tea", "flat white", "sparkling water")
_EN_ALLERGIES = ("peanuts", "shellfish", "gluten", "latex", "sesame")
_EN_TEXTS = (
    "Called back about the quote",
    "Asked about the new catalogue",
    "Prefers email over phone",
    "Wife's birthday next month; plays golf on Sundays",
    "Delivery was late again; apologised",
    "Wants a volume discount on the next quote",
    "Budget frozen until April",
    "Introduced us to their finance director",
    "Complained about invoice errors",
    "Happy with the service so far",
    "Moving to a new office in spring",
    "Met at the trade show",
)


@dataclass
class Generated:
    """What :func:`generate` made: where, which notes, and where the rare words are."""

    root: Path
    notes: list[Note]
    rare: dict[str, list[str]] = field(default_factory=dict)
    seconds: float = 0.0


def installed_like_env(pycache: Path, **extra: str) -> dict[str, str]:
    """The environment for timing custnote as an installed package runs: bytecode cached (pip
    compiles it at install time; this machine sets PYTHONDONTWRITEBYTECODE), kept in ``pycache``
    out of the source tree, and the source tree importable."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(pycache)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SRC), env.get("PYTHONPATH")]))
    return env | extra


def _new_id(rng: random.Random, taken: set[str]) -> str:
    while True:
        cid = "".join(rng.choices(ID_ALPHABET, k=ID_LENGTH))
        if cid not in taken:
            taken.add(cid)
            return cid


def _japanese_fields(rng: random.Random) -> tuple[dict, str]:
    surname, s_kana = rng.choice(_JA_SURNAMES).split(":")
    given, g_kana = rng.choice(_JA_GIVEN).split(":")
    company = rng.choice(_JA_COMPANY_HEADS) + rng.choice(_JA_COMPANY_KINDS)
    phones = [f"{rng.choice(_JA_AREA_CODES)}-{rng.randint(0, 9999):04d}"]
    if rng.random() < 0.6:
        mobile = rng.choice(("090", "080", "070"))
        phones.append(f"{mobile}-{rng.randint(1000, 9999)}-{rng.randint(0, 9999):04d}")
    city = f"{rng.choice(_JA_COMPANY_HEADS)}市{rng.randint(1, 9)}-{rng.randint(1, 30)}"
    fields = {
        "name": f"{surname} {given}",
        "kana": f"{s_kana} {g_kana}",
        "company": company,
        "tags": rng.sample(("vip", "b2b", "shop", "karte", "golf", "地元"), rng.randint(0, 2)),
        "phones": phones,
        "address": rng.choice(_JA_PREFECTURES) + city,
        "preferences": {"drink": rng.choice(_JA_DRINKS)},
    }
    if rng.random() < 0.2:
        fields["preferences"]["allergies"] = [rng.choice(_JA_ALLERGIES)]
    return fields, f"## メモ\n- {company}の{surname}様"


def _english_fields(rng: random.Random) -> tuple[dict, str]:
    first, last = rng.choice(_EN_FIRST), rng.choice(_EN_LAST)
    head = rng.choice(_EN_COMPANY_HEADS)
    company = f"{head} {rng.choice(_EN_COMPANY_KINDS)}"
    fields = {
        "name": f"{first} {last}",
        "company": company,
        "tags": rng.sample(("vip", "b2b", "shop", "karte", "expat"), rng.randint(0, 2)),
        "phones": [f"+81 3-5555-{rng.randint(0, 9999):04d}"],
        "emails": [f"{first}.{last}@{head}.example.com".lower()],
        "preferences": {"drink": rng.choice(_EN_DRINKS)},
    }
    if rng.random() < 0.2:
        fields["preferences"]["allergies"] = [rng.choice(_EN_ALLERGIES)]
    return fields, f"## Notes\n- {last} at {company}"


def _entries(
    rng: random.Random, japanese: bool, count: int, today: date, since: date
) -> list[LogEntry]:
    texts = _JA_TEXTS if japanese else _EN_TEXTS
    stop = "。" if japanese else "."
    entries = []
    for ago in sorted((rng.randint(0, (today - since).days) for _ in range(count)), reverse=True):
        kind = rng.choice(_KINDS)
        timed = kind in ("call", "visit", "meeting")
        entries.append(
            LogEntry(
                date=today - timedelta(days=ago),
                time=clock_time(rng.randint(8, 19), rng.choice((0, 10, 15, 20, 30, 40, 45, 50))),
                kind=kind,
                author=rng.choice(_OWNERS),
                duration_min=rng.choice((5, 10, 15, 30, 45, 60)) if timed else None,
                amount=Decimal(rng.randint(1, 500) * 1000) if kind == "purchase" else None,
                follow_up=today - timedelta(days=ago - 14) if rng.random() < 0.05 else None,
                text=stop.join(rng.sample(texts, rng.randint(1, 3))) + stop,
            )
        )
    return entries


def _yamada(today: date) -> Note:
    """README's 山田 太郎 from the demo data: the one customer ``yamada`` finds."""
    demo = next(c for c in demo_customers(today) if c.fields["name"] == "山田 太郎")
    log = [LogEntry(**entry) for entry in demo.log]
    path = note_path(CUSTOMERS, demo.fields["name"], demo.fields["kana"], demo.fields["id"])
    return Note(fields=demo.fields, body=demo.body, log=log, path=path)


def build_notes(
    count: int, entries: int = 10, *, seed: int = 1, today: date | None = None
) -> list[Note]:
    """The notes (deterministic for a seed): half Japanese, about ``entries`` entries each. The
    first is the demo's 山田 太郎 (no other 山田), so ``yamada`` is a unique name to look up."""
    rng = random.Random(seed)
    today = today or date.today()
    notes = [_yamada(today)]
    taken = {notes[0].id}
    for i in range(1, count):
        japanese = i % 2 == 0
        fields, body = (_japanese_fields if japanese else _english_fields)(rng)
        cid = _new_id(rng, taken)
        created = today - timedelta(days=rng.randint(30, 760))
        fields = {
            "id": cid,
            **fields,
            "owner": rng.choice(_OWNERS),
            "status": rng.choice(_STATUSES),
            "created": created,
        }
        fields = {k: fields[k] for k in KNOWN_FIELDS if fields.get(k) not in (None, [])}
        n = max(1, rng.randint(entries // 2, entries * 3 // 2))
        path = note_path(CUSTOMERS, fields["name"], fields.get("kana"), cid)
        log = _entries(rng, japanese, n, today, created)
        notes.append(Note(fields=fields, body=body, log=log, path=path))
    return notes


def _plant_rare_words(rng: random.Random, notes: list[Note]) -> dict[str, list[str]]:
    """Append each rare word to the last entry of RARE_COUNT notes (the Japanese word to
    Japanese notes, unspaced; the English one to English notes)."""
    rare: dict[str, list[str]] = {}
    for n, word in enumerate(RARE_WORDS):
        pool = notes[n % 2 :: 2] or notes
        chosen = rng.sample(pool, min(RARE_COUNT, len(pool)))
        for note in chosen:
            last = note.log[-1]
            last.text += f"{word}が好物。" if last.text.endswith("。") else f" Likes {word}s."
        rare[word] = sorted(str(note.path) for note in chosen)
    return rare


def git(root: Path, *args: str, stdin: bytes | None = None) -> str:
    """Run git in ``root``; its stdout."""
    result = subprocess.run(["git", *args], cwd=root, input=stdin, capture_output=True, check=True)
    return result.stdout.decode()


def fast_import(
    root: Path, commits: Iterable[tuple[str, Iterable[tuple[str, bytes]]]], start: int
) -> None:
    """Append ``(message, files)`` commits to the current branch in one ``git fast-import`` run
    (streamed: git packs while the caller's iterables produce files), committer times one second
    apart from ``start``; then sync the index with the new HEAD."""
    branch = git(root, "symbolic-ref", "HEAD").strip().encode()
    parent = git(root, "rev-parse", "HEAD").strip().encode()
    proc = subprocess.Popen(["git", "fast-import", "--quiet"], cwd=root, stdin=subprocess.PIPE)
    assert proc.stdin
    for n, (message, files) in enumerate(commits):
        msg = message.encode()
        who = b"bench <bench@example.invalid> %d +0000" % (start + n)
        proc.stdin.write(b"commit %s\nauthor %s\ncommitter %s\n" % (branch, who, who))
        proc.stdin.write(
            b"data %d\n%s\n" % (len(msg), msg) + (b"from %s\n" % parent if n == 0 else b"")
        )
        for path, data in files:
            proc.stdin.write(
                b"M 100644 inline %s\ndata %d\n%s\n" % (path.encode(), len(data), data)
            )
    proc.stdin.close()
    if proc.wait():
        raise SystemExit(f"git fast-import failed in {root}")
    git(root, "reset", "-q")


def _write_notes(root: Path, notes: list[Note]) -> Iterator[tuple[str, bytes]]:
    """Write each note's file and yield it for the commit."""
    for note in notes:
        rel, data = str(note.path), serialise_note(note).encode()
        target = root / rel
        target.parent.mkdir(exist_ok=True)
        target.write_bytes(data)
        yield rel, data


def generate(
    root: str | os.PathLike[str],
    customers: int = 10_000,
    entries: int = 10,
    *,
    seed: int = 1,
    today: date | None = None,
) -> Generated:
    """Create a notebook at ``root`` (new or empty folder) holding ``customers`` generated notes
    in one commit on top of custnote's own ``init`` commit."""
    started = time.perf_counter()
    root = Path(root)
    if root.exists() and any(root.iterdir()):
        raise SystemExit(f"{root}: not empty")
    Notebook.init(root)
    notes = build_notes(customers, entries, seed=seed, today=today)
    rare = _plant_rare_words(random.Random(seed + 1), notes)
    message = f"bench: {customers} generated customers"
    fast_import(root, [(message, _write_notes(root, notes))], int(time.time()))
    return Generated(root, notes, rare, time.perf_counter() - started)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dir", help="notebook folder to create (new or empty)")
    parser.add_argument("--customers", type=int, default=10_000)
    parser.add_argument("--entries", type=int, default=10, help="about this many entries each")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    made = generate(args.dir, args.customers, args.entries, seed=args.seed)
    total = sum(len(note.log) for note in made.notes)
    print(f"{made.root}: {len(made.notes)} customers, {total} entries, {made.seconds:.1f} s")
    for word, paths in made.rare.items():
        print(f"rare word {word!r} is in exactly {len(paths)} notes: {', '.join(paths)}")
    print(f"common words: {', '.join(COMMON_WORDS)}; first note: {made.notes[0].path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
