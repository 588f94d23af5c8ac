"""Dict views (``d.keys()``, ``d.values()``, ``d.items()``, an ``OrderedDict``'s) held as values:
a view is a live window on its dict, so it loads as a view of the loaded dict itself, the one the
code also reads and writes, never of a copy."""

import collections

SETTINGS = {"debug": False, "level": 1}
NAMES = SETTINGS.keys()
VALUES = SETTINGS.values()
PAIRS = SETTINGS.items()


def set_option(key, value):
    SETTINGS[key] = value
    return sorted(NAMES), len(VALUES), sorted(PAIRS, key=repr)


ORDER = collections.OrderedDict(b=2, a=1)
ORDER_KEYS = ORDER.keys()


def reorder():
    ORDER.move_to_end("b")
    return list(ORDER_KEYS), list(ORDER.values()), isinstance(ORDER_KEYS, collections.abc.KeysView)


class Table(dict):
    pass


TABLE = Table(x=1)
ONLY_VIEW = {"alone": 1}.items()


CASES = {
    "views_share_their_dict": (
        set_option,
        [
            "f('colour', 'red')",
            "f('level', 2)",
        ],
    ),
    "ordered_dict_view": (reorder, ["f()", "f()"]),
    "views_as_values": (
        [TABLE.keys(), TABLE.values(), ONLY_VIEW, TABLE],
        [
            "[type(v).__name__ for v in f[:3]]",
            "[sorted(v) for v in f[:3]]",
            "(f[3].update(y=2), sorted(f[0]), sorted(f[1]))[1:]",
            "type(f[3]).__name__",
        ],
    ),
}
