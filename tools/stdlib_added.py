"""Write ``srcpickle/_stdlib_added.py``: the standard-library names each CPython release from 3.9
on added, from the interpreters of this machine.

    python tools/stdlib_added.py PYTHON_3.8 PYTHON_3.9 ... PYTHON_3.13

Each interpreter (oldest first, one per minor version) lists, in a child process, the dotted
names of its standard library: every module and public submodule it can import, each module's
public attributes, and the public attributes the classes those hold define
(``pathlib.Path.walk``; an inherited one is named under the class that defines it).
A name the oldest interpreter lacks gets the first release that has it. The loader reads the
table when a name a payload needs is missing, to tell a Python that is too old
(``PythonVersionError``) from a name that is missing for another reason.

Left out, as a build (not a release) decides them: the upper-case constants of modules that
mirror the platform's headers (``os.O_*``, ``socket.AF_*``, ``errno.E*``), names of private
modules and attributes, test packages, and modules that do something when imported.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Dict, List, Set, Tuple

OUTPUT = os.path.join(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "srcpickle", "_stdlib_added.py"
)

# Run in each interpreter (the syntax of 3.8): imports the standard library's public modules, as
# ``modules``, a list of (dotted name, module), beside the names ``top`` of its top-level modules.
# tools/stdlib_keywords.py walks the same modules.
WALK = r"""
import importlib, json, pkgutil, sys, warnings
warnings.simplefilter("ignore")
sys.path[:] = [p for p in sys.path if p and "site-packages" not in p]
NOISY = {"antigravity", "this", "idlelib", "turtledemo", "test", "lib2to3", "pydoc_data", "ensurepip"}
PLATFORM = {"os", "posix", "nt", "socket", "ssl", "select", "signal", "errno", "resource", "termios",
            "mmap", "fcntl", "time", "stat", "curses", "locale", "syslog", "tty", "pty", "subprocess",
            "sys", "zlib", "readline", "ctypes", "sqlite3", "hashlib", "_ssl", "_socket", "pyexpat",
            "tkinter", "lzma", "bz2", "multiprocessing", "asyncio", "dbm", "uuid", "sysconfig", "math"}
try:
    top = set(sys.stdlib_module_names)
except AttributeError:
    top = set(json.loads(sys.argv[1]))
names = set()
reachable = set()
modules = []
imported = []
for name in sorted(top):
    if name.startswith("_") or name in NOISY:
        continue
    try:
        module = importlib.import_module(name)
    except BaseException:
        continue
    modules.append((name, module))
    imported.append(name)
    path = getattr(module, "__path__", []) or []
    for info in pkgutil.walk_packages(path, name + ".", onerror=lambda n: None):
        parts = info.name.split(".")
        if any(p.startswith("_") or p in ("test", "tests") for p in parts) or parts[0] == "encodings":
            continue
        try:
            modules.append((info.name, importlib.import_module(info.name)))
        except BaseException:
            continue
modules.append(("os.path", importlib.import_module("os.path")))
"""

# Then prints a JSON list of dotted names.
CHILD = (
    WALK
    + r"""
for name, module in modules:
    names.add(name)
    reachable.add(name)
    constants = name.split(".")[0] in PLATFORM
    for attr in dir(module):
        if attr.startswith("_") or (constants and attr.isupper()):
            continue
        try:
            value = getattr(module, attr)
        except BaseException:
            continue
        names.add(name + "." + attr)
        reachable.add(name + "." + attr)
        if isinstance(value, type):
            # Its own attributes (an inherited one is told by the class that defines it), each
            # new only where no class it inherits from had it before (UserDict.get).
            for inner in dir(value):
                if not inner.startswith("_") and not (constants and inner.isupper()):
                    reachable.add(name + "." + attr + "." + inner)
                    if inner in vars(value):
                        names.add(name + "." + attr + "." + inner)
for attr in dir(importlib.import_module("builtins")):
    if not attr.startswith("_"):
        names.add("builtins." + attr)
        reachable.add("builtins." + attr)
