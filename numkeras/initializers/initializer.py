"""The `Initializer` base class and the constant initializers."""
import numpy as np

from numkeras.backend import config
from numkeras.backend.object_table import deserialize_value, serialize_value


class Initializer:
    """Base class: `initializer(shape, dtype=None)` returns a NumPy array.

    Subclasses implement `__call__`; `get_config` returns the `__init__`
    arguments so that `from_config(get_config())` rebuilds an equal object.

    Example:
    >>> class Halves(Initializer):
    ...     def __call__(self, shape, dtype=None):
    ...         return np.full(shape, 0.5, dtype=config.standardize_dtype(dtype))
    >>> Halves()((2,)).tolist()
    [0.5, 0.5]
    """

    def __call__(self, shape, dtype=None):
        raise NotImplementedError(f"{type(self).__name__} must implement __call__(shape, dtype=None).")

    def get_config(self):
        return {}

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def clone(self):
        return type(self).from_config(self.get_config())

    def __repr__(self):
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_config().items())
        return f"{type(self).__name__}({args})"


def as_shape(shape):
    """Accepts an int or a sequence of ints; returns a tuple of ints."""
    if isinstance(shape, (int, np.integer)):
        return (int(shape),)
    try:
        return tuple(int(n) for n in shape)
    except (TypeError, ValueError):
        raise TypeError(f"`shape` must be a tuple of ints, got {shape!r}.") from None


class Zeros(Initializer):
    """Fills with 0.

    Example:
    >>> Zeros()((2, 2)).tolist()
    [[0.0, 0.0], [0.0, 0.0]]
    """

    def __call__(self, shape, dtype=None):
        return np.zeros(as_shape(shape), dtype=config.standardize_dtype(dtype))


class Ones(Initializer):
    """Fills with 1.

    Example:
    >>> Ones()((3,)).tolist()
    [1.0, 1.0, 1.0]
    """

    def __call__(self, shape, dtype=None):
        return np.ones(as_shape(shape), dtype=config.standardize_dtype(dtype))


class Constant(Initializer):
    """Fills with `value`: a scalar, or an array broadcastable to the shape
    (e.g. a pretrained embedding matrix).

    Args:
        value: Python scalar or array-like.
    Example:
    >>> Constant(10.0)((2,)).tolist()
    [10.0, 10.0]
    """

    def __init__(self, value=0.0):
        self.value = deserialize_value(value)

    def __call__(self, shape, dtype=None):
        shape, dtype = as_shape(shape), config.standardize_dtype(dtype)
        value = np.asarray(self.value, dtype=dtype)
        try:
            return np.array(np.broadcast_to(value, shape))
        except ValueError:
            raise ValueError(f"Constant initializer: value of shape {value.shape} cannot fill "
                             f"a weight of shape {shape}.") from None

    def get_config(self):
        return {"value": serialize_value(self.value)}


class Identity(Initializer):
    """`gain` times the identity matrix (2-D shapes only; rectangular allowed).

    Args:
        gain: float multiplier.
    Example:
    >>> Identity(2.0)((2, 3)).tolist()
    [[2.0, 0.0, 0.0], [0.0, 2.0, 0.0]]
    """

    def __init__(self, gain=1.0):
        self.gain = gain

    def __call__(self, shape, dtype=None):
        shape = as_shape(shape)
        if len(shape) != 2:
            raise ValueError(f"Identity initializer needs a 2-D shape, got shape={shape} "
                             f"of rank {len(shape)}.")
        dtype = config.standardize_dtype(dtype)
        return (self.gain * np.eye(*shape)).astype(dtype)

    def get_config(self):
        return {"gain": self.gain}
