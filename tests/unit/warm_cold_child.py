"""Both sides of test_warm_cold: runs scenarios of live state and reports their payloads.

A scenario is a module of the user's own (written to a folder of its own), ``setup`` code that
binds ``fn`` to the object to dump, ``mutate`` code that changes the live state, and ``probes``:
expressions evaluated with ``fn`` bound to the object, on the live state after the mutation and
on the loaded payload. Code runs with ``m`` (the module), ``path`` (its file) and a few helpers.

Run *warm* (in the test's process), a scenario dumps ``fn`` twice before the mutation, so that
every cache of dumps holds what it proved, then mutates and dumps again. Run *cold* (this file as
a fresh interpreter's script), it mutates first and dumps once. The two payloads (or errors) of
one scenario must be the same bytes. ``load`` (this file's other command) loads payloads in a
fresh interpreter that cannot import the modules and evaluates each one's probes.

Only the standard library here, and Python 3.9's syntax: this file runs in fresh interpreters.
"""

from __future__ import annotations

import abc
import base64
import functools
import importlib
import json
import linecache
import os
import sys
import types
from typing import Any, Dict, List


def rewrite_same_stat(path: str, old: str, new: str) -> None:
    """Replace ``old`` by ``new`` (same length) in the file, keeping its size and modification
    time: an editor writing within the file system's timestamp resolution."""
    assert len(old) == len(new), (old, new)
    _replace(path, old, new, 0)


def rewrite(path: str, old: str, new: str) -> None:
    """Replace ``old`` by ``new`` in the file and move its modification time forward."""
    _replace(path, old, new, 5_000_000_000)


def _replace(path: str, old: str, new: str, later_ns: int) -> None:
    # The file's text with ``old`` replaced, its modification time moved ``later_ns`` forward.
    stat = os.stat(path)
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    assert old in text, old
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text.replace(old, new))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + later_ns))


def describe_error(exc: BaseException, folder: str) -> str:
    """An error as text that does not depend on the scenario's folder."""
    return f"{type(exc).__name__}: {str(exc).replace(folder, '<folder>')}"


def run_scenario(scenario: Dict[str, Any], folder: str, warm: bool) -> Dict[str, Any]:
    """Import the scenario's module from ``folder``, set up, (warm: dump twice,) mutate, dump.

    Returns the payload (base64) or the error's text, the warm dumps before the mutation (for
    the test to check that the mutation shows), and the probes' reprs on the live state."""
    import srcpickle

    name = scenario["module"]
    # No bytecode files: a module reloaded after an edit that kept its file's size and time must
    # be compiled from its new text in both processes (a .pyc is checked by size and time).
    writes_bytecode, sys.dont_write_bytecode = sys.dont_write_bytecode, True
    sys.path.insert(0, folder)
    try:
        module = importlib.import_module(name)
    finally:
        sys.path.remove(folder)
        sys.dont_write_bytecode = writes_bytecode
    namespace: Dict[str, Any] = {
        "m": module,
        "path": os.path.join(folder, name + ".py"),
        "folder": folder,
        "rewrite": rewrite,
        "rewrite_same_stat": rewrite_same_stat,
        "functools": functools,
        "types": types,
        "abc": abc,
        "linecache": linecache,
        "importlib": importlib,
        "sys": sys,
    }
    result: Dict[str, Any] = {}
    try:
        # Compiled under a made-up file name of their own: a lambda they make has no source on
        # either side (a -c script's text is linecache's "<string>" on 3.13).
        exec(compile(scenario["setup"], "<warm-cold setup>", "exec"), namespace)
        if warm:
            before = srcpickle.dumps(namespace["fn"])
            assert srcpickle.dumps(namespace["fn"]) == before, "two dumps of one state differ"
            result["before"] = base64.b64encode(before).decode("ascii")
        sys.path.insert(0, folder)  # (a reload finds the module again)
        writes_bytecode, sys.dont_write_bytecode = sys.dont_write_bytecode, True
        try:
            exec(compile(scenario["mutate"], "<warm-cold mutate>", "exec"), namespace)
        finally:
            sys.path.remove(folder)
            sys.dont_write_bytecode = writes_bytecode
    except Exception as exc:  # noqa: BLE001 - reported to the test
        result["setup-error"] = describe_error(exc, folder)
        return result
    try:
        result["payload"] = base64.b64encode(srcpickle.dumps(namespace["fn"])).decode("ascii")
    except Exception as exc:  # noqa: BLE001 - an error is compared like a payload
        result["error"] = describe_error(exc, folder)
    result["probes"] = probe_all(namespace["fn"], scenario["probes"])
    return result


def probe_all(fn: Any, probes: List[str]) -> List[str]:
    """The repr of each probe (or of its error's class) with ``fn`` bound to ``fn``."""
    answers = []
    for probe in probes:
        try:
            answers.append(repr(eval(probe, {"fn": fn, "sorted": sorted, "linecache": linecache})))
        except Exception as exc:  # noqa: BLE001 - a probe's failure is an answer too
            answers.append(f"raised {type(exc).__name__}")
    return answers


def cold(spec_path: str) -> None:
    """Run every scenario of the spec file cold (each in its own folder), print one JSON line."""
    with open(spec_path, encoding="utf-8") as handle:
        spec = json.load(handle)
    results = {}
    for scenario in spec["scenarios"]:
        results[scenario["name"]] = run_scenario(scenario, spec["folders"][scenario["name"]], warm=False)
    print("RESULT-JSON=" + json.dumps(results))


def load_and_probe(payload: bytes, probes: List[str]) -> List[str]:
    """Load ``payload`` and answer its probes; the warnings the load gave come last, and a
    failed load answers with its error alone."""
    import warnings

    import srcpickle

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            fn = srcpickle.loads(payload)
        except Exception as exc:  # noqa: BLE001 - reported to the test
            return [f"loads raised {type(exc).__name__}: {exc}"]
    return [*probe_all(fn, probes), repr(sorted(f"{w.category.__name__}: {w.message}" for w in caught))]


def load(spec_path: str) -> None:
    """Load each payload of the spec file (one after another in this process, in the order of
    the file), run its probes, print one JSON line."""
    with open(spec_path, encoding="utf-8") as handle:
        spec = json.load(handle)
    results = {}
    for name, (payload, probes) in spec.items():
        results[name] = load_and_probe(base64.b64decode(payload), probes)
    print("RESULT-JSON=" + json.dumps(results))


if __name__ == "__main__":
    {"cold": cold, "load": load}[sys.argv[1]](sys.argv[2])