result = {"names": sorted(names), "reachable": sorted(reachable), "listed": sorted(top), "imported": imported}
print(json.dumps(result))
"""
)


def names_of(python: str) -> Tuple[Tuple[int, int], Set[str], Set[str], Set[str], Set[str], str]:
    """The minor version of ``python``, the dotted names of its standard library (a class's
    attributes: those it defines), those names with every attribute a class inherits, the
    top-level modules it lists and those it could import."""
    from srcpickle._stdlib_names import STDLIB_MODULE_NAMES

    version = subprocess.run(
        [python, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split(".")
    proc = subprocess.run(
        # -S: no site, whose .pth files add shims (setuptools' distutils on 3.11)
        [python, "-I", "-S", "-c", CHILD, json.dumps(sorted(STDLIB_MODULE_NAMES))],
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
        stdin=subprocess.DEVNULL,
    )
    found = json.loads(proc.stdout.strip().splitlines()[-1])
    return (
        (int(version[0]), int(version[1])),
        set(found["names"]),
        set(found["reachable"]),
        set(found["listed"]),
        set(found["imported"]),
        python,
    )


# Run in each interpreter: of the dotted names given on stdin (JSON), prints those it has, looked
# up as the loader looks a name up (the longest importable module, then attributes): a module's
# __getattr__ may give a name its dir() does not list (concurrent.futures.InvalidStateError).
FOUND = r"""
import importlib, json, sys, warnings
warnings.simplefilter("ignore")
sys.path[:] = [p for p in sys.path if p and "site-packages" not in p]
found = []
for name in json.loads(sys.stdin.read()):
    parts = name.split(".")
    for size in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:size]))
        except BaseException:
            continue
        try:
            for attr in parts[size:]:
                obj = getattr(obj, attr)
        except BaseException:
            break
        found.append(name)
        break
print(json.dumps(found))
"""


def found_in(python: str, names: List[str]) -> Set[str]:
    """Those of ``names`` that ``python`` has."""
    proc = subprocess.run(
        [python, "-I", "-S", "-c", FOUND],
        input=json.dumps(names),
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    return set(json.loads(proc.stdout.strip().splitlines()[-1]))


def added(pythons: List[str]) -> Dict[str, Tuple[int, int]]:
    """Each name the oldest of ``pythons`` lacks, with the first of them that has it."""
    found = sorted(names_of(python) for python in pythons)
    # A module every release lists that some build here could not import (tkinter without Tk):
    # the build decides what it has.
    listed = set.intersection(*(entry[3] for entry in found))
    built = set.intersection(*(entry[4] for entry in found))
    first: Dict[str, Tuple[int, int]] = {}
    before = set(found[0][2])
    for version, names, reachable, _, _, _ in found[1:]:
        for name in names - before:
            if name.partition(".")[0] not in listed - built:
                first.setdefault(name, version)
        before |= reachable
    # Each looked up in every release before the one it was first listed in: it is new only where
    # none of them has it.
    for version, _, _, _, _, python in found:
        older = sorted(name for name, release in first.items() if version < release)
        for name in found_in(python, older):
            first[name] = version
    oldest = found[0][0]
    first = {name: version for name, version in first.items() if version != oldest}
    # A name whose owner is itself new is told by its owner (tomllib.loads: tomllib, 3.11).
    return {name: version for name, version in first.items() if first.get(name.rpartition(".")[0]) != version}


def render(table: Dict[str, Tuple[int, int]]) -> str:
    """The text of ``_stdlib_added.py``."""
    lines = [
        '"""The standard-library names each CPython release from 3.9 on added (``module``,',
        "``module.name``, ``module.Class.name``, ``builtins.name``), with that release: a name a payload",
        "needs that this Python lacks and that a later release added means a Python too old",
        "(``PythonVersionError``), not a missing dependency.",
        "",
        "Generated by tools/stdlib_added.py from CPython "
        + ", ".join(sorted({".".join(map(str, v)) for v in table.values()} | {"3.8"}))
        + " (do not edit by hand).",
        "A name under a newer one is left out: the newer one tells (``tomllib.loads``: ``tomllib``).",
        '"""',
        "",
        "ADDED = {",
    ]
    for name, (major, minor) in sorted(table.items()):
        lines.append(f"    {name!r}: ({major}, {minor}),")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main() -> None:
    pythons = sys.argv[1:]
    if len(pythons) < 2:
        raise SystemExit(__doc__)
    table = added(pythons)
    with open(OUTPUT, "w", encoding="utf-8") as handle:
        handle.write(render(table))
    print(f"{len(table)} names written to {OUTPUT}")


if __name__ == "__main__":
    main()
