"""`numkeras.ops`: the op namespace for custom layers, losses and metrics.

Every differentiable op here is a primitive of `numkeras.backend` (forward and
gradient side by side), so a layer written with these ops trains without any
backward code. Inputs may be Tensors, NumPy arrays, lists or Python numbers;
outputs are Tensors (`.numpy()` gives the array).

>>> from numkeras import ops
>>> ops.sum(ops.square([1.0, 2.0])).numpy()
np.float32(5.0)
"""
import numpy as np

from numkeras.backend import config
from numkeras.backend import math_ops as _m
from numkeras.backend import nn_ops as _nn
from numkeras.backend import tensor as _tensor
from numkeras.backend.conv_api import (  # noqa: F401 - re-exported
    average_pool,
    conv,
    conv_transpose,
    depthwise_conv,
    max_pool,
    separable_conv,
)
from numkeras.backend.tensor import Tensor, convert_to_tensor  # noqa: F401 - ops.convert_to_tensor


def _arg(x):
    """Lists and float64 arrays become floatx arrays; Tensors and Python scalars pass through.

    Python scalars (and NumPy integers, made Python ints) stay weakly typed, so they
    never promote a float32 tensor.
    """
    if isinstance(x, Tensor):
        return x
    if isinstance(x, (int, float, bool)) and not isinstance(x, np.generic):
        return x
    if isinstance(x, (np.integer, np.bool_)):
        return x.item()  # weak like a Python int: float32 * np.int64(2) stays float32
    # NumPy float scalars take the array path: np.float64(2.0) becomes a floatx 0-d array.
    x = np.asarray(x)
    if x.dtype.kind == "f" and x.dtype.name != config.floatx():
        x = x.astype(config.floatx())
    return x


def _value(x):
    return x.value if isinstance(x, Tensor) else np.asarray(x)


# --- differentiable elementwise ops ---------------------------------------------
def _pair(x1, x2):
    """Both operands of a binary op; an int/bool array meeting a float one takes its dtype.

    Keras promotes int + float32 to float32 (NumPy would give float64).
    """
    a, b = _arg(x1), _arg(x2)
    ka, kb = _kind(a), _kind(b)
    if ka != kb:
        if ka in "iub" and kb == "f":
            a = _m.cast(a, _dtype(b)) if isinstance(a, Tensor) else a.astype(_dtype(b))
        elif kb in "iub" and ka == "f":
            b = _m.cast(b, _dtype(a)) if isinstance(b, Tensor) else b.astype(_dtype(a))
    return a, b


def _kind(x):
    if isinstance(x, Tensor):
        return x.value.dtype.kind
    return x.dtype.kind if isinstance(x, np.ndarray) else "s"  # "s": a weak Python scalar


def _dtype(x):
    return x.value.dtype if isinstance(x, Tensor) else x.dtype


def add(x1, x2):
    return _m.add(*_pair(x1, x2))


def subtract(x1, x2):
    return _m.subtract(*_pair(x1, x2))


def multiply(x1, x2):
    return _m.multiply(*_pair(x1, x2))


def divide(x1, x2):
    return _m.divide(*_pair(x1, x2))


true_divide = divide


def negative(x):
    return _m.negative(_arg(x))


def power(x1, x2):
    return _m.power(*_pair(x1, x2))


def square(x):
    return _m.square(_arg(x))


def sqrt(x):
    return _m.sqrt(_arg(x))


def exp(x):
    return _m.exp(_arg(x))


def log(x):
    return _m.log(_arg(x))


def log1p(x):
    return _m.log1p(_arg(x))


def expm1(x):
    return _m.expm1(_arg(x))


def abs(x):
    return _m.abs(_arg(x))


absolute = abs


def sin(x):
    return _m.sin(_arg(x))


def cos(x):
    return _m.cos(_arg(x))


def tanh(x):
    return _m.tanh(_arg(x))


def maximum(x1, x2):
    return _m.maximum(*_pair(x1, x2))


def minimum(x1, x2):
    return _m.minimum(*_pair(x1, x2))


def clip(x, x_min, x_max):
    return _m.clip(_arg(x), x_min, x_max)


def where(condition, x1=None, x2=None):
    if x1 is None and x2 is None:  # the indices where condition holds, one Tensor per axis (as np.nonzero)
        return tuple(Tensor(indices) for indices in np.nonzero(_value(condition)))
    return _m.where(_value(condition), _arg(x1), _arg(x2))


def matmul(x1, x2):
    return _m.matmul(*_pair(x1, x2))


dot = matmul


def stop_gradient(x):
    return _m.stop_gradient(_arg(x))


def cast(x, dtype):
    return _m.cast(_arg(x), config.standardize_dtype(dtype))


