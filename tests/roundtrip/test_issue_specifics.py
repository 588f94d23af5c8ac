"""What issues 3 and 4 promise that a probe cannot see: the text of payloads and the options of
``dumps``.

- Payload text, read with ``srcpickle.inspect`` (which executes nothing) from the case files
  ``lambdas``, ``closures``, ``decorators``, ``classes`` and ``instances`` as dumped on *every*
  interpreter of the machine (3.9 and 3.10 cut lambdas without column positions, PyPy has its own
  code objects): each lambda's source is its own expression, a closure shows the inner function's
  own source, shared cells are one node, a class and its instances share one class node.
- ``by_value=`` / ``by_reference=`` and ``register_by_value`` / ``unregister_by_value``: payloads
  written in a fresh process, loaded in fresh processes on every interpreter, with and without the
  modules importable.
- ``UnsupportedObjectError`` names the path through the graph (``root['pre'].<closure>['lock']``), on
  every interpreter.
"""

from __future__ import annotations

import json
import os
import textwrap
from typing import Any, Dict, List, Tuple

import pytest

import srcpickle
from srcpickle._model import CellNode, ClassNode, FunctionNode, ImportNode, Payload, Ref, RefNode

from .harness import case_file, current_interpreter, discover_interpreters

INTERPRETERS = discover_interpreters()


def _payload(harness: Any, interpreter: Any, file: str, case: str) -> Payload:
    dump = harness.dump(interpreter, case_file(file))
    entry = dump.record["cases"][case]
    assert entry["dump_error"] is None, f"{file}::{case} on {interpreter.label}: {entry['dump_error']}"
    return srcpickle.inspect(dump.payload(case))


def _functions(payload: Payload) -> List[FunctionNode]:
    return [node for _, node in payload.functions()]


def _root_function(payload: Payload) -> FunctionNode:
    node = payload.root_node
    assert isinstance(node, FunctionNode), f"the root is {payload.root!r}, not a function"
    return node


def _label(interpreter: Any) -> str:
    return str(interpreter.label)


# ------------------------------------------------------------------------------------ lambdas

# (case file, case) -> the exact source its root function must carry.
ROOT_SOURCES: Dict[Tuple[str, str], str] = {
    ("lambdas", "second_of_two_on_a_line"): "lambda x: x * 2",
    ("lambdas", "first_of_two_on_a_line"): "lambda x: x + 1",
    ("lambdas", "inline_in_a_call"): "lambda p: p[1]",
    ("lambdas", "second_call_on_a_line"): "lambda p: -p[0] * 2",
    ("lambdas", "default_argument_lambda"): "lambda v: v * 10",
    ("lambdas", "dict_value"): "lambda a, b: a - b",
    ("lambdas", "decorator_argument"): 'lambda s: s.upper() + "!"',
    ("lambdas", "comprehension_one_of_them"): "lambda x, i=i: x + i",
    ("lambdas", "nested_outer"): "lambda x: lambda y: x + y",
    ("lambdas", "nested_inner_closure"): "lambda y: x + y",
    ("lambdas", "class_body_staticmethod"): "lambda w, h: w * h",
    ("lambdas", "class_body_method_function"): "lambda self, x: 2 * x",
    ("lambdas", "several_lines"): (
        "lambda x, lo=0, hi=10: (  # noqa: E731 - a lambda bound to a name is the case\n"
        "    lo\n    if x < lo\n    else hi\n    if x > hi\n    else x\n)"
    ),
    # A closure's payload carries the inner function's own text, its free variable untouched.
    ("closures", "make_adder"): "def add(x):\n    return x + n",
    ("closures", "recursive_inner"): "def fib(n):\n    return n if n < 2 else fib(n - 1) + fib(n - 2)",
    ("closures", "range_fact"): "def rangefact(b):\n    return [factorial(i) for i in range(a, b)]",
}


