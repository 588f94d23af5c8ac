"""h72 scenarios: characters str.splitlines() splits at and Python does not (\\x0b, \\x0c,
\\x1c-\\x1e, \\x85, \\u2028, \\u2029) in sources whose lines come from a loader (zip import) or
from linecache entries registered from a string."""
# fmt: off
import atexit
import linecache
import os
import shutil
import sys
import tempfile
import zipfile

_DIR = tempfile.mkdtemp(prefix="srcpickle-h72s-")
atexit.register(shutil.rmtree, _DIR, True)
_TEXT = (
    "S = 'a\x0cb\x1cc\u2028d\x85e'  # \x0b comment \u2029\n"
    "def f():\n"
    "    return S + 'f'\n"
    "g = lambda: 'g\x0c'\n"
    "class K:\n"
    "    '''doc\x0c\u2028'''\n"
    "    def m(self):\n"
    "        return 'm'\n"
)
with zipfile.ZipFile(os.path.join(_DIR, "seps.zip"), "w") as archive:
    archive.writestr("h72_seps_zip.py", _TEXT.encode("utf-8"))
with open(os.path.join(_DIR, "h72_seps_file.py"), "wb") as _h:
    _h.write(_TEXT.encode("utf-8"))
sys.path[:0] = [_DIR, os.path.join(_DIR, "seps.zip")]
import h72_seps_zip as z  # noqa: E402
import h72_seps_file as p  # noqa: E402
# fmt: on

CASES = {
    "zip_def": (z.f, ["f()"]),
    "zip_lambda": (z.g, ["f()"]),
    "zip_class": (z.K, ["f().m()", "f.__doc__"]),
    "file_def": (p.f, ["f()"]),
    "file_lambda": (p.g, ["f()"]),
    "file_class": (p.K, ["f().m()", "f.__doc__"]),
}
