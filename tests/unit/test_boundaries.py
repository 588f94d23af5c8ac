"""The loader's boundaries: what loading imports, and what it refuses before anything runs.

Loading needs only the standard library (never libcst or typeguard). Before anything from a
payload runs (an import with side effects, a function body, a global), the loader checks the
Python version, ``allowed_imports`` and that every imported module is installed. Each check runs
in a fresh interpreter where a module with an import-time side effect is importable, and the
side effect must not happen.
"""

from __future__ import annotations

import pickle
import subprocess
import sys
from pathlib import Path
from typing import List, Tuple

import pytest

import srcpickle

from . import (
    RESULT_MARK,
    import_from,
    imports_by_first_dumps,
    isolated,
    lines_of,
    load_error_fresh,
    load_fresh,
    result_of,
    run_fresh,
    write_module,
)

# ------------------------------------------------------------------------- import boundary

BOUNDARY_MODULE = """\
import json
from math import sqrt


def make(scale):
    def scaled(x, *, precise=False):
        value = sqrt(x) * scale
        return json.dumps(value if precise else round(value))
    return scaled
"""

CAPTURE_ONLY = ("libcst", "typeguard")


def test_import_srcpickle_imports_no_capture_dependency() -> None:
    proc = run_fresh(
        f"""\
        import srcpickle
        print({RESULT_MARK!r} + repr(sorted(m for m in sys.modules if m.split('.')[0] in {CAPTURE_ONLY!r})))
        """
    )
    assert result_of(proc) == []


