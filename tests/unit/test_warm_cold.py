"""Differential tests of the dumps caches (issue 9): a warm dumps equals a cold one.

The caches of dumps (per code object: verified source, signature text, names read; per class
statement: the class proof; the ABC registration index; the one-``stat`` file check; the
walker's scalar shortcuts) must never make a payload differ from what the same live state gives
in a process that never dumped it. Each scenario (see ``warm_cold_child``) builds live state,
dumps it twice here, mutates it one way, and dumps again; a fresh interpreter builds the same
state, mutates it the same way and dumps once. The two payloads (or errors) must be the same
bytes, the warm payload must differ from the one before the mutation when the mutation changes
what a payload holds, and loaded in a fresh interpreter that cannot import the module it must
answer the probes as the live state does. Scenarios share one cold and one loading process.

The loader's side (compiled code kept by text, the plan, batch compile) gets the same treatment:
payloads that differ in one value, one name or one import version, and a payload edited by hand,
loaded one after another here, answer as each loaded alone in a fresh interpreter.
"""

from __future__ import annotations

import ast
import base64
import json
import sys
import threading
import time
from pathlib import Path
from typing import Any, Dict, List, NamedTuple, Tuple

import pytest

import srcpickle

from . import import_from, run_fresh, write_module
from .test_caches import in_eight_threads
from .warm_cold_child import run_scenario

CHILD = Path(__file__).resolve().parent / "warm_cold_child.py"

MODULE = """\
import abc
import functools
import math

SCALE = 2
ITEMS = [1, 2]
TABLE = {"a": 1}
TAGS = {"x"}
NESTED = {"k": [1, {"d": 2}]}


def helper(x):
    return x + 100


def scaled(x, step=1, *, offset=0):
    "Scale x."
    return x * SCALE + step + offset


def reads_all(x):
    return (x, SCALE, ITEMS, sorted(TABLE.items()), sorted(TAGS), NESTED, helper(x), math.floor(2.5))


def other(x, step=5):
    "Other."
    return x - SCALE - step


def annotated(x: int, y: "str" = "y") -> int:
    return x + len(y)


Alias = int


def aliased(x: Alias, y: abc.ABC = None) -> "Shape":
    return x


def make_counter(start):
    count = start

    def counter(n):
        return count + n

    return counter


def make_pair():
    shared = [0]

    def bump():
        shared[0] += 1
        return shared[0]

    def peek():
        return shared[0]

    return bump, peek


def calls_counter(n):
    return COUNTER(n) + 1


COUNTER = make_counter(10)


class Base:
    kind = "base"

    def describe(self):
        return self.kind


class Shape(Base):
    sides = 3

    def area(self):
        return self.sides * SCALE

    def name(self):
        return "shape"


def uses_shape(n):
    return Shape().area() + n


class Sized(abc.ABC):
    @abc.abstractmethod
    def size(self):
        ...


class Box:
    def size(self):
        return 4


def box_is_sized():
    return isinstance(Box(), Sized)


def decorated_user(x):
    return helper(x) * 2


double = lambda x: x * SCALE  # noqa: E731


def make_kind(k):
    class Kind:
        def get(self):
            return k

    return Kind


def factory_made(k):
    def made(x):
        return x * k

    return made
"""

# A scenario whose name starts with "future_" runs with this module under the future import.
MODULE_FUTURE = "from __future__ import annotations\n" + MODULE
ANNOTATIONS = "[(k, getattr(v, '__name__', v)) for k, v in sorted(fn.__annotations__.items())]"

