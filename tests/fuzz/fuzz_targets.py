"""What the fuzzers call: every path that reads a payload without running it.

``read_everything(data)`` feeds one input to the reader (``srcpickle.inspect``), the signature
layer (reading and verifying), and, when the input parses, to what ``show``, ``check`` and
``diff`` do with a payload: describing every value, compiling every source (which executes
nothing), checking the Python version, the imports and their versions, and the allow-list
(which imports only modules of ``ALLOWED``). Each of these may refuse
the input only with a ``SrcpickleError``; anything else escaping is a bug (a *crasher*), and the
fuzzers report it with the input that caused it.

Used by ``tests/test_fuzz.py`` (hypothesis, a few seconds in every test run) and by
``tests/fuzz/long_run.py`` (atheris, the long run). Standard library and srcpickle only.
"""

from __future__ import annotations

import warnings
from typing import Callable, Dict, List, Optional

import srcpickle
from srcpickle import SrcpickleError
from srcpickle._check import compile_items
from srcpickle._cli._common import Style, signature_verdict
from srcpickle._cli.diff import _header_fields, _node_diff
from srcpickle._cli.show import _show_lines
from srcpickle._model import Payload
from srcpickle._rebuild import check_imports, check_python, check_versions, compile_all
from srcpickle._rebuild.allow import check_allowed, check_routes
from srcpickle._sign import signature_of, verify

# The key the fuzzers verify with; seeds signed with it exercise the path where the key matches.
KEY = b"fuzzing key, not a secret: 0123456789abcdef"
# The allow-list the fuzzers check payloads against: the standard modules the seeds use (the
# check imports modules of the list, and only those).
ALLOWED = ("collections", "copyreg", "dataclasses", "enum", "fractions", "functools", "io", "itertools",
           "json", "math", "operator", "os", "string", "typing", "xml")  # fmt: skip


def read_everything(data: bytes) -> List[str]:
    """Run every read-only path on ``data``.

    Returns:
        What each stage answered, as ``stage:outcome``: ``ok`` or the class name of the
        ``SrcpickleError`` it refused the input with. The first is always the reader's
        (``inspect:...``); the stages after it run only on input it parsed.

    Raises:
        Anything that is not a ``SrcpickleError``: a bug.
    """
    outcomes: List[str] = []

    def stage(name: str, run: Callable[[], object]) -> bool:
        try:
            run()
        except SrcpickleError as exc:
            outcomes.append(f"{name}:{type(exc).__name__}")
            return False
        outcomes.append(f"{name}:ok")
        return True

    payload: Optional[Payload] = None
    try:
        payload = srcpickle.inspect(data)
    except SrcpickleError as exc:
        outcomes.append(f"inspect:{type(exc).__name__}")
    else:
        outcomes.append("inspect:ok")
    stage("signature", lambda: signature_of(data))
    stage("verify", lambda: verify(data, KEY))
    if payload is None:
        return outcomes
    verdict = signature_verdict("fuzz", data, [KEY])
    stage("show", lambda: [None for _ in _show_lines(payload, "fuzz", Style(False), verdict)])
    stage("diff", lambda: [(_node_diff(n, None), _node_diff(None, n)) for n in payload.nodes.values()])
    _header_fields(payload)
    if stage("check-python", lambda: check_python(payload)):
        stage("check-compile", lambda: compile_items(payload))
        stage("allow", lambda: _allow(payload))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        stage("check-imports", lambda: check_imports(payload))
        stage("check-versions", lambda: check_versions(payload, True))
    return outcomes


def _allow(payload: Payload) -> None:
    # What loads(..., allowed_imports=ALLOWED) checks before building anything.
    check_allowed(payload, ALLOWED)
    check_routes(payload, compile_all(payload), ALLOWED)


def seed_payloads() -> List[bytes]:
    """Valid and invalid payloads to start mutating from: the golden and invalid corpora, the
    side-effect payload, and signed copies of the golden ones."""
    from pathlib import Path

    corpus = Path(__file__).resolve().parents[1] / "corpus"
    seeds = sorted(corpus.glob("golden/v*/*.srcpickle")) + sorted(corpus.glob("invalid/*.srcpickle"))
    seeds += sorted(corpus.glob("hostile_allowed/*.srcpickle"))
    seeds.append(corpus / "side_effect.srcpickle")
    data = [path.read_bytes() for path in seeds]
    signed = []
    for payload in data[:8]:
        try:
            signed.append(srcpickle._sign.sign(payload, KEY))
        except SrcpickleError:
            continue
    return data + signed


def tally(counts: Dict[str, int], outcomes: List[str]) -> None:
    """Count the outcomes of one input's stages (see ``read_everything``)."""
    for outcome in outcomes:
        counts[outcome] = counts.get(outcome, 0) + 1


def parsed(outcomes: List[str]) -> bool:
    """Whether the reader took the input."""
    return outcomes[0] == "inspect:ok"
