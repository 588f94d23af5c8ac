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


MODEL_SOURCE = '''\
import math

THRESHOLD = 0.5


class Model:
    """A small linear model: five methods (a classmethod and a staticmethod among them), reading a
    global and an import."""

    def __init__(self, weights, bias=0.0, name="model"):
        self.weights = list(weights)
        self.bias = bias
        self.name = name
        self.meta = {}

    @classmethod
    def zeros(cls, n, **kwargs):
        return cls([0.0] * n, **kwargs)

    @staticmethod
    def activate(z):
        return 1.0 / (1.0 + math.exp(-z))

    def predict(self, xs):
        z = sum(w * x for w, x in zip(self.weights, xs)) + self.bias
        return round(self.activate(z), 6), self.activate(z) > THRESHOLD

    def __repr__(self):
        return f"Model({self.name!r}, n={len(self.weights)}, bias={self.bias!r}, meta={self.meta!r})"
'''

# Sizes of the data workload. The data comes from a fixed seed, so payload sizes are the same in
# every run (``random.Random(seed).randbytes`` and ``randrange`` give the same values on every
# Python since 3.9).
DATA_SEED = 20240604
DATA_INTS = 100_000
DATA_BYTES = 1 << 20
# "Raw" size of the int list: 8 bytes per int, as an int64 array (``array('q')``, NumPy) holds it.
INT64_SIZE = 8

DATA_SOURCE = f'''\
import hashlib
import random

_rng = random.Random({DATA_SEED})
INTS = [_rng.randrange(1_000_000) for _ in range({DATA_INTS})]
BLOB = _rng.randbytes({DATA_BYTES})


def make_scorer(ints, blob):
    def score(k):
        """Touch all of the captured data, so a loaded copy shows it has every byte."""
        digest = hashlib.sha256(blob).hexdigest()[:16]
        return len(ints), sum(ints), ints[k % len(ints)], len(blob), blob[k % len(blob)], digest

    return score
'''


# How far apart the constants of two salted copies of defs_source are (more than any count used).
SALT_STEP = 1000


def defs_source(count: int, salt: int = 0) -> str:
    """A module of ``count`` distinct small functions sharing a global and a helper.

    A nonzero ``salt`` shifts every function's own constant, so that each copy has sources of
    the same shape that no other copy has (a loader caching by source text cannot reuse what an
    earlier copy compiled: the "never dumped" row measures new sources)."""
    parts = ["K = 7\n\n\ndef _helper(x):\n    return x * K\n"]
    for i in range(count):
        c = i + salt * SALT_STEP
        if i % 3 == 0:
            body = f"    total = {c} + x * y\n    return total - K\n"
        elif i % 3 == 1:
            body = f"    items = [x, y, {c}]\n    return sum(items) + _helper({i % 10})\n"
        else:
            body = f"    if x > {c}:\n        return x - {c}\n    return [x, y, K, {c}]\n"
        parts.append(f'\n\ndef f{i}(x, y={i % 5}):\n    """Function number {i}."""\n{body}')
    return "".join(parts)


# The spread row: 200 functions over this many modules (of the shapes a program's functions have).
SPREAD_MODULES = 8


