"""Defects a review of the dump side found (capture, sources, the model, the pickler), each with
the family of cases it stands for. Payloads are loaded in a fresh interpreter that cannot import
the modules they came from, and the loaded objects are called."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import srcpickle

from . import (
    RESULT_MARK,
    import_from,
    interpreter,
    isolated,
    load_fresh,
    result_of,
    run_fresh,
    write_module,
    write_payload,
)

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


# ------------------------------------------- a library's objects go by reference, wrapped or not

LIBRARY = """\
import functools


@functools.lru_cache(maxsize=32)
def cached(x):
    return x * 2


@functools.cache
def cached_forever(x):
    return x * 3


@functools.singledispatch
def show(x):
    return "object"


@show.register
def _(x: int):
    return "int"


def logged(fn):
    @functools.wraps(fn)
    def wrapper(*args):
        return fn(*args)

    return wrapper


@logged
def wrapped(x):
    return x + 1


class Klass:
    @functools.cached_property
    def prop(self):
        return 5

    @functools.lru_cache(maxsize=None)
    def method(self, x):
        return x * 10

    @staticmethod
    @functools.lru_cache(maxsize=None)
    def static(x):
        return x * 100
"""

# (expression in the library, expression that calls it): each must load as the library's object.
WRAPPED_KINDS = {
    "lru_cache": ("acme_cached.cached", "obj(4)"),
    "cache": ("acme_cached.cached_forever", "obj(4)"),
    "singledispatch": ("acme_cached.show", "(obj(1), obj('a'))"),
    "wraps": ("acme_cached.wrapped", "obj(4)"),
    "cached_property": ("acme_cached.Klass.__dict__['prop']", "obj.__get__(acme_cached.Klass())"),
    "lru_cache method": ("acme_cached.Klass.method", "obj(acme_cached.Klass(), 4)"),
    "lru_cache under staticmethod": ("acme_cached.Klass.static", "obj(4)"),
}


def _library(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The folder of ``acme_cached``, installed as pip installs a distribution, imported here."""
    site = tmp_path / "site"
    write_module(site, "acme_cached", LIBRARY)
    (site / "acme_cached-1.0.dist-info").mkdir()
    (site / "acme_cached-1.0.dist-info" / "METADATA").write_text("Name: acme_cached\nVersion: 1.0\n")
    import_from(monkeypatch, site, "acme_cached")
    return site