def test_loads_imports_no_capture_dependency(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_module(tmp_path / "code", "bd_boundary", BOUNDARY_MODULE)
    module = import_from(monkeypatch, tmp_path / "code", "bd_boundary")
    data = srcpickle.dumps(module.make(3))
    capture_only = f"sorted(m for m in sys.modules if m.split('.')[0] in {CAPTURE_ONLY!r})"
    result = load_fresh(data, tmp_path, f"(fn(16), fn(2, precise=True), {capture_only})")
    assert result == ("12", module.make(3)(2, precise=True), [])


# What ``import srcpickle`` must not import (issue 9: the import stays cheap beside cloudpickle's):
# the capture side's and the command line's heavy standard modules, typing included (the loader's
# annotations are for type checkers only).
HEAVY_AT_IMPORT = (
    "typing",
    "ast",
    "dis",
    "inspect",
    "dataclasses",
    "sysconfig",
    "threading",
    "contextvars",
    "hashlib",
    "tempfile",
    "importlib.metadata",
    "math",
    # linecache imports tokenize (~4M instructions on 3.11): the loader's entries wait for it
    # (srcpickle._sourcelines). The test's interpreter starts without them (3.13 imports linecache
    # at startup, which leaves it out of what the import adds).
    "linecache",
    "tokenize",
    "srcpickle._capture",
    "srcpickle._migrate",
    "srcpickle._cli",
    # The loader's rarely needed parts (issue 9): the messages of failed checks, and the scope of
    # type parameters of generic defs (3.12+).
    "srcpickle._rebuild.failures",
    "srcpickle._rebuild.generics",
    # The writer: the first dumps imports it (with the capture side), a loads never does.
    "srcpickle._fmt.write",
)


def test_loads_imports_neither_the_writer_nor_the_guards(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A loads never imports the writer (``srcpickle._fmt.write``), nor the module of format 3
    guards for a payload that holds none (issue 9: each cost a first loads its import): not for
    a closure reading imports, a packed run of ints, a nan with its sign, long bytes (base64),
    nor for a payload the loader refuses for a packed run that is no such run (whose message
    quotes the value as the writer writes it)."""
    write_module(tmp_path / "code", "bd_writer", BOUNDARY_MODULE)
    module = import_from(monkeypatch, tmp_path / "code", "bd_writer")
    data = srcpickle.dumps((module.make(3), list(range(-5, 300)), -float("nan"), b"\x00\xff" * 50))
    assert data.startswith(b"srcpickle-payload 3\n") and b"*ints('<i2', 305, '" in data
    not_imported = "[m for m in ('srcpickle._fmt.write', 'srcpickle._rebuild.guards') if m in sys.modules]"
    expression = f"(fn[0](16), fn[1][:7], str(fn[2]), math.copysign(1, fn[2]), fn[3][:3], {not_imported})"
    result = load_fresh(data, tmp_path, expression, before="import math")
    assert result == ("12", [-5, -4, -3, -2, -1, 0, 1], "nan", -1.0, b"\x00\xff\x00", [])
    bad = data.replace(b"*ints('<i2', 305, '", b"*ints('<i2', 'many', '")
    name, message, imported = load_error_fresh(bad, tmp_path, after=not_imported)
    assert name == "PayloadFormatError" and "the count must be a whole number" in message, message
    assert "not 'many'" in message and imported == ["srcpickle._fmt.write"]


# What it imports so that a first loads does not (issue 9): the parser and the loader.
LOADER_MODULES = (
    "srcpickle._fmt",
    "srcpickle._fmt.read",
    "srcpickle._model",
    "srcpickle._rebuild",
    "srcpickle._rebuild.compiler",
)


def test_import_srcpickle_imports_the_loader_and_nothing_heavy() -> None:
    # -S: the site module of some installations imports typing itself (a .pth file of an
    # editable install or of certifi), which would hide an import of it by srcpickle.
    code = f"""\
import sys
sys.path.insert(0, {isolated().directory!r})
before = set(sys.modules)
import srcpickle
new = set(sys.modules) - before
heavy = sorted(new & set({HEAVY_AT_IMPORT!r}))
print({RESULT_MARK!r} + repr((heavy, sorted(set({LOADER_MODULES!r}) - new), "typing" in before)))
"""
    command = [sys.executable, "-I", "-S", "-c", code]
    proc = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert result_of(proc) == ([], [], False)


def test_import_srcpickle_leaves_the_errors_to_their_first_use() -> None:
    """``srcpickle.errors`` is imported by the first use of an error (issue 9), and the classes
    are the same whichever way they are reached: ``srcpickle.X``, ``srcpickle.errors.X``, a
    ``from`` import, a star import, ``dir``."""
    proc = run_fresh(
        f"""\
        import srcpickle
        imported_with_srcpickle = "srcpickle.errors" in sys.modules
        first = srcpickle.PayloadFormatError
        from srcpickle.errors import PayloadFormatError, __all__ as names
        from srcpickle import *
        same = all(getattr(srcpickle, n) is getattr(srcpickle.errors, n) is globals()[n] for n in names)
        listed = set(names) <= set(dir(srcpickle)) and "errors" in dir(srcpickle)
        try:
            srcpickle.loads(b"not a payload")
        except srcpickle.LoadError as exc:
            caught = type(exc).__name__
        found = (imported_with_srcpickle, first is PayloadFormatError, same, listed, caught)
        print({RESULT_MARK!r} + repr(found))
        """
    )
    assert result_of(proc) == (False, True, True, True, "PayloadFormatError")


def test_a_first_load_that_fails_raises_the_public_error() -> None:
    """Before anything imported ``srcpickle.errors``, a malformed payload (the parser's error) and
    a failure while building (the builder's wrapping, which lets srcpickle's own errors through)
    raise the public classes."""
    proc = run_fresh(
        f"""\
        import srcpickle
        found = []
        for data in (b"srcpickle-payload 1\\n[function f\\n", b"srcpickle-payload 99\\n"):
            try:
                srcpickle.loads(data)
            except srcpickle.errors.SrcpickleError as exc:
                found.append(type(exc).__name__)
        print({RESULT_MARK!r} + repr(found))
        """
    )
    assert result_of(proc) == ["PayloadFormatError", "FormatVersionError"]


# What a first dumps of functions and data must not import (issue 9): typing costs a process that
# has not imported it ~3 ms (on 3.9 importlib.util imports it: only a body import needs that), the
# others are for classes, versions and the command line (dis: the global names a code reads come
# from its bytecode directly; ast: the node classes come from _ast, and functions without
# annotations or f-strings need nothing else of it; sysconfig: a file of the user's own is told
# from the install folders by their prefixes).
HEAVY_AT_FIRST_DUMPS = (
    "typing",
    "sysconfig",
    "inspect",
    "dataclasses",
    "importlib.metadata",
    "importlib.util",
    "email",
    "tempfile",
    "hashlib",
    "dis",
    "ast",
    # linecache imports tokenize (~1.3 ms, a third of a first dumps): a file's lines are read
    # as linecache reads them, and handed to it once imported (_sourcelines.read_lines).
    "linecache",
    "tokenize",
)
# A child's line dropping tokenize from what it found when linecache came with the interpreter
# (3.13 imports it at startup): linecache answers there, and reads a file with tokenize.
_LINECACHE_ANSWERS = 'heavy = [n for n in heavy if n != "tokenize" or "linecache" not in before]'


def test_first_dumps_imports_nothing_heavy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """In an interpreter without site (which may import typing itself), dumping a function with
    annotations, defaults, data globals and imports, and a lambda, imports none of
    ``HEAVY_AT_FIRST_DUMPS``; the payloads load and work."""
    lambda_line = '\n\nsquare = lambda v=2: v * LIMITS["low"][1]  # noqa: E731\n'
    write_module(tmp_path / "code", "bd_bare", CLASSY_MODULE + lambda_line)
    module = import_from(monkeypatch, tmp_path / "code", "bd_bare")
    code = f"""\
import sys
sys.path[:0] = [{isolated().directory!r}, {str(tmp_path / "code")!r}]
import srcpickle, bd_bare
before = set(sys.modules)
data = srcpickle.dumps(bd_bare.scale), srcpickle.dumps(bd_bare.square)
heavy = sorted((set(sys.modules) - before) & set({HEAVY_AT_FIRST_DUMPS!r}))
{_LINECACHE_ANSWERS}
print({RESULT_MARK!r} + repr((heavy, srcpickle.loads(data[0])(2), srcpickle.loads(data[1])())))
"""
    proc = subprocess.run(
        [sys.executable, "-I", "-S", "-c", code], capture_output=True, text=True, timeout=120
    )
    assert result_of(proc) == ([], module.scale(2), module.square())


# The capture side's code that a function without annotations, attributes, body imports or
# globals of other modules (and a lambda) does not need, imported by the first dumps that does
# (issue 9): the annotations, functions with a __dict__, the capture's error messages, the
# sections other than function, namespace, cell, import and ref sections, module values.
NOT_AT_FIRST_PLAIN_DUMPS = (
    "srcpickle._capture.typehints",
    "srcpickle._capture.decorated",
    "srcpickle._capture.failures",
    "srcpickle._capture.modules",
    "srcpickle._fmt.sections",
)

PARTS_MODULE = """\
import functools
import threading

STEP = 3


def add(x, y=1):
    return x + y + STEP


square = lambda v=2: v * v  # noqa: E731


def typed(x: int, *, label: "str" = "n") -> str:
    return f"{label}={x}"


@functools.singledispatch
def show(value):
    return f"value {value!r}"


@show.register
def _(value: int):
    return f"int {value}"


def local_import(n):
    import math

    return math.factorial(n)


LOCK = threading.Lock()


def holds_lock():
    return LOCK.locked()
"""


def test_first_dumps_of_a_plain_function_leaves_out_what_it_does_not_need(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In a fresh interpreter, the first dumps of a plain function and of a lambda import none of
    ``NOT_AT_FIRST_PLAIN_DUMPS``; each part is imported by the first dumps that needs it there
    (annotations, a singledispatch function, a body import, an object that cannot be captured,
    a shared dict), and every payload loads and works where the module cannot be imported."""
    write_module(tmp_path / "code", "bd_plain", PARTS_MODULE)
    module = import_from(monkeypatch, tmp_path / "code", "bd_plain")
    steps, payloads = imports_by_first_dumps(
        tmp_path / "code",
        "bd_plain",
        NOT_AT_FIRST_PLAIN_DUMPS,
        "(bd_plain.add, bd_plain.square)",
        "(bd_plain.typed, [shared, shared], bd_plain.show, bd_plain.local_import)",
        ("bd_plain.holds_lock", "errors.UnsupportedObjectError"),
        setup="shared = {1: 2}",
    )
    typehints, decorated, failures, modules, sections = NOT_AT_FIRST_PLAIN_DUMPS
    assert steps[:-1] == [
        [],
        [typehints],
        [typehints, sections],
        [typehints, decorated, sections],
        [typehints, decorated, modules, sections],
    ]
    imported, message = steps[-1]
    assert imported == [typehints, decorated, failures, modules, sections]
    assert "LOCK" in message and "Manager()" in message
    expected = [
        ("fn(2)", module.add(2)),
        ("fn()", module.square()),
        ("fn(4)", module.typed(4)),
        ("(fn, fn[0] is fn[1])", ([{1: 2}, {1: 2}], True)),
        ("(fn(5), fn('a'))", (module.show(5), module.show("a"))),
        ("fn(4)", module.local_import(4)),
    ]
    for payload, (expression, result) in zip(payloads, expected):
        assert load_fresh(payload, tmp_path, expression) == result, expression


MODEL_MODULE = """\
import math

THRESHOLD = 0.5


class Model:
    \"\"\"A linear model.\"\"\"

    kind = "linear"

    def __init__(self, weights, bias=0.0):
        self.weights = list(weights)
        self.bias = bias

    @classmethod
    def zeros(cls, n):
        return cls([0.0] * n)

    def predict(self, xs):
        return math.tanh(sum(w * x for w, x in zip(self.weights, xs)) + self.bias) > THRESHOLD
"""


def test_first_dumps_of_a_class_imports_nothing_heavy_but_ast(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In an interpreter without site, the first dumps of a class (a docstring, a class
    attribute, a classmethod, a global and an import read by a method) imports none of
    ``HEAVY_AT_FIRST_DUMPS`` but ast (its literal_eval and get_docstring read the class
    statement), nor _contextvars (issue 9: typing, dis and _contextvars were imported by it); the
    payload loads in a fresh process where the module cannot be imported, and works."""
    heavy = tuple(name for name in HEAVY_AT_FIRST_DUMPS if name != "ast") + ("_contextvars",)
    write_module(tmp_path / "code", "bd_model", MODEL_MODULE)
    module = import_from(monkeypatch, tmp_path / "code", "bd_model")
    code = f"""\
import sys
sys.path[:0] = [{isolated().directory!r}, {str(tmp_path / "code")!r}]
import srcpickle, bd_model
before = set(sys.modules)
data = srcpickle.dumps(bd_model.Model)
heavy = sorted((set(sys.modules) - before) & set({heavy!r}))
{_LINECACHE_ANSWERS}
sys.stdout.buffer.write(data)
sys.stdout.flush()
print()
print({RESULT_MARK!r} + repr(heavy))
"""
    proc = subprocess.run(
        [sys.executable, "-I", "-S", "-c", code], capture_output=True, text=True, timeout=120
    )
    assert result_of(proc) == []
    data = srcpickle.dumps(module.Model)
    assert proc.stdout.encode().startswith(data)
    result = load_fresh(
        data, tmp_path, "(fn.zeros(2).predict([1, 2]), fn([1.0], 1.0).predict([2]), fn.__doc__, fn.kind)"
    )
    expected = module.Model.zeros(2).predict([1, 2]), module.Model([1.0], 1.0).predict([2])
    assert result == (*expected, "A linear model.", "linear")


def test_first_signed_dumps_and_loads_import_nothing_heavy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Signing a payload and checking its signature (``key=``) imports none of
    ``HEAVY_AT_FIRST_DUMPS`` but hashlib, the HMAC's (issue 9: the signature module's record and
    type aliases made a first signed call import typing, dataclasses and inspect); the signed
    payload loads and works, and a wrong key is refused."""
    heavy = tuple(name for name in HEAVY_AT_FIRST_DUMPS if name != "hashlib")
    write_module(tmp_path / "code", "bd_signed", CLASSY_MODULE)
    module = import_from(monkeypatch, tmp_path / "code", "bd_signed")
    code = f"""\
import sys
sys.path[:0] = [{isolated().directory!r}, {str(tmp_path / "code")!r}]
import srcpickle, bd_signed
before = set(sys.modules)
key = "k" * 32
data = srcpickle.dumps(bd_signed.scale, key=key)
fn = srcpickle.loads(data, key=key)
try:
    srcpickle.loads(data, key="w" * 32)
    refused = False
except srcpickle.SignatureError:
    refused = True
heavy = sorted((set(sys.modules) - before) & set({heavy!r}))
{_LINECACHE_ANSWERS}
print({RESULT_MARK!r} + repr((heavy, fn(2), refused)))
"""
    proc = subprocess.run(
        [sys.executable, "-I", "-S", "-c", code], capture_output=True, text=True, timeout=120
    )
    assert result_of(proc) == ([], module.scale(2), True)


def test_first_loads_imports_no_srcpickle_module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A payload of functions and data: its first load in a process imports only what the payload
    imports (json, math), none of srcpickle (``import srcpickle`` brought the loader), and the
    function works."""
    write_module(tmp_path / "code", "bd_first", BOUNDARY_MODULE)
    module = import_from(monkeypatch, tmp_path / "code", "bd_first")
    path = tmp_path / "first.srcpickle"
    path.write_bytes(srcpickle.dumps(module.make(3)))
    proc = run_fresh(
        f"""\
        import srcpickle
        with open(sys.argv[1], "rb") as handle:
            data = handle.read()
        before = set(sys.modules)
        fn = srcpickle.loads(data)
        new = set(sys.modules) - before
        ours = sorted(name for name in new if name.split(".")[0] == "srcpickle")
        print({RESULT_MARK!r} + repr((fn(16), ours, "json" in new or "json" in before)))
        """,
        args=[str(path)],
    )
    assert result_of(proc) == ("12", [], True)


# What the first dumps of functions and data imports (issue 9): the capture side without its
# class machinery, which the first class met imports.
CLASS_MACHINERY = (
    "srcpickle._capture.classes",
    "srcpickle._class_source",
    "srcpickle._rebuild.classes",
    "srcpickle._rebuild.builder",
    "srcpickle._rebuild.namespaces",
)
# (srcpickle._annotated is not among them: a def's annotations are read by it too.)

# What the first dumps of a function needs only for what it may meet (issue 9): the reader of
# annotations (a def with an annotation), the handlers of containers (a list, dict, set, tuple)
# with the layout of their sections, and the handlers of references, reductions and calls (a
# library's object, an instance).
FOR_WHAT_IS_MET = (
    "srcpickle._annotated",
    "srcpickle._capture.values",
    "srcpickle._capture.objects",
    "srcpickle._capture.references",
    # Never met by these functions (issue 9: each is an import a first dumps would pay): a
    # distribution's module, a source without a file's lines, a signature inspect must make.
    "srcpickle._dists",
    "srcpickle._lines",
    "srcpickle._signature",
)

PLAIN_MODULE = """\
from math import sqrt

LIMIT = 10


def make_counter(start):
    def count(step=1):
        return min(start + step, LIMIT) + helper(step)

    return count


def helper(x):
    return x * 2


shift = lambda v, k=3: v + k + LIMIT  # noqa: E731


def annotated(items: "list[int]") -> int:
    return sum(items) + len(NAMES)


NAMES = ["a", "b"]


def root(x):
    return sqrt(x) + LIMIT
"""


def test_first_dumps_of_plain_functions_imports_only_what_they_meet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A closure over numbers calling a helper and a lambda with a default (no annotations, no
    containers, no library objects) import none of ``FOR_WHAT_IS_MET``; a def with annotations
    reading a list imports the reader of annotations and the containers' handlers; one reading a
    library's function, the handler of references but not those of calls and reductions. None
    imports the distributions' reader, the other sources of lines or inspect's signature. All
    the payloads load and work in the process that dumped them and in a fresh one."""
    write_module(tmp_path / "code", "bd_plain_fns", PLAIN_MODULE)
    module = import_from(monkeypatch, tmp_path / "code", "bd_plain_fns")
    proc = run_fresh(
        f"""\
        import srcpickle, bd_plain_fns as m
        watched = {FOR_WHAT_IS_MET!r}
        data = [srcpickle.dumps(m.make_counter(4)), srcpickle.dumps(m.shift)]
        plain = sorted(name for name in watched if name in sys.modules)
        data.append(srcpickle.dumps(m.annotated))
        after = sorted(name for name in watched if name in sys.modules)
        data.append(srcpickle.dumps(m.root))
        last = sorted(name for name in watched if name in sys.modules)
        count, shift, annotated, root = [srcpickle.loads(d) for d in data]
        results = count(2), shift(1), annotated([1, 2]), root(16)
        print({RESULT_MARK!r} + repr((plain, after, last, results)))
        """,
        extra_path=[tmp_path / "code"],
    )
    expected = ["srcpickle._annotated", "srcpickle._capture.values"]
    last = sorted([*expected, "srcpickle._capture.references"])
    results = module.make_counter(4)(2), module.shift(1), module.annotated([1, 2]), module.root(16)
    assert result_of(proc) == ([], expected, last, results)
    # And where the module cannot be imported.
    dumped = [module.make_counter(4), module.shift, module.annotated, module.root]
    loaded = [load_fresh(srcpickle.dumps(fn), tmp_path, call) for fn, call in zip(dumped, CALLS)]
    assert loaded == list(results)


CALLS = ("fn(2)", "fn(1)", "fn([1, 2])", "fn(16)")


SCALAR_MODULE = """\
import os

LIMIT = 10
NAMES = ("a", "b")


def make_fact(a):
    def fact(n):
        return 1 if n <= 1 else n * fact(n - 1)

    def facts(b):
        return [fact(i) + LIMIT for i in range(a, b)]

    return facts


shift = lambda v, k=3: max(v, k) + LIMIT  # noqa: E731


def helper(x):
    return x * 2


def calls_helper(x):
    return helper(x) + LIMIT


def joins(x):
    return os.path.join(NAMES[0], str(x))


def imports_in_body(x):
    import os.path

    return os.path.join(str(x), str(LIMIT))
"""


def test_first_dumps_of_closures_over_scalars_imports_no_globals_handling(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A recursive closure and a lambda reading only scalars and builtins import no handling of
    globals and modules (``srcpickle._capture.modules``); the first function reading a function
    of its module imports it, and so does one reading a module (an import) as its first global
    of that kind. Every payload loads and works."""
    write_module(tmp_path / "code", "bd_scalar_fns", SCALAR_MODULE)
    module = import_from(monkeypatch, tmp_path / "code", "bd_scalar_fns")
    proc = run_fresh(
        f"""\
        import srcpickle, bd_scalar_fns as m
        handling = "srcpickle._capture.modules"
        data = [srcpickle.dumps(m.make_fact(2)), srcpickle.dumps(m.shift)]
        plain = handling in sys.modules
        data.append(srcpickle.dumps(m.calls_helper))
        after_function = handling in sys.modules
        data.append(srcpickle.dumps(m.joins))
        facts, shift, calls_helper, joins = [srcpickle.loads(d) for d in data]
        results = facts(5), shift(1), calls_helper(4), joins(7)
        print({RESULT_MARK!r} + repr((plain, after_function, results)))
        """,
        extra_path=[tmp_path / "code"],
    )
    expected = module.make_fact(2)(5), module.shift(1), module.calls_helper(4), module.joins(7)
    assert result_of(proc) == (False, True, expected)

    results = {}

    # Each way to meet a module first imports it: read as a global, imported in a function's
    # body, met as a value.
    firsts = {"global": "m.joins", "body import": "m.imports_in_body", "value": "[m.os, m.shift]"}
    for first in firsts.values():
        proc = run_fresh(
            f"""\
            import srcpickle, bd_scalar_fns as m
            data = srcpickle.dumps({first})
            imported = "srcpickle._capture.modules" in sys.modules
            loaded = srcpickle.loads(data)
            if isinstance(loaded, list):
                result = loaded[0].path.join("a", "b") + str(loaded[1](1))
            else:
                result = loaded(3)
            print({RESULT_MARK!r} + repr((imported, result)))
            """,
            extra_path=[tmp_path / "code"],
        )
        results[first] = result_of(proc)
    assert results == {
        "m.joins": (True, module.joins(3)),
        "m.imports_in_body": (True, module.imports_in_body(3)),
        "[m.os, m.shift]": (True, "a/b" + str(module.shift(1))),
    }


# What only functions need (issue 9): their handler, source recovery and scope resolution.
FUNCTION_MACHINERY = ("srcpickle._capture.functions", "srcpickle._source")

DATA_MODULE = """\
def double(x):
    return [x, x]


class Empty:
    pass


DATA = {"ints": [1, 2, 3], "pair": (1.5, "x"), "set": frozenset({"a", "b"}), "raw": b"\\x00"}
"""


def test_first_dumps_of_data_imports_no_function_machinery(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Dumping plain data (a dict of lists, tuples, a frozenset, bytes, nested and shared) imports
    none of ``FUNCTION_MACHINERY``; the first function met imports it, whether it is the object
    dumped or held in the data; every payload loads equal to what was dumped."""
    write_module(tmp_path / "code", "bd_data", DATA_MODULE)
    module = import_from(monkeypatch, tmp_path / "code", "bd_data")
    proc = run_fresh(
        f"""\
        import srcpickle, bd_data as m
        watched = {FUNCTION_MACHINERY!r}
        shared = [4, 5]
        data = [srcpickle.dumps(m.DATA), srcpickle.dumps({{"a": shared, "b": shared}})]
        plain = sorted(name for name in watched if name in sys.modules)
        data.append(srcpickle.dumps({{"f": m.double}}))
        after = sorted(name for name in watched if name in sys.modules)
        loaded, both, holder = [srcpickle.loads(d) for d in data]
        results = loaded == m.DATA, both["a"] is both["b"], both["a"], holder["f"](3)
        print({RESULT_MARK!r} + repr((plain, after, results)))
        """,
        extra_path=[tmp_path / "code"],
    )
    expected = (True, True, [4, 5], module.double(3))
    assert result_of(proc) == ([], sorted(FUNCTION_MACHINERY), expected)
    # A class met first (its methods are functions) imports it too, and loads.
    proc = run_fresh(
        f"""\
        import srcpickle, bd_data as m
        data = srcpickle.dumps([m.Empty, 1])
        imported = sorted(name for name in {FUNCTION_MACHINERY!r} if name in sys.modules)
        cls, one = srcpickle.loads(data)
        print({RESULT_MARK!r} + repr((imported, cls.__name__, isinstance(cls(), cls), one)))
        """,
        extra_path=[tmp_path / "code"],
    )
    assert result_of(proc) == (sorted(FUNCTION_MACHINERY), "Empty", True, 1)


OPCODE_MODULE = """\
import math

LIMIT = 3


def tiny(x):
    return x + 1


def make(k):
    def scaled(x):
        global LIMIT
        return math.floor(x * k) + LIMIT

    return scaled


class Box:
    size: int = 2
    kind = LIMIT

    def area(self):
        return self.size * self.kind
"""


def test_first_dumps_reads_bytecode_without_importing_opcode(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A process that has not imported ``opcode`` (no dataclasses, no inspect) dumps a tiny
    function, a closure writing a global and a class with an annotated body without importing it
    on the interpreters whose instruction numbers srcpickle knows (issue 9), and the payloads
    load and work: the globals each reads are all there."""
    from srcpickle._rebuild import compiler

    write_module(tmp_path / "code", "bd_opcode", OPCODE_MODULE)
    module = import_from(monkeypatch, tmp_path / "code", "bd_opcode")
    proc = run_fresh(
        f"""\
        before = "opcode" in sys.modules
        import srcpickle, bd_opcode as m
        data = [srcpickle.dumps(m.tiny), srcpickle.dumps(m.make(2.5)), srcpickle.dumps(m.Box)]
        after = "opcode" in sys.modules
        tiny, scaled, box = [srcpickle.loads(d) for d in data]
        print({RESULT_MARK!r} + repr((before, after, tiny(1), scaled(2), box().area())))
        """,
        extra_path=[tmp_path / "code"],
    )
    known = sys.implementation.cache_tag in compiler._KNOWN_OPCODES
    expected = (False, not known, module.tiny(1), module.make(2.5)(2), module.Box().area())
    assert result_of(proc) == expected


CLASSY_MODULE = """\
import json


def scale(x, *, factor=2.5):
    return json.dumps(x * factor + sum(LIMITS["low"]) + len(LIMITS["high"]))


LIMITS = {"low": (1, 2), "high": frozenset({3})}


class Point:
    def __init__(self, x):
        self.x = x

    def norm(self):
        return abs(self.x)
"""


def test_first_dumps_of_functions_imports_no_class_machinery(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Dumping a function with data globals imports none of the class machinery; the first class
    dumped imports it, and both payloads load and work."""
    write_module(tmp_path / "code", "bd_classy", CLASSY_MODULE)
    module = import_from(monkeypatch, tmp_path / "code", "bd_classy")
    proc = run_fresh(
        f"""\
        import srcpickle, bd_classy
        machinery = {CLASS_MACHINERY!r}
        data = srcpickle.dumps(bd_classy.scale)
        after_function = sorted(m for m in machinery if m in sys.modules)
        cls = srcpickle.loads(srcpickle.dumps(bd_classy.Point))
        after_class = sorted(m for m in machinery if m in sys.modules)
        loaded = srcpickle.loads(data)
        print({RESULT_MARK!r} + repr((after_function, after_class, loaded(2), cls(-3).norm())))
        """,
        extra_path=[tmp_path / "code"],
    )
    assert result_of(proc) == ([], sorted(CLASS_MACHINERY), module.scale(2), module.Point(-3).norm())


# The loader's side of classes: the first dumps of a class needs none of it (issue 9); only a
# send by srcpickle.Pickler does, to track the classes it sends as the originals of what comes
# back (_rebuild.classes.track_original).
LOADER_CLASS_MODULES = (
    "srcpickle._rebuild.classes",
    "srcpickle._rebuild.builder",
    "srcpickle._rebuild.namespaces",
)

SENT_CLASS_SCRIPT = """\
import pickle
import sys

import srcpickle

watched = {watched!r}


class Point:
    def __init__(self, x):
        self.x = x

    def norm(self):
        return abs(self.x)


data = srcpickle.dumps(Point), srcpickle.dumps(Point(-4))
plain = sorted(name for name in watched if name in sys.modules)
sent = srcpickle.pickle_dumps(Point(-5))
after_send = sorted(name for name in watched if name in sys.modules)
back = pickle.loads(sent)
with open(sys.argv[1], "wb") as handle:
    pickle.dump(data, handle)
print({mark!r} + repr((plain, after_send, type(back) is Point, back.norm())))
"""


def test_first_dumps_of_a_class_imports_no_loader_class_machinery(tmp_path: Path) -> None:
    """A script's first dumps of its class and of an instance imports none of
    ``LOADER_CLASS_MODULES``; sending an instance with ``pickle_dumps`` does, and the instance
    comes back as the script's own class. Both payloads load in a fresh process where the script
    cannot be imported, and work."""
    script = tmp_path / "sends_class.py"
    script.write_text(
        SENT_CLASS_SCRIPT.format(watched=LOADER_CLASS_MODULES, mark=RESULT_MARK), encoding="utf-8"
    )
    out = tmp_path / "payloads.pickle"
    site = str(Path(srcpickle.__file__).resolve().parents[1])
    proc = subprocess.run(
        [sys.executable, str(script), str(out)],
        capture_output=True,
        text=True,
        timeout=120,
        env={"PYTHONPATH": site},
    )
    assert result_of(proc) == ([], sorted(LOADER_CLASS_MODULES), True, 5)
    cls_data, instance_data = pickle.loads(out.read_bytes())
    assert load_fresh(cls_data, tmp_path, "(fn(-3).norm(), fn.__name__)") == (3, "Point")
    assert load_fresh(instance_data, tmp_path, "(fn.norm(), type(fn).__name__)") == (4, "Point")


def test_first_loads_of_a_plain_function_imports_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A payload that imports nothing imports no module at all on its first load (issue 9: what
    every load needs, down to the standard library's, came with ``import srcpickle``)."""
    write_module(tmp_path / "code", "bd_plain", "def plain(x, k=3):\n    return [x * k, {'k': k}]\n")
    module = import_from(monkeypatch, tmp_path / "code", "bd_plain")
    path = tmp_path / "plain.srcpickle"
    path.write_bytes(srcpickle.dumps(module.plain))
    proc = run_fresh(
        f"""\
        import srcpickle
        with open(sys.argv[1], "rb") as handle:
            data = handle.read()
        before = set(sys.modules)
        fn = srcpickle.loads(data)
        print({RESULT_MARK!r} + repr((fn(2), sorted(set(sys.modules) - before))))
        """,
        args=[str(path)],
    )
    assert result_of(proc) == (module.plain(2), [])


def test_capture_dependencies_are_installed_in_the_child() -> None:
    """The boundary tests above mean something: libcst and typeguard *could* be imported there."""
    proc = run_fresh(
        f"""\
        import importlib.util
        print({RESULT_MARK!r} + repr([importlib.util.find_spec(m) is not None for m in {CAPTURE_ONLY!r}]))
        """
    )
    assert result_of(proc) == [True, True]


# ------------------------------------------------------------------- nothing runs on refusal

SIDE_EFFECT_MODULE = """\
with open({marker!r}, "a", encoding="utf-8") as _handle:
    _handle.write("imported\\n")


def touch(what):
    with open({marker!r}, "a", encoding="utf-8") as handle:
        handle.write(what + "\\n")
"""

USES_SIDE_EFFECTS = """\
import json

import bd_sidefx

CONFIG = bd_sidefx


def encode(value):
    bd_sidefx.touch("body ran")
    return json.dumps({"v": value})
"""


@pytest.fixture
def guarded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Tuple[bytes, Path, Path]:
    """A payload importing ``json`` and ``bd_sidefx`` (by reference: a module with an import-time
    side effect, importable in the child), the marker file its side effects write, and the folder
    to put on the child's path."""
    marker = tmp_path / "marker.txt"
    sidefx_dir = tmp_path / "installed"
    write_module(sidefx_dir, "bd_sidefx", SIDE_EFFECT_MODULE.format(marker=str(marker)))
    write_module(tmp_path / "code", "bd_user", USES_SIDE_EFFECTS)
    import_from(monkeypatch, sidefx_dir, "bd_sidefx")
    module = import_from(monkeypatch, tmp_path / "code", "bd_user")
    data = srcpickle.dumps(module.encode, by_reference=["bd_sidefx"])
    assert {node.module for _, node in srcpickle.inspect(data).imports()} == {"json", "bd_sidefx"}
    assert lines_of(marker) == ["imported"]
    marker.unlink()
    return data, marker, sidefx_dir


def test_payload_with_side_effects_loads_when_all_is_allowed(
    guarded: Tuple[bytes, Path, Path], tmp_path: Path
) -> None:
    """The control case: the same payload does run its import when allowed (and its body when called)."""
    data, marker, sidefx_dir = guarded
    result = load_fresh(data, tmp_path, "fn(1)", extra_path=[sidefx_dir])
    assert result == '{"v": 1}'
    assert lines_of(marker) == ["imported", "body ran"]


@pytest.mark.parametrize(
    "allowed, refused",
    [
        (["math"], "bd_sidefx, json"),
        (["json"], "bd_sidefx"),
        (["bd_sidefx"], "json"),
        ([], "bd_sidefx, json"),
    ],
)
def test_disallowed_import_refuses_before_anything_runs(
    guarded: Tuple[bytes, Path, Path],
    tmp_path: Path,
    allowed: List[str],
    refused: str,
) -> None:
    data, marker, sidefx_dir = guarded
    name, message, imported = load_error_fresh(
        data,
        tmp_path,
        options=f"allowed_imports={allowed!r}",
        after="'bd_sidefx' in sys.modules",
        extra_path=[sidefx_dir],
    )
    assert name == "DisallowedImportError"
    assert f"imports {refused}," in message
    assert "allowed_imports" in message
    assert "nothing was executed" in message
    assert imported is False
    assert lines_of(marker) == []


def test_allowed_imports_lets_a_json_payload_load(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_module(
        tmp_path / "code", "bd_json_only", "import json\n\n\ndef enc(x):\n    return json.dumps(x)\n"
    )
    module = import_from(monkeypatch, tmp_path / "code", "bd_json_only")
    data = srcpickle.dumps(module.enc)
    reloaded = """\
    with open(sys.argv[1], "rb") as handle:
        fn = srcpickle.loads(handle.read(), allowed_imports=["json"])
    """
    assert load_fresh(data, tmp_path, "fn([1])", before=reloaded) == "[1]"
    assert srcpickle.loads(data, allowed_imports=["json", "math"])([2]) == "[2]"
    with pytest.raises(srcpickle.DisallowedImportError) as info:
        srcpickle.loads(data, allowed_imports=["math"])
    assert "json" in str(info.value)


def test_allowed_import_covers_submodules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_module(
        tmp_path / "code",
        "bd_submodule",
        "import os.path\n\n\ndef join(*parts):\n    return os.path.join(*parts)\n",
    )
    module = import_from(monkeypatch, tmp_path / "code", "bd_submodule")
    data = srcpickle.dumps(module.join)
    assert srcpickle.loads(data, allowed_imports=["os"])("a", "b") == "a/b"
    with pytest.raises(srcpickle.DisallowedImportError):
        srcpickle.loads(data, allowed_imports=["os.path"])  # the parent package is imported too


def _craft_missing(data: bytes, modules: Tuple[str, ...] = ("json",)) -> bytes:
    """Rename imports of ``modules`` to modules nobody has, from a distribution nobody has."""
    text = data.decode("utf-8")
    for number, module in enumerate(modules, 1):
        old = f"module: '{module}'\ndistribution: 'stdlib'"
        assert text.count(old) == 1, text
        text = text.replace(
            old,
            f"module: 'nonexistent_pkg_xyz{number}'\ndistribution: 'nonexistent-dist{number} 1.2.{number}'",
        )
    return text.encode("utf-8")


def test_missing_dependency_is_named_with_a_pip_line_and_nothing_runs(
    guarded: Tuple[bytes, Path, Path], tmp_path: Path
) -> None:
    data, marker, sidefx_dir = guarded
    crafted = _craft_missing(data)
    name, message, after = load_error_fresh(
        crafted,
        tmp_path,
        after="(error.missing, isinstance(error, ImportError), 'bd_sidefx' in sys.modules)",
        extra_path=[sidefx_dir],
    )
    assert name == "MissingDependencyError"
    assert "nonexistent_pkg_xyz1" in message
    assert "pip install nonexistent-dist1" in message
    assert "1.2.1" in message
    assert "nothing was executed" in message
    assert after == (("nonexistent_pkg_xyz1",), True, False)
    assert lines_of(marker) == []


def test_missing_dependencies_are_all_listed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_module(
        tmp_path / "code",
        "bd_two_imports",
        "import json\nimport math\n\n\ndef f(x):\n    return json.dumps(math.floor(x))\n",
    )
    module = import_from(monkeypatch, tmp_path / "code", "bd_two_imports")
    crafted = _craft_missing(srcpickle.dumps(module.f), ("json", "math"))
    with pytest.raises(srcpickle.MissingDependencyError) as info:
        srcpickle.loads(crafted)
    assert info.value.missing == ("nonexistent_pkg_xyz1", "nonexistent_pkg_xyz2")
    message = str(info.value)
    assert "pip install" in message
    assert "nonexistent-dist1==1.2.1" in message
    assert "nonexistent-dist2==1.2.2" in message


def test_missing_dependency_is_an_import_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_module(
        tmp_path / "code", "bd_import_error", "import json\n\n\ndef f(x):\n    return json.dumps(x)\n"
    )
    module = import_from(monkeypatch, tmp_path / "code", "bd_import_error")
    crafted = _craft_missing(srcpickle.dumps(module.f))
    with pytest.raises(ImportError):
        srcpickle.loads(crafted)


def test_missing_standard_library_module_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_module(
        tmp_path / "code", "bd_stdlib_gone", "import json\n\n\ndef f(x):\n    return json.dumps(x)\n"
    )
    module = import_from(monkeypatch, tmp_path / "code", "bd_stdlib_gone")
    text = (
        srcpickle.dumps(module.f)
        .decode("utf-8")
        .replace("module: 'json'", "module: 'nonexistent_stdlib_xyz'")
    )
    with pytest.raises(srcpickle.MissingDependencyError) as info:
        srcpickle.loads(text)
    assert "nonexistent_stdlib_xyz" in str(info.value)
    assert "standard library" in str(info.value)
    assert "pip install" not in str(info.value)


def test_newer_python_required_refuses_before_anything_runs(
    guarded: Tuple[bytes, Path, Path], tmp_path: Path
) -> None:
    data, marker, sidefx_dir = guarded
    text = data.decode("utf-8")
    assert "requires-python: '3.9'" in text
    crafted = text.replace("requires-python: '3.9'", "requires-python: '99.0'").encode("utf-8")
    name, message, imported = load_error_fresh(
        crafted, tmp_path, after="'bd_sidefx' in sys.modules", extra_path=[sidefx_dir]
    )
    assert name == "PythonVersionError"
    assert "99.0" in message
    assert "encode" in message
    assert f"{sys.version_info[0]}.{sys.version_info[1]}" in message
    assert imported is False
    assert lines_of(marker) == []


def test_missing_module_of_the_users_own_asks_for_it_on_the_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A module from no installed distribution (a package of the user's own on sys.path), dumped
    by reference: no ``pip install`` brings it back, the error says to make it importable; a
    loader where it is importable but lacks a name the code reads says the same."""
    write_module(tmp_path / "code" / "bd_relpkg", "__init__", "def helper(x):\n    return x + 1\n")
    write_module(
        tmp_path / "code",
        "bd_uses_relpkg",
        "import bd_relpkg\nfrom bd_relpkg import helper\n\n\n"
        "def uses(x):\n    return bd_relpkg.helper(x)\n\n\n"
        "def uses_name(x):\n    return helper(x)\n",
    )
    module = import_from(monkeypatch, tmp_path / "code", "bd_uses_relpkg")
    data = srcpickle.dumps(module.uses, by_reference=["bd_relpkg"])
    name, message, _ = load_error_fresh(data, tmp_path)
    assert name == "MissingDependencyError", message
    assert "bd_relpkg (from no installed distribution when saved: code of the user's own)" in message
    assert "Make bd_relpkg importable here" in message
    assert "pip install" not in message

    elsewhere = tmp_path / "elsewhere"
    write_module(elsewhere / "bd_relpkg", "__init__", "def other(x):\n    return x\n")
    data = srcpickle.dumps(module.uses_name, by_reference=["bd_relpkg"])
    name, message, _ = load_error_fresh(data, tmp_path, extra_path=[elsewhere])
    assert name == "MissingDependencyError", message
    assert "code of the user's own" in message and "helper" in message
    assert "pip install" not in message


ON_NEED_MODULE = """\
try:
    import json
except ImportError:
    json = None

LIMIT = 3


def plain(x):
    return x + 1


def make(k):
    def scaled(x):
        return x * k

    return scaled


def reads_global(x):
    return x + LIMIT


def imports_in_body(x):
    import os.path

    return os.path.join("a", str(x))


def reads_guarded(x):
    return json.dumps(x)
"""

NO_TRY_MODULE = """\
LIMIT = 3


def reads_global(x):
    return x + LIMIT
"""

OVERLOADED_MODULE = """\
import typing


@typing.overload
def over(x: int) -> int: ...


@typing.overload
def over(x: str) -> str: ...


def over(x):
    return x * 2
"""

# Imported by a first dumps only for what a function meets (issue 9): the guards of a module's
# globals, the import facts of a body, the typing.overload stubs.
ON_NEED = ("srcpickle._capture.guards", "srcpickle._imports", "srcpickle._overloads")


def test_first_dumps_imports_guards_imports_and_overloads_only_for_what_it_meets(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In a process that imported typing but registered no overload stub, a def and a closure
    reading no global, and a def reading a global of a module without a top-level ``try``, import
    none of ``ON_NEED``; a def reading a global of a module with one imports the guards; a body
    import, the import facts; a function dumped once stubs are registered (3.11+: typing's
    registry; before, typing keeps none to read), the overloads. Every payload loads in a fresh
    process: a guarded global as a guard section, an overloaded function with its stubs."""
    write_module(tmp_path / "code", "bd_on_need", ON_NEED_MODULE)
    write_module(tmp_path / "code", "bd_overloaded", OVERLOADED_MODULE)
    write_module(tmp_path / "code", "bd_no_try", NO_TRY_MODULE)
    module = import_from(monkeypatch, tmp_path / "code", "bd_on_need")
    overloaded = import_from(monkeypatch, tmp_path / "code", "bd_overloaded")
    no_try = import_from(monkeypatch, tmp_path / "code", "bd_no_try")
    proc = run_fresh(
        f"""\
        import typing
        import srcpickle, bd_on_need as m, bd_no_try as n
        watched = {ON_NEED!r}
        seen = []
        def step(obj):
            data.append(srcpickle.dumps(obj))
            seen.append(sorted(name for name in watched if name in sys.modules))
        data = []
        step(m.plain)
        step(m.make(4))
        step(n.reads_global)
        step(m.reads_global)
        step(m.imports_in_body)
        import bd_overloaded as o
        step(o.over)
        step(m.reads_guarded)
        print({RESULT_MARK!r} + repr((seen, data)))
        """,
        extra_path=[tmp_path / "code"],
    )
    seen, data = result_of(proc)
    guards, imports, overloads = ON_NEED
    # (before 3.11 typing keeps no registry to read: the stubs are asked for from the first)
    first = [] if sys.version_info >= (3, 11) else [overloads]
    assert seen == [
        first,
        first,
        first,
        sorted([guards, *first]),
        sorted([guards, imports, *first]),
        [guards, imports, overloads],
        [guards, imports, overloads],
    ]
    calls = ("fn(1)", "fn(2)", "fn(5)", "fn(1)", "fn(1)", "fn(3)", "fn([1])")
    loaded = [load_fresh(payload, tmp_path, call) for payload, call in zip(data, calls)]
    expected = [
        module.plain(1),
        module.make(4)(2),
        no_try.reads_global(5),
        module.reads_global(1),
        module.imports_in_body(1),
        overloaded.over(3),
        module.reads_guarded([1]),
    ]
    assert loaded == expected
    assert b"guard" in data[6] and b"guard" not in data[3]
    if sys.version_info >= (3, 11):
        signatures = load_fresh(
            data[5],
            tmp_path,
            "[str(inspect.signature(s)) for s in typing.get_overloads(fn)]",
            before="import inspect, typing\n",
        )
        assert signatures == ["(x: int) -> int", "(x: str) -> str"]


def test_a_module_that_gains_a_top_level_try_is_looked_at_for_guards_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whether a module's file has a top-level ``try`` is kept beside the very lines read: the
    file edited to guard an import, and the module reloaded, gives the next dumps its guard
    section; both payloads load and work in a fresh process."""
    import importlib
    import linecache

    code = "LIMIT = 3\n\n\ndef reads(x):\n    return str(x + LIMIT)\n"
    path = write_module(tmp_path / "code", "bd_gains_try", code)
    module = import_from(monkeypatch, tmp_path / "code", "bd_gains_try")
    before = srcpickle.dumps(module.reads)
    guarded = "try:\n    import json\nexcept ImportError:\n    json = None\n\n"
    path.write_text(guarded + code.replace("str(", "json.dumps("), encoding="utf-8")
    linecache.checkcache(str(path))
    module = importlib.reload(module)
    after = srcpickle.dumps(module.reads)
    assert b"guard" not in before and b"guard" in after
    assert [load_fresh(payload, tmp_path, "fn(1)") for payload in (before, after)] == ["4", "4"]


GUARD_SHAPES = {
    "top_level_try": "try:\n    import json\nexcept ImportError:\n    json = None\n",
    "try_in_a_version_test": (
        "import sys\nif sys.version_info >= (3, 0):\n    try:\n        import json\n"
        "    except ImportError:\n        json = None\nelse:\n    json = None\n"
    ),
    "with_suppress": "from contextlib import suppress\nwith suppress(ImportError):\n    import json\n",
    "with_contextlib_suppress": (
        "import contextlib\nwith contextlib.suppress(ImportError):\n    import json\n"
    ),
}


@pytest.mark.parametrize("shape", sorted(GUARD_SHAPES))
def test_every_guard_shape_makes_the_first_dumps_look_for_guards(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shape: str
) -> None:
    """The quick test of whether a module's lines may hold a guard (which spares the guards'
    import) lets through every shape the guards read: a ``try`` indented in a top-level ``if``
    and a ``with suppress(ImportError)`` holding no ``try`` at all; each payload loads in a
    fresh process and works."""
    code = GUARD_SHAPES[shape] + "\n\ndef reads(x):\n    return json.dumps(x + 1)\n"
    write_module(tmp_path / "code", f"bd_shape_{shape}", code)
    module = import_from(monkeypatch, tmp_path / "code", f"bd_shape_{shape}")
    payload = srcpickle.dumps(module.reads)
    assert b"\n[guard " in payload
    assert load_fresh(payload, tmp_path, "fn(1)") == "2"
