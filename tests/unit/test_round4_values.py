"""Standard-library values of round 4 (h167) written as the calls that make them, and the one
refused: what a payload carries of them. The round trips on every Python are the case files
tests/roundtrip/cases/round4_values.py and round4_syntax.py."""

from __future__ import annotations

import ast
import dataclasses
import io
import logging
import re
import sys

import pytest

import srcpickle
from srcpickle.errors import UnsupportedObjectError

TOKENS = re.Scanner([(r"[0-9]+", lambda scanner, token: int(token)), (r"\s+", None)], re.IGNORECASE)
PARSED_PATTERN = TOKENS.scanner


def tokenize(text):
    return TOKENS.scan(text)


def parsed_pattern():
    return PARSED_PATTERN


def test_a_scanner_is_the_call_with_its_lexicon_and_flags() -> None:
    text = srcpickle.dumps(tokenize).decode()
    assert "callable: @re.Scanner\nargs: ([('[0-9]+', @<lambda>), ('\\\\s+', None)], 2)" in text
    assert srcpickle.loads(text)("12 3") == ([12, 3], "")


def test_a_pattern_compiled_from_a_parsed_tree_is_refused_naming_it() -> None:
    # Its reduction, re._compile(None, flags), would load nowhere.
    refusal = r"compiled pattern made from a parsed tree.*re\.Scanner"
    with pytest.raises(UnsupportedObjectError, match=refusal):
        srcpickle.dumps(parsed_pattern)


class Config:
    retries = 3


TABLE = vars(Config)
COPY = dict(vars(Config))


def table():
    return TABLE["retries"], TABLE


def test_a_class_namespace_is_that_class_s_live_namespace() -> None:
    text = srcpickle.dumps(table).decode()
    assert "callable: @builtins.vars\nargs: (@Config,)" in text
    retries, loaded = srcpickle.loads(text)()
    assert retries == 3 and type(loaded).__name__ == "mappingproxy" and "__dict__" in loaded


CONSOLE = logging.StreamHandler(sys.stderr)
CONSOLE.setLevel(logging.ERROR)
CONSOLE.set_name("h167-console")


def console():
    return CONSOLE


def test_a_stream_handler_is_the_call_with_its_stream_then_its_configuration() -> None:
    text = srcpickle.dumps(console).decode()
    assert "callable: @logging.StreamHandler\nargs: (@sys.stderr,)" in text
    assert "state: (None, {'name': 'h167-console', 'level': 40})" in text
    loaded = srcpickle.loads(text)()
    assert loaded.stream is sys.stderr and loaded.level == logging.ERROR
    assert loaded.get_name() == "h167-console"
    assert loaded.lock is not CONSOLE.lock


def test_a_closed_stream_handler_is_refused_for_its_lock() -> None:
    closed = logging.StreamHandler(io.StringIO())
    closed.close()
    if not vars(closed).get("_closed"):
        pytest.skip("this Python's handlers keep no _closed flag (3.9)")
    with pytest.raises(UnsupportedObjectError, match="lock"):
        srcpickle.dumps(lambda: closed)


TREE = ast.parse("x + 1", mode="eval")


def evaluate(x):
    return eval(compile(TREE, "<tree>", "eval"), {"x": x})


def test_a_syntax_tree_is_its_node_classes_called_with_their_fields() -> None:
    text = srcpickle.dumps(evaluate).decode()
    assert "callable: @ast.Expression\nargs: ()\nkwargs: {'body': @BinOp}" in text
    assert srcpickle.loads(text)(2) == 3


def make_jobs(start):
    @dataclasses.dataclass
    class Job:
        tags: list = dataclasses.field(default_factory=lambda: [start])

    return Job


def test_a_dataclass_factory_lambda_keeps_its_enclosing_variable() -> None:
    # It loaded and failed at the first __init__ with NameError: name 'start' is not defined.
    text = srcpickle.dumps(make_jobs("new")).decode()
    assert "closure start = " in text
    assert srcpickle.loads(text)().tags == ["new"]