def spread_source(module: int, sample: int) -> str:
    """One of ``SPREAD_MODULES`` modules of 25 functions each (top-level defs with docstrings,
    defaults, annotations and imports read, closures, lambdas, methods), listed in ``FNS``, every
    one called as ``fn(x, y)``. ``sample`` changes every constant: code objects equal to those of
    another sample (code equality ignores the file name) would let a reference's caches answer."""
    parts = [
        f'"""Generated module {module}."""\n\nfrom __future__ import annotations\n\n'
        "import math\nimport os.path\nfrom collections import OrderedDict\n"
        f"from typing import Optional\n\nK = {module + 3}\nNAMES = ['a', 'b', 'c']\n\n\n"
        "def _helper(x):\n    return x * K\n"
    ]
    names = []
    for j in range(GENERATED_COUNT // SPREAD_MODULES):
        i = sample * GENERATED_COUNT + module * (GENERATED_COUNT // SPREAD_MODULES) + j
        kind = j % 8
        if kind < 4:
            body = (
                f"    total = {i} + x * y\n    return total - K\n",
                f"    items = [x, y, {i}]\n    return sum(items) + _helper({i % 10})\n",
                f"    if x > {i}:\n        return x - {i}\n    return [x, y, K, math.floor({i} / 3)]\n",
                "    out = OrderedDict()\n    for k, name in enumerate(NAMES):\n"
                f"        out[name] = k * x + y + {i}\n    return os.path.join(*out) + str(len(out))\n",
            )[kind]
            head = f"\n\ndef f{i}(x: int, y: int = {i % 5}) -> Optional[int]:\n"
            parts.append(f'{head}    """Function number {i}."""\n{body}')
            names.append(f"f{i}")
        elif kind < 6:
            parts.append(
                f"\n\ndef make{i}(scale):\n    offset = {i}\n\n    def inner(x, y=1):\n"
                f"        return scale * x + offset - y\n\n    return inner\n\n\nc{i} = make{i}({j + 2})\n"
            )
            names.append(f"c{i}")
        elif kind == 6:
            parts.append(f"\n\nl{i} = lambda x, y=2: x * {i} + y - K  # noqa: E731\n")
            names.append(f"l{i}")
        else:
            parts.append(
                f"\n\nclass C{i}:\n    factor = {i}\n\n    def method(self, x, y=3):\n"
                f'        """A method."""\n        return [x, y, {i}, math.pi > 3]\n\n\n'
                f"m{i} = C{i}.method\n"
            )
            names.append(f"m{i}")
    parts.append(f"\n\nFNS = [{', '.join(names)}]\n")
    return "".join(parts)


def lambdas_source(count: int) -> str:
    """A module of ``count`` lambdas, two per line so that columns tell them apart."""
    lines = ["K = 7\n\n"]
    for i in range(0, count, 2):
        lines.append(f"a{i}, b{i} = (lambda x: x + {i} * K), (lambda x, y={i}: x * y - K)\n")
    return "".join(lines)


@dataclass(frozen=True)
class DataPart:
    """One piece of a workload's data: its raw size, and the workload object built without it (so
    a payload's bytes spent on the piece are its size minus the size without it)."""

    name: str
    raw_size: int
    # How ``raw_size`` was counted, for the table header ("as int64").
    raw_label: str
    # The piece itself, from the imported module (plain pickle is timed on the bare pieces).
    get: Callable[[ModuleType], Any]
    # The workload object with this piece empty.
    without: Callable[[ModuleType], Any]


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
    # Module-level ``def``s or classes that pickle and dill record by reference (an import of the
    # module), so their payloads cannot load where the module is gone.
    module_level_defs: bool = False
    # For a workload that is mostly data: its pieces, measured again in a table of their own.
    parts: Tuple[DataPart, ...] = ()


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


def _use_class(cls: Any) -> Any:
    zero = cls.zeros(3, name="zero")
    model = cls([0.5, -1.25, 2.0], bias=0.1, name="small")
    return repr(zero), zero.predict([1, 2, 3]), repr(model), model.predict([1, 1, 1]), cls.activate(0.0)


def _model(mod: ModuleType) -> Any:
    model = mod.Model([round(0.1 * i - 0.8, 2) for i in range(16)], bias=0.25, name="spam-filter")
    model.meta.update({"epochs": 3, "labels": ("ham", "spam"), "trained": True, "loss": [0.7, 0.4, 0.2]})
    return model


def _use_instance(model: Any) -> Any:
    return repr(model), model.predict(range(16)), model.predict([1] * 16), type(model).__name__


def _scorer(mod: ModuleType, ints: bool = True, blob: bool = True) -> Any:
    return mod.make_scorer(mod.INTS if ints else [], mod.BLOB if blob else b"")


DATA_PARTS = (
    DataPart(
        "ints",
        DATA_INTS * INT64_SIZE,
        "as int64",
        lambda m: m.INTS,
        lambda m: _scorer(m, ints=False),
    ),
    DataPart(
        "bytes",
        DATA_BYTES,
        "as bytes",
        lambda m: m.BLOB,
        lambda m: _scorer(m, blob=False),
    ),
)

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
    Workload(
        "class",
        "a class with 5 methods from a user module (the class itself)",
        "bench_model",
        MODEL_SOURCE,
        lambda m: m.Model,
        _use_class,
        module_level_defs=True,
    ),
    Workload(
        "instance",
        "an instance of that class, with state",
        "bench_model",
        MODEL_SOURCE,
        _model,
        _use_instance,
        module_level_defs=True,
    ),
    Workload(
        "data",
        f"a closure over a {DATA_INTS:,}-int list and {DATA_BYTES:,} random bytes (1 MiB)",
        "bench_data",
        DATA_SOURCE,
        _scorer,
        lambda f: f(12345),
        parts=DATA_PARTS,
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


# ------------------------------------------------------------------ issue 9's extra measurements

# A third-party package for the "many installed distributions" row: a function of the user's own
# that calls it, so the first dumps looks up the package's distribution (name and version). The
# distribution is named other than its package, as PyYAML (yaml), python-dateutil (dateutil) or
# Pillow (PIL) are: its metadata cannot be found by the package's name (issue 9).
DEP_PACKAGE = "benchdep"
DEP_DISTRIBUTION = "Bench-Dependency"
DEP_SOURCE = "def double(x):\n    return 2 * x\n"
DEP_USER_SOURCE = f"""\
import {DEP_PACKAGE}


def uses_dep(x):
    return {DEP_PACKAGE}.double(x) + 1
"""
DEP_WORKLOAD = Workload(
    "dist-env",
    "a function calling an installed third-party package",
    "bench_dep_user",
    DEP_USER_SOURCE,
    lambda m: m.uses_dep,
    lambda f: f(20),
)
# How many unrelated distributions the crowded environment holds (the issue names 300).
CROWD_SIZE = 300


def _dist_info(folder: Path, name: str, version: str, top_level: str, record: str) -> None:
    info = folder / f"{name}-{version}.dist-info"
    info.mkdir(parents=True, exist_ok=True)
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\nSummary: benchmark filler\n\n",
        encoding="utf-8",
    )
    (info / "top_level.txt").write_text(top_level + "\n", encoding="utf-8")
    (info / "RECORD").write_text(record, encoding="utf-8")
    (info / "INSTALLER").write_text("bench\n", encoding="utf-8")


def write_dist_env(folder: Path, crowd: int) -> None:
    """A folder to put on ``sys.path``: the package ``benchdep`` with the ``.dist-info`` of
    distribution ``Bench-Dependency``, and ``crowd`` more distributions (metadata and one module
    each) that nothing imports. The user's module is not in it: it is the user's own, imported
    from a folder of its own (``_child.py``)."""
    package = folder / DEP_PACKAGE
    package.mkdir(parents=True, exist_ok=True)
    (package / "__init__.py").write_text(DEP_SOURCE, encoding="utf-8")
    _dist_info(folder, DEP_DISTRIBUTION, "1.0", DEP_PACKAGE, f"{DEP_PACKAGE}/__init__.py,,\n")
    for index in range(crowd):
        name = f"filler_{index:03d}"
        (folder / f"{name}.py").write_text(f"VALUE = {index}\n", encoding="utf-8")
        _dist_info(folder, name, f"1.{index}", name, f"{name}.py,,\n")


BY_NAME[DEP_WORKLOAD.name] = DEP_WORKLOAD


def distinct_source(count: int) -> str:
    """A module of ``count`` small distinct functions (for the memory row's distinct payloads)."""
    return "".join(f"def g{i}(x):\n    return x * {i} + {i % 7}\n\n\n" for i in range(count))
