"""h78 scenarios: attrs-style exec'd __init__s whose globals hold objects built by calls."""
# fmt: off
import linecache
from fractions import Fraction

_src = "def __init__(self, a, b=3):\n    self.a = a\n    self.b = b\n"
_fname = "<attrs generated init __main__.Gen>"
linecache.cache[_fname] = (len(_src), None, _src.splitlines(True), _fname)
_g = {"x": Fraction(1, 3)}
exec(compile(_src, _fname, "exec"), _g)

class Gen:
    __init__ = _g["__init__"]

_src2 = "def __init__(self, a):\n    self.a = a\n    self.d = DEFAULT\n    self.n = len(str(a))\n"
_fname2 = "<attrs generated init __main__.Gen2>"
linecache.cache[_fname2] = (len(_src2), None, _src2.splitlines(True), _fname2)
_globs2 = {"DEFAULT": Fraction(2, 7)}
_ns2 = {}
exec(compile(_src2, _fname2, "exec"), _globs2, _ns2)

class Gen2:
    pass

Gen2.__init__ = _ns2["__init__"]
# fmt: on

CASES = {
    "attrs_like_global_call": (Gen, ["vars(f(1))", "vars(f(1, 2))"]),
    "attrs_like_ns_global_call": (Gen2, ["vars(f(12))"]),
    "attrs_like_init_only": (Gen2.__init__, ["f.__name__"]),
}
