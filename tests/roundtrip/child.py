"""The child side of the round-trip harness (``harness.py``): what runs inside the dumping and
loading processes, on every supported interpreter.

The harness copies this file next to its copy of srcpickle, where the children import it as
``_srcpickle_roundtrip_harness``. It needs only the standard library and the syntax of Python
3.9, and imports as little as it can: several hundred children import it in every test run, and
the test side's modules (asyncio above all: 55 ms on CPython 3.11, 160 ms on PyPy, most of a
small case file's dump) would cost more than many of them do.
"""

from __future__ import annotations

import importlib.util
import inspect
import json
import math
import os
import sys
import warnings
from typing import Any, Dict, List, Sequence, Tuple

EXPECTED_FILE = "expected.json"
PAYLOAD_SUFFIX = ".srcpickle"
# Whether dump_cases runs the probes on the originals: dump_many's children, which only re-check
# payload bytes, skip them (a probe's side effects would also reach the next case file there).
_RUN_PROBES = True

Json = Dict[str, Any]


def raises(fn: Any, *args: Any, **kwargs: Any) -> str:
    """Call ``fn`` and return ``"ExceptionType: message"``, or ``"no exception"``."""
    try:
        fn(*args, **kwargs)
    except Exception as exc:  # noqa: BLE001 - the probe reports any exception by name
        return f"{type(exc).__name__}: {exc}"
    return "no exception"


def failing_line(fn: Any, *args: Any, **kwargs: Any) -> Tuple[str, int, str]:
    """Call ``fn``, which must raise, and return the function name, line number and source line
    that the traceback shows for the innermost frame."""
    import traceback

    try:
        fn(*args, **kwargs)
    except Exception as exc:  # noqa: BLE001
        frame = traceback.extract_tb(exc.__traceback__)[-1]
        return frame.name, frame.lineno or 0, (frame.line or "").strip()
    raise AssertionError(f"{fn.__qualname__} did not raise")


def overload_signatures(fn: Any) -> List[str]:
    """The signatures of the ``typing.overload`` stubs of ``fn``: ``typing.get_overloads`` from
    3.11; before, typing keeps none, and this asks srcpickle for the stubs its loader kept (an
    original's are none: typing.overload dropped them)."""
    import typing

    if hasattr(typing, "get_overloads"):
        stubs = typing.get_overloads(fn)
    else:
        from srcpickle._overloads import overloads_of

        stubs = overloads_of(fn)
    return [str(inspect.signature(stub)) for stub in stubs]


def collect(agen: Any) -> List[Any]:
    """Every item of the async iterator ``agen``, gathered in a fresh event loop."""
    import asyncio

    async def gather() -> List[Any]:
        return [item async for item in agen]

    return asyncio.run(gather())


def probe_namespace(obj: Any, probe: str = "asyncio") -> Dict[str, Any]:
    """The names ``probe`` may use: ``f`` (the object) and a few helpers, ``asyncio`` among them
    when the probe names it (imported only then: see the module's docstring)."""
    namespace = {
        "f": obj,
        "inspect": inspect,
        "math": math,
        "raises": raises,
        "failing_line": failing_line,
        "collect": collect,
        "overload_signatures": overload_signatures,
    }
    if "asyncio" in probe:
        import asyncio

        namespace["asyncio"] = asyncio
    return namespace


def _describe_error(exc: BaseException) -> Json:
    return {"type": type(exc).__name__, "message": str(exc)}


def _write_json(path: str, data: Json) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(data, handle, indent=1, sort_keys=True, ensure_ascii=True)


def _read_json(path: str) -> Json:
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)  # type: ignore[no-any-return]


def dump_cases(cases: Dict[str, Tuple[Any, Sequence[str]]], outdir: str) -> None:
    """Child side, called by the line appended to a case file: write every payload, then run
    the probes on the originals and write ``expected.json``.

    Payloads come first so that each captures the state before any probe ran.
    """
    import srcpickle

    warnings.simplefilter("error")
    script = os.path.basename(sys.modules["__main__"].__file__ or "")
    record: Json = {"script": script, "cases": {}}
    for name, (obj, probes) in cases.items():
        entry: Json = {"probes": list(probes), "dump_error": None, "expected": None}
        try:
            data = srcpickle.dumps(obj)
        except Exception as exc:  # noqa: BLE001 - reported per case by the test
            entry["dump_error"] = _describe_error(exc)
        else:
            with open(os.path.join(outdir, name + PAYLOAD_SUFFIX), "wb") as handle:
                handle.write(data)
        record["cases"][name] = entry
    for name, (obj, probes) in cases.items():
        if not _RUN_PROBES:
            break
        expected: List[Json] = []
        for probe in probes:
            try:
                expected.append({"repr": repr(eval(probe, probe_namespace(obj, probe)))})
            except Exception as exc:  # noqa: BLE001 - a probe must not fail on the original
                expected.append({"probe_error": _describe_error(exc)})
        record["cases"][name]["expected"] = expected
    _write_json(os.path.join(outdir, EXPECTED_FILE), record)


