"""h72 scenarios: functions made by factories, by hand, renamed, moved, generated."""
# fmt: off
import collections
import dataclasses
import enum
import functools
import linecache
import types

def factory(n):
    def made(x):
        return x + n
    return made

MADE = [factory(i) for i in range(3)]

def plain(x, y=2):
    """Plain doc."""
    return x * y

by_type = types.FunctionType(plain.__code__, globals(), "by_type", (7,))
by_type_closure = types.FunctionType(MADE[2].__code__, globals(), "bt2", None, MADE[1].__closure__)

def wrapper(*args, **kwargs):
    return ("wrapped", plain(*args, **kwargs))

functools.update_wrapper(wrapper, plain)

def renamed(x):
    return x - 1

renamed.__name__ = "other_name"
renamed.__qualname__ = "Somewhere.other_name"
renamed.__doc__ = "set doc"
renamed.__module__ = "not_a_module"

def moved(x):
    return x * 11

moved.__code__ = moved.__code__.replace(co_firstlineno=1)

def moved_to_twin(x):
    return x * 11

def moved_to_twin(x):  # noqa: F811
    return x * 11
moved_to_twin.__code__ = moved_to_twin.__code__.replace(co_firstlineno=moved_to_twin.__code__.co_firstlineno - 3)

def twin_a(x, y=1):
    return x + y

def twin_b(x, y=2):
    return x + y

twin_b.__code__ = twin_b.__code__.replace(co_firstlineno=twin_a.__code__.co_firstlineno, co_name="twin_a")

def line_mover(fn):
    fn.__code__ = fn.__code__.replace(co_firstlineno=fn.__code__.co_firstlineno + 2)
    return fn

@line_mover
def decorated_moved(x):
    return x * 13

@dataclasses.dataclass
class Point:
    x: int
    y: int = 0

NT = collections.namedtuple("NT", "a b")

class Color(enum.Enum):
    RED = 1
    def describe(self):
        return self.name.lower()

_src = "def __init__(self, a, b=3):\n    self.a = a\n    self.b = b\n"
_fname = "<attrs generated init __main__.Gen>"
linecache.cache[_fname] = (len(_src), None, _src.splitlines(True), _fname)
_g = {}
exec(compile(_src, _fname, "exec"), _g)

class Gen:
    __init__ = _g["__init__"]

def rec(n):
    return 1 if n <= 1 else n * rec(n - 1)

partial_plain = functools.partial(plain, y=5)

class K:
    def meth(self, v):
        return v + 1
    @staticmethod
    def st(v):
        return v + 2
    @classmethod
    def cm(cls, v):
        return (cls.__name__, v)
    @property
    def prop(self):
        return "prop"

bound = K().meth
lam_renamed = lambda q: q * 2  # noqa: E731
lam_renamed.__name__ = "doubler"
lam_renamed.__qualname__ = "doubler"
# fmt: on

CASES = {
    "factory_each": (MADE, ["[g(1) for g in f]", "f[0].__code__ is f[1].__code__"]),
    "factory_one": (MADE[1], ["f(1)", "f.__closure__[0].cell_contents"]),
    "function_type_defaults": (by_type, ["f(1)", "f.__name__", "f.__defaults__"]),
    "function_type_other_closure": (by_type_closure, ["f(1)", "f.__name__"]),
    "update_wrapper": (wrapper, ["f(3)", "f.__name__", "f.__doc__", "f.__wrapped__(3)", "f.__qualname__"]),
    "renamed": (renamed, ["f(3)", "f.__name__", "f.__qualname__", "f.__doc__", "f.__module__"]),
    "co_firstlineno_moved": (moved, ["f(1)"]),
    "co_firstlineno_twin": (moved_to_twin, ["f(1)"]),
    "co_firstlineno_to_other_default": (twin_b, ["f(1)", "f.__defaults__", "f.__name__"]),
    "decorator_moves_line": (decorated_moved, ["f(1)"]),
    "dataclass_init": (Point.__init__, ["f.__name__"]),
    "dataclass_eq": (Point.__eq__, ["f.__name__"]),
    "dataclass_class": (Point, ["f(1, 2)", "f(1) == f(1)"]),
    "namedtuple_new": (NT.__new__, ["f.__name__"]),
    "namedtuple_class": (NT, ["f(1, 2)"]),
    "enum_method": (Color.describe, ["f(Color.RED) if False else f.__name__"]),
    "attrs_like_linecache_init": (Gen, ["vars(f(1))", "vars(f(1, 2))"]),
    "attrs_like_init_alone": (_g["__init__"], ["f.__name__", "str(inspect.signature(f))"]),
    "recursive": (rec, ["f(5)"]),
    "partial": (partial_plain, ["f(2)"]),
    "staticmethod_obj": (K.__dict__["st"], ["f.__func__(1)"]),
    "classmethod_obj": (K.__dict__["cm"], ["f.__func__(K, 1) if False else f.__func__.__name__"]),
    "bound_method": (bound, ["f(1)"]),
    "property_getter": (K.prop.fget, ["f(None)"]),
    "lambda_renamed": (lam_renamed, ["f(2)", "f.__name__", "f.__qualname__"]),
}
