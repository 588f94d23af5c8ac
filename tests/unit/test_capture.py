"""Capture: where a function lives (a script's ``__main__``, a module of the user's own, a module no
longer importable), and objects that cannot be captured.

Every payload is loaded in a fresh interpreter where the defining code cannot be imported.
"""

from __future__ import annotations

import builtins
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Iterator

import pytest

import srcpickle
from srcpickle import UnsupportedObjectError
from srcpickle._fmt import MAX_NESTING
from srcpickle._model import FunctionNode, NamespaceNode

from . import drop_on_teardown, forget_module, import_from, load_fresh, result_of, write_module

# ------------------------------------------------------------------------------- __main__

SCRIPT = """\
import sys

import srcpickle

GREETING = "hello"
LIMITS = {"low": 1, "high": [2, 3]}


def shout(text):
    return text.upper() + "!"


def greet(name, times=2):
    # reads globals and calls another function of the script
    return " ".join([shout(GREETING + " " + name)] * times) + str(LIMITS["high"][-1])


if __name__ == "__main__":
    with open(sys.argv[1], "wb") as handle:
        handle.write(srcpickle.dumps(greet))
    print("RESULT=" + repr(greet("ann")))
"""


def test_function_in_main_of_a_script(tmp_path: Path) -> None:
    script = tmp_path / "user_script.py"
    script.write_text(SCRIPT, encoding="utf-8")
    out = tmp_path / "greet.srcpickle"
    proc = subprocess.run(
        [sys.executable, str(script), str(out)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        check=False,
    )
    expected = result_of(proc)
    data = out.read_bytes()
    payload = srcpickle.inspect(data)
    node = payload.root_node
    assert isinstance(node, FunctionNode)
    assert node.module == "__main__"
    assert node.file == "user_script.py"
    assert {n.name for _, n in payload.functions()} == {"greet", "shout"}
    assert load_fresh(data, tmp_path, "(fn('ann'), fn('bo', times=1), fn.__module__)") == (
        expected,
        "HELLO BO!3",
        "__main__",
    )


def test_function_in_main_of_a_module_run_with_dash_m(tmp_path: Path) -> None:
    """``python -m package.module`` also runs the code as ``__main__``."""
    package = tmp_path / "userpkg"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "tool.py").write_text(SCRIPT, encoding="utf-8")
    out = tmp_path / "greet.srcpickle"
    proc = subprocess.run(
        [sys.executable, "-m", "userpkg.tool", str(out)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        check=False,
    )
    expected = result_of(proc)
    assert load_fresh(out.read_bytes(), tmp_path, "fn('ann')") == expected


# ------------------------------------------------------------------------ user's own modules

HELPERS = """\
FACTOR = 3


def scale(x):
    return x * FACTOR
"""

USER_MODULE = """\
import json

import {helpers}
from {helpers} import scale as scaled

PREFIX = "n="


def describe(x):
    return PREFIX + json.dumps([scaled(x), {helpers}.scale(x + 1)])
"""


def test_function_in_a_module_of_the_users_own(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "code"
    write_module(folder, "cap_helpers_a", HELPERS)
    write_module(folder, "cap_user_a", USER_MODULE.format(helpers="cap_helpers_a"))
    drop_on_teardown(monkeypatch, "cap_helpers_a")  # imported by cap_user_a
    module = import_from(monkeypatch, folder, "cap_user_a")
    data = srcpickle.dumps(module.describe)
    payload = srcpickle.inspect(data)
    # Both modules of the user's go by value: no import of either in the payload.
    assert {node.module for _, node in payload.imports()} == {"json"}
    namespaces = {node.module for node in payload.nodes.values() if isinstance(node, NamespaceNode)}
    assert namespaces == {"cap_user_a", "cap_helpers_a"}
    assert load_fresh(data, tmp_path, "fn(2)") == module.describe(2) == "n=[6, 9]"


def test_module_cannot_be_imported_where_it_loads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "code"
    write_module(folder, "cap_user_b", "def double(x):\n    return 2 * x\n")
    module = import_from(monkeypatch, folder, "cap_user_b")
    data = srcpickle.dumps(module.double)
    # The child has ``folder`` neither on its path nor as its working directory.
    assert load_fresh(
        data, tmp_path, "(fn(21), fn.__module__, __import__('importlib.util').util.find_spec('cap_user_b'))"
    ) == (
        42,
        "cap_user_b",
        None,
    )


def test_module_no_longer_importable_when_dumped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "code"
    write_module(folder, "cap_helpers_c", HELPERS)
    write_module(folder, "cap_user_c", USER_MODULE.format(helpers="cap_helpers_c"))
    drop_on_teardown(monkeypatch, "cap_helpers_c")  # imported by cap_user_c
    module = import_from(monkeypatch, folder, "cap_user_c")
    forget_module(monkeypatch, folder, "cap_user_c")
    forget_module(monkeypatch, folder, "cap_helpers_c")
    with pytest.raises(ImportError):
        __import__("cap_user_c")
    data = srcpickle.dumps(module.describe)
    assert {node.module for _, node in srcpickle.inspect(data).imports()} == {"json"}
    assert load_fresh(data, tmp_path, "fn(5)") == "n=[15, 18]"


def test_module_whose_folder_is_gone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The folder left ``sys.path`` and was deleted; the sources are still in ``linecache``."""
    import linecache
    import shutil

    folder = tmp_path / "code"
    path = write_module(folder, "cap_user_d", "BASE = 100\n\n\ndef plus(x):\n    return BASE + x\n")
    module = import_from(monkeypatch, folder, "cap_user_d")
    forget_module(monkeypatch, folder, "cap_user_d")
    assert linecache.getlines(str(path))
    shutil.rmtree(folder)
    data = srcpickle.dumps(module.plus)
    assert load_fresh(data, tmp_path, "fn(1)") == 101


def test_function_shared_by_two_modules_keeps_one_namespace(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_module(
        tmp_path / "code",
        "cap_counter",
        """\
        COUNT = 0


        def bump():
            global COUNT
            COUNT += 1
            return COUNT


        def read():
            return COUNT
        """,
    )
    module = import_from(monkeypatch, tmp_path / "code", "cap_counter")
    data = srcpickle.dumps((module.bump, module.read))
    assert load_fresh(data, tmp_path, "(fn[0](), fn[0](), fn[1]())") == (1, 2, 2)


# ------------------------------------------------------------------------ unsupported objects

UNSUPPORTED = """\
import sys


def numbers():
    yield 1


GEN = numbers()
FRAME = sys._getframe()
HANDLE = open(__file__, encoding="utf-8")
NESTED = [1, {"key": numbers()}]


def uses_generator():
    return next(GEN)


def uses_frame():
    return FRAME.f_lineno


def uses_file():
    return HANDLE.read()


def uses_nested():
    return NESTED


def closes_over_generator():
    gen = numbers()

    def inner():
        return next(gen)
    return inner


def default_generator(source=numbers()):
    return source


def helper_uses_file():
    return uses_file()


def fine():
    return 5
"""


@pytest.fixture
def unsupported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[ModuleType]:
    write_module(tmp_path, "cap_unsupported", UNSUPPORTED)
    module = import_from(monkeypatch, tmp_path, "cap_unsupported")
    yield module
    module.HANDLE.close()


@pytest.mark.parametrize(
    "function, object_text, type_text, path",
    [
        ("uses_generator", "generator", "generator", "root.__globals__['GEN']"),
        ("uses_frame", "frame", "frame", "root.__globals__['FRAME']"),
        ("uses_file", "TextIOWrapper", "_io.TextIOWrapper", "root.__globals__['HANDLE']"),
        ("uses_nested", "generator", "generator", "root.__globals__['NESTED'][1]['key']"),
        ("default_generator", "generator", "generator", "root.<defaults>['source']"),
        ("helper_uses_file", "TextIOWrapper", "_io.TextIOWrapper", "['HANDLE']"),
    ],
)
def test_unsupported_object_names_object_type_and_path(
    unsupported: ModuleType,
    function: str,
    object_text: str,
    type_text: str,
    path: str,
) -> None:
    with pytest.raises(UnsupportedObjectError) as info:
        srcpickle.dumps(getattr(unsupported, function))
    message = str(info.value)
    assert object_text in message
    assert f"type {type_text}" in message or f"type builtins.{type_text}" in message
    assert path in message


def test_unsupported_object_in_a_closure(unsupported: ModuleType) -> None:
    with pytest.raises(UnsupportedObjectError) as info:
        srcpickle.dumps(unsupported.closes_over_generator())
    assert "generator" in str(info.value)
    assert "root.<closure>['gen']" in str(info.value)


def test_unsupported_root_object(tmp_path: Path) -> None:
    with (tmp_path / "file.txt").open("w", encoding="utf-8") as handle:
        with pytest.raises(UnsupportedObjectError) as info:
            srcpickle.dumps(handle)
    assert "TextIOWrapper" in str(info.value)
    assert "root" in str(info.value)


def test_capture_of_a_failing_object_leaves_no_partial_state(unsupported: ModuleType) -> None:
    """A failed dumps does not poison the next one."""
    with pytest.raises(UnsupportedObjectError):
        srcpickle.dumps(unsupported.uses_generator)
    assert srcpickle.loads(srcpickle.dumps(unsupported.fine))() == 5


def test_user_code_is_not_imported_by_the_loading_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The loaded function's module really is synthetic: the user's module is not in
    ``sys.modules`` of the child, and its import-time side effect does not happen there."""
    marker = tmp_path / "imported.txt"
    write_module(
        tmp_path / "code",
        "cap_sidefx_user",
        f"""\
        with open({str(marker)!r}, "a", encoding="utf-8") as _handle:
            _handle.write("imported\\n")


        def value():
            return 7
        """,
    )
    module = import_from(monkeypatch, tmp_path / "code", "cap_sidefx_user")
    data = srcpickle.dumps(module.value)
    result = load_fresh(
        data, tmp_path, "(fn(), 'cap_sidefx_user' in sys.modules)", extra_path=[tmp_path / "code"]
    )
    assert result == (7, False)
    assert marker.read_text(encoding="utf-8") == "imported\n"


def _nested_lists(depth: int) -> list:  # type: ignore[type-arg]
    root: list = []  # type: ignore[type-arg]
    current = root
    for _ in range(depth):
        inner: list = []  # type: ignore[type-arg]
        current.append(inner)
        current = inner
    current.append("bottom")
    return root


# The lists a nesting of ``depth`` holds (the root and one per level) reach half the nesting a
# reader accepts, where the capture starts writing them as sections, at this depth.
SPLIT_DEPTH = MAX_NESTING // 2 - 1


@pytest.mark.parametrize("depth", [SPLIT_DEPTH - 2, SPLIT_DEPTH - 1, SPLIT_DEPTH, SPLIT_DEPTH + 4])
def test_inline_containers_near_the_nesting_limit_split_into_sections(depth: int, tmp_path: Path) -> None:
    # The capture measures the depth of inline containers only when there are enough of them
    # to reach the limit: on both sides of that boundary the payload is the same as measured.
    value = _nested_lists(depth)
    data = srcpickle.dumps(value)
    assert (data.count(b"\n[value ") > 0) == (depth >= SPLIT_DEPTH)
    assert load_fresh(
        data,
        tmp_path,
        "(fn == expected, srcpickle.dumps(fn))",
        before=f"""
        expected = root = []
        for _ in range({depth}):
            root.append([])
            root = root[0]
        root.append("bottom")
        """,
    ) == (True, data)


def test_a_small_shared_tuple_on_a_cycle_through_a_list_ends_in_a_section(tmp_path: Path) -> None:
    # A small shared tuple is repeated inline, which on a cycle (tuple -> list -> tuple) would
    # never end: the depth walk breaks it (the list becomes a section), however few containers
    # are inline.
    items: list = [1]  # type: ignore[type-arg]
    shared = (items, 2)
    items.append(shared)
    data = srcpickle.dumps([shared, shared, {"k": shared}])
    assert data.count(b"\n[value ") == 1
    expression = (
        "(fn[0][0] is fn[1][0] is fn[2]['k'][0], fn[0][0][1][0] is fn[0][0], fn[0][0][0], fn[0][1], "
        "srcpickle.dumps(fn))"
    )
    assert load_fresh(data, tmp_path, expression) == (True, True, 1, 2, data)


# ------------------------------------------------------- a function whose reading fails


def test_function_whose_dict_fails_names_the_function(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Code of the function's own that raises while it is read (here its ``__dict__``'s) is
    reported for the function, by name, not as a failed reduce of ``<function object>``."""
    write_module(
        tmp_path,
        "cap_strict_dict",
        "class Strict(dict):\n"
        "    def items(self):\n"
        "        raise RuntimeError('items are private')\n\n\n"
        "def tagged(a):\n    return a\n\n\n"
        "tagged.__dict__ = Strict(tag=1)\n",
    )
    module = import_from(monkeypatch, tmp_path, "cap_strict_dict")
    with pytest.raises(UnsupportedObjectError) as caught:
        srcpickle.dumps(module.tagged)
    message = str(caught.value)
    assert "cannot capture function cap_strict_dict.tagged, found at root" in message
    assert "RuntimeError: items are private" in message
    assert "rebuild" not in message and "<function object>" not in message


def test_node_ids_keep_names_and_replace_reserved_characters() -> None:
    """``sanitize`` (node ids from module names and qualnames) takes a name of identifiers,
    dots and angle brackets as it is, without looking at each character (issue 9), and gives
    every text what the character rule gives: spaces and the characters the format reserves
    become ``_``, an empty text ``node``."""
    import random

    from srcpickle._capture import sanitize

    def by_character(base: str) -> str:
        return "".join(c if not c.isspace() and c not in ",()[]{}:=@'\"" else "_" for c in base) or "node"

    alphabet = list("abz_AZ09.<>,()[]{}:=@'\"-+*/ \t\n\x0b\x0c\x1c\x85\xa0") + [
        "é",
        "ß",
        "λ",
        "中",
        "\u2003",
        "\u3000",
        "²",
        "\u0301",
        "\U0001d400",
    ]
    rng = random.Random(9)
    texts = [
        "",
        ".",
        "<>",
        "mod.fn",
        "make.<locals>.inner",
        "<lambda>",
        "pkg.sub.Class.method",
        "a b",
        "f(x)",
        "1abc",
        "é.λ",
        "x\u2003y",
        "fn.<locals>.<lambda>",
    ]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 12))) for _ in range(5000)]
    sanitize.cache_clear()
    for text in texts:
        assert sanitize(text) == by_character(text), repr(text)


ANNOTATING_CLASSES = """\
RATE: float = 0.5


def annotating():
    class Local:
        size: int = 2

    return Local.__annotations__


def reading():
    class Local:
        seen = __annotations__

    return sorted(Local.seen)
"""


def test_an_annotating_class_body_reads_no_module_annotations(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A class body that annotates stores in its own ``__annotations__`` (made by the body):
    the module's are not captured for it. One that reads the name without annotating reads the
    module's, which go by value."""
    module = import_from(
        monkeypatch, write_module(tmp_path, "cap_annotating", ANNOTATING_CLASSES).parent, "cap_annotating"
    )
    annotating = srcpickle.dumps(module.annotating)
    assert b"__annotations__ =" not in annotating
    assert srcpickle.loads(annotating)() == {"size": int}
    reading = srcpickle.dumps(module.reading)
    assert b"global __annotations__ = {'RATE': @" in reading
    assert srcpickle.loads(reading)() == ["RATE"]


WEAK_HOLDERS = """\
import weakref


class Node:
    def __init__(self, value):
        self.value = value


def callback():
    return "called"


NODE = Node(1)
PROXY = weakref.proxy(NODE)
CALLABLE_PROXY = weakref.proxy(callback)
FINALIZER = weakref.finalize(NODE, callback)


def reads_proxy():
    return PROXY.value


def reads_callable_proxy():
    return CALLABLE_PROXY()


def reads_finalizer():
    return FINALIZER.alive


def proxy_beside_its_object():
    return [PROXY, NODE]
"""


@pytest.mark.parametrize(
    "name, what, found",
    [
        ("reads_proxy", "weak proxy (weakref.proxy)", "['PROXY']"),
        ("reads_callable_proxy", "weak proxy (weakref.proxy)", "['CALLABLE_PROXY']"),
        ("reads_finalizer", "finalizer (weakref.finalize)", "['FINALIZER']"),
        ("proxy_beside_its_object", "weak proxy (weakref.proxy)", "['PROXY']"),
    ],
)
def test_weak_proxies_and_finalizers_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, what: str, found: str
) -> None:
    """A weak proxy answers every question for the object it refers to, its reduction too: it
    went as a strong copy of that object (beside the object itself, as a second one); a
    finalizer loaded dead. Both are refused (weak references and collections are not: see
    test_weak_references.py)."""
    module = import_from(monkeypatch, write_module(tmp_path, "cap_weak", WEAK_HOLDERS).parent, "cap_weak")
    with pytest.raises(UnsupportedObjectError, match=re.escape(f"it is a {what}")) as info:
        srcpickle.dumps(getattr(module, name))
    assert f"root.__globals__{found}" in str(info.value)


NAMED_BY_PICKLE = """\
class Token:
    def __new__(cls, name):
        self = super().__new__(cls)
        self.name = name
        return self

    def __reduce__(self):
        return "END"


END = Token("end")


def reads_end():
    return END.name
"""


def test_an_object_pickle_names_that_new_cannot_make_again_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A global of the user's own that pickle names (its __reduce__ returns "END") goes by value,
    made by its class's __new__: one that needs arguments no __getnewargs__ gives is refused,
    saying which, rather than failing at load."""
    module = import_from(
        monkeypatch, write_module(tmp_path, "cap_named", NAMED_BY_PICKLE).parent, "cap_named"
    )
    with pytest.raises(UnsupportedObjectError, match=re.escape("Token.__new__, which needs name")) as info:
        srcpickle.dumps(module.reads_end)
    assert "root.__globals__['END']" in str(info.value)
    assert "__getnewargs__" in str(info.value)


def test_a_rename_of_a_module_carried_by_value_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A module of the user's own travels by value (a namespace of the payload): nothing imports
    it, so a rename of it has nothing to rename. migrate rewrote the source's chains through it
    as if they were unbound text (``newpk.scale(x)``) and kept the binding (``global oldpk``):
    the migrated payload failed with NameError when called."""
    folder = tmp_path / "code"
    write_module(folder, "cap_byvalue_helpers", "CONST = 10\n\n\ndef scale(x):\n    return x * 2\n")
    write_module(
        folder,
        "cap_byvalue_user",
        "import cap_byvalue_helpers\n\n\n"
        "def f(x):\n    return cap_byvalue_helpers.scale(x) + cap_byvalue_helpers.CONST\n",
    )
    drop_on_teardown(monkeypatch, "cap_byvalue_helpers")
    module = import_from(monkeypatch, folder, "cap_byvalue_user")
    data = srcpickle.dumps(module.f)
    assert b"[namespace cap_byvalue_helpers]" in data
    with pytest.warns(srcpickle.MigrationWarning, match="matched nothing"):
        migrated = srcpickle.migrate(data, {"cap_byvalue_helpers": "cap_byvalue_renamed"})
    assert migrated == data
    assert load_fresh(migrated, tmp_path, "fn(2)") == 14


DECORATED = """\
def renamed(cls):
    return type(cls.__name__ + "X", (cls,), {{}})


def same_name(cls):
    return type(cls.__name__, (cls,), {{}})


def by_statement(cls):
    class Registered(cls):
        pass

    return Registered


@{decorator}
class Point:
    def double(self):
        return 2


def use():
    return Point().double()
"""


@pytest.mark.parametrize("decorator", ["renamed", "same_name", "by_statement"])
@pytest.mark.parametrize("root", ["the class", "a function reading it"])
def test_a_decorator_that_returns_a_subclass_is_refused_by_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, decorator: str, root: str
) -> None:
    """@register returning type(cls.__name__ + "X", (cls,), {}) loaded with an extra class in
    the MRO (the statement ran the decorator again, and the subclass was made again from its
    result); returning a same-named subclass was refused for __bases__ "assigned after the
    statement ran". The refusal names the decorator, the class it returned and the remedy."""
    module = import_from(
        monkeypatch,
        tmp_path,
        write_module(tmp_path, f"deco_{decorator}", DECORATED.format(decorator=decorator)).stem,
    )
    with pytest.raises(UnsupportedObjectError) as raised:
        srcpickle.dumps(module.Point if root == "the class" else module.use)
    message = str(raised.value)
    made = {
        "renamed": "PointX (renamed)",
        "same_name": "Point,",
        "by_statement": "by_statement.<locals>.Registered (renamed)",
    }[decorator]
    assert f"the decorator @{decorator} of its class statement in " in message, message
    assert f"returned another class, {made}" in message, message
    assert f"then Point = {decorator}(_Point)" in message, message
    assert "found at root" in message, message
    assert "__bases__" not in message, message