# Each scenario: (setup, mutate, probes). ``fn`` is the object dumped; probes run on the live
# state after the mutation and on the loaded warm payload.
S = Tuple[str, str, List[str]]
SCENARIOS: Dict[str, S] = {
    # Globals rebound, mutated in place, deleted; a module attribute replaced.
    "global_rebound": ("fn = m.scaled", "m.SCALE = 7", ["fn(3)"]),
    "global_rebound_same_value_new_type": ("fn = m.scaled", "m.SCALE = 2.0", ["fn(3)"]),
    "global_bool_for_int": ("fn = m.scaled", "m.SCALE = True", ["fn(3)"]),
    "list_in_place": ("fn = m.reads_all", "m.ITEMS.append(3)", ["fn(1)"]),
    "list_item_replaced": ("fn = m.reads_all", "m.ITEMS[0] = 'one'", ["fn(1)"]),
    "dict_in_place": ("fn = m.reads_all", "m.TABLE['b'] = 2", ["fn(1)"]),
    "dict_value_in_place": ("fn = m.reads_all", "m.TABLE['a'] = [1]", ["fn(1)"]),
    "set_in_place": ("fn = m.reads_all", "m.TAGS.add('y')", ["fn(1)"]),
    "nested_in_place": ("fn = m.reads_all", "m.NESTED['k'][1]['d'] = 3", ["fn(1)"]),
    "nested_made_shared": ("fn = m.reads_all", "m.NESTED['k'].append(m.ITEMS)", ["fn(1)"]),
    "list_int_to_equal_bool": ("fn = m.reads_all", "m.ITEMS[0] = True", ["fn(1)"]),
    "list_to_negative_zero": ("fn = m.reads_all; m.ITEMS[:] = [0.0, 1]", "m.ITEMS[0] = -0.0", ["fn(1)"]),
    "set_int_to_equal_float": ("fn = m.reads_all; m.TAGS = {1, 'x'}", "m.TAGS = {1.0, 'x'}", ["fn(1)"]),
    "dict_key_int_to_bool": ("fn = m.reads_all; m.TABLE = {1: 'a'}", "m.TABLE = {True: 'a'}", ["fn(1)"]),
    "global_str_to_bytes": ("fn = m.reads_all; m.SCALE = 'ab'", "m.SCALE = b'ab'", ["fn(1)"]),
    "global_deleted": ("fn = m.scaled", "del m.SCALE", ["fn(3)"]),
    "helper_replaced": ("fn = m.reads_all", "m.helper = m.other", ["fn(1)"]),
    "helper_became_closure": ("fn = m.reads_all", "m.helper = m.factory_made(3)", ["fn(1)"]),
    "helper_made_by_exec": ("fn = m.reads_all", "m.helper = lambda x: -x", ["fn(1)"]),
    "module_attribute_replaced": ("fn = m.reads_all", "m.math = types.SimpleNamespace(floor=abs)", ["fn(1)"]),
    "global_added_later": ("fn = m.scaled", "m.EXTRA = 1", ["fn(3)"]),
    # Function attributes.
    "defaults": ("fn = m.scaled", "fn.__defaults__ = (5,)", ["fn(3)"]),
    "defaults_same_values_other_tuple": ("fn = m.scaled", "fn.__defaults__ = (1,)", ["fn(3)"]),
    "defaults_int_to_bool": ("fn = m.scaled", "fn.__defaults__ = (True,)", ["fn(3)", "fn.__defaults__"]),
    "defaults_int_to_float": ("fn = m.scaled", "fn.__defaults__ = (1.0,)", ["fn(3)", "fn.__defaults__"]),
    "defaults_zero_to_negative_zero": (
        "fn = m.scaled; fn.__defaults__ = (0.0,)",
        "fn.__defaults__ = (-0.0,)",
        ["fn(3)", "fn.__defaults__"],
    ),
    "defaults_removed": ("fn = m.scaled", "fn.__defaults__ = None", ["fn(3, 1)", "fn.__defaults__"]),
    "defaults_to_list": ("fn = m.scaled", "fn.__defaults__ = ([1],)", ["fn.__defaults__"]),
    "kwdefaults": ("fn = m.scaled", "fn.__kwdefaults__ = {'offset': 9}", ["fn(3)"]),
    "kwdefaults_in_place": ("fn = m.scaled", "fn.__kwdefaults__['offset'] = 4", ["fn(3)"]),
    "kwdefaults_removed": ("fn = m.scaled", "fn.__kwdefaults__ = None", ["fn(3, offset=1)"]),
    "dict_attribute": ("fn = m.scaled", "fn.tag = 'tagged'", ["fn.tag"]),
    "dict_attribute_in_place": ("fn = m.scaled; fn.tags = []", "fn.tags.append(1)", ["fn.tags"]),
    "annotations": (
        "fn = m.annotated",
        "fn.__annotations__['x'] = 'float'",
        ["sorted(fn.__annotations__.items())"],
    ),
    "annotations_replaced": ("fn = m.annotated", "fn.__annotations__ = {}", ["fn.__annotations__"]),
    "annotations_added": (
        "fn = m.scaled",
        "fn.__annotations__['x'] = int",
        ["fn.__annotations__['x'].__name__"],
    ),
    "annotation_global_rebound": ("fn = m.aliased", "m.Alias = str", [ANNOTATIONS]),
    "annotation_return_replaced": ("fn = m.aliased", "fn.__annotations__['return'] = int", [ANNOTATIONS]),
    "annotation_module_chain_replaced": (
        "fn = m.aliased",
        "fn.__annotations__['y'] = abc.ABCMeta",
        [ANNOTATIONS],
    ),
    "annotation_same_object_set_again": ("fn = m.aliased", "fn.__annotations__['x'] = int", [ANNOTATIONS]),
    "future_annotation_text_replaced": ("fn = m.aliased", "fn.__annotations__['x'] = 'float'", [ANNOTATIONS]),
    "future_annotation_evaluated": ("fn = m.aliased", "fn.__annotations__['x'] = int", [ANNOTATIONS]),
    "future_global_rebound": ("fn = m.reads_all", "m.SCALE = 9", ["fn(1)"]),
    "doc": ("fn = m.scaled", "fn.__doc__ = 'Other doc.'", ["fn.__doc__"]),
    "doc_removed": ("fn = m.scaled", "fn.__doc__ = None", ["fn.__doc__"]),
    "name": ("fn = m.scaled", "fn.__name__ = 'renamed'", ["fn.__name__", "fn(3)"]),
    "qualname": ("fn = m.scaled", "fn.__qualname__ = 'Outer.scaled'", ["fn.__qualname__", "fn(3)"]),
    "module_name": ("fn = m.scaled", "fn.__module__ = 'elsewhere'", ["fn.__module__", "fn(3)"]),
    # __code__ replaced.
    "code_of_other": ("fn = m.scaled", "fn.__code__ = m.other.__code__", ["fn(3)"]),
    "code_other_consts": (
        "fn = m.scaled",
        "fn.__code__ = fn.__code__.replace(co_consts=tuple('Other doc.' if c == 'Scale x.' else c "
        "for c in fn.__code__.co_consts))",
        ["fn(3)"],
    ),
    "code_other_names": (
        "fn = m.other",
        "fn.__code__ = fn.__code__.replace(co_names=tuple('ITEMS' if n == 'SCALE' else n "
        "for n in fn.__code__.co_names))",
        ["fn(3)"],
    ),
    "code_other_line": ("fn = m.scaled", "fn.__code__ = fn.__code__.replace(co_firstlineno=3)", ["fn(3)"]),
    "code_same_code_copy": ("fn = m.scaled", "fn.__code__ = fn.__code__.replace()", ["fn(3)"]),
    # Closures.
    "cell_changed": ("fn = m.make_counter(1)", "fn.__closure__[0].cell_contents = 5", ["fn(3)"]),
    "cell_to_list": (
        "fn = m.make_counter(1)",
        "fn.__closure__[0].cell_contents = [5]",
        ["fn.__closure__[0].cell_contents"],
    ),
    "cell_emptied": ("fn = m.make_counter(1)", "del fn.__closure__[0].cell_contents", ["fn(3)"]),
    "shared_cell_advanced": ("fn = m.make_pair()", "fn[0](); fn[0]()", ["fn[1]()", "fn[0]()", "fn[1]()"]),
    "global_closure_cell": ("fn = m.calls_counter", "m.COUNTER.__closure__[0].cell_contents = 20", ["fn(1)"]),
    "factory_other_cell_same_code": ("fn = m.factory_made(2)", "fn = m.factory_made(3)", ["fn(5)"]),
    # Wrappers.
    "wraps_applied": (
        "fn = m.scaled",
        "fn = functools.wraps(m.scaled)(m.other)",
        ["fn(3)", "fn.__wrapped__(3)", "fn.__name__"],
    ),
    "partial_args_changed": (
        "fn = functools.partial(m.scaled, 1)",
        "fn = functools.partial(m.scaled, 2)",
        ["fn()"],
    ),
    "partial_global_changed": ("fn = functools.partial(m.scaled, 1, step=2)", "m.SCALE = 3", ["fn()"]),
    "decorator_after_first_dumps": (
        "fn = m.decorated_user",
        "m.helper = functools.lru_cache(maxsize=None)(m.helper)",
        ["fn(1)"],
    ),
    "decorated_itself_after_first_dumps": (
        "fn = m.reads_all",
        "m.reads_all = functools.lru_cache(maxsize=None)(m.reads_all); fn = m.reads_all",
        ["fn(1)", "fn.__wrapped__(2)"],
    ),
    "list_of_functions_one_rebound": ("fn = [m.scaled, m.other]", "m.SCALE = 4", ["[f(3) for f in fn]"]),
    # Classes.
    "method_replaced": ("fn = m.Shape", "m.Shape.area = m.Base.describe", ["fn().area()"]),
    "method_added": ("fn = m.Shape", "m.Shape.extra = m.other", ["fn.extra(3)"]),
    "method_deleted": ("fn = m.Shape", "del m.Shape.name", ["hasattr(fn, 'name')"]),
    "class_attribute": ("fn = m.Shape", "m.Shape.sides = 5", ["fn().area()"]),
    "class_attribute_of_base": ("fn = m.Shape", "m.Base.kind = 'changed'", ["fn().describe()"]),
    "class_attribute_added": ("fn = m.Shape", "m.Shape.color = 'red'", ["fn.color"]),
    "class_global_read_by_method": ("fn = m.Shape", "m.SCALE = 10", ["fn().area()"]),
    "bases_assigned": (
        "fn = m.Shape",
        "class Other:\n    kind = 'other'\n    def describe(self):\n        return 'x'\nm.Other = Other\n"
        "Other.__module__ = m.__name__\nm.Shape.__bases__ = (m.Base, Other)",
        ["fn().describe()"],
    ),
    "class_used_by_function_method_replaced": (
        "fn = m.uses_shape",
        "m.Shape.area = m.factory_made(4)",
        ["fn(1)"],
    ),
    "method_replaced_by_exec_lambda": ("fn = m.uses_shape", "m.Shape.area = lambda self: 99", ["fn(1)"]),
    "method_added_by_exec_lambda": ("fn = m.Shape", "m.Shape.more = lambda self: 99", ["fn().more()"]),
    "method_replaced_by_exec_lambda_no_base": (
        "fn = m.Base",
        "m.Base.describe = lambda self: 99",
        ["fn().describe()"],
    ),
    "abc_registered": ("fn = m.box_is_sized", "m.Sized.register(m.Box)", ["fn()"]),
    "abc_class_registered": ("fn = m.Sized", "m.Sized.register(m.Box)", ["fn.__name__"]),
    "library_abc_registered": (
        "fn = m.Box",
        "import collections.abc\ncollections.abc.Sized.register(m.Box)",
        ["issubclass(fn, __import__('collections.abc', fromlist=['Sized']).Sized)"],
    ),
    "library_abc_registered_other_class": (
        "fn = m.Box",
        "import collections.abc\ncollections.abc.Sized.register(m.Shape)",
        ["issubclass(fn, __import__('collections.abc', fromlist=['Sized']).Sized)"],
    ),
    "decorator_on_class_method": (
        "fn = m.Shape",
        "m.Shape.area = functools.lru_cache(maxsize=None)(m.Shape.area)",
        ["fn().area()"],
    ),
    "class_doc_changed": ("fn = m.Shape", "m.Shape.__doc__ = 'A shape.'", ["fn.__doc__"]),
    "class_attribute_deleted": ("fn = m.Shape", "del m.Shape.sides", ["hasattr(fn, 'sides')"]),
    "class_method_code_replaced": (
        "fn = m.Shape",
        "m.Shape.area.__code__ = m.Shape.name.__code__",
        ["fn().area()"],
    ),
    "class_of_one_statement_other_cell": ("fn = m.make_kind(1)", "fn = m.make_kind(2)", ["fn().get()"]),
    "class_method_cell_changed": (
        "fn = m.make_kind(1)",
        "fn.get.__closure__[0].cell_contents = 5",
        ["fn().get()"],
    ),
    "instance_attribute_changed": ("fn = m.Shape()", "fn.sides = 9", ["fn.area()"]),
    "instance_class_attribute_changed": ("fn = m.Shape()", "m.Shape.sides = 9", ["fn.area()"]),
    "lambda_global_rebound": ("fn = m.double", "m.SCALE = 5", ["fn(3)"]),
    "lambda_defaults_added": ("fn = m.double", "fn.__defaults__ = (4,)", ["fn()"]),
    "kwdefaults_same_values_new_dict": ("fn = m.scaled", "fn.__kwdefaults__ = {'offset': 0}", ["fn(3)"]),
    # The file and the module.
    "file_edited": ("fn = m.scaled", "rewrite(path, 'x * SCALE + step', 'x * SCALE - step')", ["fn(3)"]),
    "file_edited_and_restored": (
        "fn = m.scaled",
        "rewrite(path, 'x * SCALE + step', 'x * SCALE - step')\n"
        "rewrite(path, 'x * SCALE - step', 'x * SCALE + step')",
        ["fn(3)"],
    ),
    "file_edited_below_the_function": (
        "fn = m.scaled",
        "rewrite(path, 'def factory_made', '# a comment\\n\\n\\ndef factory_made')",
        ["fn(3)"],
    ),
    "file_edited_below_the_class": (
        "fn = m.Shape",
        "rewrite(path, 'def factory_made', '# a comment\\n\\n\\ndef factory_made')",
        ["fn().area()"],
    ),
    "file_edited_above_the_function": (
        "fn = m.scaled",
        "rewrite(path, 'SCALE = 2\\n', 'SCALE = 2\\n\\n\\n')",
        ["fn(3)"],
    ),
    "file_edited_same_size_and_time": (
        "fn = m.scaled",
        "rewrite_same_stat(path, 'x * SCALE + step', 'x * SCALE - step')",
        ["fn(3)"],
    ),
    "file_edited_then_reloaded": (
        "fn = m.scaled",
        "rewrite(path, 'x * SCALE + step', 'x * SCALE - step'); m = importlib.reload(m); fn = m.scaled",
        ["fn(3)"],
    ),
    "file_edited_same_stat_then_reloaded": (
        "fn = m.scaled",
        "rewrite_same_stat(path, 'x * SCALE + step', 'x * SCALE - step')\n"
        "m = importlib.reload(m); fn = m.scaled",
        ["fn(3)"],
    ),
    "file_lines_moved_then_reloaded": (
        "fn = m.scaled",
        "rewrite(path, 'SCALE = 2\\n', 'SCALE = 2\\n\\n\\n'); m = importlib.reload(m); fn = m.scaled",
        ["fn(3)"],
    ),
    "class_file_edited_then_reloaded": (
        "fn = m.Shape",
        "rewrite(path, 'return \"shape\"', 'return \"SHAPE\"'); m = importlib.reload(m); fn = m.Shape",
        ["fn().name()"],
    ),
    "class_file_edited_same_stat_then_reloaded": (
        "fn = m.Shape",
        "rewrite_same_stat(path, 'return \"shape\"', 'return \"SHAPE\"')\n"
        "m = importlib.reload(m); fn = m.Shape",
        ["fn().name()"],
    ),
    "class_file_edited_not_reloaded": (
        "fn = m.Shape",
        "rewrite(path, 'return \"shape\"', 'return \"SHAPE\"')",
        ["fn().name()"],
    ),
    "module_reloaded_unchanged": ("fn = m.scaled", "m = importlib.reload(m); fn = m.scaled", ["fn(3)"]),
    "old_function_after_reload": ("fn = m.scaled", "importlib.reload(m); m.SCALE = 6", ["fn(3)"]),
    "linecache_cleared": ("fn = m.scaled", "linecache.clearcache()", ["fn(3)"]),
    "linecache_checked": ("fn = m.scaled", "linecache.checkcache()", ["fn(3)"]),
    "linecache_cleared_after_edit": (
        "fn = m.scaled",
        "rewrite_same_stat(path, 'x * SCALE + step', 'x * SCALE - step'); linecache.clearcache()",
        ["fn(3)"],
    ),
    "function_type_other_globals": (
        "fn = m.scaled",
        "fn = types.FunctionType(m.scaled.__code__, {'SCALE': 100, '__name__': m.__name__}, 'scaled', (1,))",
        ["fn(3)"],
    ),
    "function_type_other_globals_kept": (
        "fn = types.FunctionType(m.scaled.__code__, {'SCALE': 100, '__name__': m.__name__}, 'scaled', (1,))",
        "fn.__globals__['SCALE'] = 200",
        ["fn(3)"],
    ),
}


