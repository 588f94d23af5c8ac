"""A source with except* needs Python 3.11: older loaders must say so before anything runs."""

REQUIRES_PYTHON = (3, 11)


def split_errors(n):
    caught = []
    try:
        raise ExceptionGroup("several", [ValueError(n), TypeError(n * 2), ValueError(n * 3)])  # noqa: F821 - 3.11
    except* ValueError as group:
        caught.append(("value", sorted(e.args[0] for e in group.exceptions)))
    except* TypeError as group:
        caught.append(("type", [e.args[0] for e in group.exceptions]))
    return caught


CASES = {
    "except_star": (split_errors, ["f(1)", "f(5)"]),
}
