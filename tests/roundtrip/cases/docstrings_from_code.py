"""Docstrings of every shape in functions of one module, which format 3 writes without the doc its
source gives: a load takes that doc from the compiled code where the code holds the same text
(CPython 3.9-3.12, PyPy 3.9), and parses the source where it may not (a doc 3.13 compiles cleaned
of its indentation, a source the loader re-indents, ``-OO``), issue 9. Each loaded function must
have the doc the original had, wherever it was dumped and loaded."""


def escaped_tab(x):
    """First line\n\tsecond line starts with a tab, which 3.13 expands and removes."""
    return x + 1


def escaped_spaces(x):
    """\x20\x20two spaces first, which 3.13 strips."""
    return x + 2


def continued(x):
    """A line continued \
    inside the docstring."""
    return x + 3


def unicode_doc(x):
    """Café ☕, \u00fcn\N{LATIN SMALL LETTER I WITH DIAERESIS}code: escapes and text."""
    return x + 4


def comment_first(x):
    # a comment above the docstring
    """The docstring after a comment."""
    return x + 5


def quote_in_default(x, sep=","):
    return sep.join([str(x), "no docstring"])


def quote_in_body(x):
    y = "not a docstring"
    return (x, y)


def number_first(x):
    42  # noqa: B018 - a constant statement first: no docstring
    return x + 6


def generator(x):
    """A generator's docstring."""
    yield x
    yield x + 1


async def agen(x):
    """An async generator's docstring."""
    yield x


def run_agen(x):
    import asyncio

    async def collect():
        return [item async for item in agen(x)]

    return asyncio.run(collect())


def raw_doc(x):
    r"""A raw docstring: \d+ and \n stay as written."""
    return x + 7


def single_quotes(x):
    "A docstring in single double-quotes."
    return x + 8


def make_nested(base):
    def nested(x):
        """A nested function's docstring,
        over two lines (its lines are re-indented when loaded)."""
        return base + x

    def continued_nested(x):
        """A nested line continued \
        (its spaces change with the indentation)."""
        return base - x

    return nested, continued_nested


pair = make_nested(10)

FUNCTIONS = [
    escaped_tab,
    escaped_spaces,
    continued,
    unicode_doc,
    comment_first,
    quote_in_default,
    quote_in_body,
    number_first,
    generator,
    run_agen,
    raw_doc,
    single_quotes,
    pair[0],
    pair[1],
]

DUMPERS_VARY = {
    "docstring_shapes": "3.13 compiles escaped_tab's, escaped_spaces' and the nested docstrings "
    "cleaned of their indentation: their live __doc__ is no longer the text the source gives, so "
    "3.13 writes it (a doc field) where 3.9-3.12 leave it out",
}

CASES = {
    "docstring_shapes": (
        FUNCTIONS,
        [
            "[g.__doc__ for g in f]",
            "[f[0](1), f[1](1), f[2](1), f[3](1), f[4](1), f[5](1), f[6](1), f[7](1)]",
            "[list(f[8](1)), f[9](2), f[10](1), f[11](1), f[12](1), f[13](1)]",
        ],
    ),
    "one_with_a_lambda": (
        (continued, lambda x: "a lambda's quote"),
        ["[g.__doc__ for g in f]", "f[1](0)"],
    ),
}
