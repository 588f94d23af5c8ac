"""Instances of standard-library classes held as globals, whose state differs between Python
versions or between CPython and PyPy, so that the reduction one wrote did not load on another:
``statistics.NormalDist`` (a ``__dict__`` on 3.9, ``__slots__`` from 3.10), ``json.JSONEncoder``
(PyPy keeps attributes of its own beside the options), ``json.JSONDecoder`` (CPython refused its C
scanner, PyPy dumped its scanner by source), ``logging.Formatter`` and
``pprint.PrettyPrinter`` (attributes 3.10 added: a 3.9 payload failed at the first call on
3.10+), ``codecs.CodecInfo`` (its reduction loaded nowhere), ``random.SystemRandom`` (refused:
it has no state to pickle). Each is written as the call that makes it, with its options; one
holding an attribute of its user's keeps its reduction. Beside them, instances whose reductions
were already the same everywhere: a decimal context, zone-aware datetimes, deques, counters,
defaultdicts, arrays, compiled patterns, flags, ipaddress objects, a seeded ``random.Random``,
a ``TextWrapper``, a calendar, a ``SequenceMatcher``, an email message, an XML element.
``zipfile.ZipInfo`` (3.13 renamed a slot, 3.12 and PyPy added one: the slot state of one failed on
the others) is the call with its name and time, then the fields that differ from what the call
sets. A range's iterator (CPython's state is the index reached, which PyPy's iterator of a range
with a step took for the count left: it loaded empty there; PyPy refused its own) is ``iter()``
of the range still to come, partly consumed or not."""

import array
import codecs
import collections
import datetime
import decimal
import difflib
import email.message
import enum
import ipaddress
import json
import logging
import pprint
import random
import re
import statistics
import string
import textwrap
import time
import zipfile
import zoneinfo

NORMAL = statistics.NormalDist(100, 15)
ENCODER = json.JSONEncoder(indent=2, sort_keys=True)
ENCODER_COMPACT = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False, default=str)
ENCODER_CUSTOM = json.JSONEncoder()
ENCODER_CUSTOM.note = "set by its user"  # (kept: its reduction carries it)
DECODER = json.JSONDecoder(object_hook=lambda d: sorted(d.items()), parse_float=decimal.Decimal)
DECODER_PAIRS = json.JSONDecoder(object_pairs_hook=collections.OrderedDict, strict=False)
DECODER_PLAIN = json.JSONDecoder()
DECODER_PLAIN.note = "set by its user"
FORMATTER = logging.Formatter("%(levelname)s %(name)s: %(message)s", datefmt="%H:%M")
BRACES = logging.Formatter("{levelname}|{message}", style="{")
UTC_TIMES = logging.Formatter("%(asctime)s %(message)s", datefmt="%Y")
UTC_TIMES.converter = time.gmtime  # (a common setting: set after the call)
PRINTER = pprint.PrettyPrinter(width=24, indent=2, compact=True, sort_dicts=False)
UTF8 = codecs.lookup("utf-8")
ROT13 = codecs.lookup("rot13")
SYSTEM = random.SystemRandom()
SEEDED = random.Random(1234)
CONTEXT = decimal.Context(prec=6, rounding=decimal.ROUND_HALF_EVEN, traps=[decimal.DivisionByZero])
PARIS = zoneinfo.ZoneInfo("Europe/Paris")
MEETING = datetime.datetime(2024, 3, 31, 1, 30, tzinfo=PARIS)
RECENT = collections.deque([1, 2, 3], maxlen=3)
COUNTS = collections.Counter("mississippi")
GROUPS = collections.defaultdict(list, {"a": [1]})
SAMPLES = array.array("d", [0.5, 1.5])
WORD = re.compile(r"(?P<word>[a-z]+)-(?P<n>\d+)", re.IGNORECASE)
NETWORK = ipaddress.ip_network("192.168.0.0/22")
WRAPPER = textwrap.TextWrapper(width=12, initial_indent="* ", subsequent_indent="  ")
TEMPLATE = string.Template("$who owes $$$amount")
MATCHER = difflib.SequenceMatcher(None, "kitten", "sitting")
ENTRY = zipfile.ZipInfo("data/report.csv", (2024, 5, 6, 7, 8, 10))
ENTRY.compress_type = zipfile.ZIP_DEFLATED
ENTRY.external_attr = 0o644 << 16
ENTRY.comment = b"nightly"
PLAIN_ENTRY = zipfile.ZipInfo("notes.txt")
STEPS = iter(range(0, 20, 3))
next(STEPS)
DOWN = iter(range(10, 0, -2))
COUNT = iter(range(4))
HUGE = iter(range(1 << 64, (1 << 64) + 5))
next(HUGE)


class Access(enum.Flag):
    READ = 1
    WRITE = 2
    EXEC = 4


