"""Strings a library compares by identity: ``argparse.SUPPRESS``, which argparse checks with
``is`` (``if action.default is not SUPPRESS``, ``if action.help is SUPPRESS``). A parser held by a
function used to load with copies of the text ``'==SUPPRESS=='``, which argparse took for ordinary
values: every namespace it parsed had ``help='==SUPPRESS=='`` (the help action's default), its help
listed the options its user hid, and a positional with ``default=SUPPRESS`` was set to the text.
The payload now refers to ``argparse.SUPPRESS`` itself; loaded in a fresh process, the parser
behaves as the original."""

from __future__ import annotations

import argparse
from pathlib import Path

import srcpickle

from . import load_fresh

PARSER = argparse.ArgumentParser(prog="tool", description="Resize images.")
PARSER.add_argument("--width", type=int, default=640)
PARSER.add_argument("--debug-dump", action="store_true", help=argparse.SUPPRESS)
PARSER.add_argument("--scale", type=float, default=argparse.SUPPRESS)
PARSER.add_argument("--version", action="version", version="tool 1.0")
QUIET = argparse.ArgumentParser(prog="quiet", argument_default=argparse.SUPPRESS, add_help=False)
QUIET.add_argument("--level", type=int)


def parse(argv):
    return sorted(vars(PARSER.parse_args(argv)).items())


def usage():
    return PARSER.format_help()


def quiet(argv):
    return sorted(vars(QUIET.parse_args(argv)).items())


def test_the_payload_names_the_constant_and_holds_no_copy_of_it() -> None:
    text = srcpickle.dumps(parse).decode()
    assert "[ref argparse.SUPPRESS]" in text, text
    assert "'==SUPPRESS=='" not in text, text


def test_a_loaded_parser_parses_as_the_original(tmp_path: Path) -> None:
    for argv in ([], ["--width", "3"], ["--scale", "0.5", "--debug-dump"]):
        got = load_fresh(srcpickle.dumps(parse), tmp_path, f"fn({argv!r})")
        assert got == parse(argv), (argv, got)
        assert "help" not in dict(got) and "version" not in dict(got), got
    assert load_fresh(srcpickle.dumps(quiet), tmp_path, "fn([])") == quiet([]) == []
    assert load_fresh(srcpickle.dumps(quiet), tmp_path, "fn(['--level', '2'])") == [("level", 2)]


def test_a_loaded_parser_hides_what_its_user_hid(tmp_path: Path) -> None:
    got = load_fresh(srcpickle.dumps(usage), tmp_path, "fn()")
    assert got == usage()
    assert "--debug-dump" not in got and "--width" in got, got


def test_the_constant_is_the_module_s_own_object_after_loading(tmp_path: Path) -> None:
    expression = "[a.default is __import__('argparse').SUPPRESS for a in fn.__globals__['PARSER']._actions]"
    got = load_fresh(srcpickle.dumps(parse), tmp_path, expression)
    assert got == [a.default is argparse.SUPPRESS for a in PARSER._actions]
    assert got.count(True) == 3  # (-h, --scale and --version)