@pytest.mark.parametrize("interpreter", INTERPRETERS, ids=_label)
@pytest.mark.parametrize("file,case", sorted(ROOT_SOURCES), ids=lambda v: str(v))
def test_root_source_is_its_own_text(roundtrip_harness: Any, interpreter: Any, file: str, case: str) -> None:
    node = _root_function(_payload(roundtrip_harness, interpreter, file, case))
    assert node.source == ROOT_SOURCES[file, case], (
        f"{file}::{case} dumped on {interpreter.label}: source {node.source!r}"
    )
    assert node.kind == ("lambda" if node.source.startswith("lambda") else "def")


@pytest.mark.parametrize("interpreter", INTERPRETERS, ids=_label)
def test_two_lambdas_of_one_line_are_two_sources(roundtrip_harness: Any, interpreter: Any) -> None:
    payload = _payload(roundtrip_harness, interpreter, "lambdas", "both_of_a_line_together")
    assert [f.source for f in _functions(payload)] == ["lambda x: x + 1", "lambda x: x * 2"]
    lines = {f.line for f in _functions(payload)}
    assert len(lines) == 1, f"both lambdas come from one line, got lines {lines}"


@pytest.mark.parametrize("interpreter", INTERPRETERS, ids=_label)
def test_comprehension_lambdas_are_three_functions_with_their_own_defaults(
    roundtrip_harness: Any, interpreter: Any
) -> None:
    payload = _payload(roundtrip_harness, interpreter, "lambdas", "comprehension_default_capture")
    functions = _functions(payload)
    assert [f.source for f in functions] == ["lambda x, i=i: x + i"] * 3
    assert sorted(repr(getattr(f.defaults, "items", None)) for f in functions) == ["(0,)", "(1,)", "(2,)"]


# ----------------------------------------------------------------------------------- closures


def _cells(payload: Payload) -> Dict[str, CellNode]:
    return {node_id: node for node_id, node in payload.nodes.items() if isinstance(node, CellNode)}


@pytest.mark.parametrize("interpreter", INTERPRETERS, ids=_label)
def test_closure_variable_is_a_cell_not_a_global(roundtrip_harness: Any, interpreter: Any) -> None:
    payload = _payload(roundtrip_harness, interpreter, "closures", "make_adder")
    node = _root_function(payload)
    assert [name for name, _ in node.closure] == ["n"]
    ref = dict(node.closure)["n"]
    assert isinstance(ref, Ref)
    cell = payload.nodes[ref.id]
    assert isinstance(cell, CellNode) and cell.contents == 5 and not cell.empty
    namespace = payload.nodes[node.namespace]
    assert "n" not in dict(getattr(namespace, "globals", ())), "the free variable was hoisted to a global"


@pytest.mark.parametrize("interpreter", INTERPRETERS, ids=_label)
def test_shared_cell_is_one_node(roundtrip_harness: Any, interpreter: Any) -> None:
    payload = _payload(roundtrip_harness, interpreter, "closures", "shared_cell_pair")
    add, read = _functions(payload)
    assert dict(add.closure)["total"] == dict(read.closure)["total"]
    assert len(_cells(payload)) == 1


@pytest.mark.parametrize("interpreter", INTERPRETERS, ids=_label)
def test_empty_cell_stays_empty(roundtrip_harness: Any, interpreter: Any) -> None:
    payload = _payload(roundtrip_harness, interpreter, "closures", "empty_cell")
    (cell,) = _cells(payload).values()
    assert cell.empty


@pytest.mark.parametrize("interpreter", INTERPRETERS, ids=_label)
def test_recursive_inner_function_cell_refers_to_the_function(
    roundtrip_harness: Any, interpreter: Any
) -> None:
    payload = _payload(roundtrip_harness, interpreter, "closures", "recursive_inner")
    assert isinstance(payload.root, Ref)
    (cell,) = _cells(payload).values()
    assert cell.contents == payload.root


# --------------------------------------------------------------------------------- decorators


@pytest.mark.parametrize("interpreter", INTERPRETERS, ids=_label)
def test_wraps_payload_holds_wrapper_and_wrapped_by_source(roundtrip_harness: Any, interpreter: Any) -> None:
    payload = _payload(roundtrip_harness, interpreter, "decorators", "wraps_decorator")
    sources = [f.source for f in _functions(payload)]
    assert len(sources) == 2, sources
    assert any("def wrapper(*args, **kwargs):" in s and "return fn(*args, **kwargs)" in s for s in sources)
    assert any("def area(width, height=1):" in s and "return width * height" in s for s in sources)


