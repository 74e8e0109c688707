"""What `verify` and `--cite` cost against `members -f json` on the same large dataset.

    python benchmarks/citations.py [--runs N] [--members N ...]

For each size it writes a dataset whose article states every member: the bundled
article with the members' table grown to N rows, and N members that match them. It then
times, with stdout to /dev/null and interleaved runs (json, cite, verify, json, ...):

- `bloc --data FILE members -f json` (the baseline),
- `bloc --data FILE members --cite -f json`,
- `bloc --data FILE verify -f json` (the failing checks: none here),
- `bloc --data FILE verify --all -f json` (every check written: four rows a member),

and prints each one's median time and peak RSS as a ratio to the baseline's (the issue's
budget: at most 5x in time and in memory at 100,000 members). The growth from the
smaller size to the larger shows whether the cost per member is flat.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from installed import find_bloc

REPO = Path(__file__).resolve().parent.parent
TABLE_END = "| Azerbaijan | 2024 | Energy, Trade Routes |\n"


def synthetic(count: int) -> dict[str, object]:
    """The bundled dataset with `count` more members, each a row of the article's table."""
    data: dict[str, object] = json.loads((REPO / "data" / "bloc.json").read_text("utf-8"))
    extra = [
        {
            "name": f"Member {index:07d}",
            "year_joined": 1990 + index % 40,
            "contributions": ["Energy", f"Sector {index % 97}"],
            "newest": False,
        }
        for index in range(count)
    ]
    rows = "".join(
        f"| {member['name']} | {member['year_joined']} | Energy, Sector {index % 97} |\n"
        for index, member in enumerate(extra)
    )
    source = data["source"]
    assert isinstance(source, dict) and TABLE_END in source["text"]
    source["text"] = source["text"].replace(TABLE_END, TABLE_END + rows)
    members = data["members"]
    assert isinstance(members, list)
    members.extend(extra)
    return data


def run(command: list[str]) -> tuple[float, int]:
    """Wall time (s) and peak RSS (KiB) of one run, output to /dev/null."""
    start = time.perf_counter()
    with open(os.devnull, "wb") as devnull:
        process = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=devnull, stderr=subprocess.DEVNULL
        )
        _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = 0  # reaped by wait4
    if status != 0:
        sys.exit(f"citations.py: {' '.join(command)} failed (status {status})")
    return elapsed, usage.ru_maxrss


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="interleaved runs of each command")
    parser.add_argument("--members", type=int, nargs="+", default=[10_000, 100_000])
    args = parser.parse_args()
    bloc = find_bloc("citations.py")
    print(
        f"{time.strftime('%Y-%m-%d')}  {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, medians of {args.runs} interleaved runs"
    )
    cases = {
        "members -f json": ["members", "-f", "json"],
        "members --cite -f json": ["members", "--cite", "-f", "json"],
        "verify -f json": ["verify", "-f", "json"],
        "verify --all -f json": ["verify", "--all", "-f", "json"],
    }
    print(
        f"\n{'members':>9}  {'command':24}{'median s':>9}{'time x':>8}{'peak MiB':>10}{'mem x':>7}"
    )
    with tempfile.TemporaryDirectory() as folder:
        for count in args.members:
            path = Path(folder) / f"members-{count}.json"
            path.write_text(json.dumps(synthetic(count), ensure_ascii=False), encoding="utf-8")
            samples: dict[str, list[tuple[float, int]]] = {name: [] for name in cases}
            for _ in range(args.runs):
                for name, words in cases.items():
                    samples[name].append(run([bloc, "--data", str(path), *words]))
            base = samples["members -f json"]
            for name in cases:
                times = [seconds for seconds, _ in samples[name]]
                ratios = [
                    seconds / base_seconds
                    for (seconds, _), (base_seconds, _) in zip(samples[name], base, strict=True)
                ]
                peak = max(rss for _, rss in samples[name])
                base_peak = max(rss for _, rss in base)
                print(
                    f"{count:>9,}  {name:24}{statistics.median(times):9.2f}"
                    f"{statistics.median(ratios):8.2f}{peak / 1024:10.0f}{peak / base_peak:7.2f}"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
