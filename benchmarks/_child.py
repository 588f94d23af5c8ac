"""One cold measurement in a fresh interpreter; prints a single JSON line and exits 0.

Usage: ``python _child.py '{"op": ..., ...}'``, started by ``run.py``.

- ``dumps``: import the library and the workload module, build the object, then time only the
  first dump (so lazy imports and per-file parsing inside the library are counted).

Each answer gives the wall clock (``seconds``) and this process's CPU time (``cpu_seconds``,
``time.process_time``) of the timed call: on a busy machine a call of a few milliseconds is often
preempted, which wall clock counts and CPU time does not.
- ``loads``: with the workload module's folder off ``sys.path`` (the original code cannot be
  imported), import the library and read the payload, then time only the first load and call the
  loaded object to check it.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import pickle
import sys
import time
from pathlib import Path
from typing import Any, Dict


def _error(exc: BaseException) -> str:
    text = f"{type(exc).__name__}: {exc}"
    first = text.splitlines()[0] if text else type(exc).__name__
    return first[:300]


def _dumps(args: Dict[str, Any]) -> Dict[str, Any]:
    from _libraries import make_dumper, size
    from _workloads import BY_NAME, import_module

    workload = BY_NAME[args["workload"]]
    if args.get("path"):
        sys.path.insert(0, args["path"])  # an environment of installed distributions
    module = import_module(Path(args["modules"]), workload.module)
    if args.get("path") and Path(module.__file__ or "").parent != Path(args["modules"]):
        # The user's module comes from a folder of its own in both environments: one found in
        # the environment's folder would be taken for an installed one, and measure that.
        return {"ok": False, "error": f"harness: {workload.module} imported from {module.__file__}"}
    obj = workload.get(module)
    dumper = make_dumper(args["library"], module, workload.separately)
    # (process_time outside perf_counter's window: scenarios/h90/window.sh counts the
    # instructions between the two perf_counter calls)
    cpu = time.process_time()
    start = time.perf_counter()
    try:
        payload = dumper(obj)
    except BaseException as exc:  # noqa: BLE001 - any failure is reported, not raised
        return {"ok": False, "error": _error(exc)}
    seconds = time.perf_counter() - start
    cpu = time.process_time() - cpu
    return {"ok": True, "seconds": seconds, "cpu_seconds": cpu, "size": size(payload)}


def _loads(args: Dict[str, Any]) -> Dict[str, Any]:
    from _libraries import make_loader
    from _workloads import BY_NAME

    workload = BY_NAME[args["workload"]]
    modules = str(Path(args["modules"]))
    sys.path[:] = [entry for entry in sys.path if entry not in (modules, "", ".")]
    if importlib.util.find_spec(workload.module) is not None:
        return {"ok": False, "error": f"harness: {workload.module} is importable in the loading process"}
    loader = make_loader(args["library"], workload.separately)
    with open(args["payload"], "rb") as handle:
        payload = pickle.load(handle)
    cpu = time.process_time()
    start = time.perf_counter()
    try:
        obj = loader(payload)
    except BaseException as exc:  # noqa: BLE001 - any failure is reported, not raised
        return {"ok": False, "error": _error(exc)}
    seconds = time.perf_counter() - start
    cpu = time.process_time() - cpu
    try:
        result = repr(workload.check(obj))
    except BaseException as exc:  # noqa: BLE001
        return {"ok": False, "error": "loaded, but calling it failed: " + _error(exc)}
    return {"ok": True, "seconds": seconds, "cpu_seconds": cpu, "result": result}


def _rss() -> int:
    """This process's resident memory in bytes (Linux /proc; elsewhere the peak, from resource)."""
    try:
        with open("/proc/self/statm") as handle:
            import os

            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _memory(args: Dict[str, Any]) -> Dict[str, Any]:
    """Load the payloads in turn ``count`` times in all; the growth of RSS past the first round,
    the srcpickle entries linecache holds at the end, and whether a traceback of the last loaded
    function shows its source line."""
    import gc
    import linecache
    import traceback

    from _libraries import make_loader

    loader = make_loader(args["library"], False)
    with open(args["payloads"], "rb") as handle:
        payloads = pickle.load(handle)
    loaded = None
    for data in payloads:  # one round first: imports, caches filling up
        loaded = loader(data)
    gc.collect()
    before = _rss()
    for index in range(args["count"]):
        loaded = loader(payloads[index % len(payloads)])
    gc.collect()
    after = _rss()
    entries = sum(1 for name in linecache.cache if name.startswith("<srcpickle"))
    shows_source = True
    if args["library"] == "srcpickle":
        try:
            loaded(None)  # type: ignore[misc] - x * i + ... with x None raises in the source
        except TypeError:
            text = traceback.format_exc()
            shows_source = "return x *" in text
    return {"ok": True, "growth": after - before, "linecache": entries, "shows_source": shows_source}


def main() -> None:
    args = json.loads(sys.argv[1])
    if args["op"] == "memory":
        result = _memory(args)
    else:
        result = _dumps(args) if args["op"] == "dumps" else _loads(args)
    sys.stdout.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
