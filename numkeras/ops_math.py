"""`keras.ops` beyond `numkeras.ops`'s core: elementwise functions, reductions and statistics,
comparisons, logic and bits. `numkeras.ops` imports every public name here."""
import math as _math

import numpy as np

from numkeras import ops as _ops
from numkeras.backend import array_ops as _a
from numkeras.backend import config as _config
from numkeras.backend.tensor import Tensor

_arg, _value, _pair, _constant = _ops._arg, _ops._value, _ops._pair, _ops._constant


# --- elementwise, differentiable ------------------------------------------------------------
def _unary(prim):
    def op(x):
        return prim(_arg(x))
    op.__name__ = prim.name
    op.__doc__ = f"Elementwise `numpy.{prim.name}`, differentiable."
    return op


tan, sinh, cosh = _unary(_a.tan), _unary(_a.sinh), _unary(_a.cosh)
arcsin, arccos, arctan = _unary(_a.arcsin), _unary(_a.arccos), _unary(_a.arctan)
arcsinh, arccosh, arctanh = _unary(_a.arcsinh), _unary(_a.arccosh), _unary(_a.arctanh)
cbrt, erf = _unary(_a.cbrt), _unary(_a.erf)


def erfc(x):
    return _ops.subtract(1.0, erf(x))


def _tensor(x):
    """Slicing results must be Tensors even for NumPy inputs."""
    x = _arg(x)
    return x if isinstance(x, Tensor) else Tensor(np.asarray(x))


def arctan2(x1, x2):
    return _a.arctan2(*_pair(x1, x2))


def reciprocal(x):
    return _ops.divide(1.0, x)


def rsqrt(x):
    return _ops.divide(1.0, _ops.sqrt(x))


def log2(x):
    return _ops.divide(_ops.log(x), _math.log(2.0))


def log10(x):
    return _ops.divide(_ops.log(x), _math.log(10.0))


def exp2(x):
    return _ops.exp(_ops.multiply(x, _math.log(2.0)))


def logaddexp(x1, x2):
    return _ops.logsumexp(_ops.stack([x1, x2]), axis=0)


def logaddexp2(x1, x2):
    return _ops.divide(logaddexp(_ops.multiply(x1, _math.log(2.0)), _ops.multiply(x2, _math.log(2.0))),
                       _math.log(2.0))


def hypot(x1, x2):
    return _ops.sqrt(_ops.add(_ops.square(x1), _ops.square(x2)))


def fabs(x):
    return _ops.abs(x)


def deg2rad(x):
    return _ops.multiply(x, np.pi / 180)


def rad2deg(x):
    return _ops.multiply(x, 180 / np.pi)


def mod(x1, x2):
    """`x1 - floor(x1 / x2) * x2` (NumPy's sign convention); the gradient flows to both."""
    return _ops.subtract(x1, _ops.multiply(_ops.floor(_ops.divide(x1, x2)), x2))


remainder = mod


def fmod(x1, x2):
    return _ops.subtract(x1, _ops.multiply(trunc(_ops.divide(x1, x2)), x2))


def floor_divide(x1, x2):
    return _ops.floor(_ops.divide(x1, x2))


def divide_no_nan(x1, x2):
    safe = _ops.where(_ops.equal(x2, 0), 1.0, x2)
    return _ops.where(_ops.equal(x2, 0), 0.0, _ops.divide(x1, safe))


def square_plus(x, b=4):
    return _ops.divide(_ops.add(x, _ops.sqrt(_ops.add(_ops.square(x), b))), 2.0)


squareplus = square_plus


def log_sigmoid(x):
    return _ops.negative(_ops.softplus(_ops.negative(x)))


def celu(x, alpha=1.0):
    return _ops.add(_ops.maximum(x, 0.0),
                    _ops.minimum(_ops.multiply(alpha, _ops.expm1(_ops.divide(x, alpha))), 0.0))


def glu(x, axis=-1):
    a, b = _ops.split(x, 2, axis=axis)
    return _ops.multiply(a, _ops.sigmoid(b))


def hard_tanh(x):
    return _ops.clip(x, -1.0, 1.0)


def hard_shrink(x, threshold=0.5):
    return _ops.where(_ops.greater(_ops.abs(x), threshold), x, 0.0)


def soft_shrink(x, threshold=0.5):
    return _ops.where(_ops.greater(x, threshold), _ops.subtract(x, threshold),
                      _ops.where(_ops.less(x, -threshold), _ops.add(x, threshold), 0.0))


def tanh_shrink(x):
    return _ops.subtract(x, _ops.tanh(x))


def threshold(x, threshold, default_value):
    return _ops.where(_ops.greater(x, threshold), x, default_value)


def sparse_plus(x):
    return _ops.where(_ops.less_equal(x, -1.0), 0.0, _ops.where(
        _ops.greater_equal(x, 1.0), x, _ops.divide(_ops.square(_ops.add(x, 1.0)), 4.0)))


def sparse_sigmoid(x):
    return _ops.clip(_ops.multiply(_ops.add(x, 1.0), 0.5), 0.0, 1.0)


def nan_to_num(x, nan=0.0, posinf=None, neginf=None):
    return Tensor(np.nan_to_num(_value(x), nan=nan, posinf=posinf, neginf=neginf))


# --- reductions and statistics ------------------------------------------------------------
def prod(x, axis=None, keepdims=False, dtype=None):
    return _a.prod(_arg(x), axis=axis, keepdims=keepdims)


def cumsum(x, axis=None, dtype=None):
    return _a.cumsum(_arg(x), axis=axis)