@pytest.mark.parametrize("interpreter", INTERPRETERS, ids=_label)
def test_lru_cache_is_rebuilt_from_its_parameters(roundtrip_harness: Any, interpreter: Any) -> None:
    payload = _payload(roundtrip_harness, interpreter, "decorators", "lru_cache")
    refs = {(n.module, n.qualname) for _, n in payload.imports() if isinstance(n, RefNode)}
    assert ("functools", "lru_cache") in refs, refs
    assert [f.name for f in _functions(payload)] == ["slow_square"]


# ------------------------------------------------------------------------- classes, instances


def _classes(payload: Payload) -> List[ClassNode]:
    return [node for node in payload.nodes.values() if isinstance(node, ClassNode)]


@pytest.mark.parametrize("interpreter", INTERPRETERS, ids=_label)
@pytest.mark.parametrize(
    "file,case,name",
    [
        ("classes", "enum_class_and_members", "Color"),
        ("instances", "class_and_instances_together", "Greeter"),
        ("instances", "enum_members_together", "Color"),
        ("instances", "bound_method", "Model"),
        ("instances", "dict_of_models", "Model"),
    ],
    ids=lambda v: str(v),
)
def test_one_class_node_per_class(
    roundtrip_harness: Any, interpreter: Any, file: str, case: str, name: str
) -> None:
    classes = _classes(_payload(roundtrip_harness, interpreter, file, case))
    assert [c.name for c in classes] == [name]
    assert classes[0].source.startswith(f"class {name}")


@pytest.mark.parametrize("interpreter", INTERPRETERS, ids=_label)
def test_subclass_and_its_base_both_by_source(roundtrip_harness: Any, interpreter: Any) -> None:
    classes = _classes(_payload(roundtrip_harness, interpreter, "classes", "zero_argument_super"))
    assert sorted(c.name for c in classes) == ["Base", "Child", "GrandChild"]
    assert all(
        c.source.startswith(f"class {c.name}(") or c.source.startswith(f"class {c.name}:") for c in classes
    )


@pytest.mark.parametrize("interpreter", INTERPRETERS, ids=_label)
def test_class_source_is_the_class_statement(roundtrip_harness: Any, interpreter: Any) -> None:
    payload = _payload(roundtrip_harness, interpreter, "classes", "class_in_main")
    (cls,) = _classes(payload)
    assert cls.source.startswith('class Greeter:\n    """Greets people."""\n')
    assert "def greet(self):" in cls.source
    assert cls.qualname == "Greeter" and cls.indent == ""


@pytest.mark.parametrize("interpreter", INTERPRETERS, ids=_label)
def test_class_in_a_function_keeps_its_scope(roundtrip_harness: Any, interpreter: Any) -> None:
    payload = _payload(roundtrip_harness, interpreter, "classes", "class_in_a_function")
    (cls,) = _classes(payload)
    assert cls.qualname == "make_class.<locals>.Local"
    assert cls.source.startswith("class Local:\n")
    assert sorted(name for name, _ in cls.closure) == ["base_value", "offset"]


@pytest.mark.parametrize("interpreter", INTERPRETERS, ids=_label)
def test_bound_method_payload_holds_instance_class_and_lambda(
    roundtrip_harness: Any, interpreter: Any
) -> None:
    payload = _payload(roundtrip_harness, interpreter, "instances", "bound_method")
    assert [c.name for c in _classes(payload)] == ["Model"]
    # The lambda by its source; the methods of Model inside Model's source (format 2), once each.
    assert [f.source for f in _functions(payload) if f.source] == [
        "lambda text: text.strip().lower().split()"
    ]
    methods = [f for f in _functions(payload) if not f.source]
    assert methods and all(payload.nodes[f.in_class] is _classes(payload)[0] for f in methods)
    assert len({f.qualname for f in methods}) == len(methods)


# ----------------------------------------------------------------- by value and by reference

