"""The functions ``python -m srcpickle demo`` serializes, written as an ordinary user script.

The demo runs this file as ``python demo_script.py OUTDIR``, so everything below is defined in
``__main__``: no process that loads the payloads can import it, exactly as with a user's own
script. For each demo function it writes ``OUTDIR/NAME.srcpickle`` and, in ``OUTDIR/demo.json``,
the probe to run on the loaded object together with the result the original gave.

Read it as an example of what srcpickle captures: globals by value, standard-library imports by
reference, closures with their cells, one lambda cut out of a line holding two, a pair of
functions sharing one cell, an inner function that calls itself, an instance of a class of the
script's own and a function returning a dataclass.
"""

from __future__ import annotations

import dataclasses
import json
import math
import os.path
import sys
from typing import Any, Callable, Dict, List, Tuple

import srcpickle

# ----------------------------------------------------------------- the functions a user would write

RATE = 1.5
CONFIG = {"offset": 10, "digits": 2}


def price(x: float) -> float:
    """Scale ``x`` by RATE, add the configured offset and round to the configured digits."""
    return round(x * RATE + CONFIG["offset"], CONFIG["digits"])


def summarize(values: list[float], name: str = "data") -> str:
    """Describe ``values`` as JSON: where they would be saved and their Euclidean norm."""
    norm = math.sqrt(sum(v * v for v in values))
    return json.dumps({"file": os.path.join("out", name + ".json"), "norm": norm}, sort_keys=True)


def make_scaler(factor: float) -> Callable[[float], float]:
    def scale(x: float) -> float:
        return x * factor  # factor lives in a closure cell

    return scale


# Two lambdas on one line: the payload of dbl must hold dbl's source, not inc's.
inc, dbl = (lambda x: x + 1), (lambda x: x * 2)


def make_tally() -> Tuple[Callable[[int], None], Callable[[], int]]:
    total = 0

    def add(n: int) -> None:
        nonlocal total
        total += n

    def read() -> int:
        return total

    return add, read


def make_fact() -> Callable[[int], int]:
    def fact(n: int) -> int:
        return 1 if n <= 1 else n * fact(n - 1)  # fact is a cell holding fact itself

    return fact


class Vector:
    """A 2-D vector: the class travels by source, the instance by its state."""

    def __init__(self, x: float, y: float) -> None:
        self.x, self.y = x, y

    def norm(self) -> float:
        return math.hypot(self.x, self.y)

    def scaled(self, k: float) -> Vector:
        return Vector(self.x * k, self.y * k)


@dataclasses.dataclass(frozen=True)
class Reading:
    """A dataclass a function returns: rebuilt by running its class statement again."""

    sensor: str
    value: float = 0.0


def read_sensor(name: str) -> Reading:
    return Reading(name, RATE * 2)


# --------------------------------------------------------------------------- what the demo dumps

# (file name, what it shows, the object to dump, the probe run on the loaded object). A probe is
# Python text that binds ``result`` from ``obj``; it runs on the originals here and on the loaded
# objects in every other interpreter, and the two results must be equal (compared as JSON).
DEMOS: List[Tuple[str, str, Any, str]] = [
    ("globals", "reads globals (a number, a dict)", price, "result = [obj(2), obj(0.333)]"),
    ("imports", "uses json, math, os.path", summarize, "result = obj([3.0, 4.0], 'points')"),
    ("closure", "closure: make_scaler(3)", make_scaler(3), "result = [obj(2), obj(0.5)]"),
    ("lambda", "2nd lambda of a line", dbl, "result = obj(21)"),
    (
        "shared_cells",
        "add/read sharing a cell",
        make_tally(),
        "add, read = obj; add(2); add(3); result = read()",
    ),
    ("recursive", "inner fact calls itself", make_fact(), "result = obj(10)"),
    ("class", "instance of a class of its own", Vector(3, 4), "result = [obj.norm(), obj.scaled(2).norm()]"),
    ("dataclass", "returns a dataclass", read_sensor, "r = obj('t1'); result = [r.sensor, r.value, repr(r)]"),
]

MANIFEST = "demo.json"


def run_probe(probe: str, obj: Any) -> Any:
    """Run ``probe`` with ``obj`` bound and return the ``result`` it binds."""
    namespace: Dict[str, Any] = {"obj": obj}
    exec(probe, namespace)  # noqa: S102 - the demo's own fixed probe text, never payload content
    return namespace["result"]


def main(outdir: str) -> None:
    """Dump every demo object into ``outdir``, then probe the originals and write the manifest."""
    os.makedirs(outdir, exist_ok=True)
    entries: List[Dict[str, Any]] = []
    # Dump everything before probing anything: the probes change state (the tally's total), and
    # each payload must hold the state from before its probe ran.
    for name, title, obj, probe in DEMOS:
        entry: Dict[str, Any] = {"name": name, "title": title, "probe": probe, "file": name + ".srcpickle"}
        try:
            srcpickle.dump(obj, os.path.join(outdir, entry["file"]))
        except srcpickle.SrcpickleError as exc:
            # Recorded, not raised: the demo reports a failed dump as a failed row and goes on.
            entry["error"] = f"dumps failed: {type(exc).__name__}: {exc}"
        entries.append(entry)
    for entry, (_, _, obj, probe) in zip(entries, DEMOS):
        # A JSON round trip, so that the expected value compares equal to what a child reports.
        entry["expected"] = json.loads(json.dumps(run_probe(probe, obj)))
    with open(os.path.join(outdir, MANIFEST), "w", encoding="utf-8") as handle:
        json.dump(entries, handle, indent=2)
        handle.write("\n")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python demo_script.py OUTDIR")
    main(sys.argv[1])
