"""How `bloc members --data FILE` grows with the number of members, per data format.

    python benchmarks/scale.py [--runs N]

Generates datasets of 0, 1,000, 10,000 and 100,000 synthetic members (the
bundled dataset's other sections unchanged), times `bloc members -f FMT --data
FILE` with stdout a pipe, and prints milliseconds per 10,000 rows after taking
away the time of the 0-member file (start-up and the fixed sections). Linear
growth shows as the same figure at every size.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from installed import find_bloc

SIZES = (1_000, 10_000, 100_000)
FORMATS = ("json", "jsonl", "csv", "tsv")
REPO = Path(__file__).resolve().parent.parent


def synthetic(count: int) -> dict[str, object]:
    data: dict[str, object] = json.loads((REPO / "data" / "bloc.json").read_text("utf-8"))
    data["members"] = [
        {
            "name": f"Member {index:06d}",
            "year_joined": 1990 + index % 40 if index % 3 else None,
            "contributions": ["Energy", f"Sector {index % 97}"] if index % 5 else None,
            "newest": index == count - 1,
        }
        for index in range(count)
    ]
    return data


def seconds(command: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.PIPE, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement (median)")
    args = parser.parse_args()
    bloc = find_bloc("scale.py")
    with tempfile.TemporaryDirectory() as folder:
        files = {}
        for count in (0, *SIZES):
            path = Path(folder) / f"members-{count}.json"
            path.write_text(json.dumps(synthetic(count)), encoding="utf-8")
            files[count] = str(path)
        print(f"ms per 10,000 rows, net of the 0-member run ({args.runs} runs, median)")
        print(f"{'format':8}{'fixed ms':>10}" + "".join(f"{size:>12,}" for size in SIZES))
        for fmt in FORMATS:

            def command(count: int, fmt: str = fmt) -> list[str]:
                return [bloc, "--data", files[count], "members", "-f", fmt]

            fixed = seconds(command(0), args.runs)
            per_10k = [
                (seconds(command(size), args.runs) - fixed) * 1000 / (size / 10_000)
                for size in SIZES
            ]
            print(f"{fmt:8}{fixed * 1000:10.0f}" + "".join(f"{value:12.1f}" for value in per_10k))
    return 0


if __name__ == "__main__":
    sys.exit(main())
