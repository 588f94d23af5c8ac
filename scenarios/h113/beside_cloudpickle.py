"""Odd objects dumped and loaded by srcpickle beside cloudpickle, in one process: which each
carries, which each refuses, and whether srcpickle's refusals are SrcpickleErrors.

    cd /work/wt-h113 && /work/venv-h113/bin/python scenarios/h113/beside_cloudpickle.py
"""

# ruff: noqa
import abc, argparse, array, collections, contextvars, csv, ctypes, dataclasses, datetime, decimal
import enum, fractions, functools, hashlib, inspect, io, ipaddress, itertools, json, logging
import operator, os, pickle, queue, random, re, statistics, string, struct, sys, textwrap
import threading, types, typing, uuid, weakref, zoneinfo

import cloudpickle

import srcpickle


def sentinel_check(a, b):
    return a is b


class S:
    __slots__ = ("x",)


def g():
    yield 1


class C:
    pass


c = C()
objs = {
    "getset": types.FunctionType.__dict__["__code__"],
    "getset_date": datetime.date.year,
    "member_slot": S.x,
    "member_builtin": type.__dict__["__dictoffset__"],
    "dict_keys": {1: 2}.keys(),
    "dict_values": {1: 2}.values(),
    "dict_items": {1: 2}.items(),
    "odict_keys": collections.OrderedDict(a=1).keys(),
    "class_dict": S.__dict__,
    "logger_root": logging.getLogger(),
    "re_match": re.match("a", "a"),
    "typing_callable": typing.Callable[[int], str],
    "typing_literal": typing.Literal["a", 1],
    "sys_flags": sys.flags,
    "os_environ": os.environ,
    "stat_result": os.stat("."),
    "time_struct": __import__("time").localtime(0),
    "stringio": io.StringIO("x"),
    "not_impl_type": type(NotImplemented),
    "builtin_type_method": str.upper,
    "classmethod_descriptor": dict.__dict__["fromkeys"],
    "staticmethod_builtin": str.maketrans,
    "method_of_type": object.__init_subclass__,
    "type_unions": int | str,
    "generic_alias": list[int],
    "empty_cellish": types.MethodType(len, 3),
    "dc_missing": dataclasses.MISSING,
    "param_empty": inspect.Parameter.empty,
    "sig": inspect.signature(sentinel_check),
    "decimal_ctx": decimal.Context(prec=5),
    "fraction": fractions.Fraction(1, 3),
    "uuid": uuid.UUID(int=5),
    "ipnet": ipaddress.ip_network("10.0.0.0/8"),
    "zone": zoneinfo.ZoneInfo("UTC"),
    "tz_utc": datetime.timezone.utc,
    "struct": struct.Struct("<i"),
    "template": string.Template("$a"),
    "wrapper": textwrap.TextWrapper(width=5),
    "argparse": argparse.ArgumentParser(prog="x"),
    "attrgetter_dotted": operator.attrgetter("real.imag"),
    "partial_with_dict": (lambda p: (setattr(p, "tag", 1), p)[1])(functools.partial(max, 1)),
    "enum_auto": enum.auto(),
    "typing_any": typing.Any,
    "json_encoder": json.JSONEncoder(indent=2),
    "json_decoder": json.JSONDecoder(),
    "hash_obj": hashlib.sha256(b"x"),
    "random_sysrandom": random.SystemRandom(),
    "stat_normal": statistics.NormalDist(1, 2),
    "csv_dialect": csv.excel,
    "logging_formatter": logging.Formatter("%(message)s"),
    "logging_handler": logging.StreamHandler(),
    "event": threading.Event(),
    "namedtuple_inst": collections.namedtuple("P", "x y")(1, 2),
    "counter_sub": collections.Counter(a=1),
    "datetime_min": datetime.datetime.min,
    "bytes_io": io.BytesIO(b"ab"),
    "str_method_bound": "abc".upper,
    "int_bound": (5).bit_length,
    "type_bound": int.from_bytes,
    "object_sentinel": object(),
    "ellipsis": ...,
    "builtins_module": __import__("builtins"),
    "memo_frozenset": frozenset({frozenset()}),
    "exception_tb": (lambda: (lambda e: e)(ValueError("x")))(),
}
for name, obj in objs.items():
    try:
        pickle.loads(cloudpickle.dumps(obj))
        cpr = "cloudpickle ok"
    except Exception as e:
        cpr = f"cloudpickle FAIL {type(e).__name__}"
    try:
        r = srcpickle.loads(srcpickle.dumps(obj))
        try:
            eq = r is obj or r == obj
        except Exception:
            eq = "?"
        sr = f"srcpickle ok, same or equal: {eq}"
    except srcpickle.SrcpickleError as e:
        sr = f"srcpickle refused {type(e).__name__}: {str(e)[:120]}"
    except Exception as e:
        sr = f"srcpickle NON-SRCPICKLE {type(e).__module__}.{type(e).__name__}: {str(e)[:200]}"
    print(f"{name}: {cpr} | {sr}")