def test_a_deep_object_costs_memory_linear_in_its_depth_and_a_short_message(tmp_path: Path) -> None:
    """Each object's path (where it was found, for messages) extended its holder's: a dict nested
    20,000 deep took 1 GB to dump, 100,000 deep (MAX_DEPTH) more than the machine had (killed),
    and an error deep inside printed every level. Long paths keep their two ends."""
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            """if 1:
            import resource, sys, threading
            import srcpickle
            resource.setrlimit(resource.RLIMIT_AS, (900 * 2**20, resource.RLIM_INFINITY))
            deep = None
            for _ in range(30000):
                deep = {"k": deep}
            assert len(srcpickle.dumps(deep)) > 200000
            deep = {"lock": threading.Lock()}
            for _ in range(3000):
                deep = {"k": deep}
            holder = [deep]
            try:
                srcpickle.dumps(holder)
            except srcpickle.UnsupportedObjectError as exc:
                print(len(str(exc)))
                print(str(exc))
            """,
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    length, message = proc.stdout.split("\n", 1)
    assert int(length) < 1000, message
    assert "found at root[0]['k']['k']['k']" in message, message
    assert re.search(r" \.\.\.\(\d+ objects in\)\.\.\. ", message), message
    assert "['k']['k']['lock']: it is a lock" in message, message


