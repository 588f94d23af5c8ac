"""h72 scenarios: lambdas in odd places."""
# fmt: off
import functools
import asyncio

K = 5

# several on one line, same arity, same body shape, different constants
a1, a2, a3 = (lambda x: x + 1), (lambda x: x + 2), (lambda x: x + 1)
# same body, different arity
b1, b2 = (lambda x: x), (lambda x, y=0: x)
# identical twins; the second one
t1, t2 = (lambda: 1), (lambda: 1)
# twins differing only in default
d1, d2 = (lambda x=1: x), (lambda x=2: x)

def defaults(x, f=lambda v: v + 1, g=lambda v: v + 2):
    return f(x), g(x)

def deco_factory(fn_arg):
    def deco(fn):
        fn.extra = fn_arg
        return fn
    return deco

@deco_factory(lambda v: v * 3)
@deco_factory(lambda v: v * 4)
def decorated(x):
    return x

# lambda as decorator
@(lambda fn: fn)
def by_lambda_deco(x):
    return x + 100

fs = f"{(lambda x: x * 2)(3)}"
LAM_IN_FSTR = [f"{(lambda: 1)()}", (lambda y: y - 1)]

GEN = list(lambda q, i=i: q * i for i in range(3))
NESTED_COMP = [[lambda z, i=i, j=j: (z, i, j) for j in range(2)] for i in range(2)]

class Body:
    items = [lambda s: s + 1, lambda s: s + 2]
    mapping = {"x": lambda: "x", "y": lambda: "y"}

SPAN = {
    "one": lambda v: (
        v + 1),
    "two":
        lambda v: v + 2,
    "three": lambda v:
        v + 3,
}
SET_SPAN = sorted([
    lambda: 3,
], key=id)





cont = lambda x: \
    x * 7
cont2 = \
    lambda x: x * 8

inner_body = lambda x: (lambda y: x + y)(1) + (lambda y: x * y)(2)
outer = lambda x: lambda y: lambda z: (x, y, z)
outer_inner = outer(1)(2)

def annotated(x: (lambda: int)() = 3) -> (lambda: str)():
    return str(x)

def call(*args, **kwargs):
    return kwargs

KW = call(
    1,
    key=lambda v: v - 1,
    other=lambda v: v - 2,
)

WAL = [(g := (lambda v: v + 9))]

def gen_lambdas():
    yield (lambda v: v + 11)
    yield (lambda v: v + 12)

GL = list(gen_lambdas())

async def coro_lambdas():
    await asyncio.sleep(0)
    return [lambda v: v + 13, lambda v: v + 14]

AL = asyncio.run(coro_lambdas())

partial_l = functools.partial(lambda a, b: a - b, 10)

tern = (lambda: "a") if K else (lambda: "b")
tern2 = (lambda: "a") if not K else (lambda: "b")

STARRED = [*map(lambda v: lambda: v, [1, 2])]
# fmt: on

CASES = {
    "one_line_a1": (a1, ["f(1)"]),
    "one_line_a2": (a2, ["f(1)"]),
    "one_line_a3": (a3, ["f(1)"]),
    "arity_b1": (b1, ["f(1)", "str(inspect.signature(f))"]),
    "arity_b2": (b2, ["f(1)", "str(inspect.signature(f))"]),
    "twin_t2": (t2, ["f()"]),
    "defaults_only_d1": (d1, ["f()"]),
    "defaults_only_d2": (d2, ["f()"]),
    "default_arg_lambdas": (defaults, ["f(1)"]),
    "default_arg_lambda_alone": (defaults.__defaults__[1], ["f(1)"]),
    "decorator_arg_outer": (decorated.extra, ["f(2)"]),
    "decorated_fn": (decorated, ["f(2)", "f.extra(2)"]),
    "lambda_decorator": (by_lambda_deco, ["f(1)"]),
    "fstring_neighbour": (LAM_IN_FSTR[1], ["f(5)"]),
    "genexpr_lambda": (GEN[2], ["f(2)"]),
    "nested_comp": (NESTED_COMP[1][0], ["f(0)"]),
    "class_body_list": (Body.items[1], ["f(0)"]),
    "class_body_dict": (Body.mapping["y"], ["f()"]),
    "span_one": (SPAN["one"], ["f(0)"]),
    "span_two": (SPAN["two"], ["f(0)"]),
    "span_three": (SPAN["three"], ["f(0)"]),
    "set_span": (SET_SPAN[0], ["f()"]),
    "backslash_body": (cont, ["f(1)"]),
    "backslash_before": (cont2, ["f(1)"]),
    "lambda_calling_lambdas": (inner_body, ["f(3)"]),
    "lambda_chain_innermost": (outer_inner, ["f(3)"]),
    "annotation_lambdas": (annotated, ["f()", "f.__annotations__"]),
    "call_kw_key": (KW["key"], ["f(1)"]),
    "call_kw_other": (KW["other"], ["f(1)"]),
    "walrus_lambda": (g, ["f(1)"]),
    "yielded_lambda_2": (GL[1], ["f(0)"]),
    "awaited_lambda_2": (AL[1], ["f(0)"]),
    "partial_of_lambda": (partial_l, ["f(3)"]),
    "ternary_a": (tern, ["f()"]),
    "ternary_b": (tern2, ["f()"]),
    "starred_map": (STARRED[1], ["f()"]),
}