@pytest.mark.parametrize("kind", sorted(WRAPPED_KINDS))
def test_a_librarys_wrapped_function_goes_by_reference(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    site = _library(tmp_path, monkeypatch)
    import acme_cached  # noqa: F401 - the expressions below name it

    expression, call = WRAPPED_KINDS[kind]
    obj = eval(expression)
    data = srcpickle.dumps(obj)
    assert b"[function" not in data and b"[class" not in data, data.decode()  # no source copied
    assert srcpickle.loads(data) is obj
    code = f"""\
import acme_cached
import srcpickle
obj = srcpickle.loads(open(sys.argv[1], "rb").read())
print({RESULT_MARK!r} + repr((obj is {expression}, {call})))
"""
    expected = eval(call, {"obj": obj, "acme_cached": acme_cached})
    path = write_payload(tmp_path, data)
    assert result_of(run_fresh(code, extra_path=[site], args=[str(path)])) == (True, expected)


def test_a_standard_library_cached_function_goes_by_reference(tmp_path: Path) -> None:
    import fnmatch

    data = srcpickle.dumps(fnmatch._compile_pattern)
    assert b"[function" not in data
    assert srcpickle.loads(data) is fnmatch._compile_pattern
    probe = "(fn is __import__('fnmatch')._compile_pattern, fn(b'*.py')(b'a.py') is not None)"
    assert load_fresh(data, tmp_path, probe) == (True, True)


def test_library_objects_held_in_user_data_go_by_reference(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = _library(tmp_path, monkeypatch)
    write_module(
        tmp_path / "own",
        "uses_acme",
        """\
        import functools

        import acme_cached

        HANDLERS = {
            "cached": acme_cached.cached,
            "partial": functools.partial(acme_cached.cached, 21),
            "prop": acme_cached.Klass.__dict__["prop"],
            "static": acme_cached.Klass.__dict__["static"],
        }


        @functools.lru_cache(maxsize=8)
        def own_cached(x):
            return x - 1


        def run():
            handlers = HANDLERS
            return (
                handlers["cached"](2),
                handlers["partial"](),
                handlers["prop"].__get__(acme_cached.Klass()),
                handlers["static"].__func__(3),
                own_cached(5),
            )
        """,
    )
    own = import_from(monkeypatch, tmp_path / "own", "uses_acme")
    data = srcpickle.dumps(own.run)
    # The user's own cached function still goes by source; the library's by reference.
    assert b"def own_cached" in data and b"def cached" not in data and b"def prop" not in data
    probe = """(
        fn(),
        fn.__globals__["HANDLERS"]["cached"] is acme_cached.cached,
        fn.__globals__["HANDLERS"]["partial"].func is acme_cached.cached,
        fn.__globals__["HANDLERS"]["prop"] is acme_cached.Klass.__dict__["prop"],
        fn.__globals__["own_cached"].cache_info().maxsize,
    )"""
    assert load_fresh(data, tmp_path, probe, before="import acme_cached", extra_path=[site]) == (
        (4, 42, 5, 300, 4),
        True,
        True,
        True,
        8,
    )


# ------------------------------------------------------ the pickler's "importable" is capture's

FAILING_GETATTR = """\
def __getattr__(name):
    raise RuntimeError(f"no lazy attribute {name} here")


def helper(x):
    return x * 7


renamed = helper
del helper
"""


def test_the_pickler_survives_a_library_getattr_that_raises(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    write_module(site, "acme_failing", FAILING_GETATTR)
    (site / "acme_failing-1.0.dist-info").mkdir()
    (site / "acme_failing-1.0.dist-info" / "METADATA").write_text("Name: acme_failing\nVersion: 1.0\n")
    library = import_from(monkeypatch, site, "acme_failing")
    # pickle's name for it (acme_failing.helper) is gone, and asking the module for it raises:
    # it is not importable, so it travels by source, as dumps takes it.
    assert b"def helper" in srcpickle.dumps(library.renamed)
    data = srcpickle.pickle_dumps(library.renamed)
    path = tmp_path / "renamed.pickle"
    path.write_bytes(data)
    code = f"import pickle\nprint({RESULT_MARK!r} + repr(pickle.loads(open(sys.argv[1], 'rb').read())(6)))"
    assert result_of(run_fresh(code, args=[str(path)])) == 42


# ---------------------------------------------------------------- registrations, each ABC once

REGISTERED = """\
import abc
import collections.abc


class Base(abc.ABC):
    @abc.abstractmethod
    def run(self):
        ...


class Plugin:
    def run(self):
        return "ran"

    def __len__(self):
        return 3

    def __getitem__(self, index):
        return [7, 8, 9][index]


Base.register(Plugin)
collections.abc.Sequence.register(Plugin)
"""


@pytest.mark.parametrize("root", ["(m.Base, m.Plugin)", "(m.Plugin, m.Base)", "[m.Plugin]", "m.Plugin"])
def test_each_abc_a_class_is_registered_with_is_written_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, root: str
) -> None:
    m = import_from(
        monkeypatch, write_module(tmp_path, "registered_abcs", REGISTERED).parent, "registered_abcs"
    )
    data = srcpickle.dumps(eval(root, {"m": m}))
    payload = srcpickle.inspect(data)
    (plugin,) = [node for node in payload.nodes.values() if getattr(node, "qualname", "") == "Plugin"]
    written = [payload.nodes[ref.id] for ref in plugin.registered_with]  # type: ignore[union-attr]
    # A user's ABC is found among the classes the payload reaches; the standard library's always.
    expected = ["Base", "Sequence"] if "Base" in root else ["Sequence"]
    assert sorted(getattr(node, "qualname", "") for node in written) == expected
    before = """
import collections.abc
found = {c.__name__: c for c in (fn if isinstance(fn, (tuple, list)) else [fn])}
plugin = found["Plugin"]
"""
    check = "(issubclass(plugin, collections.abc.Sequence), list(plugin()), plugin().run(), " + (
        "issubclass(plugin, found['Base']), isinstance(plugin(), found['Base']))"
        if "Base" in root
        else "True, True)"
    )
    assert load_fresh(data, tmp_path, check, before=before) == (True, [7, 8, 9], "ran", True, True)


# -------------------------------------------------------- sets ordered by what their items are

FACTORIES = """\
import enum


def make(n):
    def get():
        return n

    return get


def make_class(n):
    class Box:
        value = n

    return Box


def make_enum(n):
    return enum.Enum("Level", {"ONLY": n}).ONLY
"""


DUMP_BOTH_ORDERS = """\
import sys
import factories
import srcpickle

make, kind = getattr(factories, sys.argv[1]), {"set": set, "frozenset": frozenset}[sys.argv[2]]
forward = [make(i) for i in range(24)]
backward = [make(i) for i in reversed(range(24))]
data = srcpickle.dumps(kind(forward))
# Items with the same text too (twins) are interchangeable: the payload is the same.
twins = srcpickle.dumps(kind(forward + [make(3), make(3)]))
with open(sys.argv[3], "wb") as handle:
    handle.write(data)
same = srcpickle.dumps(kind(backward)) == data
same_twins = srcpickle.dumps(kind([make(3), make(3)] + backward)) == twins
print(RESULT + repr((same, same_twins)))
"""


@pytest.mark.parametrize("factory", ["make", "make_class", "make_enum"])
@pytest.mark.parametrize("kind", [frozenset, set])
def test_set_order_does_not_depend_on_creation_order(tmp_path: Path, factory: str, kind: type) -> None:
    # Dumped in a fresh process: a class made by a call (enum.Enum("Level", ...)) that no module
    # binds is looked for among the referrers of the heap, which in this test session holds
    # every module the suite imported (22 s for this test), not a user's script's.
    folder = write_module(tmp_path, "factories", FACTORIES).parent
    written = tmp_path / "set.srcpickle"
    code = f"RESULT = {RESULT_MARK!r}\n" + DUMP_BOTH_ORDERS
    same = result_of(run_fresh(code, extra_path=[folder], args=[factory, kind.__name__, str(written)]))
    assert same == (True, True)
    read = {"make": "f()", "make_class": "f.value", "make_enum": "f.value"}[factory]
    assert load_fresh(written.read_bytes(), tmp_path, f"(type(fn).__name__, sorted({read} for f in fn))") == (
        kind.__name__,
        list(range(24)),
    )


# ----------------------------------------- one way to read a file's lines, for defs and classes

DELETED = """\
import dataclasses

RATE = 3


def scale(x):
    return x * RATE


class Counter:
    start = 10

    def bump(self, n=1):
        return self.start + n * RATE


@dataclasses.dataclass
class Plain:
    x: int = 1
"""


def test_a_class_of_a_deleted_file_is_captured_from_the_lines_already_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_module(tmp_path, "deleted_later", DELETED)
    module = import_from(monkeypatch, tmp_path, "deleted_later")
    srcpickle.dumps(module.scale)  # reads the file's lines into linecache
    path.unlink()
    # The function and the classes of that file are all verified against the lines kept.
    data = srcpickle.dumps((module.scale, module.Counter, module.Plain))
    assert load_fresh(data, tmp_path, "(fn[0](2), fn[1]().bump(2), fn[2]().x, repr(fn[2](5)))") == (
        6,
        16,
        1,
        "Plain(x=5)",
    )


# ---------------------------------------------------- a type statement with a default needs 3.13

ALIASES = """\
def make_alias():
    type Pair[T = int] = tuple[T, T]
    return Pair


def plain_alias():
    type Plain[T] = list[T]
    return Plain
"""


@pytest.mark.any_python(run="oldest")
def test_a_type_statement_whose_parameter_has_a_default_needs_python_313(tmp_path: Path) -> None:
    on_313, on_312 = interpreter("3.13"), interpreter("3.12")
    write_module(tmp_path, "aliases", ALIASES)
    dump = f"""\
import aliases, srcpickle
for name in ("make_alias", "plain_alias"):
    with open(name + ".srcpickle", "wb") as handle:
        handle.write(srcpickle.dumps(getattr(aliases, name)))
print({RESULT_MARK!r} + repr(aliases.make_alias().__type_params__[0].__default__.__name__))
"""
    assert result_of(isolated().run(on_313, dump, extra_path=[str(tmp_path)], cwd=str(tmp_path))) == "int"
    needs = {
        name: srcpickle.inspect((tmp_path / f"{name}.srcpickle").read_bytes()).requires_python
        for name in ("make_alias", "plain_alias")
    }
    assert needs == {"make_alias": (3, 13), "plain_alias": (3, 12)}
    load = f"""\
import srcpickle
found = []
for name in ("make_alias", "plain_alias"):
    try:
        alias = srcpickle.loads(open(name + ".srcpickle", "rb").read())()
        found.append(alias.__name__)
    except srcpickle.PythonVersionError as exc:
        found.append(str(exc))
print({RESULT_MARK!r} + repr(found))
"""
    refused, loaded = result_of(isolated().run(on_312, load, cwd=str(tmp_path)))
    assert "Python 3.13" in refused and "type parameter syntax" in refused, refused
    assert loaded == "Plain"


# ------------------------------- what is proven about a code object holds while its lines do

EDITED = """\
def register(cls):
    return cls


def helper(self):
    return "extra"


@register
class Tagged:
    def own(self):
        return 1


Tagged.extra = helper
"""


def _write_later(path: Path, text: str, step: int) -> None:
    # linecache notices a change by size and modification time: both edits keep the size, so
    # the time moves a different amount forward each time.
    stat = path.stat()
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + step * 5_000_000_000))


@pytest.mark.parametrize("dumped_before_the_edit", [False, True])
def test_a_file_edited_then_restored_is_judged_on_its_lines_of_now(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dumped_before_the_edit: bool
) -> None:
    path = write_module(tmp_path, "edited_mod", EDITED)
    module = import_from(monkeypatch, tmp_path, "edited_mod")
    if dumped_before_the_edit:
        assert b"def helper" in srcpickle.dumps(module.Tagged)
    _write_later(path, EDITED.replace('"extra"', '"EXTRA"'), 1)
    # The function set on the class after its statement is the user's, and its file no longer
    # holds its code: an error that says so, never a payload without it (the class's decorator
    # could have made it, for all a missing source says).
    with pytest.raises(srcpickle.SourceMismatchError, match="helper"):
        srcpickle.dumps(module.Tagged)
    _write_later(path, EDITED, 2)
    data = srcpickle.dumps(module.Tagged)
    assert load_fresh(data, tmp_path, "(fn().extra(), fn().own())") == ("extra", 1)
