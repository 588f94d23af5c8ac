"""Objects whose state holds their own bound methods: a callback set in ``__init__``
(``self.callback = self.click``), a partial of one, a dict and a list of handlers, two objects
holding each other's methods, slots, a custom ``__setstate__``, a deque of pending calls, and
one reached first through the method it holds, and a ``configparser.ConfigParser`` (3.13's
section proxies hold partials of their own methods). ``dumps`` wrote them, and ``loads`` refused every
one ("is needed to build itself"): the method's ``getattr(obj, name)`` waited for its object's
state, which holds the method. As pickle does, the method is made once its object exists."""

import collections
import configparser
import functools


class Button:
    def __init__(self, label):
        self.label = label
        self.callback = self.click
        self.later = functools.partial(self.click, times=2)

    def click(self, times=1):
        return f"{self.label} x{times}"


OK = Button("ok")


def press():
    return OK.callback(), OK.later(), OK.callback.__self__ is OK


class Router:
    def __init__(self):
        self.routes = {"get": self.on_get, "post": self.on_post}
        self.order = [self.on_post, self.on_get]
        self.pending = collections.deque([self.on_get])

    def on_get(self, path):
        return ("GET", path)

    def on_post(self, path):
        return ("POST", path)


ROUTER = Router()


def route(method, path):
    return ROUTER.routes[method](path), [h(path)[0] for h in ROUTER.order], ROUTER.pending[0](path)


class Peer:
    def __init__(self, name):
        self.name = name
        self.other = None

    def hello(self):
        return f"hello from {self.name}"


LEFT = Peer("left")
RIGHT = Peer("right")
LEFT.other = RIGHT.hello
RIGHT.other = LEFT.hello


def greet():
    return LEFT.other(), RIGHT.other(), LEFT.other.__self__ is RIGHT


class Slotted:
    __slots__ = ("value", "getter")

    def __init__(self, value):
        self.value = value
        self.getter = self.get

    def get(self):
        return self.value * 2


SLOTTED = Slotted(21)


def read_slotted():
    return SLOTTED.getter()


class Restored:
    def __init__(self):
        self.hook = self.run
        self.runs = 0

    def run(self):
        self.runs += 1
        return self.runs

    def __getstate__(self):
        return {"hook": self.hook, "runs": self.runs}

    def __setstate__(self, state):
        self.__dict__.update(state)


RESTORED = Restored()
RESTORED.run()


def restored():
    return RESTORED.hook(), RESTORED.hook.__self__ is RESTORED, sorted(vars(RESTORED))


CALLBACK = OK.click  # a global that is the method: its object is reached through it first


def through_method():
    return (
        CALLBACK(times=3),
        CALLBACK.__self__.callback(),
        CALLBACK.__self__.later.func.__self__ is CALLBACK.__self__,
    )


# From 3.13 each section proxy holds partials of its own get method (getint, getboolean, ...).
CONFIG = configparser.ConfigParser()
CONFIG.read_string("[db]\nport = 5432\nsecure = yes\n")


def configured():
    section = CONFIG["db"]
    return (
        CONFIG.getint("db", "port"),
        section.getboolean("secure"),
        section.getint("port"),
        CONFIG.sections(),
    )


CASES = {
    "callback_and_partial": (press, ["f()"]),
    "handler_containers": (route, ["f('get', '/a')", "f('post', '/b')"]),
    "each_others_methods": (greet, ["f()"]),
    "slots": (read_slotted, ["f()"]),
    "custom_setstate": (restored, ["f()"]),
    "reached_through_the_method": (through_method, ["f()"]),
    "config_parser": (configured, ["f()"]),
}

DUMPERS_VARY = {
    "config_parser": "ConfigParser's attributes differ between releases (3.13: a namespace of "
    "comment prefixes, section proxies holding partials of their get method)",
}
