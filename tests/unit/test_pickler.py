"""``srcpickle.Pickler`` and its helpers: what goes by source, what stays pickle's, the stream
it writes, the memo of payloads per object, the cache of loaded payloads, ``portable``.

Pickles come from a user script run as ``__main__`` and are loaded with plain ``pickle.loads`` in
fresh interpreters that see srcpickle and nothing of the script, on every interpreter of the
machine (a pickle of 3.11 loads on 3.9, 3.13 and PyPy). The memo is tested in this process,
where the objects can be changed after they were sent: after every change, what the memo gives
must be exactly what a fresh ``srcpickle.dumps`` gives.
"""

from __future__ import annotations

import collections
import datetime
import decimal
import fractions
import gc
import io
import json
import os
import pickle
import pickletools
import subprocess
import sys
import textwrap
import threading
import time
import weakref
from pathlib import Path
from typing import Any, Dict, List, Set, Tuple

import pytest

import srcpickle
from srcpickle import _capture, _deps, _pickler
from srcpickle._fmt import write as _write

from . import (
    CHILD_TIMEOUT,
    CURRENT,
    RESULT_MARK,
    forget_module,
    import_from,
    isolated,
    result_of,
    run_fresh,
    write_module,
)

# ------------------------------------------------------------------- a user script, by source

SCRIPT = """
import dataclasses, enum, functools, json, os, sys
import srcpickle

OFFSET = 10


def make_counter():
    count = 0

    def bump(step=1):
        nonlocal count
        count += step
        return count

    return bump


def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


@dataclasses.dataclass
class Point:
    x: int
    y: int

    def norm1(self):
        return abs(self.x) + abs(self.y)


class Color(enum.Enum):
    RED = 1
    GREEN = 2


def make_local_class():
    class Local:
        def __init__(self, value):
            self.value = value

        def twice(self):
            return self.value * 2

    return Local


def scale(x, *, factor=3):
    return x * factor + OFFSET


CASES = {
    "lambda": (lambda x: x + OFFSET, "f(5)"),
    "closure_with_state": (make_counter(), "[f(), f(2), f()]"),
    "recursive": (fib, "f(10)"),
    "dataclass_instance": (Point(3, -4), "(f.norm1(), type(f).__name__, dataclasses.is_dataclass(f))"),
    "enum_member": (Color.GREEN, "(f.name, f.value, type(f).RED.value)"),
    "local_class_instance": (make_local_class()(21), "(f.twice(), type(f).__qualname__)"),
    "partial_of_main": (functools.partial(scale, factor=5), "f(2)"),
    "bound_method": (Point(1, 2).norm1, "f()"),
    "keyword_defaults": (scale, "(f(1), f(1, factor=1))"),
    "class_itself": (Point, "(f(1, 1).norm1(), [x.name for x in dataclasses.fields(f)])"),
    "mixed_container": (
        {"fns": [lambda: 1, abs], "data": list(range(3)), "sq": (lambda v: v * v)},
        "(f['fns'][0](), f['fns'][1](-2), f['data'], f['sq'](7))",
    ),
}

outdir = sys.argv[1]
expected = {}
for name, (obj, probe) in CASES.items():
    with open(os.path.join(outdir, name + ".pickle"), "wb") as handle:
        srcpickle.pickle_dump(obj, handle)
    expected[name] = repr(eval(probe, {"f": obj, "dataclasses": dataclasses}))
with open(os.path.join(outdir, "expected.json"), "w") as handle:
    json.dump({"expected": expected, "probes": {n: p for n, (_, p) in CASES.items()}}, handle)
"""

LOAD = f"""
import dataclasses, json, os, pickle
outdir = sys.argv[1]
with open(os.path.join(outdir, "expected.json")) as handle:
    probes = json.load(handle)["probes"]
got = {{}}
for name, probe in probes.items():
    with open(os.path.join(outdir, name + ".pickle"), "rb") as handle:
        obj = pickle.load(handle)
    got[name] = repr(eval(probe, {{"f": obj, "dataclasses": dataclasses}}))
print({RESULT_MARK!r} + repr(got))
"""