# Scenarios whose warm payload must differ from the cold one, and why.
APART = {
    # linecache (and the one-stat check, its rule) sees an edit by size and modification time: a
    # file rewritten keeping both keeps its old lines, which are the text the live (not
    # reloaded) function was compiled from and verify against its code. A fresh process reads
    # the new text, which does not: it refuses.
    "file_edited_same_size_and_time": "SourceMismatchError",
}
# Mutations that change nothing a payload holds: the warm payload is the one before them.
UNCHANGED = {
    "global_added_later",
    "defaults_same_values_other_tuple",
    "code_same_code_copy",
    "module_reloaded_unchanged",
    "linecache_cleared",
    "linecache_checked",
    "abc_class_registered",
    "annotation_same_object_set_again",
    "kwdefaults_same_values_new_dict",
    "library_abc_registered_other_class",
    "file_edited_and_restored",
    "file_edited_below_the_function",
    "file_edited_below_the_class",
    "file_edited_same_size_and_time",
}


# Scenarios dumps must refuse (warm and cold alike), with the error's class.
REFUSED = {
    "helper_made_by_exec": "SourceUnavailableError",
    "code_other_consts": "SourceMismatchError",
    "code_other_names": "SourceMismatchError",
    "code_other_line": "SourceMismatchError",
    "bases_assigned": "SourceMismatchError",
    "method_replaced_by_exec_lambda": "UnsupportedObjectError",
    "method_added_by_exec_lambda": "UnsupportedObjectError",
    "method_replaced_by_exec_lambda_no_base": "UnsupportedObjectError",
    "file_edited": "SourceMismatchError",
    "file_edited_above_the_function": "SourceMismatchError",  # (its lines moved: positions differ)
    "class_file_edited_not_reloaded": "SourceMismatchError",
    "linecache_cleared_after_edit": "SourceMismatchError",
}


