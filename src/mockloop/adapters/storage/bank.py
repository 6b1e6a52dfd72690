"""The question bank: load and validate `prompts/*.yaml` and a user's own files.

A question file holds `id`, `title`, the `prompt` the interviewer speaks, an
optional `vocabulary` (jargon that biases speech recognition), and `phases`:
for each of the six phases an `opening` line, `follow_ups`, and `key_points`
(each a `point` with `phrasings` used to match what the candidate said); the
deep dive also has `probes` and `pushbacks`. `interviewer.yaml` holds the
interviewer's own lines; the greeting may say `{minutes}`, the only field
mockloop fills in (by plain replacement: a line is never a format string).
Every error names the file, the field and the fix.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from mockloop.errors import BankError, UnknownQuestion
from mockloop.model import PHASES, InterviewerLines, KeyPoint, PhaseScript, Question
from mockloop.errors import BankError, UnknownQuestion, quote
from mockloop.adapters.storage.safeio import MAX_CONFIG_BYTES, FileTooLarge, load_yaml, read_text

INTERVIEWER_FILE = "interviewer.yaml"
_ID_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789-")

FIELDS: dict[str, tuple[str, ...]] = {"greeting": ("minutes",)}
"""The `{fields}` mockloop fills into an interviewer line; any other line is said as written."""

_FIELD = re.compile(r"\{([^{}]*)\}")


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
        text = read_text(path, MAX_CONFIG_BYTES)
    except FileNotFoundError:
        raise BankError(f"{path}: no such file", "check the path") from None
    except FileTooLarge as exc:
        raise BankError(f"{path}: {exc.strerror} question file", "one question per file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BankError(f"{path}: cannot read ({exc})", "save it as UTF-8 text") from None
    try:
        return load_yaml(text)
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
        raise c.fail("id", f"{quote(qid)} may hold only lowercase letters, digits and '-'")
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
    lines = {key: c.text(root, key, "") for key in ("greeting", "framework_reminder", "stop_you_there", "move_on", "closing")}
    for key, line in [*lines.items(), *((f"transitions.{p}", t) for p, t in transitions.items())]:
        allowed = FIELDS.get(key, ())
        for field in _FIELD.findall(line):
            if field not in allowed:
                fills = f"the {key} may say {', '.join('{' + f + '}' for f in allowed)}" if allowed else "this line is said as written"
                raise c.fail(key, f"{quote('{' + field + '}')} is not a field mockloop fills in", f"{fills}; remove the braces")
    return InterviewerLines(transitions=transitions, **lines)


def load_question(path: Path) -> Question:
    return parse_question(_read_yaml(path), path)


def _question_files(folder: Path) -> list[Path]:
    return sorted(
        p for p in list(folder.glob("*.yaml")) + list(folder.glob("*.yml")) if p.name != INTERVIEWER_FILE
    )


def check_dir(folder: Path) -> list[tuple[Path, Question | InterviewerLines | BankError]]:
    """Validate every file in `folder` as `Bank` would load it (question files, an
    `interviewer.yaml`, two files with one id), collecting each file's result."""
    if not folder.is_dir():
        raise BankError(f"{folder}: not a folder", "give the folder that holds your question .yaml files")
    results: list[tuple[Path, Question | InterviewerLines | BankError]] = []
    seen: dict[str, Path] = {}
    for path in _question_files(folder):
        try:
            question = load_question(path)
        except BankError as exc:
            results.append((path, exc))
            continue
        if question.id in seen:
            results.append((path, _duplicate(path, question.id, seen[question.id])))
            continue
        seen[question.id] = path
        results.append((path, question))
    interviewer = folder / INTERVIEWER_FILE
    if interviewer.exists():
        try:
            results.append((interviewer, parse_interviewer(_read_yaml(interviewer), interviewer)))
        except BankError as exc:
            results.append((interviewer, exc))
    return results


def _duplicate(path: Path, qid: str, first: Path) -> BankError:
    return BankError(f"{path}: id: {quote(qid)} is also defined in {first}", "give each question its own id")


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
                    raise _duplicate(path, question.id, seen[question.id])
                seen[question.id] = path
                self.questions[question.id] = question

    def get(self, qid: str) -> Question:
        try:
            return self.questions[qid]
        except KeyError:
            known = ", ".join(sorted(self.questions)) or "none"
            raise UnknownQuestion(
                f"unknown question {quote(qid)}", f"see 'mockloop questions'; known ids: {known}"
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
