"""Values of the standard library's structseq types held as globals: ``os.stat_result``,
``time.struct_time``, ``os.terminal_size``, ``os.times_result``. An ``os.stat_result`` written on
PyPy held its nanoseconds as fields of PyPy's own names (``nsec_atime``): CPython 3.13 refused to
load it ("unexpected field name"), and 3.9-3.12 loaded it without them (``st_mtime_ns`` None).
It is now the call with CPython's names, ``os.stat_result(items, {'st_atime': ...,
'st_atime_ns': ...})``, from every Python. (PyPy keeps its nanoseconds in fields of its own,
which no payload names: ``st_mtime_ns`` of a loaded one raises there.) ``sys.float_info``,
``int_info`` and ``thread_info`` are the loading process's, by reference: PyPy, whose classes
of them name ``__builtin__`` as their module, refused them (no source of class float_info)."""

import os
import sys
import time

# (made as each Python's os.stat makes one: PyPy keeps the part of each time past its second)
_NANOSECONDS = (1700000000500000001, 1700000001250000002, 1700000002750000003)
_FIELDS = {"st_atime": 1700000000.5, "st_mtime": 1700000001.25, "st_ctime": 1700000002.75}
if sys.implementation.name == "pypy":
    _FIELDS.update(zip(("nsec_atime", "nsec_mtime", "nsec_ctime"), (n % 10**9 for n in _NANOSECONDS)))
else:
    _FIELDS.update(zip(("st_atime_ns", "st_mtime_ns", "st_ctime_ns"), _NANOSECONDS))
_FIELDS.update(st_blksize=4096, st_blocks=8, st_rdev=0)
STAT = os.stat_result((0o100644, 1234, 2049, 1, 1000, 1000, 42, 1700000000, 1700000001, 1700000002), _FIELDS)
LIVE = os.stat(os.devnull)
EPOCH = time.gmtime(86400 * 365)
SIZE = os.terminal_size((120, 40))
TIMES = os.times_result((1.5, 0.25, 0.0, 0.0, 100.0))
FLOATS = sys.float_info
INTS = sys.int_info
THREADS = sys.thread_info


def _nanoseconds(stat):
    # Exact on CPython, whichever Python wrote the payload; PyPy's are fields no payload names.
    if sys.implementation.name != "cpython":
        return True
    times = (stat.st_atime_ns, stat.st_mtime_ns, stat.st_ctime_ns)
    return times == _NANOSECONDS if stat is STAT else [n // 10**9 for n in times] == list(stat[7:10])


def stat_fields():
    return (
        tuple(STAT),
        STAT.st_mode,
        STAT.st_size,
        STAT.st_mtime,
        STAT.st_blksize,
        STAT.st_blocks,
        _nanoseconds(STAT),
        type(STAT).__name__,
    )


def live_stat():
    return tuple(LIVE), LIVE.st_mtime, LIVE.st_rdev, _nanoseconds(LIVE)


def other_structseqs():
    return (
        tuple(EPOCH),
        EPOCH.tm_year,
        EPOCH.tm_zone,
        EPOCH.tm_gmtoff,
        time.strftime("%Y-%m-%d", EPOCH),
        SIZE.columns,
        SIZE.lines,
        tuple(TIMES),
        TIMES.user,
    )


def sys_records():
    return (
        FLOATS is sys.float_info,
        INTS is sys.int_info,
        THREADS is sys.thread_info,
        FLOATS.epsilon,
        FLOATS.mant_dig,
        INTS.sizeof_digit > 0,
    )


# (re-dumped on PyPy, a loaded one has no nanoseconds to write: see the docstring)
REDUMP_VARIES = {
    "stat_result": "PyPy takes no nanoseconds by CPython's names: re-dumped there, st_*_ns are gone",
    "stat_of_a_file": "PyPy takes no nanoseconds by CPython's names: re-dumped there, st_*_ns are gone",
}

CASES = {
    "stat_result": (stat_fields, ["f()"]),
    "stat_of_a_file": (live_stat, ["f()"]),
    "other_structseqs": (other_structseqs, ["f()"]),
    "sys_records": (sys_records, ["f()"]),
}
