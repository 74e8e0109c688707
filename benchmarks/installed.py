"""Where the benchmarks find the installed `bloc`: beside this Python, else on PATH."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path


def find_bloc(script: str) -> str:
    beside = Path(sys.executable).with_name("bloc")
    found = str(beside) if beside.exists() else shutil.which("bloc")
    if not found:
        sys.exit(f"{script}: no `bloc` installed beside this Python or on PATH")
    return found
