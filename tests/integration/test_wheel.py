"""The wheel carries everything: built, installed (not editable) in a fresh venv, it runs a session.

No network: the wheel goes in with `--no-index --no-deps`, and the fresh
venv borrows the dependencies already installed in the test's venv through a
.pth line naming that site-packages folder (only that folder: never the
repository's src/, so the package and its data can only come from the wheel).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT


def _run(*args: str | Path, **kw: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, timeout=600, **kw)  # type: ignore[call-overload, no-any-return]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build from a copy of what the build needs, so the build leaves nothing in the worktree."""
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    shutil.copytree(ROOT / "src", source / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    out = tmp_path_factory.mktemp("dist")
    built = _run(sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", out, source, cwd=source)
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    wheels = list(out.glob("mockloop-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


@pytest.fixture(scope="module")
def venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    new = tmp_path_factory.mktemp("venv") / "new"
    made = _run(sys.executable, "-m", "venv", new)
    assert made.returncode == 0, made.stderr
    installed = _run(new / "bin" / "pip", "install", "--no-deps", "--no-index", "--no-cache-dir", wheel)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    purelib = Path(_run(new / "bin" / "python", "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])").stdout.strip())
    (purelib / "_mockloop_test_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return new


def _clean_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    return {**env, "MOCKLOOP_HOME": str(home), "PYTHONNOUSERSITE": "1"}


def test_the_wheel_holds_the_question_bank_and_the_doctor_clip(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    shipped = {p.relative_to(ROOT / "src").as_posix() for p in (ROOT / "src" / "mockloop" / "prompts").rglob("*.yaml")}
    assert len(shipped) >= 7 and "mockloop/prompts/interviewer.yaml" in shipped
    assert shipped <= names, shipped - names
    assert {"mockloop/data/doctor-clip.wav", "mockloop/data/doctor-clip.txt", "mockloop/py.typed"} <= names
    assert "mockloop/judge/tagger.npz" in names  # the judge's weights travel with it


def test_the_installed_wheel_lists_questions_and_runs_a_typed_session(venv: Path, data_home: Path, tmp_path: Path) -> None:
    env = _clean_env(data_home)
    where = _run(venv / "bin" / "python", "-c", "import mockloop; print(mockloop.__file__)", env=env, cwd=tmp_path)
    assert where.returncode == 0, where.stderr
    assert Path(where.stdout.strip()).is_relative_to(venv), where.stdout

    listed = _run(venv / "bin" / "mockloop", "questions", "--json", env=env, cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    questions = json.loads(listed.stdout)
    shipped = [p for p in (ROOT / "src" / "mockloop" / "prompts").glob("*.yaml") if p.name != "interviewer.yaml"]
    assert len(questions) == len(shipped) >= 9 and "build-cache" in {q["id"] for q in questions}
    assert all(Path(q["path"]).is_relative_to(venv) for q in questions), [q["path"] for q in questions]

    answers = [
        "I'd ask who the clients are and how big the artifacts get.",
        "Reads dominate, so hits must be fast. Let's move on.",
        "About ten thousand lookups per second at peak, so one region of cache servers is enough.",
        "A content hash as the key, so uploads never conflict. Where do you want to go next?",
    ]
    session = _run(
        venv / "bin" / "mockloop", "practice", "build-cache", "--text", "--no-speech", "--minutes", "5",
        input="\n".join(answers) + "\n", env=env, cwd=tmp_path,
    )
    assert session.returncode == 0, session.stdout[-2000:] + session.stderr
    folders = list((data_home / "sessions").iterdir())
    assert len(folders) == 1, folders
    saved = json.loads((folders[0] / "transcript.json").read_text())["turns"]
    assert [t["text"] for t in saved if t["speaker"] == "candidate"] == answers
    assert (folders[0] / "debrief.md").read_text().strip()
    assert json.loads((folders[0] / "debrief.json").read_text())
    assert f"debrief: {folders[0] / 'debrief.html'}" in session.stdout


def test_the_installed_wheel_finds_its_doctor_clip(venv: Path, data_home: Path, tmp_path: Path) -> None:
    checked = _run(venv / "bin" / "mockloop", "doctor", "--json", env=_clean_env(data_home), cwd=tmp_path)
    model = {c["name"]: c for c in json.loads(checked.stdout)["checks"]}["speech model"]
    assert model["ok"], model
