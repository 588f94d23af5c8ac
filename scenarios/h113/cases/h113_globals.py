# ruff: noqa
import collections
import datetime
import decimal
import enum
import functools
import operator
import os
import os.path as osp
import pathlib
import re
from json import dumps as to_json

TOTAL = 0


def add_total(n):
    global TOTAL
    TOTAL += n
    return TOTAL


def read_total():
    return TOTAL


class Color(enum.Enum):
    RED = 1
    GREEN = 2


class Acc:
    def __init__(self):
        self.items = []

    def add(self, x):
        self.items.append(x)
        return len(self.items)


ACC = Acc()
ADD = ACC.add
ADD(1)
PARTIAL = functools.partial(int, base=2)
GETTER = operator.itemgetter(1, 0)
ATTR = operator.attrgetter("real", "imag")
CALLER = operator.methodcaller("split", ",")
PAT = re.compile(r"(\d+)-(\w+)", re.I)
WHEN = datetime.datetime(2024, 2, 29, 12, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=2)))
DAY = datetime.date(2020, 1, 1)
DELTA = datetime.timedelta(days=3, seconds=5)
PRICE = decimal.Decimal("12.340")
WHERE = pathlib.Path("a/b/c.txt")
PUREWIN = pathlib.PureWindowsPath(r"C:\x\y")
FAV = Color.GREEN
CNT = collections.Counter("abracadabra")
DQ = collections.deque([1, 2, 3], maxlen=5)
OD = collections.OrderedDict([("b", 1), ("a", 2)])
DD = collections.defaultdict(list)
DD["k"].append(1)
CM = collections.ChainMap({"a": 1}, {"a": 2, "b": 3})


def use_all():
    return [
        ADD(2),
        ACC.items,
        ADD.__self__ is ACC,
        PARTIAL("101"),
        GETTER("xyz"),
        ATTR(3 + 4j),
        CALLER("a,b"),
        PAT.match("12-ab").groups(),
        PAT.flags & re.I,
        WHEN.isoformat(),
        WHEN + DELTA,
        DAY.weekday(),
        PRICE * 2,
        str(PRICE),
        WHERE.suffix,
        WHERE.parent.name,
        str(PUREWIN.parent),
        FAV is Color.GREEN,
        FAV.name,
        CNT.most_common(2),
        list(DQ),
        DQ.maxlen,
        list(OD),
        DD["new"],
        dict(DD),
        CM["a"],
        CM["b"],
        osp.join("a", "b"),
        os.path.basename("/x/y"),
        to_json({"a": 1}),
    ]


CASES = {
    "global_writers": (
        [add_total, read_total],
        ["f[0](5)", "f[1]()", "f[0](2)", "f[1]()", "f[0].__globals__ is f[1].__globals__"],
    ),
    "library_values": (use_all, ["f()", "f()[0]"]),
}
