"""``srcpickle show FILE``: print a payload readably, executing nothing.

``--textconv`` is the mode git runs as a diff driver's ``textconv``: no file name (git passes a
temporary file), no colour, no cut values and sources without line-number gutters, so that a
change shows up as the lines that changed and a function moved in its file as one line. Its
headings (``function QUALNAME``, ``class QUALNAME``, ``imports``) are what ``XFUNCNAME``
matches, to name the function in git's hunk headers.
"""

from __future__ import annotations

import argparse
import ast
import sys
from typing import Any, Callable, Dict, Iterator, List, Optional, Sequence, Tuple

from .. import inspect as inspect_payload
from .._model import (
    SCALAR_TYPES,
    ClassNode,
    DictValue,
    FunctionNode,
    GuardNode,
    NamespaceNode,
    Payload,
    ReduceNode,
    Ref,
    TupleValue,
    Value,
    ValueNode,
    node_kind,
)
from ..errors import PayloadFormatError
from ._common import (
    EXIT_OK,
    Describer,
    Style,
    add_key_option,
    cell_users,
    clip,
    display_path,
    distribution_text,
    import_text,
    indent_rest,
    parse_data,
    plural,
    read_data,
    read_keys,
    signature_line,
    signature_verdict,
    source_lines,
    used_globals,
)

# The regex for ``git config diff.srcpickle.xfuncname``: the heading lines of ``--textconv``.
XFUNCNAME = "^((function|class) .*|imports|shared values and objects)$"
# A cell shared by many functions names this many of them beside each (the rest are counted),
# so that the listing stays linear in the payload's size.
SHOW_SHARERS = 5


def register(commands: Any, parents: Sequence[argparse.ArgumentParser]) -> None:
    """Add the ``show`` subcommand to ``commands``."""
    show = commands.add_parser(
        "show",
        parents=parents,
        help="print a payload readably, executing nothing",
        description="Print a payload readably without executing anything: its header, each "
        "function's signature, source, globals, closure and defaults, and its imports with their "
        "distributions and versions.",
        epilog="Exit code 0, or 2 when FILE cannot be read or is not a payload.",
    )
    show.add_argument("file", metavar="FILE", help="payload file ('-' reads standard input)")
    show.add_argument(
        "--textconv",
        action="store_true",
        help="git's textconv mode: no file name, no colour, nothing cut, sources without line "
        "numbers; a file that is not a payload is printed as it is (see README, 'Code review in git')",
    )
    add_key_option(
        show, required=False, repeat=True, help="check the signature with the key in this file (repeatable)"
    )
    show.set_defaults(handler=run)


def run(args: argparse.Namespace, style: Style) -> int:
    """Print the payload of ``args.file``."""
    if args.textconv:
        return _textconv(args.file)
    keys = read_keys(args.key_files)
    data = read_data(args.file)
    payload = parse_data(args.file, data)
    signature = signature_verdict(args.file, data, keys)
    for line in _show_lines(payload, display_path(args.file), style, signature):
        print(line)
    return EXIT_OK


def _textconv(path: str) -> int:
    data = read_data(path)
    try:
        payload = inspect_payload(data)
    except PayloadFormatError as exc:
        # A broken commit must not stop ``git log -p``: its text, as it is, after the reason.
        print(f"(not a readable srcpickle payload: {exc}; its text as it is)")
        sys.stdout.write(data.decode("utf-8", "replace"))
        return EXIT_OK
    for line in _show_lines(payload, "", Style(False), textconv=True):
        print(line)
    return EXIT_OK


def _stub_text(payload: Payload, describe: Describer, stub: Value) -> str:
    # A stub by its signature (the stubs of one function share its name) and its section.
    node = payload.nodes.get(stub.id) if isinstance(stub, Ref) else None
    if isinstance(node, FunctionNode) and isinstance(stub, Ref):
        return f"{signature_line(node)}  @{stub.id}"
    return describe.value(stub)


def _guard_texts(payload: Payload, describe: Describer) -> Iterator[str]:
    for guard in payload.nodes.values():
        if not isinstance(guard, GuardNode):
            continue
        namespace = payload.nodes.get(guard.namespace)
        module = namespace.module if isinstance(namespace, NamespaceNode) else f"@{guard.namespace}"
        tries = " and ".join(describe.value(tried) for tried in guard.tries)
        instead = [f"{name} = {describe.value(value)}" for name, value in guard.fallbacks]
        instead += [f"{name} unbound" for name in guard.unbound]
        yield (
            f"guarded in module {module}: where {tries} is missing, "
            f"{', '.join(instead) or 'nothing is bound instead'}"
        )