# --- reductions ----------------------------------------------------------------
def sum(x, axis=None, keepdims=False):
    return _m.sum(_arg(x), axis=axis, keepdims=keepdims)


def mean(x, axis=None, keepdims=False):
    return _m.mean(_arg(x), axis=axis, keepdims=keepdims)


def max(x, axis=None, keepdims=False):
    return _m.max(_arg(x), axis=axis, keepdims=keepdims)


def min(x, axis=None, keepdims=False):
    return _m.min(_arg(x), axis=axis, keepdims=keepdims)


amax, amin = max, min


def logsumexp(x, axis=None, keepdims=False):
    return _m.logsumexp(_arg(x), axis=axis, keepdims=keepdims)


def var(x, axis=None, keepdims=False):
    centred = subtract(x, mean(x, axis=axis, keepdims=True))
    return mean(square(centred), axis=axis, keepdims=keepdims)


def std(x, axis=None, keepdims=False):
    return sqrt(var(x, axis=axis, keepdims=keepdims))


def norm(x, ord=None, axis=None, keepdims=False):
    """Euclidean norm (the only `ord` supported besides 1)."""
    if ord in (None, 2, "fro", "euclidean"):
        return sqrt(sum(square(x), axis=axis, keepdims=keepdims))
    if ord == 1:
        return sum(abs(x), axis=axis, keepdims=keepdims)
    raise ValueError(f"norm() supports ord=None, 2 or 1; got ord={ord!r}.")


# --- shape ---------------------------------------------------------------------
def reshape(x, newshape):
    newshape = (newshape,) if isinstance(newshape, int) else tuple(newshape)
    return _m.reshape(_arg(x), newshape)


def transpose(x, axes=None):
    return _m.transpose(_arg(x), None if axes is None else tuple(axes))


def expand_dims(x, axis):
    return _m.expand_dims(_arg(x), axis)


def squeeze(x, axis=None):
    return _m.squeeze(_arg(x), axis=axis)


def broadcast_to(x, shape):
    return _m.broadcast_to(_arg(x), tuple(shape))


def concatenate(xs, axis=0):
    return _m.concatenate_values(*[_arg(x) for x in xs], axis=axis)


def stack(xs, axis=0):
    return _m.stack_values(*[_arg(x) for x in xs], axis=axis)


def take(x, indices, axis=None):
    return _m.take(_arg(x), np.asarray(_value(indices)), axis=axis)


def flatten(x):
    return reshape(x, (-1,))


# --- activations (the functions behind numkeras.activations) ---------------------
def sigmoid(x):
    return _nn.sigmoid(_arg(x))


def relu(x):
    return _nn.relu(_arg(x))


def relu6(x):
    return _nn.relu6(_arg(x))


def softmax(x, axis=-1):
    return _nn.softmax(_arg(x), axis=axis)


def log_softmax(x, axis=-1):
    return _nn.log_softmax(_arg(x), axis=axis)


def softplus(x):
    return _nn.softplus(_arg(x))


def softsign(x):
    return _nn.softsign(_arg(x))


def elu(x, alpha=1.0):
    return _nn.elu(_arg(x), alpha=alpha)


def selu(x):
    return _nn.selu(_arg(x))


def leaky_relu(x, negative_slope=0.2):
    return _nn.leaky_relu(_arg(x), negative_slope=negative_slope)


def hard_sigmoid(x):
    return _nn.hard_sigmoid(_arg(x))


def hard_silu(x):
    return _nn.hard_silu(_arg(x))


hard_swish = hard_silu


def silu(x):
    return _nn.silu(_arg(x))


swish = silu


def gelu(x, approximate=True):
    return _nn.gelu(_arg(x), approximate=approximate)


def mish(x):
    return _nn.mish(_arg(x))


# --- not differentiable ------------------------------------------------------------
def _constant(fn):
    def op(*args, **kwargs):
        return Tensor(np.asarray(fn(*[a.value if isinstance(a, Tensor) else a for a in args], **kwargs)))
    op.__name__ = fn.__name__
    op.__doc__ = f"`numpy.{fn.__name__}`, returned as a Tensor (no gradient)."
    return op


argmax = _constant(np.argmax)
argmin = _constant(np.argmin)
argsort = _constant(np.argsort)
equal = _constant(np.equal)
not_equal = _constant(np.not_equal)
greater = _constant(np.greater)
greater_equal = _constant(np.greater_equal)
less = _constant(np.less)
less_equal = _constant(np.less_equal)
logical_and = _constant(np.logical_and)
logical_or = _constant(np.logical_or)
logical_not = _constant(np.logical_not)
sign = _constant(np.sign)
floor = _constant(np.floor)
ceil = _constant(np.ceil)
round = _constant(np.round)
isnan = _constant(np.isnan)
isfinite = _constant(np.isfinite)
isinf = _constant(np.isinf)
all = _constant(np.all)
any = _constant(np.any)
arange = _constant(np.arange)
cumsum = _constant(np.cumsum)


