"""The loads of 200 new payloads in a warm process, cut into cumulative phases (for callgrind:
each MODE's run minus the 'stop' run is what the phases up to MODE cost).

Usage: python phases.py MODE   (srcpickle from PYTHONPATH; payloads in /tmp/h101/p)
MODE: stop (warm up only), parse (parse_deferring_docs), compile (+ check_python, guards,
compile_all), prepared (+ Prepared: modules, names, make_plan), put (+ the cache's put), load
(srcpickle.loads itself, all of the above and the build), bare (compile() of each compiled text
alone, the floor: its run minus the barestop run, which makes the texts and compiles none).
"""

from __future__ import annotations

import gc
import os
import pickle
import sys

import srcpickle
from srcpickle import _rebuild
from srcpickle._fmt.read import parse_deferring_docs
from srcpickle._rebuild import compiler
from srcpickle._rebuild.checks import check_python

mode = sys.argv[1]
with open("/tmp/h101/p/warm200.pkl", "rb") as handle:
    for payload in pickle.load(handle):  # noqa: S301 - written by write_payloads.py
        srcpickle.loads(payload)
with open("/tmp/h101/p/new200.pkl", "rb") as handle:
    new = pickle.load(handle)  # noqa: S301 - written by write_payloads.py
texts = []
if mode in ("bare", "barestop"):  # the texts the loader compiles, made before the measured part
    saved = compiler.compile_text

    def noting(text: str, filename: str, flags: int) -> object:
        texts.append((text, filename, flags))
        return saved(text, filename, flags)

    compiler.compile_text = noting
    for payload in new:
        compiler.compile_all(parse_deferring_docs(payload)[0])
    compiler.compile_text = saved
gc.collect()
kept = []
if mode == "bare":
    for text, filename, flags in texts:
        kept.append(compile(text, filename, "exec", flags, True))
elif mode == "load":
    for payload in new:
        kept.append(srcpickle.loads(payload))
elif mode not in ("stop", "barestop"):
    for payload in new:
        parsed, deferred = parse_deferring_docs(payload)
        if mode != "parse":
            check_python(parsed)
            parsed, guards = _rebuild._decide_guards(parsed)
            compiled = compiler.compile_all(parsed)
            if deferred:
                _rebuild._docs_from_code(parsed, compiled, deferred)
            if mode != "compile":
                prepared = _rebuild.Prepared(parsed, compiled, guards)
                if mode == "put":
                    prepared = _rebuild._PREPARED.put(payload, prepared, len(payload))
                parsed = prepared  # type: ignore[assignment]
        kept.append(parsed)
trigger = [[]]
sys.stdout.flush()
os._exit(0)
