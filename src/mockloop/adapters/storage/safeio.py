"""Files on disk, read and written safely: the one place mockloop opens its own files.

Writing: `write_atomic` is the only way a file in the data folder is
replaced. It creates a fresh temp file beside the target exclusively
(O_EXCL | O_NOFOLLOW, mode 0600, so a symlink or a file left at a temp name
is never followed or reused), writes it, fsyncs it, then `os.replace`s the
target, so a reader sees the old file or the new one, never half of one.
`keep_copy` adds a file under the first free name and never replaces one.
`private_dir` makes folders 0700 and refuses to go through a symlink.

Reading: `read_text` refuses files past a size cap; `load_yaml` refuses
nesting past MAX_DEPTH and documents past MAX_NODES values once aliases are
expanded (an alias bomb of a few hundred bytes expands to gigabytes), measured
before anything is built; `load_json` refuses nesting past
MAX_DEPTH and NaN/Infinity. Errors from these are ordinary `OSError`,
`yaml.YAMLError` and `ValueError`, which each reader turns into its own
one-line error.
"""

from __future__ import annotations

import errno
import itertools
import json
import os
import re
import secrets
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO, Any

import yaml

FILE_MODE = 0o600
DIR_MODE = 0o700

MAX_CONFIG_BYTES = 1 << 20
"""settings.yaml, session.yaml, a question file: far past any real one."""

MAX_DOCUMENT_BYTES = 64 << 20
"""transcript.json, timed text, debrief.json: a 45-minute session's transcript is under 1 MB."""

MAX_DEPTH = 64
"""Deepest nesting of lists and mappings read from YAML or JSON; ours nest 5 deep."""

_EXCLUSIVE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC

Body = bytes | str | Callable[[IO[bytes]], None]
"""What to write: bytes, text (written as UTF-8), or a function that writes into the open file."""


class FileTooLarge(OSError):
    """A file past the size cap for what it should hold."""


def _create_temp(folder: Path, name: str) -> tuple[int, Path]:
    for _ in range(16):
        tmp = folder / f".{name}.{secrets.token_hex(6)}.tmp"
        try:
            return os.open(tmp, _EXCLUSIVE, FILE_MODE), tmp
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "cannot create a temporary file", str(folder))


def _fill(fd: int, body: Body) -> None:
    with os.fdopen(fd, "wb") as f:
        if isinstance(body, str):
            f.write(body.encode("utf-8"))
        elif isinstance(body, bytes):
            f.write(body)
        else:
            body(f)
        f.flush()
        os.fsync(f.fileno())


def _sync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some filesystems cannot sync a folder; the file itself is synced
    finally:
        os.close(fd)


def write_atomic(target: Path, body: Body) -> None:
    """Replace `target` with `body` all at once (see the module docstring); mode 0600."""
    fd, tmp = _create_temp(target.parent, target.name)
    try:
        _fill(fd, body)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)  # the earlier version stays whole
        raise
    _sync_dir(target.parent)


def keep_copy(names: Iterable[Path], body: Body) -> Path:
    """Write `body` under the first of `names` that does not exist yet; never replaces a file."""
    paths = iter(names)
    first = next(paths)
    fd, tmp = _create_temp(first.parent, first.name)
    try:
        _fill(fd, body)
        for target in itertools.chain((first,), paths):
            try:
                os.link(tmp, target)  # fails if the name is taken: an existing copy is never touched
            except FileExistsError:
                continue
            _sync_dir(target.parent)
            return target
    finally:
        tmp.unlink(missing_ok=True)
    raise FileExistsError(errno.EEXIST, "no free name to keep a copy under", str(first))


