"""The environment a bench runs the checker in: as if installed, with compiled modules.

`pip install` byte-compiles a package, so an installed campaign-check reads its
modules from ``.pyc`` files. Run from this repository (an editable install) on a
machine that sets ``PYTHONDONTWRITEBYTECODE=1`` (this VM does), every run would
compile the checker's modules again, about 70 ms that no user pays. The benches
therefore compile them once, into the ``__pycache__`` folders git ignores.

:func:`installed_copy` goes further, for start-up figures: a real install of this
working tree (a wheel in a fresh virtual environment), without the editable finder
that the project's venv imports at every interpreter start.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "checker"


@functools.cache
def installed_env() -> dict[str, str]:
    """``os.environ`` with bytecode allowed, after byte-compiling the checker package."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    compile_all = [sys.executable, "-m", "compileall", "-q", str(PACKAGE)]
    subprocess.run(compile_all, env=env, check=True, stdout=subprocess.DEVNULL)
    return env


def installed_copy(folder: Path, ref: str | None = None) -> Path:
    """Install this working tree (or git commit `ref`) into a new venv in `folder`; return
    its `bin` folder.

    The wheel is built from a copy of the tree (pip's usual isolated build) and installed
    with pip's byte-compiling, as a user's `pip install campaign-checker` would be. The
    dependencies are not installed again: one line in a ``.pth`` file puts the project
    venv's site-packages on the path (a path line runs no code, and that folder's own
    ``.pth`` files, the editable finder's included, are not read).
    """
    source = folder / "source"
    source.mkdir(parents=True)
    files = ("pyproject.toml", "README.md", "checker")
    if ref is None:
        for name in files[:2]:
            shutil.copy2(ROOT / name, source / name)
        shutil.copytree(PACKAGE, source / "checker", ignore=shutil.ignore_patterns("__pycache__"))
    else:
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", ref, *files], check=True, capture_output=True
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(source)], input=archive, check=True)
    env = installed_env()
    pip = [sys.executable, "-m", "pip", "-q", "--disable-pip-version-check"]
    wheels = folder / "wheels"
    quiet = {"env": env, "check": True, "stdout": subprocess.DEVNULL}
    subprocess.run([*pip, "wheel", "--no-deps", "-w", str(wheels), str(source)], **quiet)
    venv = folder / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], **quiet)
    python = venv / "bin" / "python"
    purelib = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    Path(purelib, "_project_venv.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    wheel = next(wheels.glob("*.whl"))
    subprocess.run([*pip, "--python", str(python), "install", "--no-deps", str(wheel)], **quiet)
    return venv / "bin"
