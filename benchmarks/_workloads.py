"""Benchmark workloads: the user modules they live in, and how to get and check each object.

Every workload is a module file written into a temporary folder and imported from there, the way
a user's own (not installed) module is. The fresh process that measures cold loading runs without
that folder on ``sys.path``, so the original code cannot be imported there.
"""

from __future__ import annotations

import importlib
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any, Callable, Dict, List, Tuple

# Big enough that per-file work (reading and parsing the file once) is visible beside per-function
# work; the foundation issue names 200.
GENERATED_COUNT = 200

TINY_SOURCE = """\
def tiny(x):
    return x + 1
"""

GLOBALS_SOURCE = '''\
import json
import os.path
from math import pi as PI, sqrt

SCALE = 2.5
TABLE = {"a": [1, 2, 3], "b": (4.0, float("inf")), "c": frozenset({"x", "y"})}
NAMES = ["alpha", "beta", "gamma"]


def helper(x):
    return x * SCALE


def with_globals(x):
    """Read module globals, call a helper and use three imports."""
    data = {
        "root": round(sqrt(x) * PI, 6),
        "table": TABLE["a"],
        "inf": TABLE["b"][1] > x,
        "letters": sorted(TABLE["c"]),
        "helped": helper(x),
        "name": NAMES[x % len(NAMES)],
        "path": os.path.join("a", "b"),
    }
    return json.dumps(data, sort_keys=True)
'''

LAMBDA_SOURCE = """\
OFFSET = 10
scale = lambda x, k=3: x * k + OFFSET
"""

CLOSURE_SOURCE = """\
def make_range_fact(a):
    def factorial(n):
        return 1 if n <= 1 else n * factorial(n - 1)

    def rangefact(b):
        return [factorial(i) for i in range(a, b)]

    return rangefact
"""


def defs_source(count: int) -> str:
    """A module of ``count`` distinct small functions sharing a global and a helper."""
    parts = ["K = 7\n\n\ndef _helper(x):\n    return x * K\n"]
    for i in range(count):
        if i % 3 == 0:
            body = f"    total = {i} + x * y\n    return total - K\n"
        elif i % 3 == 1:
            body = f"    items = [x, y, {i}]\n    return sum(items) + _helper({i % 10})\n"
        else:
            body = f"    if x > {i}:\n        return x - {i}\n    return [x, y, K, {i}]\n"
        parts.append(f'\n\ndef f{i}(x, y={i % 5}):\n    """Function number {i}."""\n{body}')
    return "".join(parts)


def lambdas_source(count: int) -> str:
    """A module of ``count`` lambdas, two per line so that columns tell them apart."""
    lines = ["K = 7\n\n"]
    for i in range(0, count, 2):
        lines.append(f"a{i}, b{i} = (lambda x: x + {i} * K), (lambda x, y={i}: x * y - K)\n")
    return "".join(lines)


@dataclass(frozen=True)
class Workload:
    """One thing to dump: where it lives, how to get it, how to check a loaded copy."""

    name: str
    title: str
    module: str
    source: str
    # Build the object to dump from the imported module.
    get: Callable[[ModuleType], Any]
    # Call a (loaded) object and return something comparable by ``repr``.
    check: Callable[[Any], Any]
    # Dump a list of functions one payload each, rather than the object as one payload.
    separately: bool = False
    # Module-level ``def``s that pickle and dill record by reference (an import of the module),
    # so their payloads cannot load where the module is gone.
    module_level_defs: bool = False


def _names(prefix: str, count: int) -> List[str]:
    return [f"{prefix}{i}" for i in range(count)]


def _gen_defs(mod: ModuleType) -> List[Any]:
    return [getattr(mod, name) for name in _names("f", GENERATED_COUNT)]


def _gen_lambdas(mod: ModuleType) -> List[Any]:
    names = []
    for i in range(0, GENERATED_COUNT, 2):
        names += [f"a{i}", f"b{i}"]
    return [getattr(mod, name) for name in names]


def _check_all(fns: List[Any]) -> List[Any]:
    return [fn(i) for i, fn in enumerate(fns)]


WORKLOADS: Tuple[Workload, ...] = (
    Workload(
        "tiny",
        "a tiny function",
        "bench_tiny",
        TINY_SOURCE,
        lambda m: m.tiny,
        lambda f: f(41),
        module_level_defs=True,
    ),
    Workload(
        "globals",
        "a function with globals, a helper and imports",
        "bench_globals",
        GLOBALS_SOURCE,
        lambda m: m.with_globals,
        lambda f: f(5),
        module_level_defs=True,
    ),
    Workload(
        "defs200-list",
        f"{GENERATED_COUNT} functions from one generated file, one payload",
        "bench_defs200",
        defs_source(GENERATED_COUNT),
        _gen_defs,
        _check_all,
        module_level_defs=True,
    ),
    Workload(
        "defs200-each",
        f"{GENERATED_COUNT} functions from one generated file, one payload each",
        "bench_defs200",
        defs_source(GENERATED_COUNT),
        _gen_defs,
        _check_all,
        separately=True,
        module_level_defs=True,
    ),
    Workload(
        "lambda",
        "a lambda reading a global",
        "bench_lambda",
        LAMBDA_SOURCE,
        lambda m: m.scale,
        lambda f: f(4),
    ),
    Workload(
        "closure",
        "a closure with a recursive inner function (make_range_fact)",
        "bench_closure",
        CLOSURE_SOURCE,
        lambda m: m.make_range_fact(2),
        lambda f: f(9),
    ),
    Workload(
        "lambdas200-list",
        f"{GENERATED_COUNT} lambdas from one generated file, one payload",
        "bench_lambdas200",
        lambdas_source(GENERATED_COUNT),
        _gen_lambdas,
        _check_all,
    ),
    Workload(
        "lambdas200-each",
        f"{GENERATED_COUNT} lambdas from one generated file, one payload each",
        "bench_lambdas200",
        lambdas_source(GENERATED_COUNT),
        _gen_lambdas,
        _check_all,
        separately=True,
    ),
)

BY_NAME: Dict[str, Workload] = {w.name: w for w in WORKLOADS}


def write_modules(folder: Path) -> None:
    """Write every workload's module file into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for workload in WORKLOADS:
        (folder / f"{workload.module}.py").write_text(workload.source, encoding="utf-8")


def import_module(folder: Path, name: str) -> ModuleType:
    """Import a workload module from ``folder`` as a user module (not installed)."""
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))
    return importlib.import_module(name)
