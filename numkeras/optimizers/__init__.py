"""Optimizers and learning-rate schedules (`keras.optimizers`), on NumPy.

Example:
>>> from numkeras import optimizers
>>> optimizers.get("Adam").get_config()["beta_2"]
0.999
"""
from numkeras.optimizers import legacy, schedules
from numkeras.optimizers.accelerator import get_accelerator, set_accelerator
from numkeras.optimizers.adadelta import Adadelta
from numkeras.optimizers.adagrad import Adagrad
from numkeras.optimizers.adam import Adam
from numkeras.optimizers.adamax import Adamax
from numkeras.optimizers.adamw import AdamW
from numkeras.optimizers.ftrl import Ftrl
from numkeras.optimizers.lion import Lion
from numkeras.optimizers.nadam import Nadam
from numkeras.optimizers.optimizer import Optimizer
from numkeras.optimizers.rmsprop import RMSprop
from numkeras.optimizers.sgd import SGD

ALL_OPTIMIZERS = {cls.__name__.lower(): cls for cls in (
    SGD, RMSprop, Adam, AdamW, Adagrad, Adadelta, Adamax, Nadam, Lion, Ftrl)}

__all__ = ["Optimizer", "SGD", "RMSprop", "Adam", "AdamW", "Adagrad", "Adadelta", "Adamax", "Nadam",
           "Lion", "Ftrl", "schedules", "get", "serialize", "deserialize", "set_accelerator",
           "get_accelerator"]


def _edit_distance(a, b):
    """Levenshtein distance where swapping two neighbours counts as one edit ('adma' -> 'adam')."""
    rows = [[i + j if i * j == 0 else 0 for j in range(len(b) + 1)] for i in range(len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            rows[i][j] = min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                rows[i][j] = min(rows[i][j], rows[i - 2][j - 2] + 1)
    return rows[-1][-1]


def _unknown(name):
    lowered = name.lower()
    distance, closest = min((_edit_distance(lowered, known), known) for known in ALL_OPTIMIZERS)
    hint = f" Did you mean '{closest}'?" if distance <= max(2, len(closest) // 3) else ""
    return ValueError(f"Unknown optimizer: '{name}'.{hint} Available: {', '.join(sorted(ALL_OPTIMIZERS))}.")


def serialize(optimizer):
    """Returns Keras's `{"module", "class_name", "config", "registered_name"}` dict for an optimizer.

    Example:
    >>> serialize(SGD())["class_name"]
    'SGD'
    """
    if not isinstance(optimizer, Optimizer):
        raise TypeError(f"serialize() expected an Optimizer, got {type(optimizer).__name__}.")
    name = type(optimizer).__name__
    builtin = ALL_OPTIMIZERS.get(name.lower()) is type(optimizer)
    return {"module": "keras.optimizers" if builtin else type(optimizer).__module__,
            "class_name": name, "config": optimizer.get_config(),
            "registered_name": None if builtin else name}


def deserialize(config, custom_objects=None):
    """Rebuilds an optimizer from `serialize()`'s output; class names are case-insensitive.

    Args:
        config: dict with "class_name" and "config".
        custom_objects: optional `{name: class or function}` for user-defined
            optimizers or learning-rate functions.
    """
    if not isinstance(config, dict) or "class_name" not in config:
        raise ValueError(f"deserialize() expected a dict with 'class_name' and 'config', got {config!r}.")
    name = config["class_name"]
    custom_objects = custom_objects or {}
    cls = custom_objects.get(name) or custom_objects.get(config.get("registered_name"))
    if cls is None:
        cls = ALL_OPTIMIZERS.get(str(name).lower())
    if cls is None:
        raise _unknown(str(name))
    return cls.from_config(dict(config.get("config") or {}), custom_objects=custom_objects)


def get(identifier):
    """Returns an optimizer for a name ("adam", case-insensitive), a config dict or an instance.

    Example:
    >>> type(get("rmsprop")).__name__
    'RMSprop'
    """
    if identifier is None or isinstance(identifier, Optimizer):
        return identifier
    if isinstance(identifier, str):
        cls = ALL_OPTIMIZERS.get(identifier.lower())
        if cls is None:
            raise _unknown(identifier)
        return cls()
    if isinstance(identifier, dict):
        return deserialize(identifier)
    if isinstance(identifier, type) and issubclass(identifier, Optimizer):
        return identifier()
    raise ValueError(f"Could not interpret optimizer identifier: {identifier!r}. Expected a name "
                     f"({', '.join(sorted(ALL_OPTIMIZERS))}), a config dict or an Optimizer.")
