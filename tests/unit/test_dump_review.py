"""Defects a review of the dump side found (capture, sources, the model, the pickler), each with
the family of cases it stands for. Payloads are loaded in a fresh interpreter that cannot import
the modules they came from, and the loaded objects are called."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

import srcpickle

from . import RESULT_MARK, import_from, load_fresh, result_of, run_fresh, write_module, write_payload

# ------------------------------------------------- globals of code never go through __getattr__

LAZY = """\
def __getattr__(name):
    if name.startswith("__"):
        raise AttributeError(name)
    return "lazy-" + name


def count():
    return len("ab")


def missing():
    return not_defined_anywhere


class Sized:
    size = len("abc")

    def twice(self):
        return 2 * len("xy")
"""


def test_code_of_a_module_with_getattr_reads_builtins_not_getattr(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lazy = import_from(monkeypatch, write_module(tmp_path, "lazyuser", LAZY).parent, "lazyuser")
    data = srcpickle.dumps([lazy, lazy.count, lazy.missing, lazy.Sized])
    assert b"= 'lazy-" not in data  # no global holds what __getattr__ computes
    probe = "(fn[1](), fn[3].size, fn[3]().twice(), type(fn[0]).__name__, repr(fn[0].count()))"
    assert load_fresh(data, tmp_path, probe) == (2, 3, 4, "module", "2")
    # The original raises NameError: so does the loaded function (nothing computed it instead).
    assert load_fresh(data, tmp_path, "raises(fn[2])", before=RAISES) == "NameError"


RAISES = """
def raises(call):
    try:
        call()
    except Exception as exc:
        return type(exc).__name__
    return "no exception"
"""


def test_an_attribute_read_through_the_module_still_asks_its_getattr(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import_from(monkeypatch, write_module(tmp_path, "lazyuser", LAZY).parent, "lazyuser")
    write_module(
        tmp_path,
        "lazyclient",
        """\
        import lazyuser


        def read():
            return lazyuser.answer, lazyuser.count()
        """,
    )
    client = import_from(monkeypatch, tmp_path, "lazyclient")
    data = srcpickle.dumps(client.read)
    assert load_fresh(data, tmp_path, "fn()") == ("lazy-answer", 2)