def private_dir(path: Path) -> Path:
    """Create `path` (and its parents) if needed; the folder itself is 0700 and not a symlink."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        path.mkdir(mode=DIR_MODE)
    except FileExistsError:
        if path.is_symlink() or not path.is_dir():
            raise NotADirectoryError(errno.ENOTDIR, "not a folder of mockloop's own (a symlink or a file)", str(path)) from None
    mode = path.stat().st_mode & 0o777
    if mode != DIR_MODE:
        os.chmod(path, DIR_MODE)  # a folder made by an older mockloop under a 022 umask
    return path


def is_own_folder(path: Path) -> bool:
    """A real folder, not a symlink to one (which could lead out of the data folder)."""
    return path.is_dir() and not path.is_symlink()


def read_bytes(path: Path, limit: int) -> bytes:
    """The file's bytes; FileTooLarge past `limit` (read no further than that)."""
    with open(path, "rb") as f:
        data = f.read(limit + 1)
    if len(data) > limit:
        raise FileTooLarge(errno.EFBIG, f"larger than {_size(limit)}, too large to be one", str(path))
    return data


def read_text(path: Path, limit: int = MAX_DOCUMENT_BYTES) -> str:
    """The file as UTF-8 text; FileTooLarge past `limit`, UnicodeDecodeError if not UTF-8."""
    return read_bytes(path, limit).decode("utf-8")


def _size(n: int) -> str:
    return f"{n >> 20} MB" if n >= 1 << 20 else f"{n >> 10} KB"


MAX_NODES = 100_000
"""Most values a YAML document may hold once its aliases are expanded (ours hold a few hundred)."""


class LimitExceeded(yaml.YAMLError):
    """YAML past the bounds: nesting past MAX_DEPTH, or more than MAX_NODES values once expanded."""

    def __init__(self, problem: str, mark: Any) -> None:
        super().__init__(problem)
        self.problem = problem
        self.problem_mark = mark


class _BoundedLoader(yaml.SafeLoader):
    """SafeLoader that stops nesting past MAX_DEPTH while composing, before recursion runs out."""

    _depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise LimitExceeded(f"nested more than {MAX_DEPTH} levels deep", self._mark())
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def _mark(self) -> Any:
        return self.peek_event().start_mark  # type: ignore[no-untyped-call]


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    return []


def _check_expanded(root: yaml.Node) -> None:
    """Size and depth of the document as built, aliases expanded, without building it.

    Each node is measured once (an alias is a second reference to a node
    already measured), iteratively, so a chain of aliases cannot recurse."""
    measured: dict[int, tuple[int, int]] = {}
    open_nodes: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if key in measured:
            continue
        kids = _children(node)
        if not children_done:
            if key in open_nodes:
                raise LimitExceeded("an alias refers to a value that holds it", node.start_mark)
            open_nodes.add(key)
            stack.append((node, True))
            stack.extend((kid, False) for kid in kids if id(kid) not in measured)
            continue
        open_nodes.discard(key)
        size = 1 + sum(measured[id(kid)][0] for kid in kids)
        depth = 1 + max((measured[id(kid)][1] for kid in kids), default=0)
        if size > MAX_NODES:
            raise LimitExceeded(f"more than {MAX_NODES} values once its aliases are expanded", node.start_mark)
        if depth > MAX_DEPTH:
            raise LimitExceeded(f"nested more than {MAX_DEPTH} levels deep once its aliases are expanded", node.start_mark)
        measured[key] = (size, depth)


def load_yaml(text: str) -> Any:
    """Parse YAML the safe way, bounded (see LimitExceeded); raises yaml.YAMLError."""
    loader = _BoundedLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _check_expanded(node)
        return loader.construct_document(node)
    finally:
        loader.dispose()


_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_JSON_BRACKET = re.compile(r"[\[\]{}]")


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def load_json(text: str) -> Any:
    """Parse JSON, refusing nesting past MAX_DEPTH and NaN/Infinity; raises ValueError."""
    depth = 0
    for m in _JSON_BRACKET.finditer(_JSON_STRING.sub("", text)):
        depth += 1 if m.group() in "[{" else -1
        if depth > MAX_DEPTH:
            raise ValueError(f"nested more than {MAX_DEPTH} levels deep")
    return json.loads(text, parse_constant=_reject_constant)
