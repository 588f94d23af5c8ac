# ruff: noqa
import inspect as _inspect


def boom(x):
    y = x + 1
    raise ValueError(y)


pair = (lambda: 1 / 0, lambda: [][1])


class Widget:
    def method(self):
        return self.missing

    @staticmethod
    def static(x):
        return {}[x]

    @property
    def prop(self):
        raise KeyError("prop")


def gen_fail():
    yield 1
    raise RuntimeError("in gen")


def nested_fail():
    def inner():
        return undefined_name  # noqa: F821

    return inner


def calls_other():
    return boom(1)


def source_of(obj):
    return _inspect.getsource(obj)


def tb_lines(fn):
    import traceback

    try:
        fn()
    except Exception as exc:  # noqa: BLE001
        return [(fr.name, fr.line) for fr in traceback.extract_tb(exc.__traceback__)[1:]]


CASES = {
    "boom": (boom, ["failing_line(f, 1)", "inspect.getsource(f)"]),
    "lambda_pair": (pair, ["failing_line(f[0])", "failing_line(f[1])", "inspect.getsource(f[1])"]),
    "widget": (
        Widget,
        [
            "failing_line(f().method)",
            "failing_line(f.static, 3)",
            "failing_line(lambda: f().prop)[1:]",
            "inspect.getsource(f.method)",
        ],
    ),
    "gen_fail": (gen_fail, ["failing_line(lambda: list(f()))[1:]"]),
    "nested_fail": (nested_fail(), ["failing_line(f)"]),
    "calls_other": ([calls_other, tb_lines], ["f[1](f[0])"]),
}