WRAPPING_HELPERS = """\
import functools


def logged(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        return fn(*args, **kwargs)

    return wrapper
"""

WRAPPED_FIRST_METHOD = """\
from cap_wrapping_helpers import logged

SCALE = 3


class Base:
    def third(self):
        return SCALE * 3


class Scaled(Base):
    @logged
    def first(self):
        return SCALE

    def second(self):
        return SCALE * 2
"""


def test_a_class_whose_first_method_is_a_wrapper_from_another_module_keeps_its_globals(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # functools.wraps copies __module__ onto the wrapper, whose globals are the decorator's
    # module's: the class's globals are found once per capture now, by the globals a method
    # runs in, so that wrapper (first in the class's dict) must not name them.
    drop_on_teardown(monkeypatch, "cap_wrapping_helpers")
    write_module(tmp_path, "cap_wrapping_helpers", WRAPPING_HELPERS)
    module = import_from(
        monkeypatch, write_module(tmp_path, "cap_wrapped", WRAPPED_FIRST_METHOD).parent, "cap_wrapped"
    )
    assert module.Scaled.first.__module__ == "cap_wrapped"
    assert module.Scaled.first.__globals__["__name__"] == "cap_wrapping_helpers"
    data = srcpickle.dumps(module.Scaled)
    assert load_fresh(data, tmp_path, "(fn().first(), fn().second(), fn().third())") == (3, 6, 9)


def test_forward_references_go_as_calls_with_their_options(tmp_path: Path) -> None:
    """A ``typing.ForwardRef`` holds its compiled string (a code object, which dumps refused):
    it goes as ``typing.ForwardRef(text, ...)`` with the options that differ from the defaults,
    and loads equal, unevaluated, with those options."""
    import typing

    references = [
        typing.ForwardRef("Pet"),
        typing.ForwardRef("Pet", is_argument=False),
        typing.ForwardRef("Pet", module="zoo"),
        typing.ForwardRef("typing.ClassVar[int]", is_class=True),
    ]
    evaluated = typing.ForwardRef("int")
    typing.get_type_hints(type("Holder", (), {"__annotations__": {"x": evaluated}}))  # caches
    payload = srcpickle.dumps(references + [evaluated, typing.List["Pet"]])  # noqa: F821 - a forward reference
    assert b"__forward_code__" not in payload
    attributes = ("evaluated", "arg", "is_argument", "module", "is_class")
    loaded = load_fresh(
        payload,
        tmp_path,
        f"[(type(r).__name__, *(getattr(r, f'__forward_{{a}}__') for a in {attributes!r}))"
        " for r in fn[:-1]]"
        " + [fn[-1] == __import__('typing').List['Pet']]",
    )
    assert loaded == [
        ("ForwardRef", False, "Pet", True, None, False),
        ("ForwardRef", False, "Pet", False, None, False),
        ("ForwardRef", False, "Pet", True, "zoo", False),
        ("ForwardRef", False, "typing.ClassVar[int]", True, None, True),
        ("ForwardRef", False, "int", True, None, False),
        True,
    ]


def test_an_exec_filled_globals_dict_holds_the_builtins_module_by_reference() -> None:
    # exec puts this Python's builtins dict into a globals dict without one: a copy of it would
    # name builtins other Pythons lack (aiter on 3.9) and every constant of this interpreter.
    namespace: dict = {"limit": 4}
    exec("x = 1", namespace)
    assert namespace["__builtins__"] is vars(builtins)
    text = srcpickle.dumps(namespace).decode()
    assert "'__builtins__': @builtins" in text
    assert "builtins.abs" not in text and "'__doc__'" not in text
    payload = srcpickle.inspect(srcpickle.dumps(namespace))
    assert [node.module for _, node in payload.imports()] == ["builtins"]
