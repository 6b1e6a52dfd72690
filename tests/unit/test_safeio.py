"""safeio on real files in tmp_path: the atomic writer, keep_copy, the bounded readers."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import IO

import pytest
import yaml

from mockloop.errors import quote
from mockloop.model import printable
from mockloop.adapters.storage.safeio import FileTooLarge, keep_copy, load_json, load_yaml, private_dir, read_text, write_atomic


def test_write_atomic_replaces_whole_and_private_and_leaves_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "doc.json"
    target.write_text("old")
    old_umask = os.umask(0o022)
    try:
        write_atomic(target, "new")
    finally:
        os.umask(old_umask)
    assert target.read_text() == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["doc.json"]


def test_a_failed_write_keeps_the_earlier_file_and_removes_its_temp(tmp_path: Path) -> None:
    target = tmp_path / "doc.json"
    target.write_text("old")

    def half(f: IO[bytes]) -> None:
        f.write(b"partial")
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError, match="No space"):
        write_atomic(target, half)
    assert target.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["doc.json"]


def test_write_atomic_replaces_a_symlink_instead_of_writing_through_it(tmp_path: Path) -> None:
    victim = tmp_path / "victim"
    victim.write_text("keep me")
    link = tmp_path / "debrief.md"
    link.symlink_to(victim)
    write_atomic(link, "debrief")
    assert victim.read_text() == "keep me"
    assert not link.is_symlink() and link.read_text() == "debrief"


def test_keep_copy_never_overwrites(tmp_path: Path) -> None:
    names = [tmp_path / "t.previous.json", tmp_path / "t.previous-2.json", tmp_path / "t.previous-3.json"]
    assert keep_copy(iter(names), "first") == names[0]
    assert keep_copy(iter(names), "second") == names[1]
    assert [n.read_text() for n in names[:2]] == ["first", "second"]
    names[2].write_text("taken")
    with pytest.raises(FileExistsError):
        keep_copy(iter(names), "fourth")
    assert names[2].read_text() == "taken"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(n.name for n in names)


def test_private_dir_refuses_a_symlink_and_tightens_an_old_folder(tmp_path: Path) -> None:
    old = tmp_path / "sessions"
    old.mkdir(mode=0o755)
    os.chmod(old, 0o755)
    private_dir(old)
    assert stat.S_IMODE(old.stat().st_mode) == 0o700
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(NotADirectoryError):
        private_dir(tmp_path / "link")


def test_read_text_stops_at_its_cap(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"x" * 2049)
    assert read_text(path, 4096) == "x" * 2049
    with pytest.raises(FileTooLarge, match="larger than 2 KB"):
        read_text(path, 2048)


def test_yaml_is_bounded_but_plain_anchors_still_work() -> None:
    assert load_yaml("a: &x [1, 2]\nb: *x\n") == {"a": [1, 2], "b": [1, 2]}
    bomb = "a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
        f"{b}: &{b} [{', '.join(['*' + a] * 9)}]\n" for a, b in zip("abcdefgh", "bcdefghi")
    )
    with pytest.raises(yaml.YAMLError, match="100000 values"):
        load_yaml(bomb)
    with pytest.raises(yaml.YAMLError, match="64 levels"):
        load_yaml("[" * 5000 + "]" * 5000)
    chain = "k0: &a0 1\n" + "".join(f"k{i}: &a{i} [*a{i - 1}]\n" for i in range(1, 3000))
    with pytest.raises(yaml.YAMLError, match="64 levels deep once its aliases are expanded"):
        load_yaml(chain)
    with pytest.raises(yaml.YAMLError, match="refers to a value that holds it"):
        load_yaml("&a [*a]")


def test_json_is_bounded() -> None:
    assert load_json('{"a": ["[[[[", 1]}') == {"a": ["[[[[", 1]}  # brackets inside strings do not count
    with pytest.raises(ValueError, match="64 levels"):
        load_json("[" * 5000 + "]" * 5000)
    for constant in ("NaN", "Infinity", "-Infinity"):
        with pytest.raises(ValueError, match="not a number JSON allows"):
            load_json(f"[{constant}]")


def test_quote_and_printable_keep_echoed_input_short_and_inert() -> None:
    assert quote("never") == "'never'"
    assert len(quote("x" * 10_000)) < 70
    assert len(quote([[["deep"] * 1000] * 1000])) < 70
    assert printable("a\x1b[31mb\x00c\td\ne\x9b") == "a[31mbc\td\ne"
