"""How `bloc members --data FILE` grows with the number of members, per format, against jq.

    python benchmarks/scale.py [--runs N] [--largest N]

Generates datasets of 0, 10,000, 100,000 and 1,000,000 synthetic members (the bundled
dataset's other sections unchanged) and times `bloc --data FILE members -f FMT` with
stdout /dev/null. For each format and size it prints:

- milliseconds per 10,000 rows, net of the 0-member run (start-up and the fixed
  sections): linear growth shows as the same figure at every size;
- where jq is on PATH, the ratio of bloc's time to `jq -c '.members[]' FILE`, the
  median of the per-pair ratios of runs interleaved (bloc, jq, bloc, jq, ...). csv and
  tsv are compared with that same jq command (one JSON object a line), as jq's own
  @csv/@tsv would need a filter naming each field;
- the peak memory (RSS) of bloc, and its ratio to jq's, at the largest size.

Takes a few minutes (most of it the 1,000,000-member runs); run on demand, not in CI.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from installed import find_bloc

SIZES = (10_000, 100_000, 1_000_000)
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


def run(command: list[str]) -> tuple[float, int]:
    """Wall time (s) and peak RSS (KiB) of one run, output to /dev/null."""
    start = time.perf_counter()
    with open(os.devnull, "wb") as devnull:
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=devnull)
        _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = 0  # reaped by wait4; keep Popen from waiting again
    if status != 0:
        sys.exit(f"scale.py: {' '.join(command)} failed (status {status})")
    return elapsed, usage.ru_maxrss


def median_run(command: list[str], runs: int) -> tuple[float, int]:
    samples = [run(command) for _ in range(runs)]
    return statistics.median(s[0] for s in samples), max(s[1] for s in samples)


def paired(command: list[str], baseline: list[str], runs: int) -> tuple[float, float, int, int]:
    """Median time of `command`, median per-pair time ratio, and both peak RSS (KiB)."""
    samples = [(run(command), run(baseline)) for _ in range(runs)]
    return (
        statistics.median(cmd[0] for cmd, _ in samples),
        statistics.median(cmd[0] / base[0] for cmd, base in samples),
        max(cmd[1] for cmd, _ in samples),
        max(base[1] for _, base in samples),
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--runs", type=int, default=3, help="runs at 1,000,000 (3x at 100,000, 10x below)"
    )
    parser.add_argument("--largest", type=int, default=SIZES[-1], help="leave out sizes above this")
    args = parser.parse_args()
    sizes = [size for size in SIZES if size <= args.largest]
    bloc = find_bloc("scale.py")
    jq = shutil.which("jq")
    jq_version = (
        subprocess.run([jq, "--version"], capture_output=True, text=True).stdout if jq else ""
    )
    print(
        f"{time.strftime('%Y-%m-%d')}  {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, {jq_version.strip() or 'no jq'}, "
        f"medians of {args.runs} runs at 1,000,000, {args.runs * 3} at 100,000, "
        f"{args.runs * 10} below"
    )
    with tempfile.TemporaryDirectory() as folder:
        files = {}
        for count in (0, *sizes):
            path = Path(folder) / f"members-{count}.json"
            path.write_text(json.dumps(synthetic(count)), encoding="utf-8")
            files[count] = str(path)
        header = f"{'format':8}{'fixed ms':>9}" + "".join(f"{size:>11,}" for size in sizes)
        print("\nms per 10,000 rows, net of the 0-member run")
        print(header)
        results: dict[str, list[tuple[float, float, int, int]]] = {}

        # The smaller sizes take more runs: their net time is closer to the noise.
        def runs(size: int) -> int:
            return args.runs * (1 if size >= 1_000_000 else 3 if size >= 100_000 else 10)

        for fmt in FORMATS:

            def command(count: int, fmt: str = fmt) -> list[str]:
                return [bloc, "--data", files[count], "members", "-f", fmt]

            fixed, _ = median_run(command(0), runs(0))
            results[fmt] = []
            for size in sizes:
                if jq:
                    baseline = [jq, "-c", ".members[]", files[size]]
                    results[fmt].append(paired(command(size), baseline, runs(size)))
                else:
                    seconds, rss = median_run(command(size), runs(size))
                    results[fmt].append((seconds, float("nan"), rss, 0))
            per_10k = [
                (seconds - fixed) * 1000 / (size / 10_000)
                for size, (seconds, *_) in zip(sizes, results[fmt], strict=True)
            ]
            print(f"{fmt:8}{fixed * 1000:9.0f}" + "".join(f"{value:11.1f}" for value in per_10k))
        if jq:
            print("\ntime ratio to `jq -c '.members[]' FILE` (median of interleaved pairs)")
            print(header.replace("fixed ms", "        "))
            for fmt in FORMATS:
                ratios = "".join(f"{ratio:11.2f}" for _, ratio, _, _ in results[fmt])
                print(f"{fmt:8}{'':9}{ratios}")
        largest = sizes[-1]
        print(f"\nat {largest:,} members: bloc's peak RSS in MiB (jq's, ratio) and median time")
        for fmt in FORMATS:
            seconds, _, rss, jq_rss = results[fmt][-1]
            against = f"  vs jq {jq_rss / 1024:.0f} ({rss / jq_rss:.2f})" if jq else ""
            print(f"{fmt:8}{rss / 1024:9.0f}{against}   {seconds:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
