"""debrief.html in a real browser: Debian's chromium, headless.

The page must render with no console errors, and the screenshot's timeline
must hold one bar per answer. Chromium is installed by `scripts/setup.sh
test`; if it is missing this fails, it does not skip.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import numpy as np
import numpy.typing as npt

from mockloop.report import render_html
from mockloop.report.svg import ANSWER_BAR

from tests.debrief_helpers import SESSION_NAMES, debrief_of, fixture


def chromium(page: Path, shot: Path, tmp: Path) -> list[str]:
    """Open `page`, save a screenshot, return what the page wrote to its console."""
    exe = shutil.which("chromium")
    assert exe, "chromium is not installed: run scripts/setup.sh test"
    profile = tmp / f"profile-{page.stem}"
    result = subprocess.run(
        [
            exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0",
            "--window-size=1100,3600", "--hide-scrollbars", f"--screenshot={shot}", page.as_uri(),
        ],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert shot.is_file(), result.stderr[-2000:]
    return [line for line in result.stderr.splitlines() if ":CONSOLE" in line]


def pixels(png: Path) -> npt.NDArray[np.uint8]:
    import av

    with av.open(str(png)) as container:
        frame = next(container.decode(video=0))
        return frame.to_ndarray(format="rgb24")


def bars(image: npt.NDArray[np.uint8], colour: str) -> int:
    """Rows of the answer-bar colour, counted as separate horizontal bands."""
    rgb = np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)])
    match = (np.abs(image.astype(int) - rgb).max(axis=2) <= 6).sum(axis=1) >= 4
    edges = np.diff(np.concatenate([[0], match.astype(int), [0]]))
    return int((edges == 1).sum())


def test_console_errors_are_caught(tmp_path: Path) -> None:
    """The check below can fail: a page that logs an error is seen."""
    page = tmp_path / "bad.html"
    page.write_text("<!DOCTYPE html><html><body><script>console.error('boom'); missing();</script></body></html>")
    console = chromium(page, tmp_path / "bad.png", tmp_path)
    assert any("boom" in line for line in console)
    assert any("missing is not defined" in line for line in console)


def test_debrief_html_renders_cleanly_with_a_bar_per_answer(tmp_path: Path) -> None:
    for name in SESSION_NAMES:
        d = debrief_of(fixture(name), name)
        page = tmp_path / f"{name}.html"
        page.write_text(render_html(d), encoding="utf-8")
        shot = tmp_path / f"{name}.png"
        console = chromium(page, shot, tmp_path)
        assert console == [], console
        image = pixels(shot)
        assert bars(image, ANSWER_BAR) == len(d.answers), name
        assert len(d.answers) >= 6


def test_a_timeline_without_answers_draws_no_bars(tmp_path: Path) -> None:
    """The bar count comes from the picture: a page without answers shows none."""
    from dataclasses import replace

    d = debrief_of(fixture(SESSION_NAMES[0]), "x")
    page = tmp_path / "none.html"
    page.write_text(render_html(replace(d, answers=())), encoding="utf-8")
    shot = tmp_path / "none.png"
    assert chromium(page, shot, tmp_path) == []
    assert bars(pixels(shot), ANSWER_BAR) == 0