def zeros(shape, dtype=None):
    return Tensor(np.zeros(shape, config.standardize_dtype(dtype)))


def ones(shape, dtype=None):
    return Tensor(np.ones(shape, config.standardize_dtype(dtype)))


def full(shape, fill_value, dtype=None):
    return Tensor(np.full(shape, fill_value, config.standardize_dtype(dtype)))


def zeros_like(x, dtype=None):
    return Tensor(np.zeros_like(_value(x), dtype=dtype))


def ones_like(x, dtype=None):
    return Tensor(np.ones_like(_value(x), dtype=dtype))


def one_hot(x, num_classes, axis=-1, dtype=None):
    """One-hot encodes integer `x` along a new `axis` (out-of-range ids give zero rows)."""
    ids = np.asarray(_value(x)).astype(np.int64)
    out = (ids[..., None] == np.arange(num_classes)).astype(config.standardize_dtype(dtype))
    return Tensor(np.moveaxis(out, -1, axis) if axis != -1 else out)


def shape(x):
    return tuple(_value(x).shape)


def convert_to_numpy(x):
    return np.asarray(_value(x))


def is_tensor(x):
    return isinstance(x, Tensor)


# NumPy ufuncs applied to Tensors dispatch here, so `np.exp(t)` records gradients too.
UFUNC_OPS = _tensor.UFUNC_OPS
UFUNC_OPS.update({
    "add": add, "subtract": subtract, "multiply": multiply, "divide": divide,
    "true_divide": divide, "negative": negative, "power": power, "square": square,
    "sqrt": sqrt, "exp": exp, "log": log, "log1p": log1p, "expm1": expm1,
    "absolute": abs, "sin": sin, "cos": cos, "tanh": tanh, "maximum": maximum,
    "minimum": minimum, "matmul": matmul,
})


def _no_out(out, name):
    if out is not None:
        raise TypeError(f"Tensor.{name}() does not support `out=`; tensors are immutable.")


# `dtype` and `out` are there because np.sum(t) and np.mean(t) pass them to these methods.
def _tensor_sum(self, axis=None, keepdims=False, dtype=None, out=None):
    _no_out(out, "sum")
    result = sum(self, axis=axis, keepdims=keepdims)
    return result if dtype is None else cast(result, dtype)


def _tensor_mean(self, axis=None, keepdims=False, dtype=None, out=None):
    _no_out(out, "mean")
    result = mean(self, axis=axis, keepdims=keepdims)
    return result if dtype is None else cast(result, dtype)


def _install_operators():
    def reflected(op):
        return lambda self, other: op(other, self)

    T = Tensor
    T.T = property(transpose)
    T.astype = cast
    T.reshape = lambda self, *shape: reshape(self, shape[0] if len(shape) == 1 else shape)
    T.sum, T.mean = _tensor_sum, _tensor_mean
    T.__add__, T.__radd__ = add, reflected(add)
    T.__sub__, T.__rsub__ = subtract, reflected(subtract)
    T.__mul__, T.__rmul__ = multiply, reflected(multiply)
    T.__truediv__, T.__rtruediv__ = divide, reflected(divide)
    T.__pow__, T.__rpow__ = power, reflected(power)
    T.__matmul__, T.__rmatmul__ = matmul, reflected(matmul)
    T.__neg__ = negative
    T.__pos__ = lambda self: self
    T.__abs__ = abs
    T.__getitem__ = lambda self, key: _m.getitem(self, key.value if isinstance(key, Tensor) else key)
    T.__lt__, T.__le__ = less, less_equal
    T.__gt__, T.__ge__ = greater, greater_equal
    T.__eq__ = lambda self, other: equal(self, other)
    T.__ne__ = lambda self, other: not_equal(self, other)


_install_operators()

# The rest of keras.ops lives in modules of its own, one concept each; they build on the ops above.
# Differentiable ones are primitives of backend.array_ops or compositions of ops; those NumPy
# answers with integers, booleans, orders or decompositions return Tensors without a gradient.
from numkeras.ops_arrays import *  # noqa: E402, F403  shapes, indexing, sorting, creation
from numkeras.ops_control import *  # noqa: E402, F403  cond, while_loop, scan, map
from numkeras.ops_linalg import *  # noqa: E402, F403  products, linear algebra, attention
from numkeras.ops_math import *  # noqa: E402, F403  elementwise, reductions, comparisons, bits

__all__ = [n for n in dir() if not n.startswith("_") and n not in ("np", "config")]
