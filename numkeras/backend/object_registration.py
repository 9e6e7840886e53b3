"""The registry of user classes and functions that configs may name.

A saved config names a custom class by its registered name, `"package>Name"`.
Loading looks names up here, in `custom_objects` and in the active
`custom_object_scope` — never by importing a module named in the file.

Example:
>>> @register_keras_serializable(package="demo")
... class Twice(Layer):
...     def call(self, x):
...         return x * 2.0
>>> get_registered_name(Twice)
'demo>Twice'
>>> get_registered_object("demo>Twice") is Twice
True
"""
import inspect

GLOBAL_CUSTOM_OBJECTS = {}  # "package>Name" -> class or function
GLOBAL_CUSTOM_NAMES = {}  # class or function -> "package>Name"
_SCOPE_STACK = [{}]  # the innermost custom_object_scope's dict is last


def register_keras_serializable(package="Custom", name=None):
    """Decorator: registers a class or function under `"package>name"`.

    Args:
        package: the prefix of the registered name (default "Custom").
        name: the name inside the package (default the object's `__name__`).

    Raises:
        ValueError: for a class without `get_config()` (it could not be saved).
    """

    def decorator(obj):
        registered = f"{package}>{name if name is not None else obj.__name__}"
        if inspect.isclass(obj) and not hasattr(obj, "get_config"):
            raise ValueError(f"Cannot register {obj.__name__} as '{registered}': the class has no "
                             f"get_config() method, so its instances could not be saved.")
        GLOBAL_CUSTOM_OBJECTS[registered] = obj
        GLOBAL_CUSTOM_NAMES[obj] = registered
        return obj

    return decorator


def get_registered_name(obj):
    """The name `obj` is registered under, or its `__name__` when it is not registered."""
    return GLOBAL_CUSTOM_NAMES.get(obj, getattr(obj, "__name__", None))


def get_registered_object(name, custom_objects=None, module_objects=None):
    """The class or function for `name`: from `custom_objects`, the active scope, the registry.

    Returns None when `name` is nowhere to be found.
    """
    for table in (custom_objects or {}, _SCOPE_STACK[-1], GLOBAL_CUSTOM_OBJECTS, module_objects or {}):
        if name in table:
            return table[name]
    return None


def get_custom_objects():
    """The live global registry dict (`"package>Name"` -> object); scopes are not in it."""
    return GLOBAL_CUSTOM_OBJECTS


def active_custom_objects(custom_objects=None):
    """`custom_objects` merged over the active scope and the global registry (caller's dict wins)."""
    return {**GLOBAL_CUSTOM_OBJECTS, **_SCOPE_STACK[-1], **(custom_objects or {})}


def with_plain_names(custom_objects):
    """`custom_objects` plus `name -> obj` for each `"package>name"` entry (names already there win).

    Configs written by code that stores a function's bare `__name__` still find a registered function.
    """
    out = dict(custom_objects)
    for key, obj in custom_objects.items():
        if ">" in key:
            out.setdefault(key.split(">", 1)[1], obj)
    return out


class CustomObjectScope:
    """Within `with CustomObjectScope({"name": obj}):` loading also resolves those names.

    Example:
    >>> with custom_object_scope({"Twice": Twice}):
    ...     model = load_model("twice.keras")   # doctest: +SKIP
    """

    def __init__(self, custom_objects):
        self.custom_objects = dict(custom_objects or {})

    def __enter__(self):
        _SCOPE_STACK.append({**_SCOPE_STACK[-1], **self.custom_objects})
        return self

    def __exit__(self, *exc):
        _SCOPE_STACK.pop()


custom_object_scope = CustomObjectScope


# --- safe mode: whether deserialization may run code stored in a file ----------------------------
SAFE_MODE_DEFAULT = [True]  # `numkeras.config.enable_unsafe_deserialization()` sets it to False
_SAFE_SCOPE = [None]  # the innermost SafeModeScope's value (None: no scope)


class SafeModeScope:
    """Within the scope, nested deserialization uses this `safe_mode`."""

    def __init__(self, safe_mode=True):
        self.safe_mode = safe_mode

    def __enter__(self):
        self._saved = _SAFE_SCOPE[0]
        _SAFE_SCOPE[0] = self.safe_mode
        return self

    def __exit__(self, *exc):
        _SAFE_SCOPE[0] = self._saved


def in_safe_mode():
    """The safe mode in force: the active scope's, else False after `enable_unsafe_deserialization`."""
    if _SAFE_SCOPE[0] is not None:
        return _SAFE_SCOPE[0]
    return None if SAFE_MODE_DEFAULT[0] else False


# --- the full (de)serializer of numkeras.saving, registered by it --------------------------------
# Activations, initializers and regularizers hand user objects to it; they never import saving.
_SERIALIZER = {}


def register_serializer(serialize, deserialize):
    _SERIALIZER["serialize"], _SERIALIZER["deserialize"] = serialize, deserialize


def serialize_object(obj):
    return _SERIALIZER["serialize"](obj)


def deserialize_object(config, custom_objects=None):
    return _SERIALIZER["deserialize"](config, custom_objects)