class Outcome(NamedTuple):
    payload: str  # base64, or "" when dumps raised
    error: str
    before: str
    probes: List[str]


def _outcome(result: Dict[str, Any]) -> Outcome:
    assert "setup-error" not in result, result["setup-error"]
    return Outcome(
        result.get("payload", ""), result.get("error", ""), result.get("before", ""), result["probes"]
    )


def _json_of_child(code_args: List[str]) -> Any:
    proc = run_fresh(f"import runpy; runpy.run_path({str(CHILD)!r}, run_name='__main__')", args=code_args)
    for line in proc.stdout.splitlines():
        if line.startswith("RESULT-JSON="):
            return json.loads(line[len("RESULT-JSON=") :])
    raise AssertionError(f"the child printed no result\n--- stdout\n{proc.stdout}\n--- stderr\n{proc.stderr}")


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> Dict[str, Tuple[Outcome, Outcome]]:
    """Each scenario's (warm, cold) outcome: cold from one fresh interpreter, warm here."""
    base = tmp_path_factory.mktemp("warm_cold")
    folders = {side: {} for side in ("warm", "cold")}  # type: Dict[str, Dict[str, str]]
    scenarios = []
    for name, (setup, mutate, probes) in SCENARIOS.items():
        module = f"wc_{name}"
        for side in folders:
            folder = base / side / name
            write_module(folder, module, MODULE_FUTURE if name.startswith("future_") else MODULE)
            folders[side][name] = str(folder)
        scenarios.append({"name": name, "module": module, "setup": setup, "mutate": mutate, "probes": probes})
    spec = base / "cold.json"
    spec.write_text(json.dumps({"scenarios": scenarios, "folders": folders["cold"]}), encoding="utf-8")
    cold = _json_of_child(["cold", str(spec)])
    results = {}
    try:
        for scenario in scenarios:
            warm = run_scenario(scenario, folders["warm"][scenario["name"]], warm=True)
            results[scenario["name"]] = (_outcome(warm), _outcome(cold[scenario["name"]]))
    finally:
        for scenario in scenarios:
            sys.modules.pop(scenario["module"], None)
    return results


