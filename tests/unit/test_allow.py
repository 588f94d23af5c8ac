"""The allow-list (``loads(data, allowed_imports=[...])``, ``srcpickle/_rebuild/allow.py``).

What it lets through matters as much as what it refuses: ordinary payloads (classes with hooks,
dataclasses, enums, instances, closures, imports in bodies, every golden payload) load under a list
of exactly their own imports and behave as the originals. The hostile payloads, one per route, are
in ``tests/corpus/hostile_allowed`` (``tests/test_hostile_allowed.py``); here are the rules around
them: what ``builtins`` in the list allows, code that never runs is not read, the error's routes.
"""

from __future__ import annotations

import pickle
import sys
import warnings
from pathlib import Path
from typing import List

import pytest

import srcpickle
from srcpickle import DisallowedImportError, PayloadFormatError
from srcpickle._model import ImportNode

from . import CURRENT, RESULT_MARK, import_from, interpreter, isolated, load_fresh, result_of, write_module
from .test_distributions import ACME, install

GOLDEN = Path(__file__).resolve().parent.parent / "corpus" / "golden"
HOSTILE = Path(__file__).resolve().parent.parent / "corpus" / "hostile_allowed"
MARKER = "SRCPICKLE_RAN"

sys.path.insert(0, str(GOLDEN.parent))
import golden_check  # noqa: E402


def own_imports(data: bytes) -> List[str]:
    """The modules a payload's import and ref sections name, less builtins (always allowed)."""
    payload = srcpickle.inspect(data)
    names = set()
    for _, node in payload.imports():
        names.add(node.module)
        if isinstance(node, ImportNode):
            names.update(node.submodules)
    names.discard("builtins")
    return sorted(names)


# ------------------------------------------------------------------ what the list lets through

USER_MODULE = '''\
import json
import os.path
from collections import OrderedDict
from dataclasses import dataclass, field
from enum import Enum
from typing import Dict, List, Optional

REGISTRY: Dict[str, str] = {}


class Plugin:
    """Subclasses register themselves when their class statement runs (at load too)."""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        REGISTRY[cls.__name__] = cls.__qualname__

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"{self.__class__.__name__}({self.name!r})"


class Exporter(Plugin):
    def export(self, data: Dict[str, int]) -> str:
        return json.dumps(OrderedDict(sorted(data.items())))


class Color(Enum):
    RED = 1
    GREEN = 2


@dataclass
class Job:
    path: str
    tags: List[str] = field(default_factory=list)
    color: Color = Color.RED

    def target(self, root: Optional[str] = None) -> str:
        return os.path.join(root or "out", self.path)


def make_counter(start):
    import itertools

    counter = itertools.count(start)

    def tick() -> int:
        return next(counter)

    return tick


def run(job: Job, data: Dict[str, int]) -> dict:
    exporter = Exporter("json")
    assert hasattr(json, "dumps") and isinstance(json, type(os)), repr(os.path)
    return {
        "target": job.target(),
        "text": exporter.export(data),
        "repr": repr(exporter),
        "registry": sorted(REGISTRY.items()),
        "color": job.color.name,
        "tags": job.tags,
        "sections": getattr(job, "path"),
    }
'''


def test_ordinary_code_loads_under_a_list_of_its_own_imports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Class statements with hooks (__init_subclass__ with super()), a dataclass, an enum, an
    instance, a closure over a module imported in its function, getattr with a written name:
    all load under exactly their imports, in a fresh process, and give the originals' results."""
    write_module(tmp_path / "code", "al_user", USER_MODULE)
    module = import_from(monkeypatch, tmp_path / "code", "al_user")
    data = srcpickle.dumps(
        (module.run, module.Job("a.txt", ["x"], module.Color.GREEN), module.make_counter(5))
    )
    allowed = own_imports(data)
    assert allowed == [
        "collections",
        "copyreg",
        "dataclasses",
        "enum",
        "itertools",
        "json",
        "os",
        "os.path",
        "typing",
    ]
    expected = module.run(module.Job("a.txt", ["x"], module.Color.GREEN), {"b": 2, "a": 1})
    loaded = f"""\
    with open(sys.argv[1], "rb") as handle:
        fn = srcpickle.loads(handle.read(), allowed_imports={allowed!r})
    run, job, tick = fn
    """
    result = load_fresh(data, tmp_path, "(run(job, {'b': 2, 'a': 1}), tick(), tick())", before=loaded)
    assert result == (expected, 5, 6)
    assert expected["registry"] == [("Exporter", "Exporter")]
    with pytest.raises(DisallowedImportError) as info:
        srcpickle.loads(data, allowed_imports=[m for m in allowed if m != "itertools"])
    assert "imports itertools" in str(info.value)


