"""`numkeras.constraints`: projections applied to a weight after each optimizer update.

A constraint is a pure NumPy function `w -> projected w` (same shape and
dtype); optimizers call it on the variable's value after updating it.
Formulas follow `keras.constraints` exactly, including where epsilon sits:
`w * desired / (epsilon + norm)`, so a rescaled norm is a hair below its target.

>>> from numkeras import constraints
>>> constraints.NonNeg()(np.array([-1.0, 2.0], "float32")).tolist()
[0.0, 2.0]
"""
import numpy as np

from numkeras.backend import config
from numkeras.backend.object_table import ConfigObject, ObjectTable
from numkeras.backend.tensor import Tensor


def _as_array(w):
    return w.value if isinstance(w, Tensor) else np.asarray(w)


def _axis(axis):
    return tuple(axis) if isinstance(axis, (list, tuple)) else axis


def _norms(w, axis):
    return np.sqrt(np.sum(np.square(w), axis=_axis(axis), keepdims=True))


class Constraint(ConfigObject):
    """Base class: `constraint(w)` returns the projected weight (identity here).

    Example:
    >>> class Clip(Constraint):
    ...     def __call__(self, w):
    ...         return np.clip(w, -1, 1)
    >>> Clip()(np.array([3.0])).tolist()
    [1.0]
    """

    def __call__(self, w):
        return w

    def get_config(self):
        return {}


class MaxNorm(Constraint):
    """Rescales each slice whose L2 norm exceeds `max_value` down to it.

    `w * clip(norm, 0, max_value) / (epsilon + norm)`, norms taken over `axis`.

    Args:
        max_value: maximum norm.
        axis: int or list of ints. 0 for a Dense kernel `(in, out)` (one norm per
            unit); [0, 1, 2] for a Conv2D kernel `(h, w, in, out)`.
    Example:
    >>> MaxNorm(1.0)(np.array([[3.0], [4.0]])).round(4).tolist()
    [[0.6], [0.8]]
    """

    def __init__(self, max_value=2, axis=0):
        self.max_value = max_value
        self.axis = axis

    def __call__(self, w):
        w = _as_array(w)
        norms = _norms(w, self.axis)
        desired = np.clip(norms, 0, self.max_value)
        return w * (desired / (config.epsilon() + norms))

    def get_config(self):
        return {"max_value": self.max_value, "axis": self.axis}


class NonNeg(Constraint):
    """Sets negative weights to 0: `maximum(w, 0)`.

    Example:
    >>> NonNeg()(np.array([-0.5, 0.5])).tolist()
    [0.0, 0.5]
    """

    def __call__(self, w):
        return np.maximum(_as_array(w), 0)


class UnitNorm(Constraint):
    """Scales each slice to unit L2 norm: `w / (epsilon + norm)`.

    Args:
        axis: int or list of ints (see `MaxNorm`).
    Example:
    >>> UnitNorm()(np.array([[3.0], [4.0]])).round(4).tolist()
    [[0.6], [0.8]]
    """

    def __init__(self, axis=0):
        self.axis = axis

    def __call__(self, w):
        w = _as_array(w)
        return w / (config.epsilon() + _norms(w, self.axis))

    def get_config(self):
        return {"axis": self.axis}


class MinMaxNorm(Constraint):
    """Moves each slice's L2 norm into [min_value, max_value].

    `w * desired / (epsilon + norm)` with
    `desired = rate * clip(norm, min_value, max_value) + (1 - rate) * norm`;
    rate 1 enforces the bounds at once, a smaller rate moves towards them.

    Args:
        min_value, max_value: bounds on the norm.
        rate: float in [0, 1].
        axis: int or list of ints (see `MaxNorm`).
    Example:
    >>> MinMaxNorm(1.0, 2.0)(np.array([[0.3], [0.4]])).round(4).tolist()
    [[0.6], [0.8]]
    """

    def __init__(self, min_value=0.0, max_value=1.0, rate=1.0, axis=0):
        self.min_value = min_value
        self.max_value = max_value
        self.rate = rate
        self.axis = axis

    def __call__(self, w):
        w = _as_array(w)
        norms = _norms(w, self.axis)
        desired = self.rate * np.clip(norms, self.min_value, self.max_value) + (1 - self.rate) * norms
        return w * (desired / (config.epsilon() + norms))

    def get_config(self):
        return {"min_value": self.min_value, "max_value": self.max_value, "rate": self.rate,
                "axis": self.axis}


# Keras's function-style spellings are the classes themselves.
max_norm, non_neg, unit_norm, min_max_norm = MaxNorm, NonNeg, UnitNorm, MinMaxNorm

_TABLE = ObjectTable("constraint", "keras.constraints", [MaxNorm, MinMaxNorm, NonNeg, UnitNorm])


def get(identifier):
    """Returns a constraint from a name ('max_norm', 'non_neg', 'unit_norm',
    'min_max_norm' or a class name), a config dict, a class, an instance or a
    callable; None gives None.

    Example:
    >>> get("max_norm").get_config()
    {'max_value': 2, 'axis': 0}
    """
    return _TABLE.get(identifier)


def serialize(constraint):
    """Returns `{"module", "class_name", "config", "registered_name"}` as Keras writes it."""
    return _TABLE.serialize(constraint)


def deserialize(config, custom_objects=None):
    """Rebuilds a constraint from `serialize`'s dict (or a bare name)."""
    return _TABLE.deserialize(config, custom_objects)