def _show_lines(
    payload: Payload,
    title: str,
    style: Style,
    signature: Tuple[Optional[bool], str] = (None, "unsigned"),
    textconv: bool = False,
) -> Iterator[str]:
    describe = Describer(payload)
    label_width = 11
    cut: Callable[[str], str] = (lambda text: text) if textconv else clip

    def field(label: str, text: str) -> str:
        return f"  {style.paint(label.ljust(label_width), 'dim')} {text}"

    def block(label: str, items: Sequence[str]) -> Iterator[str]:
        for index, item in enumerate(items):
            yield field(label if index == 0 else "", item)

    if not textconv:
        yield style.paint(title, "bold")
    yield field("format", f"srcpickle-payload {payload.format_version}")
    holds, verdict = signature
    colour = ("yellow",) if holds is None else ("green",) if holds else ("red", "bold")
    text = verdict if holds is not False else f"does NOT hold: {verdict}"
    yield field("signature", style.paint(indent_rest(text, 14), *colour))
    yield field("written by", payload.written_by or "(not recorded)")
    yield field("needs", "Python {}.{} or newer".format(*payload.requires_python))
    yield field("root", cut(describe.value(payload.root)))
    cells = cell_users(payload)
    global_index: Dict[str, Dict[str, int]] = {}
    for node_id, node in payload.code_nodes():
        source, first_line = source_lines(node)
        qualname = node.qualname
        yield ""
        heading = f"{node_kind(node)} {style.paint(qualname, 'bold', 'cyan')}"
        yield heading + (style.paint(f"  @{node_id}", "dim") if node_id != qualname else "")
        if isinstance(node, FunctionNode):
            yield field("signature", style.paint(signature_line(node), "cyan"))
            differences = header_differences(node, payload.nodes)
            if differences:
                text = "; ".join(differences) + " (it loads with the live values)"
                yield field("header", style.paint(f"not the live one: {cut(text)}", "yellow"))
        where = f"module {node.module or '?'}"
        if node.in_class:
            # Format 2: a method or nested class, written inside its class's source.
            where += f", line {node.line} of class @{node.in_class}'s source"
        elif node.file:
            where += f", {node.file} line {first_line}"
        yield field("defined in", where)
        if isinstance(node, ClassNode) and node.made_by is not None:
            yield field("made by", cut(describe.value(node.made_by)))
        if node.future:
            yield field("future", ", ".join(node.future))
        used, exact = used_globals(payload, node, global_index)
        lines = [f"{name} = {cut(describe.value(value))}" for name, value in used]
        if not exact:
            lines.append(style.paint("(its source does not compile here: every global of its module)", "dim"))
        yield from block("globals", lines)
        closure = []
        for name, cell in node.closure:
            text = f"{name} = {cut(describe.cell_contents(cell, node_id))}"
            users = cells.get(cell.id, []) if isinstance(cell, Ref) else []
            others = [user for user in users[: SHOW_SHARERS + 1] if user != qualname][:SHOW_SHARERS]
            if others:
                more = len(users) - 1 - len(others)
                names = ", ".join(others) + (f" and {plural(more, 'other')}" if more > 0 else "")
                text += style.paint(f"  (cell shared with {names})", "yellow")
            closure.append(text)
        yield from block("closure", closure)
        if isinstance(node, FunctionNode):
            if node.defaults is not None:
                yield field("defaults", cut(describe.value(node.defaults)))
            if node.kwdefaults is not None:
                yield field("kwdefaults", cut(describe.value(node.kwdefaults)))
        yield from block("attributes", [f"{n} = {cut(describe.value(v))}" for n, v in node.attributes])
        if isinstance(node, ClassNode) and node.registered_with:
            yield field("registered", ", ".join(describe.value(v) for v in node.registered_with))
        if isinstance(node, ClassNode) and node.registry:
            yield field("registry", ", ".join(describe.value(v) for v in node.registry))
        if isinstance(node, FunctionNode) and node.overloads:
            yield from block("overloads", [_stub_text(payload, describe, stub) for stub in node.overloads])
        if isinstance(node, FunctionNode) and node.doc is not None:
            yield field("doc", cut(describe.value(node.doc)))
        if not source:
            continue
        kind = node.kind if isinstance(node, FunctionNode) else "class"
        yield field("source", f"{kind}, {plural(len(source), 'line')}")
        if textconv:
            yield from (f"    {text}" if text else "" for text in source)
            continue
        number_width = len(str(first_line + len(source) - 1))
        for offset, text in enumerate(source):
            number = style.paint(str(first_line + offset).rjust(number_width), "dim")
            yield f"    {number} |" + (f" {text}" if text else "")
    imports = list(payload.imports())
    if imports:
        yield ""
        yield style.paint("imports", "bold")
        texts = [import_text(imported) for _, imported in imports]
        width = max(len(text) for text in texts)
        for text, (_, imported) in zip(texts, imports):
            yield f"  {text.ljust(width)}  {style.paint(distribution_text(imported.distribution), 'dim')}"
        # Under "imports" (a heading git's xfuncname already knows): what a guard changes where
        # the import it guards cannot be made.
        yield from (f"  {cut(text)}" for text in _guard_texts(payload, describe))
    extra = [(i, n) for i, n in payload.nodes.items() if isinstance(n, (ValueNode, ReduceNode))]
    if extra:
        yield ""
        yield style.paint("shared values and objects", "bold")
        for other_id, other in extra:
            # Shallow: each section is described once here, its references to others by @id.
            if isinstance(other, ValueNode):
                yield f"  @{other_id} = {cut(describe.shallow(other.value))}"
                continue
            args = other.args.items if isinstance(other.args, TupleValue) else (other.args,)
            call = ", ".join(describe.shallow(arg) for arg in args)
            yield f"  @{other_id} = {cut(describe.shallow(other.callable))}({cut(call)})"
            for key in ("kwargs", "state", "listitems", "dictitems"):
                item = getattr(other, key)
                if item is not None:
                    yield f"      {key}: {cut(describe.shallow(item))}"


