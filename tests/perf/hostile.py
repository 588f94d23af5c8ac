"""Generators of large hostile payloads, one per way a payload once tied up a reader (issue 12).

Each ``make_*(n)`` returns payload text whose size grows linearly with ``n`` and which, before
the fixes, cost time or memory growing faster than that in ``inspect``, ``check``, ``show`` or
``diff``. ``tests/test_scaling.py`` measures two sizes of each and compares the ratios.
"""

from __future__ import annotations

from typing import List

HEADER = "srcpickle-payload 1\nwritten-by: 'hostile'\nrequires-python: '3.9'\nroot: {root}\n"


def _function(
    node_id: str, namespace: str = "m", line: int = 1, indent: str = "", body: str = "x"
) -> List[str]:
    lines = [
        "",
        f"[function {node_id}]",
        f"name: '{node_id}'",
        f"qualname: '{node_id}'",
        "module: 'm'",
        f"namespace: @{namespace}",
        "doc: None",
        "kind: 'def'",
        f"line: {line}",
    ]
    if indent:
        lines.append(f"indent: {indent!r}")
    return lines + ["source: 2", f"    def {node_id}():", f"        return {body}"]


def _text(root: str, sections: List[str]) -> str:
    return HEADER.format(root=root) + "\n".join(sections) + "\n\n[end]\n"


def make_many_globals(n: int) -> str:
    """One namespace of ``n`` globals, all read by one function (duplicate checks were quadratic)."""
    body = " + ".join(f"g{i}" for i in range(min(n, 50)))
    sections = _function("f", body=body) + ["", "[namespace m]", "module: 'm'"]
    sections += [f"global g{i} = {i}" for i in range(n)]
    return _text("@f", sections)


def make_many_functions(n: int) -> str:
    """``n`` functions in one namespace of ``n`` globals, sharing one cell (``show`` listed each
    function's globals by scanning the whole namespace, and every sharer of a cell beside each)."""
    sections = ["", "[namespace m]", "module: 'm'"] + [f"global g{i} = {i}" for i in range(n)]
    sections += ["", "[cell c]", "contents: 1"]
    for i in range(n):
        sections += _function(f"f{i}", body=f"g{i} + c")
        sections.insert(-3, "closure c = @c")
    root = "[" + ", ".join(f"@f{i}" for i in range(n)) + "]"
    return _text(root, sections)


def make_reduce_chain(n: int) -> str:
    """``n`` reduce sections, each built from the next (the cycle search restarted at each)."""
    sections = ["", "[ref mk]", "module: 'builtins'", "qualname: 'tuple'", "distribution: 'stdlib'"]
    for i in range(n):
        args = f"(@r{i + 1},)" if i + 1 < n else "()"
        sections += ["", f"[reduce r{i}]", "callable: @mk", f"args: {args}"]
    return _text("@r0", sections)


def make_laughs(n: int) -> str:
    """``n`` list sections, each holding the next twice: 2**n items when expanded."""
    sections = []
    for i in range(n):
        inner = f"[@v{i + 1}, @v{i + 1}]" if i + 1 < n else "['lol']"
        sections += ["", f"[value v{i}]", f"value: {inner}"]
    sections += _function("f", body="v0")
    sections += ["", "[namespace m]", "module: 'm'", "global v0 = @v0"]
    return _text("@f", sections)


def make_value_chain(n: int) -> str:
    """A chain of ``n`` list sections, each holding the next (``show`` recursed along it)."""
    sections = []
    for i in range(n):
        inner = f"[@v{i + 1}]" if i + 1 < n else "[]"
        sections += ["", f"[value v{i}]", f"value: {inner}"]
    sections += ["", "[cell c0]", "contents: @c1", "", "[cell c1]", "contents: @v0"]
    sections += _function("f", body="v0")
    sections.insert(-3, "closure v0 = @c0")
    sections += ["", "[namespace m]", "module: 'm'"]
    return _text("@f", sections)


def make_deep_sources(n: int) -> str:
    """``n`` functions, each at line 10,000 and indented by 200 spaces: what loading and ``check``
    compile grows with both (a line of 1,000,000 in many functions padded gigabytes)."""
    sections = ["", "[namespace m]", "module: 'm'"]
    for i in range(n):
        sections += _function(f"f{i}", line=10_000, indent=" " * 200)
    return _text("[" + ", ".join(f"@f{i}" for i in range(n)) + "]", sections)


def make_getattr_chain(n: int) -> str:
    """``n`` reduce sections, each ``getattr`` of the next (os.path.os.path...): the allow-list
    follows each step of such a chain once, without recursion."""
    sections = ["", "[import os]", "module: 'os'", "distribution: 'stdlib'"]
    sections += ["", "[ref getattr]", "module: 'builtins'", "qualname: 'getattr'", "distribution: 'stdlib'"]
    for i in range(n):
        target = f"@r{i + 1}" if i + 1 < n else "@os"
        name = "path" if (n - i) % 2 else "os"
        sections += ["", f"[reduce r{i}]", "callable: @getattr", f"args: ({target}, {name!r})"]
    return _text("@r0", sections)
