"""Standard-library objects held as values (a default, a dict's value, an except tuple, a
partial) are named by what they say of themselves, which some Pythons spell differently from the
documented name every supported Python has: ``os.path.islink`` says ``genericpath.islink`` on
3.12+, ``re.error`` says ``re.PatternError`` on 3.13, ``enum.EnumMeta`` says ``enum.EnumType``
on 3.11+, ``hashlib.sha3_256`` says
``_hashlib.openssl_sha3_256`` (which PyPy lacks), ``weakref.ref`` says ``builtins.weakref`` on
3.9 and PyPy. Each loaded only where the dumping Python's spelling exists; the documented name
goes now.
"""

import enum
import functools
import hashlib
import hmac
import os.path
import re
import weakref
import xml.etree.ElementTree as ET

PATH_TESTS = {"link": os.path.islink, "exists": os.path.lexists, "norm": os.path.normpath}
ERRORS = (re.error, ValueError)
HASHERS = {"sha3": hashlib.sha3_256, "sha256": hashlib.sha256, "compare": hmac.compare_digest}


def check_path(path, test=os.path.islink):
    return test(path)


def compile_or_none(pattern):
    try:
        return re.compile(pattern).pattern
    except ERRORS:
        return None


def digest(data, name="sha3"):
    return HASHERS[name](data).hexdigest()[:12]


def element(tag, maker=ET.SubElement):
    root = ET.Element("root")
    return ET.tostring(maker(root, tag)).decode()


CASES = {
    "path_functions_in_a_dict": (
        PATH_TESTS,
        ["f['link']('/nonexistent')", "f['exists']('/')", "f['norm']('a//b/../c')"],
    ),
    "path_function_as_a_default": (check_path, ["f('/nonexistent')"]),
    "error_in_an_except_tuple": (compile_or_none, ["f('a+')", "f('(')"]),
    "errors_and_metaclasses": (
        (re.error, enum.EnumMeta),
        ["f[0] is __import__('re').error", "f[1] is type(__import__('enum').Enum)"],
    ),
    "hash_constructors": (digest, ["f(b'abc')", "f(b'abc', 'sha256')"]),
    "weakref_classes": (
        (weakref.ref, weakref.ProxyType),
        ["f[0] is __import__('weakref').ref", "f[1] is __import__('weakref').ProxyType"],
    ),
    "element_maker": (element, ["f('leaf')"]),
    "partial_of_a_moved_function": (functools.partial(os.path.islink), ["f('/nonexistent')"]),
}
