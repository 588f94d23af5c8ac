"""The serializers behind one interface, each used the way its users would use it.

pickle records module-level functions by reference and refuses lambdas and closures. cloudpickle
is told to capture the workload modules by value (``register_pickle_by_value``), as it must be for
a module the loading side cannot import. dill has no such switch: it records functions it can find
by name in an importable module by reference, and other functions' code by value but their globals
as a reference to the module; ``dill-recurse`` is dill with ``recurse=True``, which captures just
the globals a function uses instead.
"""

from __future__ import annotations

import functools
import importlib
import pickle
from types import ModuleType
from typing import Any, Callable, Dict, List, Tuple

LIBRARIES: Tuple[str, ...] = ("pickle", "cloudpickle", "dill", "dill-recurse", "srcpickle")
BASELINE = "cloudpickle"
# The importable module behind each row of LIBRARIES.
MODULES: Dict[str, str] = {library: library.split("-")[0] for library in LIBRARIES}

Dumper = Callable[[Any], Any]
Loader = Callable[[Any], Any]


def mode(library: str, module_level_defs: bool) -> str:
    """How ``library`` records a workload's functions: by value (source or code) or by reference."""
    if library == "srcpickle":
        return "source"
    if library == "cloudpickle":
        return "value"
    if library == "pickle" or module_level_defs:
        return "reference"
    return "value" if library == "dill-recurse" else "value, globals by ref"


def make_dumper(library: str, workload_module: ModuleType, separately: bool) -> Dumper:
    """A one-argument function that dumps the workload object (a list one item at a time if
    ``separately``) and returns bytes or a list of bytes. Setting up happens here, untimed."""
    mod: Any = importlib.import_module(MODULES[library])
    if library == "cloudpickle":
        mod.register_pickle_by_value(workload_module)
    dumps: Callable[[Any], bytes] = mod.dumps
    if library == "dill-recurse":
        dumps = functools.partial(mod.dumps, recurse=True)
    if not separately:
        return dumps

    def each(objs: List[Any]) -> List[bytes]:
        return [dumps(obj) for obj in objs]

    return each


def make_loader(library: str, separately: bool) -> Loader:
    """A one-argument function that loads what the matching dumper returned."""
    # Importing the library here keeps its import out of the timing (cloudpickle.loads is
    # pickle.loads, but a payload refers to cloudpickle's helpers, which must be imported).
    loads: Callable[[bytes], Any] = importlib.import_module(MODULES[library]).loads
    if not separately:
        return loads

    def each(payloads: List[bytes]) -> List[Any]:
        return [loads(data) for data in payloads]

    return each


def size(payload: Any) -> int:
    """Bytes in a payload, or summed over a list of payloads."""
    if isinstance(payload, list):
        return sum(len(item) for item in payload)
    return len(payload)


def version(library: str) -> str:
    """The library's version string (pickle: its highest protocol)."""
    if library == "pickle":
        return f"protocol {pickle.DEFAULT_PROTOCOL} (default)"
    return str(getattr(importlib.import_module(MODULES[library]), "__version__", "?"))