@pytest.fixture(scope="module")
def loaded(
    outcomes: Dict[str, Tuple[Outcome, Outcome]], tmp_path_factory: pytest.TempPathFactory
) -> Dict[str, List[str]]:
    """The probes' answers of each warm payload, loaded in one fresh interpreter."""
    spec = {name: (warm.payload, SCENARIOS[name][2]) for name, (warm, _) in outcomes.items() if warm.payload}
    path = tmp_path_factory.mktemp("warm_cold_load") / "load.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    return _json_of_child(["load", str(path)])  # type: ignore[no-any-return]


def _text(data: str) -> str:
    return base64.b64decode(data).decode("utf-8") if data else ""


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_warm_dumps_equals_cold_dumps(name: str, outcomes: Dict[str, Tuple[Outcome, Outcome]]) -> None:
    warm, cold = outcomes[name]
    assert warm.probes == cold.probes  # (the same live state on both sides)
    if name in APART:
        assert cold.error.startswith(APART[name] + ":"), cold.error
        assert warm.payload == warm.before
        return
    assert (warm.error, _text(warm.payload)) == (cold.error, _text(cold.payload))
    assert warm.error.split(":")[0] == REFUSED.get(name, "")
    if warm.payload:
        if name in UNCHANGED:
            assert warm.payload == warm.before
        else:
            assert warm.payload != warm.before, "the mutation does not show in the payload"


