"""Classes made by calling ``type()`` or a metaclass instead of a class statement go as that call,
which runs the creation hooks again at load: a base's ``__init_subclass__``, a metaclass's
``__new__`` and ``__init__``, ``__set_name__`` of the descriptors in the class's namespace. Those
hooks read globals of their module (the base class itself, a registry, a helper, a constant), which
must be set before the call runs, as they are before a class statement runs. They were not: the
classes among the call's arguments sit inside its bases tuple and namespace dict, where the loader
did not look, and ``type("Plain", (Plugin,), {...})`` failed with ``NameError: Plugin``. The state
the hooks leave (a registry's names, in order, no duplicates) is the live one after loading.

The cases share no mutable state: each has a hierarchy and registry of its own.
"""

# ------------------------------------------------ __init_subclass__ reading its own base's name


class Plugin:
    registry = []

    def __init_subclass__(cls, **kw):
        super().__init_subclass__(**kw)
        Plugin.registry.append(cls.__name__)


Plain = type("Plain", (Plugin,), {"run": lambda self: 1})
Second = type("Second", (Plugin,), {"run": lambda self: 2})


def use_plain():
    return Plain().run(), Second().run(), Plugin.registry


# ----------------------------------- a registry dict, a helper and a constant, read by the hook

PREFIX = "p:"
REGISTRY = {}


def _key(cls):
    return PREFIX + cls.__name__.lower()


class Handler:
    def __init_subclass__(cls, **kw):
        super().__init_subclass__(**kw)
        REGISTRY[_key(cls)] = cls
        cls.key = _key(cls)


Csv = type("Csv", (Handler,), {"load": lambda self: "csv"})
Json = type("Json", (Handler,), {"load": lambda self: "json"})


def use_registry():
    return [(key, cls.__name__, cls.key, cls().load()) for key, cls in REGISTRY.items()]


# ------------------------------------------------- the hook calls a helper that reads globals

SEPARATOR = "/"
PATHS = []


def _normalize(name):
    return SEPARATOR.join(name.lower().split("_"))


def _path(cls):
    return SEPARATOR + _normalize(cls.__name__)


class Routed:
    def __init_subclass__(cls, **kw):
        super().__init_subclass__(**kw)
        cls.path = _path(cls)
        PATHS.append(cls.path)


UserList = type("User_List", (Routed,), {})
UserDetail = type("User_Detail", (Routed,), {})


def use_paths():
    return UserList.path, UserDetail.path, PATHS


# ------------------------------------------- a hook that refuses a name it registered already


class Strict:
    seen = []

    def __init_subclass__(cls, **kw):
        super().__init_subclass__(**kw)
        if cls.__name__ in Strict.seen:
            raise ValueError("duplicate " + cls.__name__)
        Strict.seen.append(cls.__name__)


Once = type("Once", (Strict,), {})
Twice = type("Twice", (Strict,), {})


def use_strict():
    return Once.__name__, Twice.__name__, Strict.seen


# ------------------------------------------------- a metaclass's __new__ and __init__ read globals

KIND_PREFIX = "kind:"
KINDS = []
KIND_CLASSES = {}


def _kind_key(cls):
    return KIND_PREFIX + cls.__name__


class Meta(type):
    def __new__(mcs, name, bases, namespace):
        cls = super().__new__(mcs, name, bases, namespace)
        KINDS.append(KIND_PREFIX + name)
        return cls

    def __init__(cls, name, bases, namespace):
        super().__init__(name, bases, namespace)
        cls.key = _kind_key(cls)
        KIND_CLASSES[name] = cls


Kind = Meta("Kind", (), {"x": 1})
SubKind = Meta("SubKind", (Kind,), {"y": 2})


def use_kinds():
    classes = [(name, cls.__name__) for name, cls in KIND_CLASSES.items()]
    return Kind.key, SubKind.key, SubKind.x + SubKind.y, type(SubKind).__name__, KINDS, classes


# -------------------------------------------- classes of classes: a metaclass made by type()

MADE = []


class Counting(type):
    count = 0

    def __init__(cls, name, bases, namespace):
        super().__init__(name, bases, namespace)
        Counting.count += 1
        MADE.append((type(cls).__name__, name, Counting.count))


Loud = type("Loud", (Counting,), {"shout": lambda cls: cls.__name__.upper()})
Widget = Loud("Widget", (), {})
Gadget = Loud("Gadget", (Widget,), {})


def use_metaclass_by_type():
    return Widget.shout(), Gadget.shout(), type(Loud).__name__, Counting.count, MADE


