"""Argument handling shared by the optimizers: number checks, tf.keras 2 spellings, naming."""
import inspect
import sys
import warnings

import numpy as np

from numkeras.backend.object_table import to_snake_case
from numkeras.backend.tensor import Tensor


def as_float(value, name, owner, expected="a number"):
    """`value` as a Python float (numbers, NumPy scalars, 1-element arrays, Tensors); TypeError otherwise."""
    if isinstance(value, Tensor):
        value = value.value
    if isinstance(value, bool) or not isinstance(value, (int, float, np.number, np.ndarray)):
        raise TypeError(f"{owner}: argument `{name}` should be {expected}, "
                        f"got {type(value).__name__} {value!r}.")
    if isinstance(value, np.ndarray) and value.size != 1:
        raise TypeError(f"{owner}: argument `{name}` should be {expected}, got an array of shape "
                        f"{value.shape}.")
    return float(value)


def optional_float(value, name, owner):
    """None stays None; anything else goes through `as_float`."""
    return None if value is None else as_float(value, name, owner)


def pop_legacy_kwargs(optimizer, learning_rate, kwargs):
    """Handles tf.keras 2 spellings (`lr`, `decay`) and rejects unknown keyword arguments."""
    owner = type(optimizer).__name__
    if "lr" in kwargs:
        warnings.warn(f"{owner}: the `lr` argument is deprecated, use `learning_rate` instead.",
                      DeprecationWarning, stacklevel=_user_stacklevel())
        learning_rate = kwargs.pop("lr")
    decay = kwargs.pop("decay", None)
    if decay is not None:
        warnings.warn(f"{owner}: the `decay` argument is deprecated (tf.keras 2); it is applied as "
                      "lr / (1 + decay * iterations). Use a LearningRateSchedule such as "
                      "InverseTimeDecay instead.", DeprecationWarning, stacklevel=_user_stacklevel())
        decay = as_float(decay, "decay", owner)
    if kwargs:
        valid = []
        for cls in type(optimizer).__mro__[:-1]:  # every class up to (not including) object
            if "__init__" in vars(cls):
                valid += [p for p in inspect.signature(cls.__init__).parameters
                          if p not in ("self", "kwargs") and p not in valid]
        raise ValueError(f"{owner}: argument(s) not recognized: {kwargs}. "
                         f"Valid arguments: {', '.join(valid)} (and the deprecated lr, decay).")
    return learning_rate, decay or 0.0


_NAME_COUNTS = {}


def unique_name(class_name):
    """Keras's auto-naming: snake case of the class name, then `_1`, `_2`, ... for later instances."""
    base = to_snake_case(class_name)
    count = _NAME_COUNTS.get(base, 0)
    _NAME_COUNTS[base] = count + 1
    return base if count == 0 else f"{base}_{count}"


def _user_stacklevel():
    """The `stacklevel` that points a warning at the first caller outside numkeras.optimizers.

    Subclass constructors nest (AdamW -> Adam -> Optimizer); a fixed level would
    blame numkeras, and Python hides DeprecationWarnings not raised from __main__.
    """
    level, frame = 2, sys._getframe(2)  # 1 = the warn() caller, 2 = its caller
    while frame is not None and frame.f_globals.get("__name__", "").startswith("numkeras.optimizers"):
        level, frame = level + 1, frame.f_back
    return level
