"""The question bank: load and validate `prompts/*.yaml` and a user's own files.

A question file holds `id`, `title`, the `prompt` the interviewer speaks, an
optional `vocabulary` (jargon that biases speech recognition), and `phases`:
for each of the six phases an `opening` line, `follow_ups`, and `key_points`
(each a `point` with `phrasings` used to match what the candidate said); the
deep dive also has `probes` and `pushbacks`. `interviewer.yaml` holds the
interviewer's own lines. Every error names the file, the field and the fix.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from mockloop.errors import BankError, UnknownQuestion
from mockloop.model import PHASES, InterviewerLines, KeyPoint, PhaseScript, Question

INTERVIEWER_FILE = "interviewer.yaml"
_ID_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789-")


def shipped_dir() -> Path:
    """The bank that ships with mockloop: package data, so a wheel carries it.

    The repository's top-level `prompts/` is a link to this folder.
    """
    return Path(__file__).resolve().parents[2] / "prompts"


class _Checker:
    """Walks a parsed YAML document, raising BankError with file and field."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, field: str, what: str, hint: str = "") -> BankError:
        where = f"{self.path}: {field}" if field else str(self.path)
        return BankError(f"{where}: {what}", hint or "see prompts/build-cache.yaml for a complete example")

    def mapping(self, value: Any, field: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(field, f"expected a mapping of fields, got {_kind(value)}")
        return value

    def text(self, doc: dict[str, Any], key: str, field: str) -> str:
        value = doc.get(key)
        name = f"{field}.{key}" if field else key
        if value is None:
            raise self.fail(name, "is missing")
        if not isinstance(value, str) or not value.strip():
            raise self.fail(name, f"must be non-empty text, got {_kind(value)}")
        return " ".join(value.split())

    def texts(self, doc: dict[str, Any], key: str, field: str, required: bool = True) -> tuple[str, ...]:
        value = doc.get(key)
        name = f"{field}.{key}" if field else key
        if value is None:
            if required:
                raise self.fail(name, "is missing")
            return ()
        if not isinstance(value, list) or not value:
            raise self.fail(name, f"must be a non-empty list of text, got {_kind(value)}")
        out = []
        for i, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                raise self.fail(f"{name}[{i}]", f"must be non-empty text, got {_kind(item)}")
            out.append(" ".join(item.split()))
        return tuple(out)

    def unknown_keys(self, doc: dict[str, Any], allowed: set[str], field: str) -> None:
        for key in doc:
            if key not in allowed:
                name = f"{field}.{key}" if field else str(key)
                raise self.fail(name, "is not a known field", f"known fields here: {', '.join(sorted(allowed))}")


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, str):
        return "empty text" if not value.strip() else "text"
    return {dict: "a mapping", list: "a list", bool: "true/false", int: "a number", float: "a number"}.get(
        type(value), type(value).__name__
    )


