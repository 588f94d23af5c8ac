"""h72 scenarios: defs in odd places and odd files."""
# fmt: off
import atexit
import linecache
import os
import shutil
import sys
import tempfile
import importlib
import py_compile

_DIR = tempfile.mkdtemp(prefix="srcpickle-h72-")
atexit.register(shutil.rmtree, _DIR, True)
sys.path.insert(0, _DIR)


def _write(name, data):
    with open(os.path.join(_DIR, name), "wb") as handle:
        handle.write(data)


_write("h72_semi.py", b"K = 2; sq = lambda x: x * K; cube = lambda x: x * x * K\n")
_write("h72_blocks.py", b"""\
import os
FLAG = True
if FLAG:
    def cond(x):
        return x + 1
else:
    def cond(x):
        return x + 2
try:
    def in_try(x=0.5):
        return x
except Exception:
    pass
finally:
    def in_finally():
        return "fin"
with open(os.devnull) as _h:
    def in_with():
        return "with"
for _i in range(3):
    def in_for(i=_i):
        return i
while True:
    def in_while():
        return "while"
    break
class C:
    if FLAG:
        def m(self):
            return "m1"
    else:
        def m(self):
            return "m2"
""")
_write("h72_bom.py", b"\xef\xbb\xbfK = 'bom'\n\n\ndef bom(x):\n    return (K, x)\n\nlam = lambda: K + '!'\n")
_write("h72_bom_cookie.py", b"\xef\xbb\xbf# -*- coding: utf-8 -*-\nK = '\xc3\xa9'\n\ndef bomc():\n    return K\n")
_write("h72_cr.py", b"K = 3\r\rdef cr(x):\r    return x * K\r\rlam = lambda: 'cr'\r")
_write("h72_latin1_lambdas.py", "# coding: latin-1\nS = '\xe9\xe9'; one, two = (lambda: S + '1'), (lambda: S + '2')\n".encode("latin-1"))
_write("h72_ff.py", b"\x0cdef ff():\n\x0c    return 'ff'\n\n\x0c\nclass FF:\n\x0c    def m(self):\n        return 'ffm'\n")
_write("h72_u2028.py", "S = 'a\u2028b\x0bc\x1cd\x85e'  # \u2028 comment\none = lambda: S\ntwo = lambda: len(S)\n".encode("utf-8"))
_write("h72_pyc_src.py", b"def frompyc(x):\n    return x * 9\n")
py_compile.compile(os.path.join(_DIR, "h72_pyc_src.py"), cfile=os.path.join(_DIR, "h72_pyc.pyc"))
_write("h72_edit.py", b"def edited(x=1):\n    return x + 1\n\n\ndef shifted():\n    return 'shifted'\n\n\ndef same_def_edited_default(x=1):\n    return x\n")
_write("h72_deleted.py", b"def deleted(x):\n    return x - 1\n")

import h72_semi
import h72_blocks
import h72_bom
import h72_bom_cookie
import h72_cr
import h72_latin1_lambdas
import h72_ff
import h72_u2028
import h72_pyc
import h72_edit
import h72_deleted

os.remove(os.path.join(_DIR, "h72_deleted.py"))
_write("h72_edit.py", b"def edited(x=1):\n    return x + 2\n\n\n\ndef shifted():\n    return 'shifted'\n\n\ndef same_def_edited_default(x=2):\n    return x\n")
linecache.checkcache()

# exec with and without linecache entries
_ns = {}
exec(compile("def from_exec(x):\n    return x * 3\n", "<h72-exec>", "exec"), _ns)
_src = "def with_cache(x):\n    return x * 4\n"
_name = "<h72-generated with_cache>"
linecache.cache[_name] = (len(_src), None, _src.splitlines(True), _name)
exec(compile(_src, _name, "exec"), _ns)
# a real file name but another text
exec(compile("def lying(x):\n    return x * 5\n", __file__, "exec"), _ns)

# fmt: on
CASES = {
    "semicolon_lambda": (h72_semi.sq, ["f(3)"]),
    "semicolon_lambda_2": (h72_semi.cube, ["f(3)"]),
    "if_branch": (h72_blocks.cond, ["f(1)"]),
    "in_try": (h72_blocks.in_try, ["f()"]),
    "in_finally": (h72_blocks.in_finally, ["f()"]),
    "in_with": (h72_blocks.in_with, ["f()"]),
    "in_for_last": (h72_blocks.in_for, ["f()"]),
    "in_while": (h72_blocks.in_while, ["f()"]),
    "method_in_if": (h72_blocks.C, ["f().m()"]),
    "bom_def": (h72_bom.bom, ["f(1)"]),
    "bom_lambda": (h72_bom.lam, ["f()"]),
    "bom_cookie": (h72_bom_cookie.bomc, ["f()"]),
    "cr_only_def": (h72_cr.cr, ["f(2)"]),
    "cr_only_lambda": (h72_cr.lam, ["f()"]),
    "latin1_lambda_1": (h72_latin1_lambdas.one, ["f()"]),
    "latin1_lambda_2": (h72_latin1_lambdas.two, ["f()"]),
    "form_feed_def": (h72_ff.ff, ["f()"]),
    "form_feed_class": (h72_ff.FF, ["f().m()"]),
    "odd_separators_1": (h72_u2028.one, ["f()"]),
    "odd_separators_2": (h72_u2028.two, ["f()"]),
    "pyc_only": (h72_pyc.frompyc, ["f(1)"]),
    "edited_body": (h72_edit.edited, ["f()"]),
    "edited_shifted": (h72_edit.shifted, ["f()"]),
    "edited_default_only": (h72_edit.same_def_edited_default, ["f()", "inspect.getsource(f)"]),
    "deleted_file": (h72_deleted.deleted, ["f(1)"]),
    "exec_no_cache": (_ns["from_exec"], ["f(1)"]),
    "exec_with_cache": (_ns["with_cache"], ["f(1)"]),
    "exec_lying_filename": (_ns["lying"], ["f(1)"]),
}
