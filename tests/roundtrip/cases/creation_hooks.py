"""Code that runs while a class is made again at load reads globals (issue 8): a base's
``__init_subclass__``, a metaclass's ``__new__`` and ``__init__``, a descriptor's
``__set_name__``, a decorator. Their globals must be set before the class statement runs.
"""

PREFIX = "plugin:"
REGISTRY = {}
SEEN = []


def normalize(name):
    return PREFIX + name.lower()


class Plugin:
    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        REGISTRY[normalize(cls.__name__)] = cls
        cls.key = normalize(cls.__name__)


class Csv(Plugin):
    pass


class Json(Plugin):
    def load(self):
        return "json"


SUFFIX = "_made"


def tag_for(name):
    return name + SUFFIX


class Tagging(type):
    def __new__(mcs, name, bases, namespace):
        namespace["tag"] = tag_for(name)
        return super().__new__(mcs, name, bases, namespace)

    def __init__(cls, name, bases, namespace):
        super().__init__(name, bases, namespace)
        SEEN.append(name)


class Tagged(metaclass=Tagging):
    pass


COLUMN_PREFIX = "col_"


class Column:
    def __set_name__(self, owner, name):
        self.name = COLUMN_PREFIX + name

    def __get__(self, obj, objtype=None):
        return self.name


class Table:
    id = Column()
    title = Column()


LABELS = {}


def labelled(cls):
    LABELS[cls.__name__] = normalize(cls.__name__)
    return cls


@labelled
class Report(Plugin):
    pass


def plugins():
    return sorted(REGISTRY), Json().load(), Csv.key, sorted(LABELS)


CASES = {
    "init_subclass_reads_globals": (plugins, ["f()"]),
    "subclass_alone": (Json, ["f.key", "f().load()"]),
    "metaclass_reads_globals": (Tagged, ["f.tag", "type(f).__name__"]),
    "set_name_reads_globals": (Table, ["f.id", "f.title", "f().title"]),
    "decorator_and_base_hook": (Report, ["f.key"]),
}
