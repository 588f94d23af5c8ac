"""Methods made by exec (as attrs and dataclasses make them) and taken into a class from the dict
they were made in, beside objects built by calls: the class statement reads that dict while the
payload is built. A globals dict exec filled in holds the builtins of the loading Python."""

import linecache
from fractions import Fraction


def _generate(src, name, globs, into=None):
    # attrs' way: a made-up file name with the source in linecache, so the source can be found.
    filename = f"<generated {name}>"
    linecache.cache[filename] = (len(src), None, src.splitlines(True), filename)
    exec(compile(src, filename, "exec"), globs, into)
    return into if into is not None else globs


# The dict the method was exec'd in holds an object built by a call.
_g = {"x": Fraction(1, 3)}
_generate("def __init__(self, a, b=3):\n    self.a = a\n    self.b = b\n", "Gen.__init__", _g)


class Gen:
    __init__ = _g["__init__"]


# The class body reads the object built by a call from that dict, too.
_g2 = {"third": Fraction(1, 3)}
_generate("def __init__(self, a):\n    self.a = a * 3\n", "Scaled.__init__", _g2)


class Scaled:
    __init__ = _g2["__init__"]
    unit = _g2["third"]

    def scaled(self):
        return self.a * self.unit


# Globals and locals apart, the method reading a global made by a call (attrs' NOTHING sentinel).
class _Nothing:
    def __repr__(self):
        return "NOTHING"


_globs = {"NOTHING": _Nothing(), "_setattr": object.__setattr__}
_ns = _generate(
    "def __init__(self, a=NOTHING):\n    _setattr(self, 'a', 0 if a is NOTHING else a)\n",
    "Frozen.__init__",
    _globs,
    {},
)


class Frozen:
    __init__ = _ns["__init__"]

    def __setattr__(self, name, value):
        raise AttributeError(f"{name} is frozen")


# The dict is a section of its own (two globals name it), read by the class body.
_shared = {"half": Fraction(1, 2)}
_generate("def __init__(self, a):\n    self.a = a\n", "Twice.__init__", _shared)
SHARED_ALIAS = _shared


class Twice:
    __init__ = _shared["__init__"]
    half = SHARED_ALIAS["half"]


# A list of a call's result and a function, read by a class body.
def _helper(self):
    return "helped"


_parts = [Fraction(2, 5), _helper]


class FromList:
    ratio = _parts[0]
    helper = _parts[1]


# A globals dict exec filled in: its "__builtins__" is the loading Python's builtins.
_exec_globals = {"limit": 4}
_generate("def below(v):\n    return min(v, limit)\n", "below", _exec_globals)

CASES = {
    "init_from_exec_dict_with_call": (Gen, ["vars(f(1))", "vars(f(1, 2))", "f.__init__.__name__"]),
    "class_body_reads_call_result": (Scaled, ["f(2).scaled()", "f.unit", "vars(f(5))"]),
    "init_reads_call_made_global": (Frozen, ["f().a", "f(7).a", "raises(setattr, f(), 'a', 1)"]),
    "dict_section_with_call": (Twice, ["f(3).a", "f.half", "f.__init__.__name__"]),
    "list_with_call_and_function": (FromList, ["f.ratio", "f().helper()"]),
    "exec_globals_dict": (
        _exec_globals,
        [
            "sorted(f)",
            "getattr(f['__builtins__'], '__dict__', f['__builtins__'])['len'] is len",
            "f['below'](9)",
            "exec('r = len(sorted([3, 1]))', f) or f['r']",
        ],
    ),
    "exec_dict_of_a_class": (
        _g,
        [
            "sorted(f)",
            "getattr(f['__builtins__'], '__dict__', f['__builtins__'])['len'] is len",
            "f['x']",
            "f['__init__'].__name__",
        ],
    ),
}