def header_differences(node: FunctionNode, nodes: Dict[str, Any]) -> List[str]:
    """What the header of ``node``'s stored source says that the live function it was dumped
    from did not: literal defaults other than the recorded ones, and annotations the capture
    found other than their text (recorded as its ``__annotations__`` attribute); ``nodes``: the
    payload's sections.

    A header edited in the file after import, or defaults and annotations set at run time,
    still verify (none of them are in the function's code) and the payload records the live
    values, which the loaded function gets: this tells a reviewer that the text is not what
    runs. Parses the source; evaluates nothing but literals.
    """
    try:
        tree = ast.parse(node.source, mode="eval" if node.kind == "lambda" else "exec")
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return []
    fn: Any = tree.body if isinstance(tree, ast.Expression) else (tree.body or [None])[0]  # type: ignore[attr-defined]
    if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
        return []
    found: List[str] = []
    args = fn.args
    positional = [*args.posonlyargs, *args.args]
    live = node.defaults.items if isinstance(node.defaults, TupleValue) else ()
    if len(args.defaults) != len(live):
        found.append(f"{plural(len(args.defaults), 'default')} in the source, {len(live)} live")
    else:
        named = positional[len(positional) - len(live) :]
        for arg, expression, value in zip(named, args.defaults, live):
            if _differs(expression, value):
                found.append(_difference(node.source, arg.arg, expression, value))
    live_kw = dict(node.kwdefaults.items) if isinstance(node.kwdefaults, DictValue) else {}
    for arg, default in zip(args.kwonlyargs, args.kw_defaults):
        if default is None:
            if arg.arg in live_kw:
                found.append(f"{arg.arg} has no default in the source, {live_kw[arg.arg]!r} live")
        elif arg.arg not in live_kw:
            found.append(f"{arg.arg} has a default in the source, none live")
        elif _differs(default, live_kw[arg.arg]):
            found.append(_difference(node.source, arg.arg, default, live_kw[arg.arg]))
    live_annotations = dict(node.attributes).get("__annotations__")
    if isinstance(live_annotations, Ref):
        held = nodes.get(live_annotations.id)
        live_annotations = held.value if isinstance(held, ValueNode) else None
    if isinstance(live_annotations, DictValue):
        found.extend(_annotation_differences(fn, live_annotations, nodes))
    return found


def _annotation_differences(fn: Any, live: DictValue, nodes: Dict[str, Any]) -> List[str]:
    # Annotations recorded live (functools.wraps copied them, code set them, or they read a local
    # of an enclosing scope) against those the source writes: by name, and for a name or dotted
    # name in the source against a class or by-reference object of another name live.
    args = fn.args
    written: Dict[str, Optional[ast.expr]] = {}
    for arg in [*args.posonlyargs, *args.args, args.vararg, *args.kwonlyargs, args.kwarg]:
        if arg is not None and arg.annotation is not None:
            written[arg.arg] = arg.annotation
    if getattr(fn, "returns", None) is not None:
        written["return"] = fn.returns
    live_names = [key for key, _ in live.items if isinstance(key, str)]
    if sorted(written) != sorted(live_names):
        return [
            f"annotations of {', '.join(sorted(written)) or 'nothing'} in the source, of "
            f"{', '.join(sorted(live_names)) or 'nothing'} live"
        ]
    found = []
    for key, value in live.items:
        expression = written.get(key) if isinstance(key, str) else None
        last = _last_name(expression)
        if last is None:
            continue
        if isinstance(value, Ref):
            qualname = getattr(nodes.get(value.id), "qualname", None)
            if isinstance(qualname, str) and qualname.rsplit(".", 1)[-1] != last:
                found.append(f"{key!s}: {last} in the source, {qualname} live")
    return found


def _last_name(expression: Optional[ast.expr]) -> Optional[str]:
    if isinstance(expression, ast.Name):
        return expression.id
    if isinstance(expression, ast.Attribute):
        return expression.attr
    return None


def _differs(expression: ast.expr, value: Value) -> bool:
    # Only a literal in the source is compared: any other expression's value is not known here.
    try:
        literal = ast.literal_eval(expression)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return False
    if type(value) in SCALAR_TYPES:
        # (repr: -0.0 is not 0.0, True is not 1)
        return type(literal) is not type(value) or repr(literal) != repr(value)
    return type(literal) in SCALAR_TYPES  # a literal in the source, an object live


def _difference(source: str, name: str, expression: ast.expr, value: Value) -> str:
    text = ast.get_source_segment(source, expression) or "?"
    live = repr(value) if type(value) in SCALAR_TYPES else "another object"
    return f"{name}={text} in the source, {live} live"
