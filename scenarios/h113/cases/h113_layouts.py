# ruff: noqa
"""Source layouts the suite lacks: BOM, CR-only line ends, latin-1 with non-ASCII before lambdas
on a line, lambdas in defaults / decorator args / class bodies, multi-line decorator calls."""

import atexit
import os
import shutil
import sys
import tempfile

_DIR = tempfile.mkdtemp(prefix="h113-layouts-")
atexit.register(shutil.rmtree, _DIR, True)


def _write(name, data):
    with open(os.path.join(_DIR, name), "wb") as handle:
        handle.write(data)


_write(
    "lay_bom.py",
    b"\xef\xbb\xbfK = 2\n\n\ndef bom(x):\n    '''doc \xc3\xa9'''\n    return x * K, '\xc3\xa9'\n",
)
_write(
    "lay_bom_cookie.py",
    b"\xef\xbb\xbf# -*- coding: utf-8 -*-\ndef bom_cookie():\n    return 'ok'\n",
)
_write(
    "lay_cr.py",
    b"K = 5\r\r\rdef cr_only(x):\r    '''doc\r    more'''\r    return x + K\r\rsq = lambda v: v * v\r",
)
_write(
    "lay_crlf_str.py",
    b'def crlf_string():\r\n    return """a\r\nb\r\n"""\r\n\r\nlam = (lambda: 1, lambda: 2)\r\n',
)
_write(
    "lay_latin1_lambdas.py",
    "# -*- coding: latin-1 -*-\npair = ('\xe9\xe9\xe9', lambda: '\xe0', lambda x=1: x)\n"
    "def \xe9t\xe9(a='\xe7a'): return a + '\xe9'\n".encode("latin-1"),
)
_write(
    "lay_utf8_lambdas.py",
    "pair = ('\u65e5\u672c\u8a9e', lambda: '\u00e0', lambda x=1: x)\n"
    "twins = (lambda a=1: a, lambda a=2: a)\n"
    "same = [lambda a=1: a, lambda a=1: a + 0]\n".encode("utf-8"),
)
_write(
    "lay_lambdas.py",
    b"import functools\n"
    b"def deco(key=lambda v: v, *more):\n"
    b"    def wrap(fn):\n"
    b"        fn.key = key\n"
    b"        return fn\n"
    b"    return wrap\n"
    b"\n"
    b"@deco(\n"
    b"    key=lambda v: -v,\n"
    b")\n"
    b"def sorted_desc(xs, key=lambda v: v * 2):\n"
    b"    return sorted(xs, key=sorted_desc.key), [key(x) for x in xs]\n"
    b"\n"
    b"@deco(lambda v: v,\n"
    b"      lambda w: w)\n"
    b"def \\\n"
    b"   spanning(a,\n"
    b"            b=(lambda: 3)()):\n"
    b"    return a + b\n"
    b"\n"
    b"class K:\n"
    b"    conv = staticmethod(lambda s: s.upper())\n"
    b"    table = {'a': lambda: 'A', 'b': lambda: 'B'}\n"
    b"    def use(self):\n"
    b"        return self.conv('x'), self.table['b']()\n"
    b"\n"
    b"@functools.lru_cache(\n"
    b"    maxsize=None\n"
    b")\n"
    b"def multi_line_cached(n):\n"
    b"    return n + 1\n",
)
sys.path.insert(0, _DIR)

import lay_bom  # noqa: E402
import lay_bom_cookie  # noqa: E402
import lay_cr  # noqa: E402
import lay_crlf_str  # noqa: E402
import lay_lambdas  # noqa: E402
import lay_latin1_lambdas  # noqa: E402
import lay_utf8_lambdas  # noqa: E402

CASES = {
    "bom": (lay_bom.bom, ["f(3)", "f.__doc__", "failing_line(f, None)"]),
    "bom_cookie": (lay_bom_cookie.bom_cookie, ["f()"]),
    "cr_only": (lay_cr.cr_only, ["f(1)", "f.__doc__", "failing_line(f, None)"]),
    "cr_only_lambda": (lay_cr.sq, ["f(4)"]),
    "crlf_string": (lay_crlf_str.crlf_string, ["f()"]),
    "crlf_two_lambdas": (list(lay_crlf_str.lam), ["[g() for g in f]"]),
    "latin1_lambdas": (lay_latin1_lambdas.pair, ["f[1]()", "f[2]()", "f[2].__defaults__"]),
    "latin1_def": (getattr(lay_latin1_lambdas, "\xe9t\xe9"), ["f()", "f.__name__"]),
    "utf8_lambdas": (lay_utf8_lambdas.pair, ["f[1]()", "f[2]()"]),
    "twins_defaults": (lay_utf8_lambdas.twins, ["[g() for g in f]", "[g.__defaults__ for g in f]"]),
    "same_defaults": (lay_utf8_lambdas.same, ["[g() for g in f]"]),
    "lambda_defaults_deco_args": (
        lay_lambdas.sorted_desc,
        ["f([3, 1, 2])", "f.key(5)", "f.__defaults__[0](4)", "list(inspect.signature(f).parameters)"],
    ),
    "spanning_header": (lay_lambdas.spanning, ["f(1)", "f.__defaults__", "f.key(1)"]),
    "class_body_lambdas": (lay_lambdas.K, ["f().use()", "f.table['a']()"]),
    "multi_line_cached": (lay_lambdas.multi_line_cached, ["f(1)", "f.cache_info().maxsize"]),
}
