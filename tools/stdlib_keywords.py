"""Write ``srcpickle/_stdlib_keywords.py``: the keyword arguments each CPython release from 3.9 on
added to callables of the standard library, from the interpreters of this machine (the oldest
supported first: a keyword it accepts is no finding).

    python tools/stdlib_keywords.py PYTHON_3.9 PYTHON_3.10 ... PYTHON_3.13

Each interpreter (oldest first, one per minor version) reads, in a child process, the signature
of every public callable of its standard library (the modules tools/stdlib_added.py walks, each
module's public functions and classes, the public methods those classes define, and the
builtins). A keyword a callable accepts in a release is new there when the release before gives
the callable a signature, no earlier signature names such a keyword parameter or takes
``**kwargs``, and every later release's signature still accepts it: passed on an older Python it
fails the call (``zip(strict=True)`` on 3.9). The loader reads the table to refuse such a payload
before anything of it runs (``PythonVersionError``).

A callable the release before gives no signature cannot be told this way; those are printed, and
the few that matter (``zip``) are in ``BY_HAND``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Dict, List, Optional, Set, Tuple

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stdlib_added import WALK  # noqa: E402

OUTPUT = os.path.join(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "srcpickle", "_stdlib_keywords.py"
)

# Keywords of callables the release before gives no signature (a builtin type without a text
# signature), from the "What's New" of their release.
BY_HAND: Dict[str, Dict[str, Tuple[int, int]]] = {
    "builtins.zip": {"strict": (3, 10)},
}

# Then prints a JSON object: each public callable's dotted name, with its parameters as
# [name, kind] (inspect.Parameter's kind as an int), or null when it has no signature.
CHILD = (
    WALK
    + r"""
import builtins, inspect
modules.append(("builtins", builtins))
found = {}
def signature(dotted, value):
    try:
        sig = inspect.signature(value)
    except BaseException:
        found[dotted] = None
        return
    found[dotted] = [[p.name, int(p.kind)] for p in sig.parameters.values()]
for name, module in modules:
    for attr in dir(module):
        if attr.startswith("_"):
            continue
        try:
            value = getattr(module, attr)
        except BaseException:
            continue
        if not callable(value):
            continue
        if getattr(value, "__module__", None) not in (name, "builtins") and name != "builtins":
            # A callable another module defines is read there (os.path's from posixpath).
            owner = getattr(value, "__module__", None) or ""
            if owner.lstrip("_").split(".")[0] != name.split(".")[0]:
                continue
        signature(name + "." + attr, value)
        if isinstance(value, type):
            for inner, raw in list(vars(value).items()):
                if inner.startswith("_"):
                    continue
                try:
                    method = getattr(value, inner)
                except BaseException:
                    continue
                if callable(method):
                    signature(name + "." + attr + "." + inner, method)
print(json.dumps(found))
"""
)

KEYWORD_KINDS = (1, 3)  # POSITIONAL_OR_KEYWORD, KEYWORD_ONLY
VAR_KEYWORD = 4

Signature = Optional[List[Tuple[str, int]]]


def signatures_of(python: str) -> Tuple[Tuple[int, int], Dict[str, Signature]]:
    """The minor version of ``python`` and the signatures of its standard library's callables."""
    from srcpickle._stdlib_names import STDLIB_MODULE_NAMES

    version = subprocess.run(
        [python, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split(".")
    proc = subprocess.run(
        [python, "-I", "-S", "-c", CHILD, json.dumps(sorted(STDLIB_MODULE_NAMES))],
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
        stdin=subprocess.DEVNULL,
    )
    found = json.loads(proc.stdout.strip().splitlines()[-1])
    return (int(version[0]), int(version[1])), found


def added(pythons: List[str]) -> Tuple[Dict[str, Dict[str, Tuple[int, int]]], Set[str]]:
    """Each callable's keywords new after the oldest of ``pythons``, with the first release that
    accepts each; and the callables that gained a signature, which cannot be told."""
    found = sorted(signatures_of(python) for python in pythons)
    table: Dict[str, Dict[str, Tuple[int, int]]] = {}
    untold: Set[str] = set()
    for index, (version, signatures) in enumerate(found[1:], start=1):
        for dotted, params in signatures.items():
            if params is None:
                continue
            earlier = [older[dotted] for _, older in found[:index] if dotted in older]
            if not earlier or dotted not in found[index - 1][1]:
                continue  # new itself (the names table tells), or missing from the release before
            before = found[index - 1][1][dotted]
            if before is None:
                if any(k in KEYWORD_KINDS for _, k in params):
                    untold.add(dotted)
                continue
            signed = [older for older in earlier if older is not None]
            if any(any(k == VAR_KEYWORD for _, k in older) for older in signed):
                continue
            known = {n for older in signed for n, k in older if k in KEYWORD_KINDS}
            for name, kind in params:
                if kind in KEYWORD_KINDS and name not in known:
                    table.setdefault(dotted, {}).setdefault(name, version)
    # A keyword a later release's signature no longer shows (an enum with members, 3.13: its
    # functional API is gone there) is no keyword that release accepts: out.
    for dotted in list(table):
        for name, release in list(table[dotted].items()):
            for version, signatures in found:
                params = signatures.get(dotted)
                if version > release and params is not None and not _accepts(params, name):
                    del table[dotted][name]
                    break
        if not table[dotted]:
            del table[dotted]
    for dotted, keywords in BY_HAND.items():
        table.setdefault(dotted, {}).update(keywords)
    return table, untold


def _accepts(params: List[Tuple[str, int]], keyword: str) -> bool:
    return any((name == keyword and kind in KEYWORD_KINDS) or kind == VAR_KEYWORD for name, kind in params)


def render(table: Dict[str, Dict[str, Tuple[int, int]]], releases: List[str]) -> str:
    """The text of ``_stdlib_keywords.py``."""
    newest = max(release for keywords in table.values() for release in keywords.values())
    lines = [
        '"""The keyword arguments each CPython release from 3.9 on added to callables of the standard',
        "library (``module.function``, ``module.Class``, ``module.Class.method``, ``builtins.name``),",
        "with that release: a payload that passes one to that callable cannot run on an older Python",
        "(``PythonVersionError`` when it is loaded there, not a ``TypeError`` deep inside a call).",
        "",
        f"Generated by tools/stdlib_keywords.py from CPython {', '.join(releases)} (do not edit by hand).",
        '"""',
        "",
        f"NEWEST = {newest!r}  # the latest release in the table: on it and later, nothing to check",
        "",
        "KEYWORDS = {",
    ]
    for dotted in sorted(table):
        inner = ", ".join(f"{name!r}: {release!r}" for name, release in sorted(table[dotted].items()))
        lines.append(f"    {dotted!r}: {{{inner}}},")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main() -> None:
    pythons = sys.argv[1:]
    if len(pythons) < 2:
        raise SystemExit(__doc__)
    table, untold = added(pythons)
    releases = sorted(
        {".".join(map(str, r)) for keywords in table.values() for r in keywords.values()} | {"3.9"},
        key=lambda v: tuple(map(int, v.split("."))),
    )
    with open(OUTPUT, "w", encoding="utf-8") as handle:
        handle.write(render(table, releases))
    count = sum(len(keywords) for keywords in table.values())
    print(f"{count} keywords of {len(table)} callables written to {OUTPUT}")
    for dotted in sorted(untold):
        print(f"no signature before a release that has one (see BY_HAND): {dotted}", file=sys.stderr)


if __name__ == "__main__":
    main()