FAKE_DIST = "srcpickle-issue4-dist"
FAKE_VERSION = "2.5.0"
FAKE_MODULE = "spk_issue4_installed"
USER_MODULE = "spk_issue4_user"

DUMP_OPTIONS_CHILD = textwrap.dedent(
    f"""
    import json, os, srcpickle
    import {FAKE_MODULE} as installed
    import {USER_MODULE} as user

    out = sys.argv[1]
    payloads = {{
        "installed_default": lambda: srcpickle.dumps(installed.bump),
        "installed_by_value_name": lambda: srcpickle.dumps(installed.bump, by_value=[{FAKE_MODULE!r}]),
        "installed_by_value_module": lambda: srcpickle.dumps(installed.bump, by_value=[installed]),
        "installed_class_by_value": lambda: srcpickle.dumps(installed.Box(4), by_value=[{FAKE_MODULE!r}]),
        "user_default": lambda: srcpickle.dumps(user.helper),
        "user_by_reference": lambda: srcpickle.dumps(user.helper, by_reference=[{USER_MODULE!r}]),
        "user_by_reference_module": lambda: srcpickle.dumps(user.helper, by_reference=[user]),
    }}
    for name, make in payloads.items():
        with open(os.path.join(out, name), "wb") as handle:
            handle.write(make())
    srcpickle.register_by_value({FAKE_MODULE!r})
    with open(os.path.join(out, "installed_registered"), "wb") as handle:
        handle.write(srcpickle.dumps(installed.bump))
    srcpickle.unregister_by_value(installed)
    with open(os.path.join(out, "installed_unregistered"), "wb") as handle:
        handle.write(srcpickle.dumps(installed.bump))
    """
)

LOAD_CHILD = textwrap.dedent(
    """
    import json, os, srcpickle
    results = {}
    folder = sys.argv[1]
    for name in sorted(os.listdir(folder)):
        try:
            obj = srcpickle.load(os.path.join(folder, name))
            results[name] = {"value": repr(obj(5) if callable(obj) else obj.size())}
        except Exception as exc:
            results[name] = {"error": type(exc).__name__, "message": str(exc)}
    print(json.dumps(results))
    """
)

# What each payload's root is: "function"/"class" by source, or "ref" (an import).
EXPECTED_ROOTS = {
    "installed_default": "ref",
    "installed_by_value_name": "function",
    "installed_by_value_module": "function",
    "installed_class_by_value": "instance",
    "user_default": "function",
    "user_by_reference": "ref",
    "user_by_reference_module": "ref",
    "installed_registered": "function",
    "installed_unregistered": "ref",
}
# bump(5) == 5 + 10, helper(5) == 5 * 7, Box(4).size() == 4 * 10.
EXPECTED_VALUES = {
    "installed_default": "15",
    "installed_by_value_name": "15",
    "installed_by_value_module": "15",
    "installed_class_by_value": "40",
    "user_default": "35",
    "user_by_reference": "35",
    "user_by_reference_module": "35",
    "installed_registered": "15",
    "installed_unregistered": "15",
}


def _write_modules(root: str) -> Tuple[str, str]:
    """An installed distribution (``site``) and a module of the user's own (``user``)."""
    site = os.path.join(root, "site")
    user = os.path.join(root, "user")
    os.makedirs(os.path.join(site, f"{FAKE_DIST.replace('-', '_')}-{FAKE_VERSION}.dist-info"))
    os.makedirs(user)
    files = {
        os.path.join(site, f"{FAKE_MODULE}.py"): (
            "SCALE = 10\n\n\ndef bump(x):\n    return x + SCALE\n\n\n"
            "class Box:\n    def __init__(self, n):\n        self.n = n\n\n"
            "    def size(self):\n        return self.n * SCALE\n"
        ),
        os.path.join(site, f"{FAKE_DIST.replace('-', '_')}-{FAKE_VERSION}.dist-info", "METADATA"): (
            f"Metadata-Version: 2.1\nName: {FAKE_DIST}\nVersion: {FAKE_VERSION}\n"
        ),
        os.path.join(site, f"{FAKE_DIST.replace('-', '_')}-{FAKE_VERSION}.dist-info", "top_level.txt"): (
            f"{FAKE_MODULE}\n"
        ),
        os.path.join(site, f"{FAKE_DIST.replace('-', '_')}-{FAKE_VERSION}.dist-info", "RECORD"): (
            f"{FAKE_MODULE}.py,,\n"
        ),
        os.path.join(user, f"{USER_MODULE}.py"): "FACTOR = 7\n\n\ndef helper(x):\n    return x * FACTOR\n",
    }
    for path, text in files.items():
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)
    return site, user