def _read_yaml(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise BankError(f"{path}: no such file", "check the path") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BankError(f"{path}: cannot read ({exc})", "save it as UTF-8 text") from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark is not None else str(path)
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise BankError(f"{where}: invalid YAML ({problem})", "fix the YAML syntax at that line") from None


def parse_question(doc: Any, path: Path) -> Question:
    """Validate one question document (already parsed YAML)."""
    c = _Checker(path)
    root = c.mapping(doc, "")
    c.unknown_keys(root, {"id", "title", "prompt", "vocabulary", "phases"}, "")
    qid = c.text(root, "id", "")
    if not set(qid) <= _ID_CHARS:
        raise c.fail("id", f"{qid!r} may hold only lowercase letters, digits and '-'")
    title = c.text(root, "title", "")
    prompt = c.text(root, "prompt", "")
    vocabulary = c.texts(root, "vocabulary", "", required=False)
    phases_doc = c.mapping(root.get("phases"), "phases")
    c.unknown_keys(phases_doc, set(PHASES), "phases")
    phases: dict[str, PhaseScript] = {}
    for phase in PHASES:
        field = f"phases.{phase}"
        if phase not in phases_doc:
            raise c.fail(field, "is missing", f"every question scripts all six phases: {', '.join(PHASES)}")
        pdoc = c.mapping(phases_doc[phase], field)
        allowed = {"opening", "follow_ups", "key_points"}
        if phase == "deep_dive":
            allowed |= {"probes", "pushbacks"}
        c.unknown_keys(pdoc, allowed, field)
        raw_points = pdoc.get("key_points")
        if not isinstance(raw_points, list) or not raw_points:
            raise c.fail(f"{field}.key_points", f"must be a non-empty list, got {_kind(raw_points)}")
        points = []
        for i, raw in enumerate(raw_points):
            pfield = f"{field}.key_points[{i}]"
            kp = c.mapping(raw, pfield)
            c.unknown_keys(kp, {"point", "phrasings"}, pfield)
            points.append(KeyPoint(c.text(kp, "point", pfield), c.texts(kp, "phrasings", pfield)))
        is_deep = phase == "deep_dive"
        phases[phase] = PhaseScript(
            opening=c.text(pdoc, "opening", field),
            follow_ups=c.texts(pdoc, "follow_ups", field),
            key_points=tuple(points),
            probes=c.texts(pdoc, "probes", field, required=is_deep),
            pushbacks=c.texts(pdoc, "pushbacks", field, required=is_deep),
        )
    return Question(qid, title, prompt, phases, vocabulary, str(path))


def parse_interviewer(doc: Any, path: Path) -> InterviewerLines:
    """Validate `interviewer.yaml` (already parsed YAML)."""
    c = _Checker(path)
    root = c.mapping(doc, "")
    keys = {"greeting", "framework_reminder", "transitions", "stop_you_there", "move_on", "closing"}
    c.unknown_keys(root, keys, "")
    transitions_doc = c.mapping(root.get("transitions"), "transitions")
    c.unknown_keys(transitions_doc, set(PHASES), "transitions")
    transitions = {p: c.text(transitions_doc, p, "transitions") for p in PHASES}
    return InterviewerLines(
        greeting=c.text(root, "greeting", ""),
        framework_reminder=c.text(root, "framework_reminder", ""),
        transitions=transitions,
        stop_you_there=c.text(root, "stop_you_there", ""),
        move_on=c.text(root, "move_on", ""),
        closing=c.text(root, "closing", ""),
    )


def load_question(path: Path) -> Question:
    return parse_question(_read_yaml(path), path)


def _question_files(folder: Path) -> list[Path]:
    return sorted(
        p for p in list(folder.glob("*.yaml")) + list(folder.glob("*.yml")) if p.name != INTERVIEWER_FILE
    )


def check_dir(folder: Path) -> list[tuple[Path, Question | BankError]]:
    """Validate every question file in `folder`, collecting each file's result."""
    if not folder.is_dir():
        raise BankError(f"{folder}: not a folder", "give the folder that holds your question .yaml files")
    results: list[tuple[Path, Question | BankError]] = []
    for path in _question_files(folder):
        try:
            results.append((path, load_question(path)))
        except BankError as exc:
            results.append((path, exc))
    interviewer = folder / INTERVIEWER_FILE
    if interviewer.exists():
        try:
            parse_interviewer(_read_yaml(interviewer), interviewer)
        except BankError as exc:
            results.append((interviewer, exc))
    return results


class Bank:
    """The questions available: the shipped bank plus the user's folders, later ones win."""

    def __init__(self, folders: list[Path]) -> None:
        self.folders = folders
        self.questions: dict[str, Question] = {}
        for folder in folders:
            if not folder.is_dir():
                raise BankError(f"{folder}: question folder not found", "check the --bank path")
            seen: dict[str, Path] = {}
            for path in _question_files(folder):
                question = load_question(path)
                if question.id in seen:
                    raise BankError(
                        f"{path}: id: {question.id!r} is also defined in {seen[question.id]}",
                        "give each question its own id",
                    )
                seen[question.id] = path
                self.questions[question.id] = question

    def get(self, qid: str) -> Question:
        try:
            return self.questions[qid]
        except KeyError:
            known = ", ".join(sorted(self.questions)) or "none"
            raise UnknownQuestion(
                f"unknown question {qid!r}", f"see 'mockloop questions'; known ids: {known}"
            ) from None

    def interviewer(self) -> InterviewerLines:
        """The interviewer's lines: the last folder that has its own file wins."""
        for folder in reversed(self.folders):
            path = folder / INTERVIEWER_FILE
            if path.exists():
                return parse_interviewer(_read_yaml(path), path)
        path = shipped_dir() / INTERVIEWER_FILE
        return parse_interviewer(_read_yaml(path), path)


def default_folders(extra: list[Path], user_dir: Path) -> list[Path]:
    """The shipped bank, the user's `questions/` folder if it exists, then `--bank` folders."""
    folders = [shipped_dir()]
    if user_dir.is_dir():
        folders.append(user_dir)
    return folders + list(extra)