def average(x, axis=None, weights=None):
    if weights is None:
        return _ops.mean(x, axis=axis)
    if axis is not None and np.ndim(_value(weights)) == 1 and np.ndim(_value(x)) > 1:
        shape = [1] * np.ndim(_value(x))
        shape[axis] = -1
        weights = _ops.reshape(weights, shape)
    return _ops.divide(_ops.sum(_ops.multiply(x, weights), axis=axis),
                       _ops.sum(_ops.multiply(_ops.ones_like(x), weights), axis=axis))


def ptp(x, axis=None, keepdims=False):
    return _ops.subtract(_ops.max(x, axis=axis, keepdims=keepdims), _ops.min(x, axis=axis, keepdims=keepdims))


def moments(x, axes, keepdims=False, synchronized=False):
    """`(mean, variance)` over `axes`."""
    axes = tuple(axes) if isinstance(axes, (list, tuple)) else axes
    return _ops.mean(x, axis=axes, keepdims=keepdims), _ops.var(x, axis=axes, keepdims=keepdims)


def normalize(x, axis=-1, order=2, epsilon=None):
    eps = _config.epsilon() if epsilon is None else epsilon
    norm = _ops.norm(x, ord=order, axis=axis, keepdims=True)
    return _ops.divide(x, _ops.maximum(norm, eps))


def rms_normalization(x, scale=1, axis=-1, epsilon=None):
    eps = _config.epsilon() if epsilon is None else epsilon
    rms = _ops.sqrt(_ops.add(_ops.mean(_ops.square(x), axis=axis, keepdims=True), eps))
    return _ops.multiply(_ops.divide(x, rms), scale)


def layer_normalization(x, gamma=None, beta=None, axis=-1, epsilon=None):
    eps = 1e-3 if epsilon is None else epsilon
    mean, variance = moments(x, axes=axis, keepdims=True)
    out = _ops.divide(_ops.subtract(x, mean), _ops.sqrt(_ops.add(variance, eps)))
    out = out if gamma is None else _ops.multiply(out, gamma)
    return out if beta is None else _ops.add(out, beta)


def batch_normalization(x, mean, variance, axis, offset=None, scale=None, epsilon=1e-3):
    shape = [1] * np.ndim(_value(x))
    shape[axis] = -1

    def along(v):
        return None if v is None else _ops.reshape(v, shape)

    out = _ops.divide(_ops.subtract(x, along(mean)), _ops.sqrt(_ops.add(along(variance), epsilon)))
    out = out if scale is None else _ops.multiply(out, along(scale))
    return out if offset is None else _ops.add(out, along(offset))


median = _constant(np.median)
quantile = _constant(np.quantile)
percentile = _constant(np.percentile)
nanmean, nansum, nanmax, nanmin = (_constant(f) for f in (np.nanmean, np.nansum, np.nanmax, np.nanmin))
nanprod, nanstd, nanvar = _constant(np.nanprod), _constant(np.nanstd), _constant(np.nanvar)
nanmedian, nanquantile = _constant(np.nanmedian), _constant(np.nanquantile)
nanpercentile, nanargmax, nanargmin = _constant(np.nanpercentile), _constant(np.nanargmax), _constant(np.nanargmin)
nancumsum, nancumprod, cumprod = _constant(np.nancumsum), _constant(np.nancumprod), _constant(np.cumprod)
count_nonzero = _constant(np.count_nonzero)
corrcoef, correlate = _constant(np.corrcoef), _constant(np.correlate)
bincount = _constant(lambda x, weights=None, minlength=0: np.bincount(x, weights, minlength))
digitize = _constant(np.digitize)
searchsorted = _constant(lambda sorted_sequence, values, side="left": np.searchsorted(
    sorted_sequence, values, side=side))


def histogram(x, bins=10, range=None):  # noqa: A002
    counts, edges = np.histogram(_value(x), bins=bins, range=range)
    return Tensor(counts), Tensor(edges.astype(_config.floatx()))


# --- comparisons, logic, bits ------------------------------------------------------------
isclose = _constant(lambda x1, x2, rtol=1e-5, atol=1e-8, equal_nan=False: np.isclose(
    x1, x2, rtol=rtol, atol=atol, equal_nan=equal_nan))
allclose = _constant(lambda x1, x2, rtol=1e-5, atol=1e-8, equal_nan=False: np.allclose(
    x1, x2, rtol=rtol, atol=atol, equal_nan=equal_nan))
isin = _constant(lambda x1, x2, assume_unique=False, invert=False: np.isin(x1, x2, invert=invert))
isneginf, isposinf, isreal = _constant(np.isneginf), _constant(np.isposinf), _constant(np.isreal)
signbit, heaviside, logical_xor = _constant(np.signbit), _constant(np.heaviside), _constant(np.logical_xor)
trunc = _constant(np.trunc)
bitwise_and, bitwise_or, bitwise_xor = _constant(np.bitwise_and), _constant(np.bitwise_or), _constant(
    np.bitwise_xor)
bitwise_not = bitwise_invert = _constant(np.invert)
bitwise_left_shift = left_shift = _constant(np.left_shift)
bitwise_right_shift = right_shift = _constant(np.right_shift)
gcd, lcm, ldexp, nextafter = _constant(np.gcd), _constant(np.lcm), _constant(np.ldexp), _constant(np.nextafter)
fmax, fmin = _constant(np.fmax), _constant(np.fmin)
real, imag, conj, angle = _constant(np.real), _constant(np.imag), _constant(np.conj), _constant(np.angle)
conjugate = conj
i0, sinc = _constant(np.i0), _constant(np.sinc)
trapezoid = _constant(getattr(np, "trapezoid", None) or np.trapz)