@pytest.fixture(scope="module")
def option_payloads(roundtrip_harness: Any, tmp_path_factory: pytest.TempPathFactory) -> Dict[str, Any]:
    """The payloads of ``DUMP_OPTIONS_CHILD``, written by a fresh process on the running Python."""
    root = str(tmp_path_factory.mktemp("issue4-options"))
    site, user = _write_modules(root)
    out = os.path.join(root, "payloads")
    os.makedirs(out)
    proc = roundtrip_harness.package.run(
        current_interpreter(), DUMP_OPTIONS_CHILD, [out], extra_path=[site, user]
    )
    assert proc.returncode == 0 and not proc.stderr.strip(), proc.stderr
    return {"site": site, "user": user, "dir": out}


def _root_kind(payload: Payload) -> str:
    node = payload.root_node
    if isinstance(node, FunctionNode):
        return "function"
    if isinstance(node, ClassNode):
        return "class"
    if isinstance(node, (RefNode, ImportNode)):
        return "ref"
    return "instance"


@pytest.mark.parametrize("name", sorted(EXPECTED_ROOTS))
def test_dumps_options_choose_value_or_reference(option_payloads: Dict[str, Any], name: str) -> None:
    with open(os.path.join(option_payloads["dir"], name), "rb") as handle:
        payload = srcpickle.inspect(handle.read())
    assert _root_kind(payload) == EXPECTED_ROOTS[name], payload.root_node
    module = FAKE_MODULE if name.startswith("installed") else USER_MODULE
    imported = {n.module for _, n in payload.imports()}
    if EXPECTED_ROOTS[name] == "ref":
        assert imported == {module}
        if name.startswith("installed"):
            (ref,) = [n for _, n in payload.imports()]
            assert str(ref.distribution) == f"{FAKE_DIST} {FAKE_VERSION}"
    else:
        assert module not in imported, f"{name} imports {module} although it is by value"
    if name == "installed_class_by_value":
        assert [c.name for c in _classes(payload)] == ["Box"]


def _load_all(harness: Any, interpreter: Any, folder: str, extra_path: List[str]) -> Dict[str, Any]:
    proc = harness.package.run(interpreter, LOAD_CHILD, [folder], extra_path=extra_path)
    assert proc.returncode == 0 and not proc.stderr.strip(), proc.stderr
    return json.loads(proc.stdout)  # type: ignore[no-any-return]


@pytest.mark.parametrize("loader", INTERPRETERS, ids=_label)
def test_option_payloads_load_on_every_interpreter(
    roundtrip_harness: Any, option_payloads: Dict[str, Any], loader: Any
) -> None:
    """Where the modules are importable every payload works; where they are not, only those by
    value do, and those by reference fail with ``MissingDependencyError`` naming the module
    (with the pip line for the installed distribution)."""
    with_modules = _load_all(
        roundtrip_harness, loader, option_payloads["dir"], [option_payloads["site"], option_payloads["user"]]
    )
    assert {k: v.get("value", v) for k, v in with_modules.items()} == EXPECTED_VALUES
    without = _load_all(roundtrip_harness, loader, option_payloads["dir"], [])
    for name, result in without.items():
        if EXPECTED_ROOTS[name] == "ref":
            assert result.get("error") == "MissingDependencyError", (name, result)
            module = FAKE_MODULE if name.startswith("installed") else USER_MODULE
            assert module in result["message"], (name, result)
            if name.startswith("installed"):
                assert f"pip install {FAKE_DIST}=={FAKE_VERSION}" in result["message"], result
        else:
            assert result == {"value": EXPECTED_VALUES[name]}, (name, result)


