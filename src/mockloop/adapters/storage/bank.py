"""The question bank: load and validate `prompts/*.yaml` and a user's own files.

A question file holds `id`, `title`, the `prompt` the interviewer speaks, an
optional `vocabulary` (jargon that biases speech recognition), optional
`facts` (what the interviewer answers when asked: each a `kind` of scale,
scope or constraint, the `answer`, and the `phrasings` a question about it
uses), and `phases`: for each of the six phases an `opening` line,
`follow_ups`, `key_points` (each a `point` with `phrasings` used to match what
the candidate said, and an optional `ask:`, the follow-up aimed at it) and an
optional `model_answer` (a strong answer of about 60–120 words, for `study`);
the deep dive also has `probes` and `pushbacks` (each a line, or a mapping of
`text` and `applies_to`, the components it is aimed at). `interviewer.yaml`
holds the interviewer's own lines; the greeting may say `{minutes}`, the only
field mockloop fills in (by plain replacement: a line is never a format
string). Every error names the file, the field and the fix.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from mockloop.errors import BankError, UnknownQuestion
from mockloop.model import FACT_KINDS, PHASES, Fact, InterviewerLines, KeyPoint, PhaseScript, Question
from mockloop.errors import BankError, UnknownQuestion, quote
from mockloop.adapters.storage.safeio import MAX_CONFIG_BYTES, FileTooLarge, load_yaml, read_text

INTERVIEWER_FILE = "interviewer.yaml"
MODEL_ANSWER_WORDS = (40, 160)
"""What the loader accepts for a model answer; the bank's own are written to 60–120 words."""
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
    c.unknown_keys(root, {"id", "title", "prompt", "vocabulary", "facts", "phases"}, "")
    qid = c.text(root, "id", "")
    if not set(qid) <= _ID_CHARS:
        raise c.fail("id", f"{quote(qid)} may hold only lowercase letters, digits and '-'")
    title = c.text(root, "title", "")
    prompt = c.text(root, "prompt", "")
    vocabulary = c.texts(root, "vocabulary", "", required=False)
    facts = _facts(c, root.get("facts"))
    phases_doc = c.mapping(root.get("phases"), "phases")
    c.unknown_keys(phases_doc, set(PHASES), "phases")
    phases: dict[str, PhaseScript] = {}
    for phase in PHASES:
        field = f"phases.{phase}"
        if phase not in phases_doc:
            raise c.fail(field, "is missing", f"every question scripts all six phases: {', '.join(PHASES)}")
        pdoc = c.mapping(phases_doc[phase], field)
        allowed = {"opening", "follow_ups", "key_points", "model_answer"}
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
            c.unknown_keys(kp, {"point", "phrasings", "ask"}, pfield)
            ask = c.text(kp, "ask", pfield) if "ask" in kp else ""
            points.append(KeyPoint(c.text(kp, "point", pfield), c.texts(kp, "phrasings", pfield), ask))
        is_deep = phase == "deep_dive"
        pushbacks, applies_to = _pushbacks(c, pdoc.get("pushbacks"), f"{field}.pushbacks", is_deep)
        phases[phase] = PhaseScript(
            opening=c.text(pdoc, "opening", field),
            follow_ups=c.texts(pdoc, "follow_ups", field),
            key_points=tuple(points),
            probes=c.texts(pdoc, "probes", field, required=is_deep),
            pushbacks=pushbacks,
            applies_to=applies_to,
            model_answer=_model_answer(c, pdoc, field),
        )
    return Question(qid, title, prompt, phases, vocabulary, str(path), facts)


def _facts(c: _Checker, raw: Any) -> tuple[Fact, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list) or not raw:
        raise c.fail("facts", f"must be a non-empty list of facts, got {_kind(raw)}")
    facts = []
    for i, item in enumerate(raw):
        field = f"facts[{i}]"
        doc = c.mapping(item, field)
        c.unknown_keys(doc, {"kind", "answer", "phrasings"}, field)
        kind = c.text(doc, "kind", field)
        if kind not in FACT_KINDS:
            raise c.fail(f"{field}.kind", f"{kind!r} is not a kind of fact", f"use one of {', '.join(FACT_KINDS)}")
        facts.append(Fact(kind, c.text(doc, "answer", field), c.texts(doc, "phrasings", field)))
    return tuple(facts)


def _pushbacks(
    c: _Checker, raw: Any, field: str, required: bool
) -> tuple[tuple[str, ...], dict[str, tuple[str, ...]]]:
    """Pushbacks are lines, or mappings of `text` and the components it `applies_to`."""
    if raw is None:
        if required:
            raise c.fail(field, "is missing")
        return (), {}
    if not isinstance(raw, list) or not raw:
        raise c.fail(field, f"must be a non-empty list, got {_kind(raw)}")
    texts: list[str] = []
    aimed: dict[str, tuple[str, ...]] = {}
    for i, item in enumerate(raw):
        name = f"{field}[{i}]"
        if isinstance(item, str) and item.strip():
            texts.append(" ".join(item.split()))
            continue
        doc = c.mapping(item, name)
        c.unknown_keys(doc, {"text", "applies_to"}, name)
        text = c.text(doc, "text", name)
        texts.append(text)
        aimed[text] = c.texts(doc, "applies_to", name)
    return tuple(texts), aimed


def _model_answer(c: _Checker, pdoc: dict[str, Any], field: str) -> str:
    if "model_answer" not in pdoc:
        return ""
    text = c.text(pdoc, "model_answer", field)
    low, high = MODEL_ANSWER_WORDS
    words = len(text.split())
    if not low <= words <= high:
        raise c.fail(
            f"{field}.model_answer",
            f"has {words} words",
            "a model answer is a strong candidate's answer to the phase: about 60–120 words",
        )
    return text


def parse_interviewer(doc: Any, path: Path) -> InterviewerLines:
    """Validate `interviewer.yaml` (already parsed YAML)."""
    c = _Checker(path)
    root = c.mapping(doc, "")
    keys = {"greeting", "framework_reminder", "transitions", "stop_you_there", "move_on", "closing", "no_fact"}
    c.unknown_keys(root, keys, "")
    transitions_doc = c.mapping(root.get("transitions"), "transitions")
    c.unknown_keys(transitions_doc, set(PHASES), "transitions")
    transitions = {p: c.text(transitions_doc, p, "transitions") for p in PHASES}
    said = ["greeting", "framework_reminder", "stop_you_there", "move_on", "closing", *(["no_fact"] if "no_fact" in root else [])]
    lines = {key: c.text(root, key, "") for key in said}
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
