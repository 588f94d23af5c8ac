"""Exactness sweep: capture_source of every function of the importable modules (stdlib and site) whose file has
BLOCK_MIN_LINES lines or more, with the block parse on and off; prints how many were checked, served by
_blocks, and differ (source, line, indent, imports, scope, bindings of its names, node with positions,
requirement). Usage: PYTHONPATH=TREE python sweep.py"""
import ast, importlib, sys, types, linecache, pkgutil
from srcpickle import _source, _blocks
names = [m.name for m in pkgutil.iter_modules() if not m.name.startswith("_") and m.name not in ("antigravity","this","idlelib","tkinter","turtle","turtledemo")]
checked = served = differ = 0
bad = []
for name in sorted(names)[:400]:
    try:
        mod = importlib.import_module(name)
    except BaseException:
        continue
    fns = [v for v in list(vars(mod).values()) if isinstance(v, types.FunctionType) and v.__module__ == name]
    for fn in fns:
        code = fn.__code__
        lines = linecache.getlines(code.co_filename)
        if len(lines) < _source.BLOCK_MIN_LINES: continue
        def cap(block):
            _source._SOURCES.clear(); _source._PARSED.clear(); _blocks._OUTLINES.clear(); _blocks._OUTLINE_LINES.clear()
            _source.BLOCK_PARSE = block
            try:
                i = _source.capture_source(fn, None)
            except Exception as e:
                return ("error", type(e).__name__)
            return (i.kind, i.source, i.line, i.indent, i.imported, i.scope, {k: i.bindings.get(k) for k in _source.syntax_of(i.node, i.file_text).names}, ast.dump(i.node, include_attributes=True), _source.syntax_of(i.node, i.file_text).requirement)
        _blocks._OUTLINES.clear(); _blocks._OUTLINE_LINES.clear(); _source._PARSED.clear()
        b = _blocks.block_parsed(code.co_filename, lines, code)
        a = cap(True); w = cap(False)
        checked += 1; served += b is not None
        if a != w:
            differ += 1; bad.append(f"{name}.{fn.__qualname__}")
print("checked", checked, "served", served, "differ", differ, bad[:10])
