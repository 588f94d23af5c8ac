"""Library objects whose defining module is private or differs between interpreters go by the
public module that exports them: ``importlib.resources.files`` is ``importlib._common``'s on
Python 3.10 only (a payload from 3.10 named it there, and 3.9 and 3.11+ refused it), and PyPy's
``struct.Struct`` names itself ``builtins.Struct`` (dumps on PyPy raised UnsupportedObjectError).
"""

import importlib.resources
import json
import pathlib
import struct
import zoneinfo
from importlib.resources import as_file, files


def read_text_of(package):
    return files(package).joinpath("__init__.py").is_file()


def packs(values):
    return struct.Struct("<2h").pack(*values)


def with_file(package):
    with as_file(files(package).joinpath("__init__.py")) as path:
        return path.name


CASES = {
    "resources_functions": (
        (importlib.resources.files, importlib.resources.as_file),
        [
            "f[0] is __import__('importlib.resources').resources.files",
            "f[1] is __import__('importlib.resources').resources.as_file",
        ],
    ),
    "resources_reader": (read_text_of, ["f('json')"]),
    "resources_as_file": (with_file, ["f('json')"]),
    "struct_objects": (
        (struct.Struct, struct.Struct.pack, struct.error, struct.pack),
        [
            "f[0] is __import__('struct').Struct",
            "f[0]('<h').pack(7)",
            "f[1](f[0]('<h'), 5)",
            "f[2] is __import__('struct').error",
            "f[3]('<h', 3)",
        ],
    ),
    "struct_in_a_function": (packs, ["f((1, -2))"]),
    "moved_classes": (
        (pathlib.Path, pathlib.PurePosixPath, zoneinfo.ZoneInfo, json.JSONDecodeError),
        [
            "f[0] is __import__('pathlib').Path",
            "f[1]('a', 'b').as_posix()",
            "f[2] is __import__('zoneinfo').ZoneInfo",
            "f[3] is __import__('json').JSONDecodeError",
        ],
    ),
}
