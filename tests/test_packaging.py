"""The built wheel carries the dataset: installed into a fresh venv, it runs from anywhere."""

from __future__ import annotations

import subprocess
import sys
import venv
from pathlib import Path

from conftest import BASE_ENV, MEMBER_NAMES, REPO


def test_wheel_installs_into_a_fresh_venv_and_runs_from_another_directory(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(REPO)],
        check=True,
        timeout=300,
    )
    (wheel,) = wheels.glob("bloc_cli-*.whl")
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", str(wheel)],
        check=True,
        timeout=600,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    done = subprocess.run(
        [str(env_dir / "bin" / "bloc"), "members", "--fields", "name"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        env=BASE_ENV,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["name", *MEMBER_NAMES]
