"""The built wheel carries the dataset and runs from anywhere; sdist and wheel carry what a
distributor checks (the licence, py.typed)."""

from __future__ import annotations

import subprocess
import sys
import tarfile
import venv
import zipfile
from pathlib import Path

import pytest

from conftest import BASE_ENV, MEMBER_NAMES, REPO


@pytest.mark.process
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


@pytest.mark.process
def test_sdist_and_wheel_carry_the_license_and_the_wheel_marks_the_package_typed(
    tmp_path: Path,
) -> None:
    """What a distributor checks: the MIT licence text in both archives, named in the
    metadata, and `py.typed` so that type checkers read bloc_cli's hints."""
    subprocess.run(
        [sys.executable, "-m", "build", "-q", "--outdir", str(tmp_path), str(REPO)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    (sdist,) = tmp_path.glob("bloc_cli-*.tar.gz")
    with tarfile.open(sdist) as archive:
        sdist_names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    assert "LICENSE" in sdist_names
    (wheel,) = tmp_path.glob("bloc_cli-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        wheel_names = set(archive.namelist())
        (metadata,) = [name for name in wheel_names if name.endswith(".dist-info/METADATA")]
        headers = archive.read(metadata).decode()
        (license_file,) = [name for name in wheel_names if name.endswith("/licenses/LICENSE")]
        license_text = archive.read(license_file).decode()
    assert "License-Expression: MIT" in headers
    assert "License-File: LICENSE" in headers
    assert license_text.startswith("MIT License\n\nCopyright (c) 2026 the bloc authors\n")
    assert "bloc_cli/py.typed" in wheel_names