@pytest.fixture(scope="module")
def script_pickles(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The pickles of ``SCRIPT``'s cases (their objects live in its ``__main__``)."""
    directory = tmp_path_factory.mktemp("pickler-script")
    script = directory / "user_script.py"
    script.write_text(SCRIPT, encoding="utf-8")
    outdir = directory / "out"
    outdir.mkdir()
    proc = subprocess.run(
        [sys.executable, str(script), str(outdir)], capture_output=True, text=True, timeout=CHILD_TIMEOUT
    )
    assert proc.returncode == 0, proc.stderr
    return outdir


def _expected(outdir: Path) -> Dict[str, str]:
    return json.loads((outdir / "expected.json").read_text(encoding="utf-8"))["expected"]  # type: ignore[no-any-return]


def test_script_objects_load_with_plain_pickle_on_every_interpreter(
    script_pickles: Path, interpreters: Tuple[Any, ...]
) -> None:
    expected = _expected(script_pickles)
    wrong = {}
    for interpreter in interpreters:
        proc = isolated().run(interpreter, LOAD, args=[str(script_pickles)], timeout=CHILD_TIMEOUT)
        got = result_of(proc)
        if got != expected:
            wrong[interpreter.label] = {k: v for k, v in got.items() if v != expected.get(k)}
    assert len(interpreters) >= 1 and not wrong, wrong


def _globals_named(data: bytes) -> Set[Tuple[str, str]]:
    """The (module, name) pairs a pickle names, for GLOBAL and STACK_GLOBAL alike."""
    names: Set[Tuple[str, str]] = set()
    strings: List[str] = []
    for opcode, arg, _ in pickletools.genops(data):
        if opcode.name == "GLOBAL":
            module, name = str(arg).split(" ", 1)
            names.add((module, name))
        elif opcode.name == "STACK_GLOBAL":
            names.add((strings[-2], strings[-1]))
        if isinstance(arg, str):
            strings.append(arg)
    return names


def test_pickles_name_only_public_srcpickle_functions_and_nothing_of_main(script_pickles: Path) -> None:
    for path in sorted(script_pickles.glob("*.pickle")):
        named = _globals_named(path.read_bytes())
        assert ("srcpickle", "loads_cached") in named, path.name
        assert {m for m, _ in named if m.startswith("srcpickle")} == {"srcpickle"}, (path.name, named)
        assert not [pair for pair in named if pair[0] == "__main__"], (path.name, named)


def test_a_class_sent_twice_is_one_class_on_loading(script_pickles: Path) -> None:
    # Two pickles carry the same Point payload; a worker loading both gets one class.
    code = f"""
import os, pickle
outdir = sys.argv[1]
def load(name):
    with open(os.path.join(outdir, name + ".pickle"), "rb") as handle:
        return pickle.load(handle)
point, cls, method = load("dataclass_instance"), load("class_itself"), load("bound_method")
same = (type(point) is cls, type(method.__self__) is cls, isinstance(cls(0, 1), type(point)))
print({RESULT_MARK!r} + repr(same))
"""
    proc = isolated().run(CURRENT, code, args=[str(script_pickles)], timeout=CHILD_TIMEOUT)
    assert result_of(proc) == (True, True, True)


# ----------------------------------------------------------------- everything else: pickle's


PLAIN_VALUES = {
    "scalars": [1, 2.5, None, True, "text", b"bytes", complex(1, 2)],
    "containers": {"a": [1, (2, 3)], "b": {4, 5}, "c": frozenset({6})},
    "stdlib_function": os.path.join,
    "builtin": len,
    "stdlib_class": collections.OrderedDict,
    "stdlib_instances": [collections.OrderedDict(a=1), datetime.date(2020, 1, 2), fractions.Fraction(1, 3)],
    "decimal": decimal.Decimal("1.10"),
    "srcpickle_function": srcpickle.loads,
    "exception": ValueError("bad"),
}


@pytest.mark.parametrize("name", sorted(PLAIN_VALUES))
@pytest.mark.parametrize("protocol", [2, 4, 5])
def test_what_the_other_side_can_import_is_pickled_exactly_as_pickle_does(name: str, protocol: int) -> None:
    value = PLAIN_VALUES[name]
    assert srcpickle.pickle_dumps(value, protocol) == pickle.dumps(value, protocol)


def test_default_protocol_is_the_highest() -> None:
    data = srcpickle.pickle_dumps([1, 2])
    assert data == pickle.dumps([1, 2], pickle.HIGHEST_PROTOCOL)
    assert next(pickletools.genops(data))[1] == pickle.HIGHEST_PROTOCOL


def test_out_of_band_buffers_stay_out_of_band() -> None:
    numpy = pytest.importorskip("numpy")
    array = numpy.arange(1000, dtype="int64")
    raw = bytearray(b"x" * 1000)
    buffers: List[pickle.PickleBuffer] = []
    data = srcpickle.pickle_dumps(
        {"array": array, "raw": pickle.PickleBuffer(raw), "f": lambda: 3}, buffer_callback=buffers.append
    )
    assert len(buffers) == 2
    assert len(data) < 2000, "the buffers' bytes went in-band"
    loaded = pickle.loads(data, buffers=buffers)
    assert (loaded["array"] == array).all() and bytes(loaded["raw"]) == bytes(raw) and loaded["f"]() == 3


def test_pickle_dump_writes_what_pickle_dumps_returns() -> None:
    handle = io.BytesIO()
    fn = lambda x: x * 7  # noqa: E731 - a lambda is the point
    srcpickle.pickle_dump(fn, handle)
    assert handle.getvalue() == srcpickle.pickle_dumps(fn)
    assert srcpickle.pickle_loads(handle.getvalue())(6) == 42
    handle.seek(0)
    assert srcpickle.pickle_load(handle)(2) == 14


def test_dispatch_table_still_applies() -> None:
    class Secret:
        def __init__(self, value: int) -> None:
            self.value = value

    handle = io.BytesIO()
    pickler = srcpickle.Pickler(handle)
    pickler.dispatch_table = {Secret: lambda s: (int, (s.value,))}
    pickler.dump([Secret(4)])
    assert pickle.loads(handle.getvalue()) == [4]


# --------------------------------------------------------------- modules: by value, by reference


def test_functions_of_a_module_that_is_gone_travel_by_source(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_module(
        tmp_path,
        "gone_helpers",
        """
        FACTOR = 6

        def times(x):
            return x * FACTOR
        """,
    )
    module = import_from(monkeypatch, tmp_path, "gone_helpers")
    forget_module(monkeypatch, tmp_path, "gone_helpers")
    data = srcpickle.pickle_dumps(module.times)
    code = f"import pickle\nprint({RESULT_MARK!r} + repr(pickle.loads(open(sys.argv[1], 'rb').read())(7)))"
    path = tmp_path / "times.pickle"
    path.write_bytes(data)
    assert result_of(isolated().run(CURRENT, code, args=[str(path)])) == 42


def _installed_module(directory: Path, monkeypatch: pytest.MonkeyPatch, name: str, text: str) -> Any:
    """Module ``name`` in a folder that holds distribution metadata, as pip installs one."""
    write_module(directory, name, text)
    (directory / f"{name}-1.0.dist-info").mkdir()
    (directory / f"{name}-1.0.dist-info" / "METADATA").write_text(f"Name: {name}\nVersion: 1.0\n")
    return import_from(monkeypatch, directory, name)


def test_per_module_choices(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    own = import_from(
        monkeypatch,
        write_module(tmp_path, "ref_helpers", "def double(x):\n    return 2 * x\n").parent,
        "ref_helpers",
    )
    installed = _installed_module(
        tmp_path / "site", monkeypatch, "acme_installed", "def triple(x):\n    return 3 * x\n"
    )
    # The user's own module goes by source unless told otherwise; an installed one by reference
    # unless registered by value.
    assert ("srcpickle", "loads_cached") in _globals_named(srcpickle.pickle_dumps(own.double))
    assert srcpickle.pickle_dumps(own.double, by_reference=["ref_helpers"]) == pickle.dumps(own.double, 5)
    assert srcpickle.pickle_dumps(installed.triple) == pickle.dumps(installed.triple, 5)
    assert ("srcpickle", "loads_cached") in _globals_named(
        srcpickle.pickle_dumps(installed.triple, by_value=["acme_installed"])
    )
    srcpickle.register_by_value("acme_installed")
    try:
        data = srcpickle.pickle_dumps(installed.triple)
    finally:
        srcpickle.unregister_by_value("acme_installed")
    assert ("srcpickle", "loads_cached") in _globals_named(data)
    assert srcpickle.pickle_dumps(installed.triple) == pickle.dumps(installed.triple, 5)


def test_a_function_without_source_goes_by_reference_when_pickle_can_name_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    namespace: Dict[str, Any] = {"__name__": "exec_made"}
    exec("def made(x):\n    return x + 1\n", namespace)  # noqa: S102 - a function without source
    module = type(sys)("exec_made")
    module.made = namespace["made"]  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "exec_made", module)
    assert srcpickle.pickle_dumps(namespace["made"]) == pickle.dumps(
        namespace["made"], pickle.HIGHEST_PROTOCOL
    )


def test_a_function_neither_source_nor_name_can_send_is_refused_with_the_reason() -> None:
    namespace: Dict[str, Any] = {}
    exec("made = lambda x: x + 1", namespace)  # noqa: S102
    with pytest.raises(srcpickle.SourceUnavailableError) as caught:
        srcpickle.pickle_dumps([namespace["made"]])
    message = str(caught.value)
    assert "cannot send <lambda> by source" in message and "exec() or compile()" in message
    with pytest.raises(srcpickle.SourceUnavailableError):
        srcpickle.portable(namespace["made"])


LOCKED_MAIN = """
import pickle
import sys
import threading

import srcpickle

LOCK = threading.Lock()


def with_lock(x):
    with LOCK:
        return x + 1


if __name__ == "__main__":
    if sys.argv[1] == "dump":
        with open(sys.argv[2], "wb") as handle:
            handle.write(srcpickle.pickle_dumps([with_lock, 5]))
    else:
        with open(sys.argv[2], "rb") as handle:
            fn, arg = pickle.loads(handle.read())
        print(RESULT + repr((fn is with_lock, fn(arg))))
"""


def _run_as_main(script: Path, *args: str) -> Any:
    # The script as __main__ (as python script.py runs it), in a fresh interpreter.
    code = (
        f"import runpy, sys\nsys.argv = [{str(script)!r}, *sys.argv[1:]]\n"
        "runpy.run_path(sys.argv[0], run_name='__main__')\n"
    )
    return run_fresh(code, args=list(args))


def test_a_function_of_main_that_cannot_go_by_source_goes_by_name_and_says_why_where_it_is_missing(
    tmp_path: Path,
) -> None:
    # It reads a lock: no source payload, so it goes by name, as plain pickle sends it, through
    # srcpickle.main_object, which finds it in a process running the same script (a forked or
    # spawned worker) and elsewhere says why it did not go by source.
    script = tmp_path / "locked_main.py"
    script.write_text(f"RESULT = {RESULT_MARK!r}\n" + LOCKED_MAIN)
    sent = tmp_path / "sent.pickle"
    dumped = _run_as_main(script, "dump", str(sent))
    assert dumped.returncode == 0, dumped.stderr
    named = _globals_named(sent.read_bytes())
    assert ("srcpickle", "main_object") in named and not [pair for pair in named if pair[0] == "__main__"]
    assert result_of(_run_as_main(script, "load", str(sent))) == (True, 6)
    code = "import pickle, sys\nwith open(sys.argv[1], 'rb') as handle:\n    pickle.loads(handle.read())\n"
    failed = run_fresh(code, args=[str(sent)])
    assert failed.returncode != 0
    assert "srcpickle.errors.LoadError: cannot find with_lock in this process's __main__" in failed.stderr
    assert "Why it could not go by source: cannot capture <_thread.lock object>" in failed.stderr
    assert "found at root.__globals__['LOCK']" in failed.stderr


# ------------------------------------------------------------------------------- the memo


MEMO_MODULE = """
import math

FACTOR = 2
SETTINGS = {"offset": 1, "nested": {"k": [1, 2]}}
UNTOUCHED = "not read by anything"
LATER_DEFINED_NOT_YET = None


def helper(x):
    return x + SETTINGS["offset"]


def compute(x, y=1, *, z=2):
    return helper(x) * FACTOR + y + z + SETTINGS["nested"]["k"][-1]


def make_pair():
    shared = [10]

    def read():
        return shared[0]

    def write(v):
        nonlocal shared
        shared = [v]

    return read, write


def uses_late():
    return late_global  # noqa: F821 - defined later by the test


class Shape:
    sides = 4

    def describe(self):
        return f"{self.sides} sides, factor {FACTOR}"


def uses_class():
    return Shape().describe()


def annotated(x: Shape) -> int:
    return 1


def with_math(x):
    return math.floor(x)
"""


@pytest.fixture
def memo_module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    write_module(tmp_path, "memo_subject", MEMO_MODULE)
    return import_from(monkeypatch, tmp_path, "memo_subject")


@pytest.fixture
def dumps_calls(monkeypatch: pytest.MonkeyPatch) -> List[Any]:
    """Each object ``srcpickle.dumps`` is called with, from now on."""
    calls: List[Any] = []
    real = srcpickle.dumps

    def counting(obj: Any, **options: Any) -> bytes:
        calls.append(obj)
        return real(obj, **options)

    monkeypatch.setattr(srcpickle, "dumps", counting)
    return calls


def _memo_payload(obj: Any) -> bytes:
    payload = _pickler.payload_of(obj, _deps.Overrides((), ()), ((), ()))
    assert payload is not None
    return payload


def _exact(obj: Any) -> bytes:
    """What the memo gives for ``obj``, checked against a fresh dump."""
    memo = _memo_payload(obj)
    fresh = _capture.capture(obj, _deps.Overrides((), ()))
    assert memo == _write.write(fresh).encode("utf-8")
    return memo


def test_sending_one_function_again_dumps_it_once(memo_module: Any, dumps_calls: List[Any]) -> None:
    first = srcpickle.pickle_dumps(memo_module.compute)
    for _ in range(50):
        assert srcpickle.pickle_dumps(memo_module.compute) == first
    assert dumps_calls == [memo_module.compute]


def _change_defaults(m: Any) -> None:
    m.compute.__defaults__ = (5,)


def _change_kwdefaults(m: Any) -> None:
    m.compute.__kwdefaults__["z"] = 7


def _add_attribute(m: Any) -> None:
    m.compute.tag = "v2"


def _rebind_global(m: Any) -> None:
    m.FACTOR = 3


def _mutate_nested_global(m: Any) -> None:
    m.SETTINGS["nested"]["k"].append(9)


def _mutate_global_of_helper(m: Any) -> None:
    m.SETTINGS["offset"] = 100


def _replace_helper(m: Any) -> None:
    m.helper = lambda x: -x


def _replace_code(m: Any) -> None:
    m.compute.__code__ = m.with_math.__code__.replace(co_name="compute")  # different code, same name


def _change_doc(m: Any) -> None:
    m.compute.__doc__ = "now documented"


CHANGES = {
    "defaults": _change_defaults,
    "kwdefaults": _change_kwdefaults,
    "attribute": _add_attribute,
    "global_rebound": _rebind_global,
    "global_mutated_deep": _mutate_nested_global,
    "helper_global_mutated": _mutate_global_of_helper,
    "helper_replaced": _replace_helper,
    "doc": _change_doc,
}


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_a_change_to_what_the_payload_was_made_from_dumps_again(
    memo_module: Any, dumps_calls: List[Any], change: str
) -> None:
    before = _exact(memo_module.compute)
    CHANGES[change](memo_module)
    after = _exact(memo_module.compute)
    assert after != before
    assert len(dumps_calls) == 2
    loaded = pickle.loads(srcpickle.pickle_dumps(memo_module.compute))
    assert loaded(1) == memo_module.compute(1)


def test_a_change_to_something_the_function_does_not_read_keeps_the_memo(
    memo_module: Any, dumps_calls: List[Any]
) -> None:
    before = _exact(memo_module.compute)
    memo_module.UNTOUCHED = "changed"
    memo_module.with_math.tag = 1
    assert _memo_payload(memo_module.compute) is before
    assert len(dumps_calls) == 1


def test_closure_contents_changed_through_another_closure(memo_module: Any) -> None:
    read, write = memo_module.make_pair()
    before = _exact(read)
    write(42)
    after = _exact(read)
    assert after != before and pickle.loads(srcpickle.pickle_dumps(read))() == 42


def test_a_global_defined_after_the_first_dump(memo_module: Any) -> None:
    before = _exact(memo_module.uses_late)
    memo_module.late_global = "here now"
    assert _exact(memo_module.uses_late) != before
    assert pickle.loads(srcpickle.pickle_dumps(memo_module.uses_late))() == "here now"


def test_a_class_attribute_changed_after_the_first_dump(memo_module: Any) -> None:
    before = _exact(memo_module.uses_class)
    memo_module.Shape.sides = 5
    assert _exact(memo_module.uses_class) != before
    assert pickle.loads(srcpickle.pickle_dumps(memo_module.uses_class))() == "5 sides, factor 2"


def test_a_global_named_only_in_an_annotation(memo_module: Any) -> None:
    before = _exact(memo_module.annotated)

    class Other:
        pass

    memo_module.Shape = Other
    assert _exact(memo_module.annotated) != before


def test_the_code_object_replaced(memo_module: Any) -> None:
    _exact(memo_module.compute)
    _replace_code(memo_module)
    # Its new code matches no source: it goes by reference, as plain pickle sends it, and
    # never as the payload of its old code.
    assert srcpickle.pickle_dumps(memo_module.compute) == pickle.dumps(memo_module.compute, 5)
    with pytest.raises(srcpickle.SourceMismatchError):
        srcpickle.portable(memo_module.compute)


CHANGING_MODULE = """
import abc
import collections.abc
import itertools

FACTOR = 2
COUNTER = itertools.count(1)


class Sizes:
    size = 3

    def __len__(self):
        return self.size * FACTOR

    def hello(self):
        return "hello"


def goodbye(self):
    return "goodbye"


class Plain:
    pass


class Plugin(abc.ABC):
    pass


class Impl:
    pass


def is_plugin():
    return isinstance(Impl(), Plugin)


def is_sequence():
    return isinstance(Sizes(), collections.abc.Sequence)


def next_id():
    return next(COUNTER)


def make():
    k = 10

    def inner(x):
        return x + k

    def set_k(value):
        nonlocal k
        k = value

    return inner, set_k


def with_default(x, seen=[]):
    return len(seen) + x
"""


def _set_k(m: Any) -> None:
    m.inner_set[1](99)


# Each: what is sent, the change made to it (or to what its payload was made from) after it
# was sent once, and what the object loaded from the second pickle must answer (evaluated on
# the live object too, right after that pickle).
MISSED_CHANGES: Dict[str, Tuple[Any, Any, str]] = {
    "class_registered_with_a_standard_abc": (
        lambda m: m.Plain,
        lambda m: collections.abc.Sized.register(m.Plain),
        "issubclass(obj, collections.abc.Sized)",
    ),
    "class_of_a_function_registered_with_a_standard_abc": (
        lambda m: m.is_sequence,
        lambda m: collections.abc.Sequence.register(m.Sizes),
        "obj()",
    ),
    "class_registered_with_an_abc_of_the_payload": (
        lambda m: m.is_plugin,
        lambda m: m.Plugin.register(m.Impl),
        "obj()",
    ),
    "class_attribute_set": (lambda m: m.Sizes, lambda m: setattr(m.Sizes, "extra", 5), "obj.extra"),
    "method_replaced": (lambda m: m.Sizes, lambda m: setattr(m.Sizes, "hello", m.goodbye), "obj().hello()"),
    "global_a_method_reads_rebound": (lambda m: m.Sizes, lambda m: setattr(m, "FACTOR", 7), "len(obj())"),
    "closure_cell_changed": (lambda m: m.inner_set[0], _set_k, "obj(1)"),
    "default_mutated": (
        lambda m: m.with_default,
        lambda m: m.with_default.__defaults__[0].append(1),
        "obj(1)",
    ),
    "counter_advanced": (lambda m: m.next_id, lambda m: [next(m.COUNTER) for _ in range(3)], "obj()"),
}


def test_what_the_memo_cannot_see_in_the_object_still_dumps_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every change to what a payload is made from gives a second pickle that loads, in a fresh
    process where the module is gone, to the changed behaviour: registrations with ABCs live in
    the ABC, not in the class."""
    write_module(tmp_path / "code", "memo_changing", CHANGING_MODULE)
    m = import_from(monkeypatch, tmp_path / "code", "memo_changing")
    m.inner_set = m.make()
    cases = []
    for name in sorted(MISSED_CHANGES):
        get, change, expression = MISSED_CHANGES[name]
        obj = get(m)
        first = srcpickle.pickle_dumps(obj)
        change(m)
        second = srcpickle.pickle_dumps(obj)
        assert second != first, name
        expected = eval(expression, {"obj": obj, "collections": collections})  # noqa: S307 - the test's own text
        path = tmp_path / f"{name}.pickle"
        path.write_bytes(second)
        cases.append((name, str(path), expression, expected))
    assert b"registered-with" in srcpickle.pickle_dumps(m.Plain)
    proc = run_fresh(
        f"""\
        import collections.abc, pickle
        results = {{}}
        for name, path, expression, _ in {[c[:3] + (None,) for c in cases]!r}:
            with open(path, "rb") as handle:
                obj = pickle.loads(handle.read())
            results[name] = eval(expression)
        print({RESULT_MARK!r} + repr(results))
        """
    )
    assert result_of(proc) == {name: expected for name, _, _, expected in cases}


def test_per_module_choices_are_part_of_the_memo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _installed_module(tmp_path / "site", monkeypatch, "acme_scale", "def scale(x):\n    return 10 * x\n")
    write_module(
        tmp_path, "memo_user", "import acme_scale\n\ndef apply(x):\n    return acme_scale.scale(x)\n"
    )
    module = import_from(monkeypatch, tmp_path, "memo_user")
    before = _exact(module.apply)
    assert b"[import acme_scale]" in before
    srcpickle.register_by_value("acme_scale")
    try:
        after = _exact(module.apply)
    finally:
        srcpickle.unregister_by_value("acme_scale")
    assert b"[function scale-acme_scale]" in after
    assert _exact(module.apply) == before


def test_an_unpicklable_global_that_shares_a_local_name_does_not_stop_the_memo(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dumps_calls: List[Any]
) -> None:
    write_module(
        tmp_path,
        "memo_lock",
        """
        import threading

        lock = threading.Lock()

        def guarded(obj):
            return obj.lock
        """,
    )
    module = import_from(monkeypatch, tmp_path, "memo_lock")
    first = _memo_payload(module.guarded)
    assert _memo_payload(module.guarded) is first
    module.lock = threading.Lock()  # rebound: compared by identity, so dumped again
    _memo_payload(module.guarded)
    assert len(dumps_calls) == 2


def test_a_global_of_an_lru_cached_helper(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_module(
        tmp_path,
        "memo_cached",
        """
        import functools

        RATE = 2

        @functools.lru_cache(maxsize=None)
        def cached(x):
            return x * RATE

        def uses_cached(x):
            return cached(x)
        """,
    )
    module = import_from(monkeypatch, tmp_path, "memo_cached")
    before = _exact(module.uses_cached)
    module.RATE = 5
    assert _exact(module.uses_cached) != before
    assert pickle.loads(srcpickle.pickle_dumps(module.uses_cached))(2) == 10


def test_state_set_after_a_constructor_call_is_part_of_the_memo(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A formatter is written as logging.Formatter(fmt) and then the attributes its user set on
    # it: another value of the same attribute dumps again.
    write_module(
        tmp_path,
        "memo_formatter",
        """
        import logging
        import time

        FORMAT = logging.Formatter("%(asctime)s %(message)s", datefmt="%Y")
        FORMAT.converter = time.gmtime

        def stamp():
            record = logging.makeLogRecord({"msg": "m"})
            record.created = 0.0
            return FORMAT.format(record), FORMAT.converter.__name__
        """,
    )
    module = import_from(monkeypatch, tmp_path, "memo_formatter")
    first = _exact(module.stamp)
    module.FORMAT.converter = time.localtime  # (the same attribute set after the call, another value)
    second = _exact(module.stamp)
    module.FORMAT.default_msec_format = "%s"
    third = _exact(module.stamp)
    assert len({first, second, third}) == 3
    assert pickle.loads(srcpickle.pickle_dumps(module.stamp))()[1] == "localtime"


def test_the_memo_does_not_keep_classes_alive() -> None:
    def make() -> List[type]:
        class Plain:
            def get(self) -> int:
                return 1

        class Slotted:
            __slots__ = ("value",)

        return [Plain, Slotted]

    classes = make()
    references = [weakref.ref(cls) for cls in classes]
    for cls in classes:
        assert _memo_payload(cls) is _memo_payload(cls)
    del classes, cls
    gc.collect()
    assert [reference() for reference in references] == [None, None]


def test_the_memo_does_not_keep_functions_alive() -> None:
    def make() -> Any:
        return lambda x: x + 1

    fn = make()
    srcpickle.pickle_dumps(fn)
    reference = weakref.ref(fn)
    count = len(_pickler._DUMPED)
    del fn
    gc.collect()
    assert reference() is None
    assert len(_pickler._DUMPED) == count - 1


# ------------------------------------------------------------------------- loads_cached


def test_loads_cached_gives_one_object_per_payload() -> None:
    payload = srcpickle.dumps(lambda: [1])
    first = srcpickle.loads_cached(payload)
    assert srcpickle.loads_cached(payload) is first
    assert srcpickle.loads_cached(bytearray(payload)) is first
    # The same payload written by another Python is the same payload.
    text = payload.decode("utf-8").splitlines(keepends=True)
    assert text[1].startswith("written-by:")
    text[1] = "written-by: 'srcpickle 0.1.0, cpython 3.13.0'\n"
    assert srcpickle.loads_cached("".join(text).encode("utf-8")) is first
    # A changed payload is another object.
    assert srcpickle.loads_cached(srcpickle.dumps(lambda: [2])) is not first


def test_loads_cached_is_bounded() -> None:
    payloads = [srcpickle.dumps(f"value {n}") for n in range(_pickler.LOAD_CACHE_SIZE + 20)]
    first = srcpickle.loads_cached(payloads[0])
    for payload in payloads[1:]:
        srcpickle.loads_cached(payload)
    assert len(_pickler._LOADED) <= _pickler.LOAD_CACHE_SIZE
    assert _pickler.payload_key(payloads[0]) not in _pickler._LOADED
    assert srcpickle.loads_cached(payloads[-1]) == f"value {len(payloads) - 1}"
    assert srcpickle.loads_cached(payloads[0]) == first


def test_loads_cached_from_threads_builds_one_object() -> None:
    payload = srcpickle.dumps(lambda: "threads")
    results: List[Any] = []
    barrier = threading.Barrier(8)

    def load() -> None:
        barrier.wait()
        results.append(srcpickle.loads_cached(payload))

    threads = [threading.Thread(target=load) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 8 and all(r is results[0] for r in results)


def test_a_class_dumped_here_loads_as_itself(memo_module: Any) -> None:
    data = srcpickle.pickle_dumps(memo_module.Shape())
    assert type(pickle.loads(data)) is memo_module.Shape
    assert srcpickle.loads_cached(_memo_payload(memo_module.Shape)) is memo_module.Shape


def test_loads_cached_reports_what_loads_reports() -> None:
    payload = srcpickle.dumps(lambda: 1).replace(b"[end]", b"")
    with pytest.raises(srcpickle.PayloadFormatError, match="no end marker"):
        srcpickle.loads_cached(payload)


# ------------------------------------------------------------------------------- portable


def test_portable_calls_and_looks_like_the_function() -> None:
    def area(width: float, height: float = 2.0) -> float:
        """Width times height."""
        return width * height

    wrapped = srcpickle.portable(area)
    assert wrapped(3) == 6.0
    assert (wrapped.__name__, wrapped.__qualname__, wrapped.__doc__) == (
        "area",
        area.__qualname__,
        "Width times height.",
    )
    import inspect

    assert inspect.signature(wrapped) == inspect.signature(area)
    assert srcpickle.portable(wrapped) is wrapped


def test_portable_pickles_as_its_payload_with_any_pickler() -> None:
    cloudpickle = pytest.importorskip("cloudpickle")
    factor = 5
    wrapped = srcpickle.portable(lambda x: x * factor)
    for data in (pickle.dumps(wrapped), cloudpickle.dumps(wrapped), srcpickle.pickle_dumps(wrapped)):
        assert ("srcpickle", "Portable") in _globals_named(data)
        loaded = pickle.loads(data)
        assert isinstance(loaded, srcpickle.Portable) and loaded(2) == 10
        # Passed on again, it carries the same payload: nothing is dumped again.
        assert loaded.payload() == wrapped.payload()


def test_portable_loads_its_function_on_first_use_only(tmp_path: Path) -> None:
    # A function whose import is missing where it is unpickled: unpickling works (a process that
    # passes it on never runs it), calling says what is missing.
    script = tmp_path / "needs.py"
    script.write_text(
        textwrap.dedent(
            """
            import sys, pickle, srcpickle
            import acme_units_for_srcpickle_tests as units
            f = srcpickle.portable(lambda x: units.meters(x), by_reference=["acme_units_for_srcpickle_tests"])
            open(sys.argv[1], "wb").write(pickle.dumps(f))
            """
        ),
        encoding="utf-8",
    )
    write_module(tmp_path / "lib", "acme_units_for_srcpickle_tests", "def meters(x):\n    return x\n")
    out = tmp_path / "needs.pickle"
    env = dict(os.environ, PYTHONPATH=str(tmp_path / "lib"))
    proc = subprocess.run(
        [sys.executable, str(script), str(out)],
        capture_output=True,
        text=True,
        env=env,
        timeout=CHILD_TIMEOUT,
    )
    assert proc.returncode == 0, proc.stderr
    code = f"""
import pickle, srcpickle
wrapped = pickle.loads(open(sys.argv[1], "rb").read())
# What tools ask of what they are handed, answered from the payload or missing: nothing loads.
seen = (wrapped.__name__, wrapped.__qualname__, wrapped.__module__, hasattr(wrapped, "expr"))
import inspect
seen += (inspect.iscoroutinefunction(wrapped), wrapped._function is None)
try:
    wrapped(1)
except srcpickle.LoadError as exc:
    outcome = type(exc).__name__
print({RESULT_MARK!r} + repr((seen, outcome)))
"""
    assert result_of(isolated().run(CURRENT, code, args=[str(out)])) == (
        ("<lambda>", "<lambda>", "__main__", False, False, True),
        "MissingDependencyError",
    )


def test_the_pickle_integration_is_imported_on_first_use(tmp_path: Path) -> None:
    payload = srcpickle.dumps(lambda x: x + 1)
    path = tmp_path / "plus.srcpickle"
    path.write_bytes(payload)
    code = f"""
import srcpickle
before = srcpickle.loads(open(sys.argv[1], "rb").read())(1), "srcpickle._pickler" in sys.modules
listed = {{"Pickler", "portable", "get_context", "loads_cached"}} <= set(dir(srcpickle))
after = srcpickle.Pickler.__module__, "srcpickle._pickler" in sys.modules, "srcpickle._mp" in sys.modules
print({RESULT_MARK!r} + repr((before, listed, after)))
"""
    assert result_of(run_fresh(code, args=[str(path)])) == ((2, False), True, ("srcpickle", True, False))