@pytest.mark.parametrize("name", [name for name in SCENARIOS if name not in REFUSED])
def test_warm_payload_loads_as_the_live_state(
    name: str, outcomes: Dict[str, Tuple[Outcome, Outcome]], loaded: Dict[str, List[str]]
) -> None:
    warm, _ = outcomes[name]
    assert warm.payload, warm.error
    assert loaded[name] == [*warm.probes, "[]"]  # (and no warning)


# ------------------------------------------------------------------------------- threads


THREAD_STATES = """\
import wc_threads as module

root = [module.scaled, module.uses_shape]
methods = (module.Shape.area, module.factory_made(5))
states = [
    (scale, (step,), sides, method)
    for scale in (2, 3)
    for step in range(1, 9)
    for sides in (3, 8)
    for method in (0, 1)
]


def apply(state):
    module.SCALE, module.scaled.__defaults__, module.Shape.sides, method = state
    module.Shape.area = methods[method]
"""


def test_dumps_in_threads_while_another_thread_mutates_give_serial_payloads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Seven threads dump a function and a class (read through one list) while an eighth rebinds
    a global, a function's defaults, a class attribute and a method: every payload is the one a
    fresh process gives for one of those states, and so is each state's payload dumped after."""
    write_module(tmp_path, "wc_threads", MODULE)
    write_module(tmp_path, "wc_thread_states", THREAD_STATES)
    proc = run_fresh(
        """\
        import base64, json, srcpickle
        from wc_thread_states import apply, root, states

        payloads = []
        for state in states:
            apply(state)
            payloads.append(base64.b64encode(srcpickle.dumps(root)).decode("ascii"))
        print("RESULT-JSON=" + json.dumps(payloads))
        """,
        extra_path=[tmp_path],
    )
    lines = [line for line in proc.stdout.splitlines() if line.startswith("RESULT-JSON=")]
    assert lines, proc.stderr
    fresh = [base64.b64decode(text) for text in json.loads(lines[0][len("RESULT-JSON=") :])]
    assert len(set(fresh)) == len(fresh)  # (each state shows in its payload)
    import_from(monkeypatch, tmp_path, "wc_threads")
    states_module = import_from(monkeypatch, tmp_path, "wc_thread_states")
    states, apply, root = states_module.states, states_module.apply, states_module.root
    done, failed = threading.Event(), threading.Event()
    seen: List[bytes] = []

    def work(seed: int) -> None:
        if seed == 0:
            round_ = 0
            deadline = time.monotonic() + 60
            try:
                # Until the others made 300 dumps in all (a state between each of their dumps,
                # and many during one), or one of them failed.
                while len(seen) < 300 and not failed.is_set() and time.monotonic() < deadline:
                    apply(states[round_ % len(states)])
                    round_ += 7
                    time.sleep(0)
            finally:
                done.set()
            return
        try:
            while not done.is_set():
                data = srcpickle.dumps(root)
                assert data in fresh, data.decode()
                seen.append(data)
        except BaseException:
            failed.set()
            raise

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)  # threads switch inside a dumps, not only between them
    try:
        in_eight_threads(work)
    finally:
        sys.setswitchinterval(interval)
    assert len(set(seen)) > 1  # (the dumps met more than one state)
    for state, payload in zip(states, fresh):  # nothing kept from the race serves a later dumps
        apply(state)
        assert srcpickle.dumps(root) == payload