READ_WRITE = Access.READ | Access.WRITE


def z_score(x):
    return round(NORMAL.zscore(x), 6), round(NORMAL.cdf(x), 6), NORMAL.mean, NORMAL.stdev


def encoded(data):
    return (
        ENCODER.encode(data),
        ENCODER_COMPACT.encode(data),
        ENCODER_CUSTOM.encode(data),
        ENCODER_CUSTOM.note,
    )


def decoded(text):
    pairs = DECODER_PAIRS.decode(text)
    return (
        DECODER.decode(text),
        type(pairs).__name__,
        list(pairs),
        DECODER_PLAIN.decode(text),
        DECODER_PLAIN.note,
    )


def formatted(message):
    record = logging.makeLogRecord({"levelname": "INFO", "name": "app", "msg": message})
    record.created = 0.0
    return FORMATTER.format(record), BRACES.format(record), FORMATTER.datefmt, UTC_TIMES.format(record)


def printed(data):
    return PRINTER.pformat(data)


def round_trip_text(text):
    raw, consumed = UTF8.encode(text)
    return raw, consumed, UTF8.decode(raw)[0], UTF8.name, ROT13.encode(text)[0], ROT13.name


def token(size):
    return len(SYSTEM.token_bytes(size)) if hasattr(SYSTEM, "token_bytes") else len(SYSTEM.randbytes(size))


def draws():
    return [SEEDED.randint(0, 100) for _ in range(3)]


def divided(a, b):
    try:
        return str(CONTEXT.divide(decimal.Decimal(a), decimal.Decimal(b))), CONTEXT.prec
    except decimal.DivisionByZero:
        return "trapped", bool(CONTEXT.traps[decimal.DivisionByZero]), bool(CONTEXT.traps[decimal.Overflow])


def local_times():
    later = MEETING + datetime.timedelta(hours=1)
    return MEETING.isoformat(), str(MEETING.utcoffset()), later.astimezone(PARIS).isoformat(), str(PARIS)


def containers(item):
    RECENT.append(item)
    GROUPS[item].append(len(GROUPS))
    return list(RECENT), RECENT.maxlen, COUNTS.most_common(2), sorted(GROUPS.items()), SAMPLES.tolist()


def parsed(text):
    found = WORD.search(text)
    return (found.group("word"), int(found.group("n")), WORD.flags & re.IGNORECASE) if found else None


def access():
    return READ_WRITE.value, Access.WRITE in READ_WRITE, Access.EXEC in READ_WRITE


def addresses():
    return (
        str(NETWORK),
        NETWORK.num_addresses,
        str(NETWORK.broadcast_address),
        ipaddress.ip_address("192.168.1.7") in NETWORK,
    )


def text_tools(words):
    return WRAPPER.wrap(words), TEMPLATE.substitute(who="Ann", amount=3), round(MATCHER.ratio(), 6)


MESSAGE = email.message.Message()
MESSAGE["Subject"] = "hello"
MESSAGE.set_payload("body")


def zipped(text):
    import io

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(ENTRY, text)
        archive.writestr(PLAIN_ENTRY, text.upper())
    with zipfile.ZipFile(buffer) as archive:
        listed = [
            (i.filename, i.date_time, i.compress_type, i.external_attr >> 16, i.comment)
            for i in archive.infolist()
        ]
        return listed, archive.read("data/report.csv").decode(), archive.read("notes.txt").decode()


def ranges():
    return list(STEPS), list(DOWN), next(COUNT, None), list(COUNT), list(HUGE)


def message():
    return MESSAGE["Subject"], MESSAGE.get_payload(), MESSAGE.get_content_type()


CASES = {
    "normal_dist": (z_score, ["f(130)"]),
    "json_encoders": (encoded, ["f({'b': [1, 2], 'a': 'é'})"]),
    "json_decoders": (decoded, ['f(\'{"b": 1.10, "a": [NaN]}\')']),
    "logging_formatters": (formatted, ["f('started')"]),
    "pretty_printer": (printed, ["f({'zeta': list(range(6)), 'alpha': 'x' * 10})"]),
    "codec_infos": (round_trip_text, ["f('héllo')"]),
    "system_random": (token, ["f(8)"]),
    "seeded_random": (draws, ["f()"]),
    "decimal_context": (divided, ["f('1', '3')", "f('1', '0')"]),
    "zoned_datetimes": (local_times, ["f()"]),
    "collections": (containers, ["f('x')"]),
    "compiled_pattern": (parsed, ["f('see Item-42 here')"]),
    "flag_combination": (access, ["f()"]),
    "ip_network": (addresses, ["f()"]),
    "text_tools": (text_tools, ["f('one two three four five')"]),
    "email_message": (message, ["f()"]),
    "zip_info": (zipped, ["f('a,b')"]),
    "range_iterators": (ranges, ["f()", "f()"]),
}
