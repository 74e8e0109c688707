"""Start-up cost of `bloc` as ratios to its floor (Typer's own import), measured side by side.

Run with the Python of the environment where bloc is installed:

    python benchmarks/startup.py [--pairs N]

Each case runs the command and its baseline alternately (A B A B ...) after a
warm-up, with stdout a pipe, and reports the median of the per-pair time ratios
and of the peak-memory (RSS) ratios. Exits 1 when a ratio exceeds its budget.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass

from installed import find_bloc


@dataclass(frozen=True)
class Case:
    name: str
    command: list[str]
    baseline: list[str]
    time_budget: float | None = None
    memory_budget: float | None = None
    env: dict[str, str] | None = None


@dataclass(frozen=True)
class Result:
    time_ratio: float
    memory_ratio: float
    command_ms: float
    baseline_ms: float
    command_mib: float
    baseline_mib: float


def run(command: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall time (s) and peak RSS (KiB) of one run, from the child's own rusage."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.read()
    error = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = 0  # reaped by wait4; keep Popen from waiting again
    if status != 0:
        sys.exit(f"startup.py: {' '.join(command)} failed: {error.decode(errors='replace')}")
    return elapsed, usage.ru_maxrss


def measure(case: Case, pairs: int, warmup: int) -> Result:
    env = {key: value for key, value in os.environ.items() if key != "NO_COLOR"}
    env.update(case.env or {})
    for _ in range(warmup):
        run(case.command, env)
        run(case.baseline, env)
    samples = []
    for _ in range(pairs):
        samples.append((run(case.command, env), run(case.baseline, env)))
    return Result(
        time_ratio=statistics.median(cmd[0] / base[0] for cmd, base in samples),
        memory_ratio=statistics.median(cmd[1] / base[1] for cmd, base in samples),
        command_ms=statistics.median(cmd[0] for cmd, _ in samples) * 1000,
        baseline_ms=statistics.median(base[0] for _, base in samples) * 1000,
        command_mib=statistics.median(cmd[1] for cmd, _ in samples) / 1024,
        baseline_mib=statistics.median(base[1] for _, base in samples) / 1024,
    )


def cases(bloc: str) -> list[Case]:
    python = sys.executable
    return [
        Case(
            "bloc members -f json (piped)",
            [bloc, "members", "-f", "json"],
            [python, "-c", "import typer"],
            time_budget=1.20,
            memory_budget=1.20,
        ),
        Case(
            "bloc members -f table (rich, FORCE_COLOR=1)",
            [bloc, "members", "-f", "table"],
            [python, "-c", "import typer, rich.console, rich.table"],
            time_budget=1.25,
            env={"FORCE_COLOR": "1", "COLUMNS": "100"},
        ),
        Case(
            "bloc members -f plain (tabulate)",
            [bloc, "members", "-f", "plain"],
            [python, "-c", "import typer, tabulate"],
        ),
        Case("bloc --help", [bloc, "--help"], [python, "-c", "import typer"]),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=30, help="measured pairs per case")
    parser.add_argument("--warmup", type=int, default=3, help="unmeasured pairs first")
    args = parser.parse_args()
    bloc = find_bloc("startup.py")
    print(
        f"{time.strftime('%Y-%m-%d')}  {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, {args.pairs} pairs per case"
    )
    print(
        f"{'case':46} {'time':>6} {'budget':>6} {'ms':>13} {'memory':>6} {'budget':>6} {'MiB':>11}"
    )
    over = []
    for case in cases(bloc):
        result = measure(case, args.pairs, args.warmup)
        print(
            f"{case.name:46} {result.time_ratio:6.2f} {_budget(case.time_budget):>6} "
            f"{result.command_ms:5.0f} vs {result.baseline_ms:4.0f} "
            f"{result.memory_ratio:6.2f} {_budget(case.memory_budget):>6} "
            f"{result.command_mib:4.1f} vs {result.baseline_mib:4.1f}"
        )
        if case.time_budget is not None and result.time_ratio > case.time_budget:
            over.append(f"{case.name}: time {result.time_ratio:.2f} > {case.time_budget:.2f}")
        if case.memory_budget is not None and result.memory_ratio > case.memory_budget:
            over.append(f"{case.name}: memory {result.memory_ratio:.2f} > {case.memory_budget:.2f}")
    for line in over:
        print(f"over budget: {line}", file=sys.stderr)
    return 1 if over else 0


def _budget(value: float | None) -> str:
    return f"{value:.2f}" if value is not None else "-"


if __name__ == "__main__":
    sys.exit(main())
