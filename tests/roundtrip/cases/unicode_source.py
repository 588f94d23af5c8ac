"""Non-ASCII identifiers and strings, and characters a line-based reader could trip on."""

ÜBERSCHRIFT = "Überschrift ✓"
ÜBERSETZUNG = {"grün": "green", "日本": "Japan"}


def größe_von(wort):
    return len(wort)


def grüße(名前="Wörld", *, ausrufe=1):
    """Grüße ✓"""
    größe = größe_von(名前)
    return f"{ÜBERSCHRIFT}: Grüße, {名前}{'!' * ausrufe} ({größe})", ÜBERSETZUNG["grün"]


def awkward_literals(fail=False):
    # Characters a line-based reader could trip on, written literally in the source:
    # a line separator, a paragraph separator, a form feed and a vertical tab inside strings.
    values = ["a b", "c d", "ef", "gh", "tab\there"]
    if fail:
        raise ValueError("raised below the awkward line")
    return values


CASES = {
    "non_ascii": (
        grüße,
        [
            "f()",
            "f('Zoë', ausrufe=3)",
            "f.__name__",
            "f.__doc__",
            "str(inspect.signature(f))",
            "f.__code__.co_varnames",
        ],
    ),
    "awkward_literals": (
        awkward_literals,
        ["f()", "[len(s) for s in f()]", "failing_line(f, True)", "inspect.getsource(f)"],
    ),
}
