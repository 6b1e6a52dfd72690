"""Golden `analyze --json` outputs, and the judge's accuracy floor on the corpus.

Regenerate the golden files after an intended change of the judge with
`.venv/bin/python tests/unit/test_golden_and_corpus.py` and review the diff.
"""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from mockloop.judge.answer import judge_answer
from mockloop.cli.main import main
from mockloop.cli.context import Environment
from mockloop.settings import Settings
from mockloop.adapters.storage.transcripts import load

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent / "corpus"
GOLDEN = HERE.parent / "golden"
GOLDEN_INPUTS = [
    "bc-dd-replication-relitigate",
    "bc-dd-replication-clean",
    "us-arch-checkins-long",
    "tw-arch-checkin-runon",
    "ih-dd-resize-relitigate",
    "rl-dd-redis-slow-rhetorical-end",
]
TARGETS = {"committed": 0.95, "run_on": 0.95, "relitigated": 0.95, "handoff": 0.95, "options_then_commit": 0.75, "calibrated": 0.9}
"""Floors on the team's own labelled corpus: training material (the tagger learned from it), so
these guard against regressions and say nothing about unseen answers. The learned tagger
finds options-then-commit in 0.77 of these (the old lexical rules, tuned on them, 1.00)."""

HELDOUT_FLOORS = {"committed": 0.95, "run_on": 0.95, "relitigated": 0.5, "handoff": 0.95, "options_then_commit": 0.65, "calibrated": 0.5}
"""Regression guards on the held-out split, a little under what the judge measured there
(bench/judge_accuracy.py prints the figures and the issue's targets; nothing was tuned on it)."""


def analyze_json(path: Path, home: Path) -> dict:
    out, err = io.StringIO(), io.StringIO()
    code = main(["analyze", str(path), "--json"], Environment(stdout=out, stderr=err, data_dir=home))
    assert code == 0, err.getvalue()
    report = json.loads(out.getvalue())
    # The debrief rides along under its own key; its goldens are in test_debrief.py.
    assert report.pop("debrief")["schema_version"] == 1
    for turn in report["turns"]:
        turn["source"] = path.name
    report["session"]["sources"] = [path.name]
    return report


@pytest.mark.parametrize("name", GOLDEN_INPUTS)
def test_golden_analyze_json(name: str, tmp_path: Path) -> None:
    expected = json.loads((GOLDEN / f"{name}.json").read_text())
    assert analyze_json(CORPUS / f"{name}.txt", tmp_path) == expected


@pytest.mark.parametrize("folder", [CORPUS, CORPUS / "audio"], ids=["typed", "audio"])
def test_corpus_accuracy_meets_targets(folder: Path) -> None:
    rows = []
    for path in sorted(folder.glob("*.txt")):
        if path.name.endswith(".src.txt"):
            continue
        t = load(path)
        labels = {k: int(v) for k, v in (i.split("=") for i in t.meta["labels"].split())}
        s = judge_answer(t.answers[-1], Settings())
        said = {
            "committed": s.commit_s is not None, "run_on": s.run_on, "relitigated": s.relitigated,
            "handoff": s.handoff, "options_then_commit": s.options_then_commit, "calibrated": s.calibrated,
        }
        rows.append((said, labels, s.positions))
    assert len(rows) >= (60 if folder == CORPUS else 12)
    for flag, target in TARGETS.items():
        tp = sum(1 for said, lab, _ in rows if said[flag] and lab[flag])
        fp = sum(1 for said, lab, _ in rows if said[flag] and not lab[flag])
        fn = sum(1 for said, lab, _ in rows if not said[flag] and lab[flag])
        f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0
        assert f1 >= target, f"{flag}: F1 {f1:.2f} below {target}"
    within = sum(1 for _, lab, pos in rows if abs(pos - lab["positions"]) <= 1) / len(rows)
    assert within >= 0.95


def test_heldout_accuracy_holds_its_floor() -> None:
    from tests.corpus_loader import heldout_answers

    rows = []
    for item in heldout_answers():
        s = judge_answer(item.answer, Settings(), item.asked)
        said = {
            "committed": s.commit_s is not None, "run_on": s.run_on, "relitigated": s.relitigated,
            "handoff": s.handoff, "options_then_commit": s.options_then_commit, "calibrated": s.calibrated,
        }
        rows.append((said, item))
    assert len(rows) >= 120
    for flag, floor in HELDOUT_FLOORS.items():
        tp = sum(1 for said, i in rows if said[flag] and i.flag(flag))
        fp = sum(1 for said, i in rows if said[flag] and not i.flag(flag))
        fn = sum(1 for said, i in rows if not said[flag] and i.flag(flag))
        f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0
        assert f1 >= floor, f"held-out {flag}: F1 {f1:.2f} below {floor}"


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as home:
        for name in GOLDEN_INPUTS:
            doc = analyze_json(CORPUS / f"{name}.txt", Path(home))
            (GOLDEN / f"{name}.json").write_text(json.dumps(doc, indent=2) + "\n")
            print(f"wrote tests/golden/{name}.json", file=sys.stderr)
