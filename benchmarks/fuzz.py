"""Fuzz the command line: thousands of generated and mutated inputs, in batches.

Each input is one file (text, HTML, JSON lines, CSV, RSS) made from realistic
seeds by cutting, flipping bytes, inserting control and invisible characters,
re-encoding, or replacing it with random bytes; a few are large.  Each batch
folder goes through ``rasid extract FOLDER -o OUT`` as a user would run it.
Printed: inputs, inputs coded, inputs failed with a reason, crashes (an exit code
other than 0 or 3, or a traceback), results lost (an input with neither a result
nor a recorded failure), and the peak memory of the extracting process.

    python benchmarks/fuzz.py --inputs 10000 --batch 500
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

SEEDS = {
    ".txt": "Car bomb kills six in Baquba\n\nBAQUBA, Iraq (River Wire) - A car bomb exploded in a "
    "crowded market in Baquba on Sunday, killing at least six people and wounding {n} others, "
    "police said. “It was terrible,” a shopkeeper said. No group claimed the attack.\n",
    ".html": "<html><head><meta charset='utf-8'><title>Gunmen kill five in Kano</title></head>"
    "<body><nav>Home | World</nav><article><h1>Gunmen kill five in Kano</h1><p>Gunmen killed "
    "five people in Kano on Monday, police said.</p><p>Residents fled into the bush, a local "
    "leader said ({n}).</p></article><footer>© Wire</footer></body></html>",
    ".jsonl": '{{"id": "a{n}", "text": "Troops repelled an attack on a base near Maiduguri on '
    'Tuesday, killing {n} militants, the army said.", "published": "2024-03-05", "source": '
    '"Wire"}}\n',
    ".csv": 'id,published,source,text\n{n},2024-01-10,Wire,"Gunmen killed {n} people in Kano '
    'on Monday, police said."\n',
    ".xml": '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title><item><title>'
    "Clashes in Marib</title><guid>g{n}</guid><pubDate>Mon, 08 Jan 2024 10:00:00 GMT</pubDate>"
    "<description>&lt;p&gt;Fighting between government forces and Houthi rebels killed 14 "
    "fighters near Marib on Sunday.&lt;/p&gt;</description></item></channel></rss>",
}
NASTY = ["\x00", "\x0b", "\x1b", "\u200b", "\ufeff", "\u00ad", "\u2028", "\ud800", "\ufffd",
         "\u202e", "Ｇ", "\r", "’", "—", "0001-01-01", "9999-12-31", "99999999999999999999",
         "-1", '"', "<", "&", "\\u", "{", ","]  # fmt: skip
BIG_CHARS = 900_000  # a few inputs this large (just under the 1,000,000 characters coded)


def _encode(text: str, rng: random.Random) -> bytes:
    encoding = rng.choice(["utf-8"] * 6 + ["latin-1", "utf-16", "cp1252", "utf-8-sig"])
    return text.encode(encoding, errors="replace")


def mutate(rng: random.Random, n: int) -> tuple[str, bytes]:
    """Input ``n``: a suffix and the file's bytes (seeds numbered, so ids differ)."""
    suffix = rng.choice(list(SEEDS) + [""])
    seed = (SEEDS.get(suffix) or SEEDS[".txt"]).format(n=n)
    kind = rng.randrange(10)
    if kind == 0:  # random bytes
        return suffix, rng.randbytes(rng.randrange(0, 2000))
    if kind == 1:  # cut anywhere
        data = seed.encode("utf-8")
        return suffix, data[: rng.randrange(0, len(data) + 1)]
    if kind == 2:  # bytes flipped
        data = bytearray(seed.encode("utf-8"))
        for _ in range(rng.randrange(1, 12)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        return suffix, bytes(data)
    if kind == 3:  # invisible, control and odd characters sprinkled in
        chars = list(seed)
        for _ in range(rng.randrange(1, 30)):
            chars.insert(rng.randrange(len(chars) + 1), rng.choice(NASTY))
        return suffix, "".join(chars).encode("utf-8", errors="surrogatepass")
    if kind == 4:  # zero-width characters after every space
        return suffix, seed.replace(" ", " \u200b").encode("utf-8")
    if kind == 5:  # another encoding
        return suffix, _encode(seed, rng)
    if kind == 6 and rng.random() < 0.005:  # rarely (some 5 in 10,000): a very large input
        return ".txt", (seed * (BIG_CHARS // len(seed) + 1)).encode("utf-8")
    if kind == 7:  # empty or whitespace only
        return suffix, rng.choice([b"", b"   \n\t", "\u200b\u200b".encode()])
    return suffix, seed.encode("utf-8")  # the seed itself


def run_batch(folder: Path, out: Path) -> tuple[int, str, float]:
    """Extract one folder; returns exit code, stderr and the process's peak memory (MiB)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "rasid.cli",
            "extract",
            str(folder),
            "-o",
            str(out),
            "--no-progress",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    # ru_maxrss of children is the largest child so far (KiB on Linux): a new maximum
    # shows this batch's peak; otherwise it was no higher than an earlier one
    return proc.returncode, proc.stderr, max(after, before) / 1024


def _file_of(name: str) -> str:
    """The input file of an origin: "path", "path:line" (JSONL, CSV), "path#item" (feeds)."""
    base = name.split("#", 1)[0]
    line = re.fullmatch(r"(.*):\d+", base)
    return line.group(1) if line and not Path(base).exists() else base


def covered(out: Path) -> tuple[set[str], Counter]:
    """Inputs named by the output (as a result's origin or a failure's input), and the
    count of results by outcome."""
    seen: set[str] = set()
    outcome: Counter = Counter()
    if not out.exists():
        return seen, outcome
    for line in out.read_text(encoding="utf-8").split("\n"):
        if not line:
            continue
        row = json.loads(line)
        origin = (row.get("article") or {}).get("origin")
        names = [origin] if origin else []
        names += [e.get("input") for e in row.get("errors") or [] if e.get("input")]
        seen.update(_file_of(n) for n in names)
        outcome["failed" if row.get("errors") else "coded"] += 1
        for e in row.get("errors") or []:
            outcome["code " + str(e.get("code"))] += 1
    return seen, outcome


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    totals: Counter = Counter()
    peak = 0.0
    crashes: list[str] = []
    lost_examples: list[tuple[str, bytes]] = []
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="rasid-fuzz-") as tmp:
        root = Path(tmp)
        made = 0
        batch = 0
        while made < args.inputs:
            folder = root / f"batch{batch:03d}"
            folder.mkdir()
            files = []
            for i in range(min(args.batch, args.inputs - made)):
                suffix, data = mutate(rng, made + i)
                path = folder / f"input{i:04d}{suffix}"
                path.write_bytes(data)
                files.append(str(path))
            made += len(files)
            out = root / f"batch{batch:03d}.jsonl"
            code, stderr, mib = run_batch(folder, out)
            peak = max(peak, mib)
            if code not in (0, 3) or "Traceback" in stderr:
                crashes.append(f"batch {batch}: exit {code}: {stderr.strip().splitlines()[-1:]}")
            seen, outcome = covered(out)
            totals["inputs"] += len(files)
            gone = [f for f in files if f not in seen]
            totals["lost"] += len(gone)
            lost_examples.extend((f, Path(f).read_bytes()[:120]) for f in gone[:3])
            totals.update(outcome)
            print(
                f"batch {batch:3d}: {len(files)} inputs, exit {code}, {outcome['coded']} coded, "
                f"{outcome['failed']} failed with a reason, peak {mib:.0f} MiB",
                file=sys.stderr,
            )
            batch += 1
    seconds = time.perf_counter() - t0
    print(f"inputs                     {totals['inputs']}")
    print(f"results coded              {totals['coded']}")
    print(f"results failed with reason {totals['failed']}")
    print(f"crashes                    {len(crashes)}")
    print(f"inputs lost                {totals['lost']}")
    print(f"peak memory (MiB)          {peak:.0f}")
    print(f"seconds                    {seconds:.0f}")
    codes = sorted((k[5:], v) for k, v in totals.items() if k.startswith("code "))
    print("failures by code           " + ", ".join(f"{k} {v}" for k, v in codes))
    for line in crashes[:10]:
        print("  crash: " + line)
    for name, head in lost_examples[:10]:
        print(f"  lost: {Path(name).name}: {head!r}")


if __name__ == "__main__":
    main()
