"""Standard-library values a user's module holds, no case file held before (round 3, h138): a
precompiled ``struct.Struct`` (refused on CPython, and written by PyPy as a Struct of no format,
before it was written as its constructor call), a ``decimal.Context`` with its own precision and
rounding, a ``uuid.UUID``, an ``ipaddress`` network and address, a ``PurePosixPath``, a
``zoneinfo.ZoneInfo`` in a ``datetime``, ``date`` and ``timedelta`` values in a table."""

import datetime
import decimal
import ipaddress
import pathlib
import struct
import uuid
import zoneinfo

HEADER = struct.Struct("<IH")
RECORD = struct.Struct(b">q2s")


def pack_record(a, b, n):
    data = HEADER.pack(a, b) + RECORD.pack(n, b"ok")
    return [data.hex(), HEADER.size, RECORD.format, HEADER.unpack(data[: HEADER.size])]


MONEY = decimal.Context(prec=6, rounding=decimal.ROUND_HALF_EVEN)


def split_bill(total, people):
    share = MONEY.divide(decimal.Decimal(total), decimal.Decimal(people))
    return [str(share), MONEY.prec]


NAMESPACE = uuid.UUID("6ba7b810-9dad-11d1-80b4-00c04fd430c8")
OFFICE = ipaddress.ip_network("10.20.0.0/16")
GATEWAY = ipaddress.ip_address("10.20.0.1")
DATA_ROOT = pathlib.PurePosixPath("/srv/data")


def identify(name, address):
    return [
        str(uuid.uuid5(NAMESPACE, name)),
        ipaddress.ip_address(address) in OFFICE,
        str(GATEWAY + 1),
        str(DATA_ROOT / name / "index.json"),
    ]


PARIS = zoneinfo.ZoneInfo("Europe/Paris")
HOLIDAYS = {datetime.date(2024, 12, 25): "Christmas", datetime.date(2024, 1, 1): "New Year"}
GRACE = datetime.timedelta(days=2, hours=3)


def local_times(year, month, day):
    moment = datetime.datetime(year, month, day, 12, tzinfo=PARIS)
    return [
        moment.isoformat(),
        moment.tzname(),
        HOLIDAYS.get(moment.date(), "-"),
        (moment + GRACE).isoformat(),
    ]


CASES = {
    "struct_formats": (pack_record, ["f(1, 2, -3)"]),
    "decimal_context": (split_bill, ["f('100', 3)", "f('10', 4)"]),
    "uuid_ip_path": (identify, ["f('svc', '10.20.3.4')", "f('svc', '10.21.0.1')"]),
    "zoneinfo_dates": (local_times, ["f(2024, 12, 25)", "f(2024, 7, 1)"]),
}

# What the library's __reduce__ returns differs between implementations: decimal.Context lists
# its traps in another order on PyPy (_pydecimal).
REDUMP_VARIES = {
    "decimal_context": "decimal.Context's reduce orders its traps otherwise on PyPy",
}

DUMPERS_VARY = {
    "decimal_context": "decimal.Context's reduce orders its traps otherwise on PyPy",
}
