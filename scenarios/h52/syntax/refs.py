"""Standard library objects held as values (by reference): their module paths move between
versions (pathlib._local in 3.13, importlib.resources._common, _collections_abc, C accelerators)."""
import asyncio, collections, collections.abc, concurrent.futures, dataclasses, datetime, decimal
import email.message, enum, fractions, functools, importlib.resources, inspect, io, itertools
import json, logging, operator, pathlib, re, sqlite3, string, types, typing, unittest, uuid
import zoneinfo, heapq, bisect, random, statistics, shutil, tempfile, textwrap, copy, pickle, csv
import urllib.parse, http, contextlib, weakref, abc, numbers, math, array, struct, base64, hashlib

OBJS = [pathlib.Path, pathlib.PurePosixPath, pathlib.PureWindowsPath, re.Pattern, re.compile,
        json.JSONDecodeError, json.loads, asyncio.Task, asyncio.Queue, asyncio.sleep, asyncio.gather,
        collections.OrderedDict, collections.deque, collections.abc.Mapping, datetime.datetime,
        datetime.timezone.utc, decimal.Decimal, decimal.ROUND_HALF_UP, functools.partial, functools.reduce,
        functools.lru_cache, itertools.chain, typing.List, typing.Optional, typing.Any, operator.add,
        operator.itemgetter, io.StringIO, io.BytesIO, enum.Enum, enum.auto, types.SimpleNamespace,
        concurrent.futures.ThreadPoolExecutor, zoneinfo.ZoneInfo, importlib.resources.files,
        unittest.TestCase, logging.Logger, logging.getLogger, email.message.Message, dataclasses.field,
        dataclasses.dataclass, inspect.Signature, inspect.signature, sqlite3.connect, sqlite3.Row,
        string.Template, uuid.UUID, heapq.heappush, bisect.bisect, random.Random, random.randint,
        statistics.mean, shutil.copy, tempfile.mkdtemp, textwrap.dedent, copy.deepcopy, pickle.dumps,
        csv.reader, urllib.parse.urlparse, http.HTTPStatus, http.HTTPStatus.OK, contextlib.contextmanager,
        contextlib.suppress, weakref.WeakValueDictionary, abc.ABC, numbers.Number, math.inf,
        array.array, struct.Struct, base64.b64encode, hashlib.sha256, typing.NamedTuple, typing.TypedDict,
        types.MappingProxyType, types.FunctionType, enum.IntFlag, datetime.date.fromisoformat, str.join,
        dict.fromkeys, int.from_bytes, object.__init__, operator.attrgetter("a.b"), functools.partial(int, base=2)]


def names():
    out = []
    for o in OBJS:
        n = getattr(o, "__qualname__", None) or getattr(o, "__name__", None) or type(o).__name__
        out.append(str(n))
    return out


ITEMS = {"objs": (OBJS, "[getattr(o, '__qualname__', None) or getattr(o, '__name__', None) or type(o).__name__ for o in f]"),
         "names": (names, "f()")}