# ------------------------------ a metaclass made by type() whose __new__ is a module function

TAG_SUFFIX = "_tagged"
TAGGED = {}


def _tag_new(mcs, name, bases, namespace):
    namespace["tag"] = name + TAG_SUFFIX
    cls = type.__new__(mcs, name, bases, namespace)
    TAGGED[name] = cls
    return cls


Tagger = type("Tagger", (type,), {"__new__": _tag_new})
Tagged = Tagger("Tagged", (), {})


def use_tagger():
    return Tagged.tag, type(Tagged).__name__, [(name, cls.tag) for name, cls in TAGGED.items()]


# ------------------------------------- __set_name__ of descriptors in the type() call's namespace

FIELD_PREFIX = "col_"
FIELDS = []


class Column:
    made = 0

    def __set_name__(self, owner, name):
        Column.made += 1
        FIELDS.append((owner.__name__, name, Column.made))
        self.name = FIELD_PREFIX + name

    def __get__(self, obj, owner=None):
        return self.name


Table = type("Table", (), {"id": Column(), "title": Column()})


def use_columns():
    return Table.id, Table().title, Column.made, FIELDS


# -------------------------------- __set_name__ calling a function the descriptor holds in its state

CHECKED = {}


def _check_name(owner, name):
    CHECKED[owner.__name__ + "." + name] = owner
    return name.upper()


class Validated:
    def __init__(self, check):
        self.check = check

    def __set_name__(self, owner, name):
        self.label = self.check(owner, name)

    def __get__(self, obj, owner=None):
        return self.label


Form = type("Form", (), {"email": Validated(_check_name)})


def use_validated():
    return Form.email, [(key, owner.__name__) for key, owner in CHECKED.items()]


# ------------------------------------------------------------ a class decorator applied by hand

HANDLERS = {}
HANDLER_PREFIX = "handler:"


class Endpoint:
    made = []

    def __init_subclass__(cls, **kw):
        super().__init_subclass__(**kw)
        Endpoint.made.append(cls.__name__)


def register(cls):
    HANDLERS[HANDLER_PREFIX + cls.__name__] = cls
    return cls


Ping = register(type("Ping", (Endpoint,), {"answer": lambda self: "pong"}))


def use_register():
    return sorted(HANDLERS), Endpoint.made, HANDLERS[HANDLER_PREFIX + "Ping"]().answer()


# --------------------------------------------- __init_subclass__ given in the type() call itself

HOOKED = []


def _hook(cls, **kw):
    HOOKED.append((cls.__name__, Hookable.__name__))


Hookable = type("Hookable", (), {"__init_subclass__": classmethod(_hook)})
Hooked = type("Hooked", (Hookable,), {})


def use_given_hook():
    return Hooked.__name__, HOOKED


# ----------------- a list of a type()-made base's namespace, appended to by its subclasses' hook


def _child_hook(cls, **kw):
    cls.children.append(cls.__name__)
    cls.depth = len(cls.children)


Parent = type("Parent", (), {"children": [], "__init_subclass__": classmethod(_child_hook)})
FirstChild = type("FirstChild", (Parent,), {})
SecondChild = type("SecondChild", (Parent,), {})
CHILDREN = Parent.children


def use_children():
    return Parent.children, FirstChild.depth, SecondChild.depth, CHILDREN is Parent.children


# ------------------------------------------------------- classes made in a function by type()

MADE_IN_FUNCTION = []


class Generated:
    def __init_subclass__(cls, **kw):
        super().__init_subclass__(**kw)
        MADE_IN_FUNCTION.append((cls.__name__, issubclass(cls, Generated)))


def make(n):
    return type(f"Gen{n}", (Generated,), {"n": n, "twice": lambda self: n * 2})


Gen1 = make(1)
Gen2 = make(2)


def use_generated():
    return Gen1.n, Gen2().twice(), MADE_IN_FUNCTION


MADE_AT_CALL = []


class OnDemand:
    def __init_subclass__(cls, **kw):
        super().__init_subclass__(**kw)
        MADE_AT_CALL.append(cls.__name__)


def make_on_demand(n):
    return type(f"Demand{n}", (OnDemand,), {"n": n})


Demand1 = make_on_demand(1)


def use_made_at_call():
    # Makes a class at each call: the hook runs then, after loading, on the loaded state.
    cls = make_on_demand(len(MADE_AT_CALL) + 1)
    return cls.n, Demand1.n, MADE_AT_CALL


