"""What the fuzzers call: every path that reads a payload without running it.

``read_everything(data)`` feeds one input to the reader (``srcpickle.inspect``), the signature
layer (reading and verifying), and, when the input parses, to what ``show``, ``check`` and
``diff`` do with a payload: describing every value, compiling every source (which executes
nothing), checking the Python version, the imports and their versions. Each of these may refuse
the input only with a ``SrcpickleError``; anything else escaping is a bug (a *crasher*), and the
fuzzers report it with the input that caused it.

Used by ``tests/test_fuzz.py`` (hypothesis, a few seconds in every test run) and by
``tests/fuzz/long_run.py`` (atheris, the long run). Standard library and srcpickle only.
"""

from __future__ import annotations

import warnings
from typing import Dict, List, Optional

import srcpickle
from srcpickle import SrcpickleError
from srcpickle._cli._common import Style, signature_verdict
from srcpickle._cli.check import _compile_problems
from srcpickle._cli.diff import _header_fields, _node_diff
from srcpickle._cli.show import _show_lines
from srcpickle._rebuild import check_imports, check_python, check_versions
from srcpickle._sign import signature_of, verify

# The key the fuzzers verify with; seeds signed with it exercise the path where the key matches.
KEY = b"fuzzing key, not a secret: 0123456789abcdef"


def read_everything(data: bytes) -> Optional[str]:
    """Run every read-only path on ``data``.

    Returns:
        The class name of the ``SrcpickleError`` the reader refused the input with, or None when
        it parsed.

    Raises:
        Anything that is not a ``SrcpickleError``: a bug.
    """
    for attempt in (lambda: signature_of(data), lambda: verify(data, KEY)):
        try:
            attempt()
        except SrcpickleError:
            pass
    try:
        payload = srcpickle.inspect(data)
    except SrcpickleError as exc:
        return type(exc).__name__
    verdict = signature_verdict("fuzz", data, [KEY])
    for _ in _show_lines(payload, "fuzz", Style(False), verdict):
        pass
    _header_fields(payload)
    for node in payload.nodes.values():
        _node_diff(node, None)
        _node_diff(None, node)
    try:
        check_python(payload)
        _compile_problems(payload)
    except SrcpickleError:
        pass
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for check in (lambda: check_imports(payload), lambda: check_versions(payload, True)):
            try:
                check()
            except SrcpickleError:
                pass
    return None


def seed_payloads() -> List[bytes]:
    """Valid and invalid payloads to start mutating from: the golden and invalid corpora, the
    side-effect payload, and signed copies of the golden ones."""
    from pathlib import Path

    corpus = Path(__file__).resolve().parents[1] / "corpus"
    seeds = sorted(corpus.glob("golden/v*/*.srcpickle")) + sorted(corpus.glob("invalid/*.srcpickle"))
    seeds.append(corpus / "side_effect.srcpickle")
    data = [path.read_bytes() for path in seeds]
    signed = []
    for payload in data[:8]:
        try:
            signed.append(srcpickle._sign.sign(payload, KEY))
        except SrcpickleError:
            continue
    return data + signed


def tally(counts: Dict[str, int], outcome: Optional[str]) -> None:
    """Count one outcome (``parsed`` or the error's class name)."""
    key = outcome or "parsed"
    counts[key] = counts.get(key, 0) + 1
