"""Which calls of a payload's sources pass a keyword argument a newer Python added to the standard
library (``srcpickle/_keywords.py``), read from payload texts a newer Python could have written:
the header says which Python wrote it, an import section which distribution a module came from.
The end-to-end cases, written on 3.13 and loaded on 3.9, 3.11 and PyPy, are in
tests/test_newer_keywords.py."""

from __future__ import annotations

import functools
import math
import sys

import pytest

import srcpickle
from srcpickle._check import run_checks
from srcpickle._fmt.read import parse
from srcpickle._keywords import newer_keywords
from srcpickle.errors import PythonVersionError

# The keywords read here are 3.12's and 3.13's: a Python that has them has nothing to find.
pytestmark = pytest.mark.skipif(sys.version_info >= (3, 12), reason="this Python has those keywords")

CALLS = []


def stepped(x):
    CALLS.append(x)
    return math.nextafter(x, 10.0, steps=2), str.replace("aa", "a", "b", count=1)


def bound_ahead(x):
    # The keyword passed to functools.partial goes to the callable it binds, at its call.
    step = functools.partial(math.nextafter, steps=2)
    return step(x, 10.0), functools.partial(max, key=abs)([x, -2 * x])


def _text(written_by: str = "srcpickle 0.3.0, cpython 3.13.0", distribution: str = "stdlib") -> str:
    text = srcpickle.dumps(stepped).decode()
    here = text.split("written-by: ")[1].split("\n")[0]
    assert "distribution: 'stdlib'" in text
    return text.replace(here, repr(written_by)).replace(
        "distribution: 'stdlib'", f"distribution: {distribution!r}"
    )


LINE = stepped.__code__.co_firstlineno + 2


def test_a_payload_a_newer_python_wrote_names_each_call_in_order() -> None:
    assert newer_keywords(parse(_text())) == [
        ("math.nextafter(steps=...)", (3, 12), f"passed by stepped, line {LINE}"),
        ("str.replace(count=...)", (3, 13), f"passed by stepped, line {LINE}"),
    ]


def test_a_payload_this_python_wrote_is_not_read() -> None:
    here = f"srcpickle 0.3.0, cpython {sys.version.split()[0]}"
    assert newer_keywords(parse(_text(written_by=here))) == []


def test_a_payload_that_does_not_say_who_wrote_it_is_read() -> None:
    assert len(newer_keywords(parse(_text(written_by="someone")))) == 2


def test_a_module_of_a_distribution_is_not_the_standard_librarys() -> None:
    # (a package of the user's own named math: its nextafter is nothing the table speaks for)
    found = newer_keywords(parse(_text(distribution="acme-math 1.0")))
    assert [name for name, _, _ in found] == ["str.replace(count=...)"]


def test_loads_refuses_it_before_anything_runs_and_check_agrees() -> None:
    text = _text()
    with pytest.raises(PythonVersionError) as caught:
        srcpickle.loads(text)
    assert f"math.nextafter(steps=...) (passed by stepped, line {LINE}): new in Python 3.12" in str(
        caught.value
    )
    assert "nothing was executed" in str(caught.value) and "cpython 3.13.0, which wrote it" in str(
        caught.value
    )
    failed = [item for item in run_checks(text.encode())["items"] if item["status"] == "fail"]
    assert [item["kind"] for item in failed] == ["python", "python"]
    assert [item["name"] for item in failed] == ["math.nextafter(steps=...)", "str.replace(count=...)"]
    # The same text, written by this Python, loads (and its code runs only when called).
    loaded = srcpickle.loads(_text(written_by=f"srcpickle 0.3.0, cpython {sys.version.split()[0]}"))
    assert CALLS == [] and loaded.__name__ == "stepped"


def test_keywords_bound_by_functools_partial_are_the_bound_callable_s() -> None:
    text = srcpickle.dumps(bound_ahead).decode()
    here = text.split("written-by: ")[1].split("\n")[0]
    text = text.replace(here, repr("srcpickle 0.3.0, cpython 3.13.0"))
    line = bound_ahead.__code__.co_firstlineno + 2
    # (max's key= is older than every supported Python: nothing to find)
    assert newer_keywords(parse(text)) == [
        ("math.nextafter(steps=...)", (3, 12), f"passed by bound_ahead, line {line}")
    ]
