"""h72 scenarios: functions whose code object came from elsewhere."""
# fmt: off
import types

lam = lambda x: x * 2.0  # noqa: E731
named_from_lambda = types.FunctionType(lam.__code__, globals(), "named")


def host(x):
    return x


host.__code__ = (lambda x: -x).__code__


def outer():
    def inner(v):
        return v + 0.5
    return inner


inner_code_fn = types.FunctionType(outer().__code__, globals(), "top")


def def_twin_a():
    return 0.0


def def_twin_b():
    return -0.0


def_twin_b.__code__ = def_twin_b.__code__.replace(co_firstlineno=def_twin_a.__code__.co_firstlineno, co_name="def_twin_a")

a1, a2 = (lambda: 0.0), (lambda: -0.0)
moved_lambda = types.FunctionType(a2.__code__.replace(co_firstlineno=a2.__code__.co_firstlineno), globals())
# fmt: on

CASES = {
    "function_type_of_lambda_code": (named_from_lambda, ["f(2)", "f.__name__", "f.__qualname__"]),
    "code_replaced_by_lambda": (host, ["f(2)", "f.__name__"]),
    "function_type_of_nested_code": (inner_code_fn, ["f(1)", "f.__name__"]),
    "def_renamed_to_twin": (def_twin_b, ["math.copysign(1.0, f())"]),
    "function_type_lambda_twin": (moved_lambda, ["math.copysign(1.0, f())"]),
}