@pytest.mark.parametrize(
    "options",
    [
        {"by_value": [42]},
        {"by_reference": [""]},
        {"by_value": ["json"], "by_reference": ["json"]},
    ],
    ids=["not_a_module", "empty_name", "both_ways"],
)
def test_invalid_dumps_options_raise_argument_error(options: Dict[str, Any]) -> None:
    # (a DumpError before 0.3: the object was never the problem)
    with pytest.raises(srcpickle.ArgumentError) as info:
        srcpickle.dumps(len, **options)
    assert "by_value" in str(info.value) or "by_reference" in str(info.value)


@pytest.mark.parametrize(
    "module, words",
    [
        ("srcpickle_surely_not_imported_module", ["not imported", "import it first"]),
        ("sys", ["built-in"]),
        (42, ["42"]),
    ],
    ids=["not_imported", "builtin", "not_a_module"],
)
def test_register_by_value_validates(module: Any, words: List[str]) -> None:
    # Not a module at all is an ArgumentError (a DumpError before 0.3); a module that cannot be
    # registered stays a DumpError.
    error = srcpickle.ArgumentError if isinstance(module, int) else srcpickle.DumpError
    with pytest.raises(error) as info:
        srcpickle.register_by_value(module)
    for word in words:
        assert word in str(info.value)


def test_unregister_what_is_not_registered() -> None:
    with pytest.raises(srcpickle.DumpError) as info:
        srcpickle.unregister_by_value("json")
    assert "not registered" in str(info.value)


# ------------------------------------------------------------------- UnsupportedObjectError

UNSUPPORTED_MODULE = "spk_issue4_unsupported"
UNSUPPORTED_SOURCE = textwrap.dedent(
    """
    import threading

    LOCK = threading.Lock()


    def make_pre():
        lock = threading.Lock()

        def pre(x):
            with lock:
                return x

        return pre


    def uses_global(x):
        with LOCK:
            return x


    class Holder:
        def __init__(self):
            self.lock = threading.Lock()
    """
)
UNSUPPORTED_CHILD = textwrap.dedent(
    f"""
    import json, srcpickle
    import {UNSUPPORTED_MODULE} as m

    objects = {{
        "closure_in_a_dict": {{"pre": m.make_pre()}},
        "deep_in_containers": [1, {{"k": (m.make_pre(),)}}],
        "global_of_a_function": m.uses_global,
        "instance_attribute": m.Holder(),
    }}
    results = {{}}
    for name, obj in objects.items():
        try:
            srcpickle.dumps(obj)
        except Exception as exc:
            results[name] = [type(exc).__name__, str(exc), isinstance(exc, srcpickle.DumpError)]
        else:
            results[name] = ["no exception", "", False]
    print(json.dumps(results))
    """
)
UNSUPPORTED_PATHS = {
    "closure_in_a_dict": "root['pre'].<closure>['lock']",
    "deep_in_containers": "root[1]['k'][0].<closure>['lock']",
    "global_of_a_function": "root.__globals__['LOCK']",
    "instance_attribute": "['lock']",
}


@pytest.mark.parametrize("interpreter", INTERPRETERS, ids=_label)
def test_unsupported_object_error_names_the_path(
    roundtrip_harness: Any, interpreter: Any, tmp_path: Any
) -> None:
    (tmp_path / f"{UNSUPPORTED_MODULE}.py").write_text(UNSUPPORTED_SOURCE, encoding="utf-8")
    proc = roundtrip_harness.package.run(interpreter, UNSUPPORTED_CHILD, extra_path=[str(tmp_path)])
    assert proc.returncode == 0 and not proc.stderr.strip(), proc.stderr
    results = json.loads(proc.stdout)
    found = []
    for name, path in UNSUPPORTED_PATHS.items():
        kind, message, is_dump_error = results[name]
        if kind != "UnsupportedObjectError" or not is_dump_error:
            found.append(f"{name}: {kind}: {message}")
        elif path not in message or "lock" not in message:
            found.append(f"{name}: the message does not name {path} and the lock: {message}")
    assert not found, f"on {interpreter.label}:\n" + "\n".join(found)