def _golden_cases() -> List[Path]:
    return sorted(GOLDEN.glob("v*/*.srcpickle"))


@pytest.mark.parametrize("path", _golden_cases(), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_golden_payloads_load_under_a_list_of_their_own_imports(path: Path) -> None:
    """Every golden payload (functions, classes, instances, closures, generators, lru_cache,
    partial, classes made by calls) passes the allow-list of its own imports, without
    "builtins", and its probes give the recorded results."""
    data = path.read_bytes()
    needed = srcpickle.inspect(data).requires_python
    if sys.version_info[:2] < needed:
        pytest.skip(f"needs Python {needed}")
    spec = golden_check.json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", srcpickle.DependencyVersionWarning)
        obj = srcpickle.loads(data, allowed_imports=own_imports(data))
    assert golden_check.run_probes(obj, spec["probes"]) == []


# ------------------------------------------------- a guarded module-level import, tested as usual

GUARDED_MODULE = """\
try:
    import acmeunits
    HAS_UNITS = True
except ImportError:
    acmeunits = None
    HAS_UNITS = False


def is_none(x):
    return -x if acmeunits is None else acmeunits.meters(x)


def is_not_none(x):
    if acmeunits is not None:
        return acmeunits.meters(x)
    return -x


def truth(x):
    if acmeunits:
        return acmeunits.meters(x)
    return -x


def negated(x):
    if not acmeunits:
        return -x
    return acmeunits.meters(x)


def conditional_expression(x):
    convert = acmeunits.meters if acmeunits else (lambda v: -v)
    return convert(x)


def and_chain(x):
    return acmeunits and acmeunits.meters(x) or -x


def flag_and_identity(x):
    while HAS_UNITS and acmeunits is not None:
        return acmeunits.meters(x)
    return -x


def bool_call(x):
    assert bool(acmeunits) is HAS_UNITS
    return [acmeunits.meters(v) for v in [x] if acmeunits][0] if bool(acmeunits) else -x


def _identity(value):
    return value


def returned(x):
    return acmeunits or -x


def passed(x):
    module = _identity(acmeunits)
    return -x if module is None else module.meters(x)


def stored(x):
    held = [acmeunits]
    return -x if held[0] is None else held[0].meters(x)


def conditional_value(x):
    module = acmeunits if x else None
    return -x if module is None else module.meters(x)


def compared_by_equality(x):
    return -x if acmeunits == None else acmeunits.meters(x)  # noqa: E711 - the case
"""

# Each function of GUARDED_MODULE whose uses of the guarded module are only tests.
TESTED_USES = (
    "is_none",
    "is_not_none",
    "truth",
    "negated",
    "conditional_expression",
    "and_chain",
    "flag_and_identity",
    "bool_call",
)
# ... and each that hands the module on: returned, passed to a call, stored, the value of a
# conditional expression, compared with == (which runs the module type's __eq__).
VALUE_USES = ("returned", "passed", "stored", "conditional_value", "compared_by_equality")


@pytest.fixture(scope="module")
def guarded_payloads(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The payloads of GUARDED_MODULE's functions, dumped in a fresh interpreter where Acme-Units
    is installed; and that site."""
    base = tmp_path_factory.mktemp("guarded")
    saved = install(base / "saved", "Acme-Units", "1.4.2", ACME, "acmeunits")
    (base / "code").mkdir()
    (base / "code" / "h74_guarded.py").write_text(GUARDED_MODULE, encoding="utf-8")
    names = TESTED_USES + VALUE_USES
    code = (
        "import srcpickle, h74_guarded\n"
        f"print({RESULT_MARK!r} + repr({{n: srcpickle.dumps(getattr(h74_guarded, n)) for n in {names!r}}}))\n"
    )
    payloads = result_of(isolated().run(CURRENT, code, extra_path=[str(saved), str(base / "code")]))
    for name, data in payloads.items():
        assert b"\n[guard " in data, (name, data.decode())
    return {"payloads": payloads, "saved": saved, "base": base}


def _load_all_allowed(guarded: dict, site: Path, python: object = CURRENT) -> dict:
    # name -> f(2), or the error's class and message, loaded under allowed_imports=["acmeunits"]
    # in a fresh interpreter that sees ``site``.
    path = guarded["base"] / "payloads.txt"
    path.write_text(repr(guarded["payloads"]), encoding="utf-8")
    code = f"""\
import ast
import srcpickle
payloads = ast.literal_eval(open({str(path)!r}, encoding="utf-8").read())
results = {{}}
for name, data in payloads.items():
    try:
        results[name] = srcpickle.loads(data, allowed_imports=["acmeunits"])(2)
    except srcpickle.LoadError as error:
        results[name] = type(error).__name__ + ": " + str(error)
print({RESULT_MARK!r} + repr(results))
"""
    return result_of(isolated().run(python, code, extra_path=[str(site)]))  # type: ignore[arg-type]


@pytest.mark.parametrize("python", ["current", "3.9", "3.13", "pypy"])
def test_a_guarded_import_tested_as_usual_loads_under_the_list(guarded_payloads: dict, python: str) -> None:
    """It was refused: ``if tomllib is None:`` "uses module tomllib as a value" under
    ``allowed_imports``. Testing a guarded module (identity, truth, ``not``, ``and``, ``bool``)
    hands nothing of it on: such code loads where the module is installed and where it is
    missing, and the module handed on is still refused where it is installed."""
    chosen = CURRENT if python == "current" else interpreter(python)
    empty = guarded_payloads["base"] / "empty"
    empty.mkdir(exist_ok=True)
    present = _load_all_allowed(guarded_payloads, guarded_payloads["saved"], chosen)
    missing = _load_all_allowed(guarded_payloads, empty, chosen)
    assert {name: present[name] for name in TESTED_USES} == dict.fromkeys(TESTED_USES, 2000)
    assert {name: missing[name] for name in TESTED_USES} == dict.fromkeys(TESTED_USES, -2)
    for name in VALUE_USES:
        assert present[name].startswith("DisallowedImportError: "), (name, present[name])
        assert "uses module acmeunits as a value (allowed with 'builtins')" in present[name], present[name]
        # Where the module is missing, the guard's fallback (None) stands in for it: nothing to hand on.
        assert missing[name] == -2, (name, missing[name])


# ------------------------------------------------------------------ the rules around the routes


def _hostile(name: str) -> bytes:
    return (HOSTILE / f"{name}.srcpickle").read_bytes()


@pytest.mark.parametrize(
    "name", ["body_eval", "body_generator_frame", "module_as_value", "getattr_reads_self"]
)
def test_builtins_in_the_list_allows_reflection(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reflection is refused unless the caller lists "builtins" too, which allows it all (and
    with it, whatever reflection reaches: the marker is written)."""
    monkeypatch.chdir(tmp_path)
    if name == "getattr_reads_self" and sys.implementation.name == "pypy":
        pytest.skip("PyPy's built-in functions have no __self__")
    allowed = {
        "body_eval": [],
        "body_generator_frame": [],
        "module_as_value": ["json"],
        "getattr_reads_self": [],
    }
    with pytest.raises(DisallowedImportError) as info:
        srcpickle.loads(_hostile(name), allowed_imports=allowed[name])
    assert all(route.endswith("(allowed with 'builtins')") for route in info.value.routes)
    assert "'builtins' in allowed_imports allows the routes marked so" in str(info.value)
    obj = srcpickle.loads(_hostile(name), allowed_imports=[*allowed[name], "builtins"])
    if callable(obj) and name.startswith("body_"):
        obj()
    if hasattr(obj, "close"):
        obj.close()  # getattr_reads_self's root is the file it opened
    assert (tmp_path / MARKER).exists()


def test_a_module_outside_the_list_is_refused_even_with_builtins(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(DisallowedImportError) as info:
        srcpickle.loads(_hostile("class_body_attribute_chain"), allowed_imports=["json", "builtins"])
    assert info.value.routes == ("class C, line 2: json.codecs is module codecs",)
    assert not (tmp_path / MARKER).exists()


NEVER_RUNS = """\
import json


def keep(fn):
    return fn


@keep
def parse(text, decoder=json.JSONDecoder, hook=print):
    return decoder().decode(text)
"""


def test_code_that_loading_never_runs_is_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A function's decorators and default expressions are never evaluated by loading (its
    defaults come from the payload's values): a route there is no route. The body is read."""
    write_module(tmp_path / "code", "al_never", NEVER_RUNS)
    module = import_from(monkeypatch, tmp_path / "code", "al_never")
    text = srcpickle.dumps(module.parse).decode("utf-8")
    hostile = text.replace("@keep\n", "@__import__('os').system\n").replace(
        "hook=print", "hook=open('x', 'w')"
    )
    assert hostile != text
    fn = srcpickle.loads(hostile.encode("utf-8"), allowed_imports=["json"])
    assert fn("[1]") == [1]
    assert fn.__defaults__[1] is print
    assert list((tmp_path).iterdir()) == [tmp_path / "code"]
    body = text.replace("return decoder().decode(text)", "return decoder().decode(open(text).read())")
    with pytest.raises(DisallowedImportError) as info:
        srcpickle.loads(body.encode("utf-8"), allowed_imports=["json"])
    assert info.value.routes == ("function parse, line 10: uses the built-in open (allowed with 'builtins')",)


def test_relative_imports_are_resolved_as_python_resolves_them() -> None:
    payload = """\
srcpickle-payload 1
written-by: 'srcpickle tests'
requires-python: '3.9'
root: @f

[namespace json.tool2]
module: 'json.tool2'

[function f]
name: 'f'
qualname: 'f'
module: 'json.tool2'
namespace: @json.tool2
doc: None
kind: 'def'
line: 1
source: 3
    def f():
        from .decoder import JSONDecoder
        return JSONDecoder

[end]
"""
    import json.decoder

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ImportWarning)  # no __spec__: Python falls back on __name__
        assert srcpickle.loads(payload, allowed_imports=["json"])() is json.decoder.JSONDecoder
    with pytest.raises(DisallowedImportError) as info:
        srcpickle.loads(payload, allowed_imports=["xml"])
    assert info.value.routes == (
        "function f, line 2: imports json",
        "function f, line 2: imports json.decoder",
    )


SELF_DICT = """\
class Point:
    def __init__(self, x, y):
        self.x, self.y = x, y

    def __setstate__(self, state):
        self.__dict__.update(state)


ORIGIN = Point(0, 0)
"""


def test_reading_an_objects_dict_is_reflection(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``self.__dict__`` reads attributes by computed names, as ``vars`` does: allowed with
    "builtins" only (the message says where)."""
    write_module(tmp_path / "code", "al_dict", SELF_DICT)
    module = import_from(monkeypatch, tmp_path / "code", "al_dict")
    data = srcpickle.dumps(module.ORIGIN)
    with pytest.raises(DisallowedImportError) as info:
        srcpickle.loads(data, allowed_imports=["copyreg"])
    assert info.value.routes == ("class Point, line 6: uses attribute __dict__ (allowed with 'builtins')",)
    point = srcpickle.loads(data, allowed_imports=["copyreg", "builtins"])
    assert (point.x, point.y) == (0, 0)


@pytest.mark.skipif(sys.version_info < (3, 10), reason="match statements are Python 3.10")
def test_a_class_pattern_reads_attributes_by_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    payload = """\
srcpickle-payload 1
written-by: 'srcpickle tests'
requires-python: '3.10'
root: @f

[namespace m]
module: 'm'

[function f]
name: 'f'
qualname: 'f'
module: 'm'
namespace: @m
doc: None
kind: 'def'
line: 1
source: 4
    def f(fn):
        match fn:
            case object(__globals__=found):
                return found

[end]
"""
    with pytest.raises(DisallowedImportError) as info:
        srcpickle.loads(payload, allowed_imports=[])
    assert info.value.routes == (
        "function f, line 3: matches attribute __globals__ (allowed with 'builtins')",
    )
    assert srcpickle.loads(payload, allowed_imports=["builtins"])(own_imports) is globals()


def test_the_error_names_every_route_and_survives_pickling(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(DisallowedImportError) as info:
        srcpickle.loads(_hostile("body_subclasses"), allowed_imports=[])
    error = info.value
    assert error.routes == (
        "function f, line 4: uses attribute __globals__ (allowed with 'builtins')",
        "function f, line 2: uses attribute __subclasses__ (allowed with 'builtins')",
    )
    lines = str(error).splitlines()
    assert (
        lines[0] == "the payload reaches outside allowed_imports [] by 2 routes; nothing of it was executed:"
    )
    assert lines[1:3] == [f"  {route}" for route in error.routes]
    copy = pickle.loads(pickle.dumps(error))
    assert (type(copy), str(copy), copy.routes) == (DisallowedImportError, str(error), error.routes)
    assert isinstance(error, srcpickle.LoadError)


# ------------------------------------------------------------- one statement per source block

CLASS_TEXT = """\
srcpickle-payload 1
written-by: 'srcpickle tests'
requires-python: '3.9'
root: @C

[namespace m]
module: 'm'

[class C]
name: 'C'
qualname: 'C'
module: 'm'
namespace: @m
line: 1
source: 3
    class C:
        pass
    {statement}

[end]
"""


def test_a_statement_beside_a_class_is_refused_and_inside_it_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The loader executes a class's text: a statement after the class would run with it. The same
    statement inside the class body (the control) does run: the refusal is what prevents it."""
    monkeypatch.chdir(tmp_path)
    statement = f"open({MARKER!r}, 'w').close()"
    with pytest.raises(PayloadFormatError) as info:
        srcpickle.loads(CLASS_TEXT.format(statement=statement))
    assert (info.value.line, info.value.column) == (18, None)
    assert "holds more than its class: line 3 holds a statement beside the class" in str(info.value)
    assert not (tmp_path / MARKER).exists()
    inside = CLASS_TEXT.format(statement="    " + statement)
    assert srcpickle.loads(inside).__name__ == "C"
    assert (tmp_path / MARKER).exists()


@pytest.mark.parametrize(
    "kind, source, line",
    [
        ("def", ["def f():", "    return 1", "f = 2"], 3),
        ("def", ["def f():", "    return 1", "if 0:", "    import os"], 3),
        ("lambda", ["lambda: 0)", "import os", "(0"], 1),
    ],
    ids=["def-then-assignment", "def-then-block", "lambda-breaking-out"],
)
def test_a_function_source_holds_one_statement(kind: str, source: List[str], line: int) -> None:
    block = "".join(f"    {text}\n" for text in source)
    text = (
        "srcpickle-payload 1\nwritten-by: 'x'\nrequires-python: '3.9'\nroot: @f\n\n"
        "[namespace m]\nmodule: 'm'\n\n"
        f"[function f]\nname: 'f'\nqualname: 'f'\nmodule: 'm'\nnamespace: @m\ndoc: None\nkind: '{kind}'\n"
        f"line: 1\nsource: {len(source)}\n{block}\n[end]\n"
    )
    with pytest.raises(PayloadFormatError) as info:
        srcpickle.loads(text)
    assert "a source block holds exactly one def, lambda or class statement" in str(info.value)
    if kind == "def":
        assert info.value.line == 17 + line


def test_a_payload_loaded_before_is_checked_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Loading keeps the parse and the compiled code of a payload it saw (by its text); the
    allow-list depends on the call and is proved at every load."""
    monkeypatch.chdir(tmp_path)
    data = _hostile("module_as_value")
    assert srcpickle.loads(data).__name__ == "C"  # trusted: it runs, and the parse is kept
    (tmp_path / MARKER).unlink()
    with pytest.raises(DisallowedImportError) as info:
        srcpickle.loads(data, allowed_imports=["json"])
    assert info.value.routes == ("class C, line 2: uses module json as a value (allowed with 'builtins')",)
    assert not (tmp_path / MARKER).exists()


# --------------------------------------------------------- writes into what the payload did not make

OWN_WRITES = """\
import collections
import json

REGISTRY = {}


class Counter:
    count = 0

    def __init__(self):
        self.seen = []

    def bump(self, name):
        Counter.count += 1
        self.seen.append(name)
        self.last = name
        REGISTRY[name] = Counter.count
        return self


def use(names):
    counter = Counter()
    for name in names:
        counter.bump(name)
    decoder = json.JSONDecoder()
    decoder.parse_int = float
    ordered = collections.OrderedDict()
    ordered["b"] = 1
    del REGISTRY[names[0]]
    stats = {}
    for stats["last"] in names:
        pass
    return counter.count, counter.last, sorted(REGISTRY.items()), decoder.decode("[1]"), list(ordered), stats
"""


def test_writes_into_what_the_payload_made_load_under_the_list(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Attributes and items of the payload's own objects (its classes, their instances, its
    globals, an instance of a library class it made) are written freely; the same write into the
    library class itself is refused, whatever the list holds."""
    write_module(tmp_path / "code", "al_own_writes", OWN_WRITES)
    module = import_from(monkeypatch, tmp_path / "code", "al_own_writes")
    data = srcpickle.dumps(module.use)
    expected = module.use(["a", "b"])
    assert expected == (2, "b", [("b", 2)], [1.0], ["b"], {"last": "b"})
    before = f"""\
    with open(sys.argv[1], "rb") as handle:
        fn = srcpickle.loads(handle.read(), allowed_imports={own_imports(data)!r})
    """
    assert load_fresh(data, tmp_path, "fn(['a', 'b'])", before=before) == expected
    patched = data.replace(b"decoder = json.JSONDecoder()", b"decoder = json.JSONDecoder")
    for allowed in (own_imports(data), [*own_imports(data), "builtins"]):
        with pytest.raises(DisallowedImportError) as info:
            srcpickle.loads(patched, allowed_imports=allowed)
        assert info.value.routes == (
            "function use, line 26: writes into decoder (assigned from json.JSONDecoder), which the "
            "payload did not make (decoder.parse_int)",
        )


WRITES = """\
srcpickle-payload 1
written-by: 'srcpickle tests'
requires-python: '3.9'
root: @f

[namespace m]
module: 'm'
global json = @json

[import json]
module: 'json'
distribution: 'stdlib'

[function f]
name: 'f'
qualname: 'f'
module: 'm'
namespace: @m
doc: None
kind: 'def'
line: 1
source: 11
    def f(value):
        json.decoder.c_scanstring = value
        del json.JSONDecoder.raw_decode
        json.JSONEncoder.key_separator += value
        json.decoder.__all__[0] = value
        (alias := json.JSONEncoder).sort_keys = value
        first, second = json.JSONEncoder, value
        first.item_separator = second
        for json.JSONDecoder.parse_float in [value]:
            pass
        json.dumps.__doc__ = value

[end]
"""


def test_every_write_into_what_exists_is_named(tmp_path: Path) -> None:
    """Assignments, deletions, augmented assignments, a walrus, a name assigned from a library
    class, a for target: each is a route, refused even with "builtins" in the list."""
    with pytest.raises(DisallowedImportError) as info:
        srcpickle.loads(WRITES, allowed_imports=["json", "builtins"])
    # Children before parents: the last line's route comes first (as every route of code does).
    assert info.value.routes == (
        "function f, line 11: writes into json.dumps, which the payload did not make (json.dumps.__doc__)",
        "function f, line 9: writes into json.decoder.JSONDecoder, which the payload did not make "
        "(json.JSONDecoder.parse_float)",
        "function f, line 8: writes into first (assigned from (json.JSONEncoder, value)), which the "
        "payload did not make (first.item_separator)",
        "function f, line 6: writes into json.JSONEncoder, which the payload did not make "
        "(json.JSONEncoder.sort_keys)",
        "function f, line 5: writes into json.decoder.__all__, which the payload did not make "
        "(json.decoder.__all__[0])",
        "function f, line 4: writes into json.encoder.JSONEncoder, which the payload did not make "
        "(json.JSONEncoder.key_separator)",
        "function f, line 3: deletes from json.decoder.JSONDecoder, which the payload did not make "
        "(json.JSONDecoder.raw_decode)",
        "function f, line 2: writes into module json.decoder (json.decoder.c_scanstring)",
    )
    # Without a list they run (the control, in a fresh process): each changes json for everyone.
    effects = (
        "(json.decoder.c_scanstring, hasattr(json.JSONDecoder, 'raw_decode'), json.JSONEncoder.key_separator,"
        " json.decoder.__all__[0], json.JSONEncoder.sort_keys, json.JSONEncoder.item_separator,"
        " json.JSONDecoder.parse_float, json.dumps.__doc__)"
    )
    result = load_fresh(WRITES.encode("utf-8"), tmp_path, effects, before="fn('X')\nimport json\n")
    assert result == ("X", False, ": X", "X", "X", "X", "X", "X")
