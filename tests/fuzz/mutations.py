"""Structure-aware mutations of payloads, shared by the hypothesis test and the atheris run.

Byte-level mutation mostly breaks a payload's first lines, so the reader refuses it early. These
mutations keep the line structure and change what a hostile writer would: values (huge numbers,
deep nesting, references to other nodes, escapes), fields repeated or moved, sections copied,
line numbers and indents, the signature. Each takes a ``random.Random``, so a run is replayable.
"""

from __future__ import annotations

import random
import re
from typing import Callable, List, Sequence

# Values a hostile payload would try, written in the payload's literal grammar.
INTERESTING_VALUES = [
    "0",
    "-1",
    "1000000",
    "1000001",
    "99999999999999999999",
    "9" * 4400,
    "0x" + "f" * 3000,
    "1e999",
    "-0.0",
    "nan",
    "complex(" + "9" * 400 + ", 1)",
    "complex(1e308, 1e308)",
    "'pip \u00b2'",
    "'x \u00b2.\u0663'",
    "'\\ud800'",
    "'\\N{EURO SIGN}'",
    "'    '",
    "'\\t' ",
    "'" + " " * 2000 + "'",
    "'x\\ny'",
    "b'\\x00\\xff'",
    "base64('AAAA')",
    "base64('A')",
    "bytearray(b'')",
    "()",
    "(1,)",
    "[]",
    "{}",
    "set()",
    "frozenset()",
    "{1: 2}",
    "{(1, [2]): 3}",
    "[" * 150 + "]" * 150,
    "(" * 150 + ")" * 150,
    "('a', 'b')",
    "None",
    "True",
]


def _lines(data: bytes) -> List[bytes]:
    return data.split(b"\n")


def _ids(lines: Sequence[bytes]) -> List[bytes]:
    return [m.group(1) for line in lines for m in [re.match(rb"\[\w+ ([^\]]+)\]$", line)] if m]


def _set_value(rng: random.Random, lines: List[bytes], data: bytes) -> None:
    candidates = [i for i, line in enumerate(lines) if b": " in line or b" = " in line]
    if not candidates:
        return
    i = rng.choice(candidates)
    separator = b": " if b": " in lines[i] else b" = "
    head = lines[i].split(separator, 1)[0]
    ids = _ids(lines)
    if ids and rng.random() < 0.3:
        value = b"@" + rng.choice(ids)
    else:
        value = rng.choice(INTERESTING_VALUES).encode("utf-8", "surrogatepass")
    lines[i] = head + separator + value


def _duplicate_line(rng: random.Random, lines: List[bytes], data: bytes) -> None:
    i = rng.randrange(len(lines))
    lines.insert(rng.randrange(len(lines) + 1), lines[i])


def _delete_line(rng: random.Random, lines: List[bytes], data: bytes) -> None:
    if len(lines) > 1:
        del lines[rng.randrange(len(lines))]


def _swap_lines(rng: random.Random, lines: List[bytes], data: bytes) -> None:
    i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
    lines[i], lines[j] = lines[j], lines[i]


def _copy_section(rng: random.Random, lines: List[bytes], data: bytes) -> None:
    starts = [i for i, line in enumerate(lines) if line.startswith(b"[") and line != b"[end]"]
    if not starts:
        return
    start = rng.choice(starts)
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith(b"[")), len(lines))
    section = lines[start:end]
    if rng.random() < 0.7:  # the copy under a new id, so that it is a node of its own
        section = [section[0][:-1] + b"-" + str(rng.randrange(1000)).encode() + b"]"] + section[1:]
    at = rng.choice(starts)
    lines[at:at] = section


def _retarget_reference(rng: random.Random, lines: List[bytes], data: bytes) -> None:
    ids = _ids(lines)
    with_refs = [i for i, line in enumerate(lines) if b"@" in line]
    if ids and with_refs:
        i = rng.choice(with_refs)
        target = b"@" + rng.choice(ids)
        lines[i] = re.sub(rb"@[^\s,()\[\]{}:=@'\"]+", lambda _: target, lines[i], count=1)


def _change_kind(rng: random.Random, lines: List[bytes], data: bytes) -> None:
    starts = [i for i, line in enumerate(lines) if re.match(rb"\[\w+ ", line)]
    if starts:
        i = rng.choice(starts)
        kind = rng.choice(
            [b"function", b"class", b"namespace", b"import", b"ref", b"cell", b"value", b"reduce"]
        )
        lines[i] = b"[" + kind + lines[i][lines[i].index(b" ") :]


def _splice(rng: random.Random, lines: List[bytes], data: bytes, others: Sequence[bytes] = ()) -> None:
    if others:
        other = _lines(rng.choice(others))
        chunk = other[rng.randrange(len(other)) :][: rng.randrange(1, 8)]
        at = rng.randrange(len(lines) + 1)
        lines[at:at] = chunk


def _sign_then_flip(rng: random.Random, lines: List[bytes], data: bytes) -> None:
    from srcpickle import SrcpickleError
    from srcpickle._sign import sign

    from .fuzz_targets import KEY

    try:
        signed = _lines(sign(b"\n".join(lines), KEY))
    except SrcpickleError:
        return
    i = rng.randrange(len(signed))
    if signed[i]:
        j = rng.randrange(len(signed[i]))
        signed[i] = signed[i][:j] + bytes([signed[i][j] ^ (1 << rng.randrange(7))]) + signed[i][j + 1 :]
    lines[:] = signed


MUTATIONS: List[Callable[..., None]] = [
    _set_value,
    _set_value,
    _set_value,
    _duplicate_line,
    _delete_line,
    _swap_lines,
    _copy_section,
    _retarget_reference,
    _change_kind,
    _splice,
    _sign_then_flip,
]


def mutate(data: bytes, rng: random.Random, others: Sequence[bytes] = (), rounds: int = 0) -> bytes:
    """``data`` with ``rounds`` (default: 1 to 3) structure-aware mutations applied."""
    lines = _lines(data)
    for _ in range(rounds or rng.randint(1, 3)):
        mutation = rng.choice(MUTATIONS)
        if mutation is _splice:
            _splice(rng, lines, data, others)
        else:
            mutation(rng, lines, data)
        if not lines:
            lines = [b""]
    return b"\n".join(lines)
