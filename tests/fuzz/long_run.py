"""The long fuzzing run: atheris (libFuzzer) mutating payloads through every read-only path.

Usage, from the repository root (``pip install atheris``; a wheel exists for CPython 3.8-3.11)::

    nice -n 19 python tests/fuzz/long_run.py CORPUS_DIR -runs=1000000 -max_len=65536 \\
        -timeout=10 -rss_limit_mb=2048 -dict=tests/fuzz/payload.dict

Half the mutations are libFuzzer's own (bytes, guided by coverage of srcpickle's code), half
structure-aware (``mutations.py``: values, fields, sections, references, signatures).
``CORPUS_DIR`` is created and filled with the seed payloads when empty (libFuzzer adds the inputs
it finds interesting). Every 10,000 inputs, and at the end, the inputs tried and the outcomes by
exception type go to ``fuzz-stats.json`` (or ``$SRCPICKLE_FUZZ_STATS``). An input that makes
anything other than a ``SrcpickleError`` escape stops the run; libFuzzer writes it to
``crash-<sha1>``: add it to ``tests/corpus/invalid/`` with the error it must raise once fixed.
A ``timeout-*`` or ``oom-*`` file is an input that tied the reader up: a bug too.
"""

from __future__ import annotations

import json
import os
import random
import sys
import time
from typing import Dict

import atheris

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

with atheris.instrument_imports(include=["srcpickle"]):
    from fuzz.fuzz_targets import read_everything, seed_payloads, tally
from fuzz.mutations import mutate

STATS_FILE = os.environ.get("SRCPICKLE_FUZZ_STATS", "fuzz-stats.json")
STATS_EVERY = 10_000

_counts: Dict[str, int] = {}
_state = {"inputs": 0, "runs": -1, "started": time.time()}


def _write_stats(final: bool = False) -> None:
    stats = {
        "inputs": _state["inputs"],
        "seconds": round(time.time() - _state["started"], 1),
        "outcomes": dict(sorted(_counts.items())),
        "finished": final,
    }
    temp = STATS_FILE + ".tmp"
    with open(temp, "w", encoding="utf-8") as handle:
        json.dump(stats, handle, indent=1)
    os.replace(temp, STATS_FILE)


def test_one_input(data: bytes) -> None:
    _state["inputs"] += 1
    try:
        tally(_counts, read_everything(data))
    except BaseException as exc:
        tally(_counts, [f"CRASH {type(exc).__name__}"])
        _write_stats(final=True)
        raise
    if _state["inputs"] == _state["runs"]:
        _write_stats(final=True)  # libFuzzer exits from C after the last run: no finally runs
    elif _state["inputs"] % STATS_EVERY == 0:
        _write_stats()


_SEEDS = seed_payloads()


def custom_mutator(data: bytes, max_size: int, seed: int) -> bytes:
    """Half libFuzzer's byte-level mutations, half structure-aware ones (``mutations.py``)."""
    rng = random.Random(seed)
    if rng.random() < 0.5:
        return bytes(atheris.Mutate(data, max_size))
    return mutate(data, rng, _SEEDS)[:max_size]


def _prepare_corpus(argv: list) -> None:  # type: ignore[type-arg]
    directories = [arg for arg in argv[1:] if not arg.startswith("-")]
    if not directories:
        return
    corpus = directories[0]
    os.makedirs(corpus, exist_ok=True)
    if not os.listdir(corpus):
        for number, seed in enumerate(seed_payloads()):
            with open(os.path.join(corpus, f"seed-{number:03d}"), "wb") as handle:
                handle.write(seed)


if __name__ == "__main__":
    _prepare_corpus(sys.argv)
    _state["runs"] = next((int(a.split("=", 1)[1]) for a in sys.argv if a.startswith("-runs=")), -1)
    atheris.Setup(sys.argv, test_one_input, custom_mutator=custom_mutator)
    try:
        atheris.Fuzz()
    finally:
        _write_stats(final=True)