def test_defaults_rebound_during_one_dumps_give_one_state(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A default's own code (its reduce, run by the capture) rebinds the function's defaults
    while the dumps walks them: the payload's signature text is that of the defaults it holds,
    as one read of them gives, and the next dumps of those defaults is not given the other
    state's signature text."""
    module = import_from(
        monkeypatch,
        write_module(
            tmp_path,
            "wc_during",
            """\
            class Marker:
                def __reduce__(self):
                    target.__defaults__ = (7,)  # while the dumps walks this default
                    return (Marker, ())


            def target(x, step=None):
                return (x, type(step).__name__)
            """,
        ).parent,
        "wc_during",
    )
    defaults = (module.Marker(),)
    module.target.__defaults__ = defaults
    first = srcpickle.dumps(module.target)
    node = srcpickle.inspect(first).root_node
    assert node.signature == "(x, step=<Marker object>)"  # type: ignore[union-attr]
    module.target.__defaults__ = defaults
    assert srcpickle.dumps(module.target) == first
    assert srcpickle.loads(first)(1) == (1, "Marker")


# ------------------------------------------------------------------------------- loads side

LOADER_MODULE = """\
import json

import wcdist

SCALE = 2


def helper(x):
    return x + 100


def scaled(x, step=1):
    "Scale x."
    return x * SCALE + step + helper(x)


def first(x):
    return x + 1


def second(x):
    return first(x) * 2


def third(x):
    return second(x) - SCALE


def fourth(x):
    return json.dumps([third(x)])


class Kind:
    size = 3

    def get(self):
        return self.size * SCALE


def uses_kind():
    return Kind().get()


def uses_dist(x):
    return wcdist.double(x) + SCALE
"""
LINES = "[linecache.getline(f.__code__.co_filename, f.__code__.co_firstlineno).strip() for f in fn]"
# What a def's code is wherever it was compiled (alone, or in a batch with the payload's others).
CODE = (
    "[(f.__name__, f.__code__.co_filename, f.__code__.co_firstlineno, f.__code__.co_code.hex()) for f in fn]"
)
# name: (what to dump, probes)
LOADER_BASES: Dict[str, Tuple[str, List[str]]] = {
    "one": ("m.scaled", ["fn(3)", "fn.__name__", "fn.__qualname__", "fn.__doc__", "fn.__defaults__"]),
    # Five top-level defs and no class: the plan builds it, the defs compiled in one batch.
    "batch": (
        "[m.first, m.second, m.third, m.fourth, m.scaled]",
        ["[f(2) for f in fn[:4]]", "fn[4](3)", LINES, "[f.__name__ for f in fn]", CODE],
    ),
    "single": ("[m.first]", [CODE]),
    "class": ("m.uses_kind", ["fn()"]),
    "dist": ("m.uses_dist", ["fn(2)"]),
}
# name: (base, the text replaced, its replacement): each a payload that differs from its base
# in one value, one name, one source line or one import version.
LOADER_EDITS: Dict[str, Tuple[str, str, str]] = {
    "one_value": ("one", "global SCALE = 2", "global SCALE = 3"),
    # (format 3 leaves out the name its def gives, and a qualname equal to the name: the edits
    # write them)
    "one_name": ("one", "[function scaled]\n", "[function scaled]\nname: 'scaler'\n"),
    "one_qualname": ("one", "[function scaled]\n", "[function scaled]\nqualname: 'Outer.scaled'\n"),
    # (format 3 leaves out the doc its source gives: the edit writes another)
    "one_doc": ("one", "defaults: (1,)\n", "defaults: (1,)\ndoc: 'Other.'\n"),
    "one_default": ("one", "defaults: (1,)", "defaults: (5,)"),
    "one_source": ("one", "x * SCALE + step", "x * SCALE - step"),
    "one_helper_source": ("one", "return x + 100", "return x + 900"),
    "batch_value": ("batch", "global SCALE = 2", "global SCALE = 5"),
    "batch_source": ("batch", "return x + 1\n", "return x + 7\n"),
    "batch_name": ("batch", "[function first]\n", "[function first]\nname: 'primo'\n"),
    "class_value": ("class", "global SCALE = 2", "global SCALE = 4"),
    "class_source": ("class", "size = 3", "size = 6"),
    "dist_version": ("dist", "distribution: 'wcdist 1.0'", "distribution: 'wcdist 2.0'"),
    "dist_value": ("dist", "global SCALE = 2", "global SCALE = 7"),
}


def test_payloads_differing_in_one_thing_load_as_each_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Payloads that differ from each other in one value, one name, one source line (of a
    single def, of a batch of defs, of a class) or one import version, loaded one after another
    in this process, twice over, answer as in a fresh process that loads them in the opposite
    order: no parse, compiled code, plan or check kept from one serves another."""
    from .test_caches import _dist_info
    from .warm_cold_child import load_and_probe

    site = tmp_path / "site"
    write_module(site / "wcdist", "__init__", "def double(x):\n    return 2 * x\n")
    _dist_info(site, "wcdist", "1.0")
    monkeypatch.syspath_prepend(str(site))
    monkeypatch.delitem(sys.modules, "wcdist", raising=False)
    module = import_from(
        monkeypatch, write_module(tmp_path / "user", "wc_loader", LOADER_MODULE).parent, "wc_loader"
    )
    bases = {
        name: srcpickle.dumps(eval(expression, {"m": module}))
        for name, (expression, _) in LOADER_BASES.items()
    }
    payloads = {name: (data, LOADER_BASES[name][1]) for name, data in bases.items()}
    for name, (base, old, new) in LOADER_EDITS.items():
        text = bases[base].decode("utf-8")
        assert text.count(old) >= 1, (name, old)
        payloads[name] = (text.replace(old, new).encode("utf-8"), LOADER_BASES[base][1])
    order = list(payloads)
    here = {name: load_and_probe(*payloads[name]) for name in order}
    for name in order[::-1]:  # again, after all the others
        assert load_and_probe(*payloads[name]) == here[name], name
    spec = tmp_path / "loads.json"
    spec.write_text(
        json.dumps(
            {
                name: (base64.b64encode(payloads[name][0]).decode("ascii"), payloads[name][1])
                for name in order[::-1]
            }
        ),
        encoding="utf-8",
    )
    proc = run_fresh(
        f"import runpy; runpy.run_path({str(CHILD)!r}, run_name='__main__')",
        args=["load", str(spec)],
        extra_path=[site],
    )
    lines = [line for line in proc.stdout.splitlines() if line.startswith("RESULT-JSON=")]
    assert lines, proc.stderr
    alone = json.loads(lines[0][len("RESULT-JSON=") :])
    assert {name: here[name] for name in order} == {name: alone[name] for name in order}
    # The def compiled in a batch is the def compiled alone.
    assert ast.literal_eval(here["batch"][-2])[0] == ast.literal_eval(here["single"][0])[0]
    # What each edit changes shows (the comparison above holds payloads that differ apart).
    for name, (base, _, _) in LOADER_EDITS.items():
        assert here[name] != here[base], name
