"""h72 scenarios: lambdas after wide characters, tabs and form feeds on their line."""
# fmt: off
import atexit
import os
import shutil
import sys
import tempfile

_DIR = tempfile.mkdtemp(prefix="srcpickle-h72u-")
atexit.register(shutil.rmtree, _DIR, True)
sys.path.insert(0, _DIR)
with open(os.path.join(_DIR, "h72_wide.py"), "wb") as _h:
    _h.write(
        "S = '😀é日'; a, b = (lambda: S + '1'), (lambda: S + '2')\n"
        "if True:\tc, d = (lambda: '\t' + S), (lambda: S + '\t')\n"
        "\x0ce, f = (lambda: 'ff1'), (lambda: 'ff2')\n"
        "g = {'😀😀': lambda: '😀', 'é': lambda: 'é'}\n"
        "def 日本(x=lambda: '日', y=lambda: '本'):\n"
        "    return x() + y()\n"
        "h = lambda: '''multi\n😀 line''' ; i = lambda: 'after 😀'\n".encode("utf-8")
    )
import h72_wide as w
# fmt: on

CASES = {
    "wide_a": (w.a, ["f()"]),
    "wide_b": (w.b, ["f()"]),
    "tab_c": (w.c, ["f()"]),
    "tab_d": (w.d, ["f()"]),
    "ff_e": (w.e, ["f()"]),
    "ff_f": (w.f, ["f()"]),
    "dict_wide": (w.g["é"], ["f()"]),
    "def_wide": (getattr(w, "日本"), ["f()"]),
    "def_default_lambda": (getattr(w, "日本").__defaults__[1], ["f()"]),
    "after_multiline_string": (w.i, ["f()"]),
    "multiline_string": (w.h, ["f()"]),
}
