"""The table of keyword arguments each CPython release added to standard-library callables
(``srcpickle/_stdlib_keywords.py``, written by ``tools/stdlib_keywords.py``), which lets loading
refuse a payload whose code passes one this Python lacks (``PythonVersionError``) instead of
failing with a ``TypeError`` inside a call: its data, and that the running Python's callables
accept exactly the keywords the table says it has."""

from __future__ import annotations

import sys
from typing import Tuple

import pytest

from srcpickle._stdlib_keywords import KEYWORDS, NEWEST

from . import result_of, run_fresh

KNOWN = {
    ("builtins.zip", "strict"): (3, 10),
    ("bisect.bisect_left", "key"): (3, 10),
    ("dataclasses.dataclass", "kw_only"): (3, 10),
    ("dataclasses.dataclass", "slots"): (3, 10),
    ("dataclasses.dataclass", "weakref_slot"): (3, 11),
    ("dataclasses.field", "kw_only"): (3, 10),
    ("glob.glob", "root_dir"): (3, 10),
    ("glob.glob", "include_hidden"): (3, 11),
    ("statistics.fmean", "weights"): (3, 11),
    ("math.nextafter", "steps"): (3, 12),
    ("shutil.rmtree", "onexc"): (3, 12),
    ("tempfile.NamedTemporaryFile", "delete_on_close"): (3, 12),
    ("pathlib.Path.glob", "case_sensitive"): (3, 12),
    ("builtins.str.replace", "count"): (3, 13),
}


@pytest.mark.parametrize("callee, keyword", sorted(KNOWN))
def test_the_table_has_the_release_that_added_a_keyword(callee: str, keyword: str) -> None:
    assert KEYWORDS[callee][keyword] == KNOWN[(callee, keyword)]


def test_the_table_holds_no_keyword_of_the_oldest_release() -> None:
    releases = {release for added in KEYWORDS.values() for release in added.values()}
    assert releases == {(3, 10), (3, 11), (3, 12), (3, 13)} and NEWEST == max(releases)
    # Keywords every supported Python has are no entries: sorted(key=), open(encoding=).
    assert "builtins.sorted" not in KEYWORDS and "builtins.open" not in KEYWORDS
    assert "key" not in KEYWORDS.get("builtins.min", {}) and "lo" not in KEYWORDS["bisect.bisect_left"]


CHILD = """
import importlib, inspect, warnings
warnings.simplefilter("ignore")
from srcpickle._stdlib_keywords import KEYWORDS
here = sys.version_info[:2]
wrong = []
told = 0
for dotted, added in sorted(KEYWORDS.items()):
    parts = dotted.split(".")
    obj = None
    for size in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:size]))
        except BaseException:
            continue
        try:
            for attr in parts[size:]:
                obj = getattr(obj, attr)
        except AttributeError:
            obj = None
        break
    try:
        params = inspect.signature(obj).parameters if obj is not None else None
    except Exception:
        params = None  # (zip before 3.13: no signature to read)
    if params is None:
        continue  # (a module this build lacks: tkinter without Tk)
    takes_any = any(p.kind == p.VAR_KEYWORD for p in params.values())
    for keyword, release in added.items():
        accepts = takes_any or (keyword in params and params[keyword].kind in (1, 3))
        told += 1
        if accepts != (here >= release):
            wrong.append((dotted, keyword, release))
print("RESULT=" + repr((told > 100, wrong)))
"""


@pytest.mark.skipif(sys.implementation.name != "cpython", reason="the table is CPython's releases")
def test_this_python_accepts_exactly_the_keywords_the_table_says_it_has() -> None:
    # (in a fresh process: it imports every module the table names)
    assert result_of(run_fresh(CHILD)) == (True, [])


def _release() -> Tuple[int, int]:
    return (sys.version_info[0], sys.version_info[1])


def test_zip_strict_fails_exactly_where_the_table_says() -> None:
    # zip has no signature before 3.13 (the one entry written by hand): the call itself tells.
    try:
        list(zip([1], [2], strict=True))  # type: ignore[call-overload, unused-ignore]
    except TypeError:
        accepted = False
    else:
        accepted = True
    assert accepted == (_release() >= KEYWORDS["builtins.zip"]["strict"])