# ---------------------------------------------- a local base, a subclass made by type() beside it

LOCAL_MADE = []


class Marker:
    def __init__(self, text):
        self.text = text


def make_local(suffix):
    class LocalBase:
        def __init_subclass__(cls, **kw):
            super().__init_subclass__(**kw)
            LOCAL_MADE.append(cls.__name__ + suffix)
            cls.base = LocalBase.__name__
            cls.marker = Marker(cls.__name__ + suffix)

    return type("Child", (LocalBase,), {"suffix": suffix})


Child = make_local("!")


def use_local():
    return Child.suffix, Child.base, Child.marker.text, type(Child.marker) is Marker, LOCAL_MADE


# ----------------------------------------- a hook reading a global that is an instance of a class


class Settings:
    def __init__(self, prefix):
        self.prefix = prefix


SETTINGS = Settings("cfg:")
CONFIGURED = []


class Configured:
    def __init_subclass__(cls, **kw):
        super().__init_subclass__(**kw)
        cls.name = SETTINGS.prefix + cls.__name__
        CONFIGURED.append(cls.name)


Db = type("Db", (Configured,), {})


def use_configured():
    return Db.name, CONFIGURED


# -------------------------- a hook reading a global defined after some classes of its base


class Late:
    def __init_subclass__(cls, **kw):
        super().__init_subclass__(**kw)
        try:
            late = LATE_NAMES
        except NameError:  # (Early: made before the module defines it)
            late = None
        cls.counted = late is not None
        if late is not None:
            late.append(cls.__name__)


Early = type("Early", (Late,), {})
LATE_NAMES = []
Later = type("Later", (Late,), {})


def use_late():
    return Early.counted, Later.counted, LATE_NAMES


# --------------------- a class statement deriving from a type()-made class of a hooked hierarchy

CHAIN = []


class Root:
    def __init_subclass__(cls, **kw):
        super().__init_subclass__(**kw)
        CHAIN.append((cls.__name__, len(cls.__mro__) - len(Root.__mro__)))


Middle = type("Middle", (Root,), {})


class Leaf(Middle):
    def where(self):
        return "leaf"


def use_chain():
    return Leaf().where(), [c.__name__ for c in Leaf.__mro__[:-1]], CHAIN


# --------------------------------------------------------- types.new_class with a hooked base

import types  # noqa: E402 - beside the case that uses it

NEW_CLASSES = []


class Announced:
    def __init_subclass__(cls, **kw):
        super().__init_subclass__(**kw)
        NEW_CLASSES.append((cls.__name__, Announced.__name__))


Fresh = types.new_class("Fresh", (Announced,), {}, lambda ns: ns.update({"level": 3}))


def use_new_class():
    return Fresh.level, NEW_CLASSES


CASES = {
    "init_subclass_reads_its_base": (use_plain, ["f()"]),
    "type_made_class_alone": (Plain, ["f().run()", "f.__mro__[1].registry", "f.__name__"]),
    "registry_helper_and_constant": (use_registry, ["f()"]),
    "hook_calls_a_helper_reading_globals": (use_paths, ["f()"]),
    "hook_refuses_duplicates": (use_strict, ["f()"]),
    "metaclass_new_and_init": (use_kinds, ["f()"]),
    "metaclass_made_by_type": (use_metaclass_by_type, ["f()"]),
    "metaclass_made_by_type_with_a_module_function": (use_tagger, ["f()"]),
    "set_name_of_descriptors": (use_columns, ["f()"]),
    "set_name_calls_a_held_function": (use_validated, ["f()"]),
    "decorator_applied_by_hand": (use_register, ["f()"]),
    "init_subclass_given_to_type": (use_given_hook, ["f()"]),
    "namespace_list_appended_by_subclasses": (use_children, ["f()"]),
    "classes_made_in_a_function": (use_generated, ["f()"]),
    "class_made_at_call": (use_made_at_call, ["f()", "f()"]),
    "local_base": (use_local, ["f()"]),
    "hook_reads_an_instance": (use_configured, ["f()"]),
    "hook_reads_a_later_global": (use_late, ["f()"]),
    "statement_below_a_type_made_class": (use_chain, ["f()"]),
    "new_class": (use_new_class, ["f()"]),
    "several_together": (
        (use_plain, use_registry, use_kinds, use_columns, use_register, use_generated),
        ["f[0]()", "f[1]()", "f[2]()", "f[3]()", "f[4]()", "f[5]()"],
    ),
}