def dump_many(jobs_path: str) -> None:
    """Child side: for each ``[script, outdir]`` of the JSON list in ``jobs_path`` (a case file
    with the harness's footer line), run the script as ``python script outdir`` would run it,
    one after the other in this one process, writing its payloads without running its probes.

    For the tests that only compare payload bytes with those of a case file's own process (the
    hash-seed sweep, every interpreter's bytes): an interpreter start and srcpickle's import per
    case file cost more than most case files' dumps. Each script gets what a fresh run gives it:
    ``sys.argv``, ``sys.path`` (its folder first), its working directory, a ``__main__`` module
    of its own; the modules it imported from its folder are forgotten after it. Every module
    stays alive until the process ends, so no id a cache may hold is reused by a later case file.
    """
    global _RUN_PROBES
    import builtins
    import importlib.machinery
    import traceback
    import types

    _RUN_PROBES = False
    with open(jobs_path, encoding="utf-8") as handle:
        jobs = json.load(handle)
    here = os.path.dirname(os.path.abspath(__file__))
    # (this process runs ``-c``: its '' entry and the copy's folder are no part of a script's path)
    base_path = [entry for entry in sys.path if entry and os.path.abspath(entry) != here]
    kept: List[Any] = []
    original_main = sys.modules["__main__"]
    failed = 0
    for script, outdir in jobs:
        folder = os.path.dirname(script)
        with open(script, "rb") as handle:
            source = handle.read()
        main = types.ModuleType("__main__")
        main.__file__ = script
        main.__builtins__ = builtins  # type: ignore[attr-defined]
        main.__loader__ = importlib.machinery.SourceFileLoader("__main__", script)
        main.__cached__ = None  # type: ignore[attr-defined]
        kept.append(main)
        sys.argv[:] = [script, outdir]
        sys.path[:] = [folder, *base_path]
        os.chdir(folder)
        sys.modules["__main__"] = main
        try:
            # (dont_inherit: this module's future import is no part of the case file)
            exec(compile(source, script, "exec", dont_inherit=True), main.__dict__)  # noqa: S102
        except BaseException:  # noqa: BLE001 - reported by name; the next script still runs
            failed += 1
            sys.stderr.write(f"{os.path.basename(script)} ({script}) failed:\n{traceback.format_exc()}")
        finally:
            sys.modules["__main__"] = original_main
            for name, module in list(sys.modules.items()):
                where = getattr(module, "__file__", None)
                if isinstance(where, str) and os.path.dirname(os.path.abspath(where)) == folder:
                    kept.append(sys.modules.pop(name))
    if failed:
        sys.exit(1)


def _assert_isolated(script: str) -> None:
    """Guard the harness itself: the child uses the srcpickle copy beside this module, and the
    case file cannot be imported from here."""
    import srcpickle

    here = os.path.dirname(os.path.abspath(__file__))
    if os.path.dirname(os.path.dirname(os.path.abspath(srcpickle.__file__))) != here:
        raise RuntimeError(f"harness error: the child imported srcpickle from {srcpickle.__file__}")
    module = os.path.splitext(script)[0]
    if importlib.util.find_spec(module) is not None:
        raise RuntimeError(f"harness error: the loading process can import the case file {module}")


def load_cases(payload_dir: str, results_path: str) -> None:
    """Child side: load every payload of ``payload_dir``, run its probes on the loaded object and
    write the reprs (or the error) to ``results_path``."""
    import srcpickle

    warnings.simplefilter("error")
    record = _read_json(os.path.join(payload_dir, EXPECTED_FILE))
    _assert_isolated(record["script"])
    results: Json = {}
    for name, entry in record["cases"].items():
        path = os.path.join(payload_dir, name + PAYLOAD_SUFFIX)
        if not os.path.exists(path):
            continue
        try:
            obj = srcpickle.load(path)
        except Exception as exc:  # noqa: BLE001 - compared with the expected outcome by the test
            results[name] = {"load_error": _describe_error(exc), "got": None}
            continue
        got: List[Json] = []
        for probe in entry["probes"]:
            try:
                got.append({"repr": repr(eval(probe, probe_namespace(obj, probe)))})
            except Exception as exc:  # noqa: BLE001
                got.append({"raised": _describe_error(exc)})
        results[name] = {"load_error": None, "got": got}
    _write_json(results_path, results)


def load_many(jobs_path: str) -> None:
    """Child side: ``load_cases`` for each ``[payload_dir, results_path]`` of the JSON list in
    ``jobs_path``, one after the other in this one process (no case file can be imported from
    here, whichever it is: ``load_cases`` checks it for each)."""
    with open(jobs_path, encoding="utf-8") as handle:
        jobs = json.load(handle)
    for payload_dir, results_path in jobs:
        load_cases(payload_dir, results_path)


def redump_cases(payload_dirs: Sequence[str], results_path: str) -> None:
    """Child side: for every payload, ``dumps(loads(payload))`` before anything is called;
    write the text of each (or the error) to ``results_path``."""
    import srcpickle

    warnings.simplefilter("error")
    results: Json = {}
    for payload_dir in payload_dirs:
        record = _read_json(os.path.join(payload_dir, EXPECTED_FILE))
        _assert_isolated(record["script"])
        for name in record["cases"]:
            path = os.path.join(payload_dir, name + PAYLOAD_SUFFIX)
            if not os.path.exists(path):
                continue
            key = f"{record['script']}::{name}"
            try:
                text = srcpickle.dumps(srcpickle.load(path)).decode("utf-8")
            except Exception as exc:  # noqa: BLE001
                results[key] = {"error": _describe_error(exc)}
            else:
                results[key] = {"text": text}
    _write_json(results_path, results)
