"""`numkeras.regularizers`: weight penalties added to the loss, as in `keras.regularizers`.

A regularizer maps a weight to a scalar Tensor built with `numkeras.ops`, so
its gradient flows through the same tape as the loss.

>>> from numkeras import regularizers
>>> float(regularizers.L2(2.0)(np.ones((5, 5), "float32")))
50.0
"""
import math

import numpy as np

from numkeras import ops
from numkeras.backend import config
from numkeras.backend.object_table import ConfigObject, ObjectTable
from numkeras.backend.tensor import Tensor, convert_to_tensor


def _check_factor(value, name):
    """A penalty factor must be a finite, non-negative number."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.number)):
        raise TypeError(f"`{name}` must be a non-negative float, got {value!r} of type "
                        f"{type(value).__name__}.")
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"`{name}` must be a finite, non-negative float, got {name}={value}.")
    return float(value)


class Regularizer(ConfigObject):
    """Base class: `regularizer(weight)` returns a scalar penalty.

    Subclasses implement `__call__` with `numkeras.ops` (so it is differentiable)
    and `get_config`.

    Example:
    >>> class Sum(Regularizer):
    ...     def __call__(self, x):
    ...         return ops.sum(x)
    ...     def get_config(self):
    ...         return {}
    >>> float(Sum()(np.ones(3, "float32")))
    3.0
    """

    def __call__(self, x):
        return 0.0

    def get_config(self):
        raise NotImplementedError(f"{type(self).__name__} must implement get_config().")


class L1(Regularizer):
    """Penalty `l1 * sum(|x|)`.

    Args:
        l1: non-negative float (None means the default 0.01).
    Example:
    >>> float(L1(0.5)(np.array([1.0, -2.0], "float32")))
    1.5
    """

    def __init__(self, l1=0.01):
        self.l1 = _check_factor(0.01 if l1 is None else l1, "l1")

    def __call__(self, x):
        return ops.multiply(self.l1, ops.sum(ops.abs(x)))

    def get_config(self):
        return {"l1": self.l1}


class L2(Regularizer):
    """Penalty `l2 * sum(x²)` — no ½ factor, as in Keras.

    Args:
        l2: non-negative float (None means the default 0.01).
    Example:
    >>> float(L2(0.5)(np.array([1.0, -2.0], "float32")))
    2.5
    """

    def __init__(self, l2=0.01):
        self.l2 = _check_factor(0.01 if l2 is None else l2, "l2")

    def __call__(self, x):
        return ops.multiply(self.l2, ops.sum(ops.square(x)))

    def get_config(self):
        return {"l2": self.l2}


class L1L2(Regularizer):
    """Penalty `l1 * sum(|x|) + l2 * sum(x²)`; both factors default to 0.

    Args:
        l1, l2: non-negative floats (None means 0).
    Example:
    >>> float(L1L2(l1=0.5, l2=0.5)(np.array([1.0, -2.0], "float32")))
    4.0
    """

    def __init__(self, l1=0.0, l2=0.0):
        self.l1 = _check_factor(0.0 if l1 is None else l1, "l1")
        self.l2 = _check_factor(0.0 if l2 is None else l2, "l2")

    def __call__(self, x):
        x = convert_to_tensor(x)
        penalty = Tensor(np.zeros((), x.dtype))
        if self.l1:  # a zero factor adds no term (and no work to the backward pass)
            penalty = ops.add(penalty, ops.multiply(self.l1, ops.sum(ops.abs(x))))
        if self.l2:
            penalty = ops.add(penalty, ops.multiply(self.l2, ops.sum(ops.square(x))))
        return penalty

    def get_config(self):
        return {"l1": self.l1, "l2": self.l2}


class OrthogonalRegularizer(Regularizer):
    """Pushes the rows (or columns) of a 2-D weight towards mutual orthogonality.

    Penalty: `factor * 0.5 * sum(|P - diag(P)|) / (n(n-1)/2)` where `P` holds the
    dot products of the L2-normalised rows (`mode="rows"`) or columns, `n` of them;
    that is `factor` times the mean |cosine| over distinct pairs.

    Args:
        factor: non-negative float.
        mode: "rows" or "columns".
    Example:
    >>> float(OrthogonalRegularizer(1.0)(np.array([[1.0, 0.0], [1.0, 1.0]], "float32")))
    0.7071067690849304
    """

    def __init__(self, factor=0.01, mode="rows"):
        self.factor = _check_factor(factor, "factor")
        if mode not in ("rows", "columns"):
            raise ValueError(f"OrthogonalRegularizer: `mode` must be 'rows' or 'columns', got mode={mode!r}.")
        self.mode = mode

    def __call__(self, x):
        x = convert_to_tensor(x)
        if x.ndim != 2:
            raise ValueError(f"OrthogonalRegularizer needs a rank-2 weight, got shape {x.shape}.")
        axis = 1 if self.mode == "rows" else 0
        # sqrt(max(sum x², eps²)) = max(norm, eps), with a finite gradient for an all-zero row.
        squared_norms = ops.sum(ops.square(x), axis=axis, keepdims=True)
        x = ops.divide(x, ops.sqrt(ops.maximum(squared_norms, config.epsilon() ** 2)))
        product = ops.matmul(x, ops.transpose(x)) if axis == 1 else ops.matmul(ops.transpose(x), x)
        n = product.shape[0]
        if n < 2:  # no pairs: Keras divides 0 by 0 here; zero is the meaningful penalty
            return Tensor(np.zeros((), x.dtype))
        off_diagonal = ops.multiply(product, 1.0 - np.eye(n, dtype=x.dtype))
        return ops.multiply(self.factor * 0.5 / (n * (n - 1) / 2.0), ops.sum(ops.abs(off_diagonal)))

    def get_config(self):
        return {"factor": self.factor, "mode": self.mode}


# Keras's function-style spellings are the classes themselves.
l1, l2, l1_l2, orthogonal_regularizer = L1, L2, L1L2, OrthogonalRegularizer


def _l1_l2_by_name():
    # The string 'l1_l2' means 0.01 for both factors, as Keras documents and
    # tf.keras 2 did; the class L1L2() itself defaults both to 0.
    return L1L2(l1=0.01, l2=0.01)


_TABLE = ObjectTable("regularizer", "keras.regularizers", [L1, L2, L1L2, OrthogonalRegularizer],
                     aliases={"l1_l2": _l1_l2_by_name})


def get(identifier):
    """Returns a regularizer from a name, a config dict, a class, an instance or a
    callable; None gives None.

    Names: 'l1', 'l2' (factor 0.01), 'l1_l2' (0.01 and 0.01), 'l1l2' (0 and 0,
    like `L1L2()`), 'orthogonal_regularizer', and the class names.

    Example:
    >>> get("l2").get_config()
    {'l2': 0.01}
    """
    return _TABLE.get(identifier)


def serialize(regularizer):
    """Returns `{"module", "class_name", "config", "registered_name"}` as Keras writes it."""
    return _TABLE.serialize(regularizer)


def deserialize(config, custom_objects=None):
    """Rebuilds a regularizer from `serialize`'s dict (or a bare name)."""
    return _TABLE.deserialize(config, custom_objects)
