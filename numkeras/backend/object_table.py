"""Name <-> class tables behind `get`, `serialize` and `deserialize` of small objects.

Initializers, regularizers and constraints resolve identifiers the same way,
so the logic lives once here and each module builds one `ObjectTable`.
User classes are found through `custom_objects`, the active
`custom_object_scope` and `register_keras_serializable`, as everywhere else
in numkeras.saving.

Example:
>>> from numkeras.initializers import Ones, Zeros
>>> table = ObjectTable("initializer", "keras.initializers", [Ones, Zeros])
>>> type(table.get("zeros")).__name__
'Zeros'
>>> table.serialize(Ones())["class_name"]
'Ones'
"""
import difflib
import inspect
import re

import numpy as np

from numkeras.backend import object_registration
from numkeras.backend.keras_only_keys import drop_keras_only_keys


def to_snake_case(name):
    """'GlorotUniform' -> 'glorot_uniform', 'L1L2' -> 'l1l2' (Keras's spelling rule)."""
    name = re.sub(r"(.)([A-Z][a-z]+)", r"\1_\2", re.sub(r"\W+", "", name))
    return re.sub(r"([a-z])([A-Z])", r"\1_\2", name).lower()


def serialize_value(value):
    """Makes a config value JSON-friendly: arrays as Keras's `__numpy__` dicts, NumPy scalars as Python."""
    if isinstance(value, np.ndarray) and value.ndim > 0:
        return {"class_name": "__numpy__", "config": {"value": value.tolist(), "dtype": value.dtype.name}}
    if isinstance(value, (np.generic, np.ndarray)):
        return value.item()
    return value


def deserialize_value(value):
    """Inverse of `serialize_value`."""
    if isinstance(value, dict) and value.get("class_name") == "__numpy__":
        return np.array(value["config"]["value"], dtype=value["config"]["dtype"])
    return value


class ObjectTable:
    """The built-in classes of one module (`kind` 'initializer', module 'keras.initializers').

    Args:
        kind: singular noun used in error messages.
        module: the Keras module name written into serialized configs.
        classes: built-in classes; each is found by its name and its snake_case name.
        aliases: extra name -> class entries ('uniform' -> RandomUniform...).
    """

    def __init__(self, kind, module, classes, aliases=None):
        self.kind = kind
        self.module = module
        self.builtins = set(classes) | set((aliases or {}).values())
        self.names = {}
        for cls in classes:
            self.names[cls.__name__] = cls
            self.names[to_snake_case(cls.__name__)] = cls
        self.names.update(aliases or {})

    def unknown(self, name):
        """The ValueError for an unknown name, with the closest match and the choices."""
        close = difflib.get_close_matches(name, list(self.names), n=1, cutoff=0.6)
        if not close:  # 'GLOROT_UNIFORM' -> 'glorot_uniform'
            close = difflib.get_close_matches(name.lower(), list(self.names), n=1, cutoff=0.6)
        hint = f" Did you mean '{close[0]}'?" if close else ""
        available = ", ".join(sorted(n for n in self.names if n == n.lower()))
        return ValueError(f"Unknown {self.kind}: '{name}'.{hint} Available: {available}. "
                          f"A custom {self.kind} must be passed in `custom_objects` or decorated "
                          f"with @keras.saving.register_keras_serializable().")

    def lookup(self, name, custom_objects=None, registered_name=None):
        found = object_registration.get_registered_object(name, custom_objects)
        if found is None and registered_name:
            found = object_registration.get_registered_object(registered_name, custom_objects)
        if found is not None:
            return found
        if name in self.names:
            return self.names[name]
        raise self.unknown(name)

    def serialize(self, obj):
        if obj is None:
            return None
        if inspect.isfunction(obj):
            name = object_registration.get_registered_name(obj)
            return {"module": obj.__module__, "class_name": "function", "config": name,
                    "registered_name": name}
        if not hasattr(obj, "get_config"):
            raise TypeError(f"Cannot serialize {self.kind} {obj!r}: it has no get_config() method.")
        cls = type(obj)
        builtin = cls in self.builtins
        config = {key: serialize_value(value) for key, value in obj.get_config().items()}
        return {"module": self.module if builtin else cls.__module__, "class_name": cls.__name__,
                "config": config,
                "registered_name": None if builtin else object_registration.get_registered_name(cls)}

    def deserialize(self, config, custom_objects=None):
        if config is None:
            return None
        if isinstance(config, str):
            return self.lookup(config, custom_objects)()
        if not isinstance(config, dict) or "class_name" not in config:
            raise ValueError(f"Cannot deserialize {self.kind} from {config!r}: expected a name "
                             "or a dict with 'class_name' and 'config'.")
        class_name = config["class_name"]
        registered = config.get("registered_name")
        if class_name == "function":
            return self.lookup(config["config"], custom_objects, registered)
        cls = self.lookup(class_name, custom_objects, registered)
        inner = {key: deserialize_value(value) for key, value in (config.get("config") or {}).items()}
        if inspect.isclass(cls):
            inner = drop_keras_only_keys(cls, inner)
        return cls.from_config(inner) if hasattr(cls, "from_config") else cls(**inner)

    def get(self, identifier):
        if identifier is None:
            return None
        if isinstance(identifier, (str, dict)):
            return self.deserialize(identifier)
        if inspect.isclass(identifier):
            return identifier()
        if callable(identifier):
            return identifier
        raise ValueError(f"Could not interpret {self.kind} identifier: {identifier!r} "
                         f"(expected a name, a config dict, a {self.kind} instance or a callable).")


class ConfigObject:
    """Base of the small configurable objects (constraints, regularizers): `from_config` calls
    the constructor with the config, and the repr shows the config."""

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def __repr__(self):
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_config().items())
        return f"{type(self).__name__}({args})"
