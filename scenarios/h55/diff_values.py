"""Differential check of the value parser: what parse_value and a section's entry line give (the
value, or the error's message, line and column) for many random texts, printed as one digest per
text, so that two trees' outputs can be compared (run with PYTHONPATH=TREE, diff the outputs).

Usage: python diff_values.py COUNT > out.txt
"""

from __future__ import annotations

import random
import sys

from srcpickle import _fmt
from srcpickle.errors import PayloadFormatError

ATOMS = [
    "1",
    "-2",
    "0x1F",
    "2.5",
    "1e-07",
    ".5",
    "-inf",
    "inf",
    "nan",
    "-nan",
    "None",
    "True",
    "False",
    "'a'",
    '"b"',
    "b'x'",
    "'\\n'",
    "'é'",
    "@f0",
    "@x.y",
    "nan(0x7ff8000000000001)",
    "complex(1, 2.0)",
    "base64('AAAA')",
    "bytearray(b'ab')",
    "set()",
    "frozenset({1, 2})",
    "frozenset()",
    "x",
    "'",
    "@",
    "1 2",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ",",
    ":",
    "b",
    "-",
    "é",
]


def random_value(rng: random.Random, depth: int) -> str:
    roll = rng.random()
    if depth > 4 or roll < 0.45:
        return rng.choice(ATOMS)
    sp = lambda: rng.choice(["", "", " ", "  ", "\t"])  # noqa: E731
    items = [random_value(rng, depth + 1) for _ in range(rng.randint(0, 4))]
    kind = rng.choice("([{{s")
    if kind == "(":
        inner = ("," + sp()).join(items) + (rng.choice(["", ","]) if items else "")
        return "(" + sp() + inner + sp() + ")"
    if kind == "[":
        return "[" + sp() + (", " + sp()).join(items) + rng.choice(["", ",", " ,"]) + "]"
    if kind == "s":
        return "{" + ", ".join(items) + "}"
    pairs = [f"{k}{sp()}:{sp()}{v}" for k, v in zip(items, reversed(items))]
    return "{" + sp() + (", ").join(pairs) + rng.choice(["", ","]) + sp() + "}"


def mutate(rng: random.Random, text: str) -> str:
    if not text or rng.random() < 0.6:
        return text
    at = rng.randrange(len(text))
    roll = rng.random()
    if roll < 0.3:
        return text[:at]
    if roll < 0.6:
        return text[:at] + text[at + 1 :]
    return text[:at] + rng.choice(",:()[]{}'\"@ -b1") + text[at:]


def outcome(text: str) -> str:
    try:
        return "value " + repr(_fmt.parse_value(text, 5, 1, 3))
    except PayloadFormatError as exc:
        return f"error {exc} @{exc.line}:{exc.column}"
    except Exception as exc:  # noqa: BLE001 - a crash is an outcome to compare (and a bug)
        return f"crash {type(exc).__name__}"


def entry(text: str) -> str:
    section = _fmt._Section("namespace", "m", 1)
    line = "global " + text.replace("\n", " ")
    try:
        _fmt._parse_section_line(section, [line], 1, line, 9, 3)
        return "entry " + repr(section.entries)
    except PayloadFormatError as exc:
        return f"error {exc} @{exc.line}:{exc.column}"
    except Exception as exc:  # noqa: BLE001
        return f"crash {type(exc).__name__}"


def main() -> None:
    rng = random.Random(55)  # noqa: S311 - test texts, not secrets
    count = int(sys.argv[1])
    texts = [mutate(rng, (" " if rng.random() < 0.2 else "") + random_value(rng, 0)) for _ in range(count)]
    for depth in (198, 199, 200, 201, 202):
        for open_, close in (("[", "]"), ("(", ",)"), ("{1: ", "}"), ("frozenset({", "})")):
            texts.append(open_ * depth + "1" + close * depth)
            texts.append(open_ * depth + " " + close * depth)
    for text in texts:
        print(repr(text), "->", outcome(text))
        print("   ", entry("x = " + text), "|", entry("'k y' =" + text))


if __name__ == "__main__":
    main()
