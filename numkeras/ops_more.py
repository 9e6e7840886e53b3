"""The rest of `keras.ops` that plain NumPy covers, served through `numkeras.ops`.

`numkeras.ops` imports every public name of this module, so use `ops.split`,
`ops.tile`, `ops.einsum`, ... Differentiable ops are primitives of
`numkeras.backend.array_ops` or compositions of differentiable ops; the ones
NumPy answers with integers, booleans, sorted orders or decompositions return
Tensors without a gradient, as Keras's integer-valued ops do.
"""
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
    a, b = split(x, 2, axis=axis)
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


# --- shape and layout -----------------------------------------------------------------------
_builtin_slice = slice


def split(x, indices_or_sections, axis=0):
    """Splits along `axis` into equal sections or at the given indices; a list of Tensors."""
    x = _tensor(x)
    size = np.shape(_value(x))[axis]
    if isinstance(indices_or_sections, (int, np.integer)):
        if size % indices_or_sections:
            raise ValueError(f"split(): axis {axis} of size {size} does not divide into "
                             f"{indices_or_sections} equal sections.")
        step = size // indices_or_sections
        bounds = list(range(0, size + 1, step))
    else:
        bounds = [0, *[int(i) for i in indices_or_sections], size]
    return [_slice_axis(x, axis, start, stop) for start, stop in zip(bounds[:-1], bounds[1:])]


def array_split(x, indices_or_sections, axis=0):
    size = np.shape(_value(x))[axis]
    if isinstance(indices_or_sections, (int, np.integer)):
        n = int(indices_or_sections)
        sizes = [size // n + (1 if i < size % n else 0) for i in range(n)]
        indices_or_sections = np.cumsum(sizes)[:-1].tolist()
    return split(x, indices_or_sections, axis)


def hsplit(x, indices_or_sections):
    return split(x, indices_or_sections, axis=1 if np.ndim(_value(x)) > 1 else 0)


def vsplit(x, indices_or_sections):
    return split(x, indices_or_sections, axis=0)


def dsplit(x, indices_or_sections):
    return split(x, indices_or_sections, axis=2)


def _slice_axis(x, axis, start, stop):
    index = [_builtin_slice(None)] * np.ndim(_value(x))
    index[axis] = _builtin_slice(start, stop)
    return x[tuple(index)]


def unstack(x, num=None, axis=0):
    x = _tensor(x)
    count = np.shape(_value(x))[axis]
    return [_ops.squeeze(_slice_axis(x, axis, i, i + 1), axis=axis) for i in range(count)]


def tile(x, repeats):
    repeats = (int(repeats),) if isinstance(repeats, (int, np.integer)) else tuple(int(r) for r in repeats)
    return _a.tile(_arg(x), repeats)


def repeat(x, repeats, axis=None):
    repeats = repeats if isinstance(repeats, (int, np.integer)) else np.asarray(_value(repeats))
    return _a.repeat(_arg(x), repeats, axis=axis)


def roll(x, shift, axis=None):
    return _a.roll(_arg(x), shift, axis=axis)


def flip(x, axis=None):
    x = _tensor(x)
    ndim = np.ndim(_value(x))
    axes = range(ndim) if axis is None else [axis] if isinstance(axis, int) else axis
    index = [_builtin_slice(None)] * ndim
    for a in axes:
        index[a] = _builtin_slice(None, None, -1)
    return x[tuple(index)]


def fliplr(x):
    return flip(x, 1)


def flipud(x):
    return flip(x, 0)


def rot90(array, k=1, axes=(0, 1)):
    k %= 4
    x = _tensor(array)
    for _ in range(k):
        x = flip(swapaxes(x, *axes), axes[0])
    return x


def pad(x, pad_width, mode="constant", constant_values=None):
    if mode == "constant":
        return _a.pad_constant(_arg(x), pad_width, constant_values=constant_values or 0)
    return Tensor(np.pad(_value(x), pad_width, mode=mode))


def swapaxes(x, axis1, axis2):
    axes = list(range(np.ndim(_value(x))))
    axes[axis1], axes[axis2] = axes[axis2], axes[axis1]
    return _ops.transpose(x, axes)


def moveaxis(x, source, destination):
    ndim = np.ndim(_value(x))
    sources = [a % ndim for a in (source if isinstance(source, (list, tuple)) else [source])]
    targets = [a % ndim for a in (destination if isinstance(destination, (list, tuple)) else [destination])]
    order = [a for a in range(ndim) if a not in sources]
    for target, src in sorted(zip(targets, sources)):
        order.insert(target, src)
    return _ops.transpose(x, order)


def ravel(x):
    return _ops.reshape(x, (-1,))


def ndim(x):
    return int(np.ndim(_value(x)))


def size(x):
    return int(np.size(_value(x)))


def dtype(x):
    return str(np.asarray(_value(x)).dtype)


def hstack(xs):
    return _ops.concatenate(xs, axis=1 if np.ndim(_value(xs[0])) > 1 else 0)


def vstack(xs):
    return _ops.concatenate([x if np.ndim(_value(x)) > 1 else _ops.reshape(x, (1, -1)) for x in xs], axis=0)


def dstack(xs):
    def three_d(x):
        shape = np.shape(_value(x))
        return _ops.reshape(x, (1, -1, 1) if len(shape) == 1 else shape + (1,) if len(shape) == 2 else shape)
    return _ops.concatenate([three_d(x) for x in xs], axis=2)


def append(x1, x2, axis=None):
    if axis is None:
        return _ops.concatenate([ravel(x1), ravel(x2)], axis=0)
    return _ops.concatenate([x1, x2], axis=axis)


def diff(a, n=1, axis=-1):
    for _ in range(n):
        length = np.shape(_value(a))[axis]
        a = _ops.subtract(_slice_axis(_tensor(a), axis, 1, length), _slice_axis(_tensor(a), axis, 0, length - 1))
    return a


def copy(x):
    return _ops.add(x, 0) if isinstance(x, Tensor) else Tensor(np.array(_value(x)))


def get_item(x, key):
    return _tensor(x)[key]


def slice(inputs, start_indices, shape):  # noqa: A001 - keras.ops.slice
    """The window of `shape` starting at `start_indices` (-1 in `shape`: to the end)."""
    full = np.shape(_value(inputs))
    window = tuple(_builtin_slice(int(s), full[i] if d == -1 else int(s) + int(d))
                   for i, (s, d) in enumerate(zip(np.asarray(_value(start_indices)).tolist(), shape)))
    return _tensor(inputs)[window]


def slice_update(inputs, start_indices, updates):
    return _a.slice_update(_arg(inputs), tuple(int(s) for s in np.asarray(_value(start_indices))), _arg(updates))


def scatter(indices, values, shape):
    return _a.scatter(np.asarray(_value(indices)), _arg(values), tuple(shape))


def scatter_update(inputs, indices, updates):
    """`inputs` with the entries at `indices` (rows of coordinates) replaced by `updates`."""
    coords = tuple(np.moveaxis(np.asarray(_value(indices)), -1, 0))
    mask = np.zeros(np.shape(_value(inputs)), dtype=bool)
    mask[coords] = True
    placed = _a.scatter(np.asarray(_value(indices)), _arg(updates), np.shape(_value(inputs)))
    return _ops.where(mask, placed, inputs)


def take_along_axis(x, indices, axis=None):
    return _a.take_along_axis(_arg(x), np.asarray(_value(indices)), axis=axis)


def segment_sum(data, segment_ids, num_segments=None, sorted=False):  # noqa: A002
    ids = np.asarray(_value(segment_ids))
    count = int(ids.max()) + 1 if num_segments is None else int(num_segments)
    return _a.segment_sum(_arg(data), ids, count)


def _segment_reduce(reducer, empty):
    def op(data, segment_ids, num_segments=None, sorted=False):  # noqa: A002
        values, ids = np.asarray(_value(data)), np.asarray(_value(segment_ids))
        count = int(ids.max()) + 1 if num_segments is None else int(num_segments)
        out = np.full((count,) + values.shape[1:], empty, dtype=values.dtype)
        reducer.at(out, ids, values)
        return Tensor(out)
    return op


segment_max = _segment_reduce(np.maximum, -np.inf)
segment_min = _segment_reduce(np.minimum, np.inf)
segment_prod = _segment_reduce(np.multiply, 1)


def sort(x, axis=-1):
    order = np.argsort(_value(x), axis=axis, kind="stable")
    return take_along_axis(x, order, axis=axis)


def top_k(x, k, sorted=True):  # noqa: A002
    """`(values, indices)` of the `k` largest entries along the last axis (values differentiable)."""
    order = np.argsort(-np.asarray(_value(x)), axis=-1, kind="stable")[..., :k]
    return take_along_axis(x, order, axis=-1), Tensor(order.astype(np.int32))


def in_top_k(targets, predictions, k):
    order = np.argsort(-np.asarray(_value(predictions)), axis=-1, kind="stable")[..., :k]
    return Tensor((order == np.asarray(_value(targets))[..., None]).any(axis=-1))


argpartition = _constant(lambda x, kth, axis=-1: np.argpartition(x, kth, axis=axis))
nonzero = _constant(np.nonzero)
unravel_index = _constant(np.unravel_index)


def unique(x, sorted=True, return_inverse=False, return_counts=False, axis=None, size=None,  # noqa: A002
           fill_value=None):
    results = np.unique(_value(x), return_inverse=return_inverse, return_counts=return_counts, axis=axis)
    if isinstance(results, tuple):
        return tuple(Tensor(r) for r in results)
    return Tensor(results)


# --- products and linear algebra --------------------------------------------------------------
def einsum(subscripts, *operands):
    values = [_arg(o) for o in operands]
    if "." in subscripts or any(
            len(set(t)) != len(t) for t in subscripts.replace(" ", "").split("->")[0].split(",")):
        return Tensor(np.einsum(subscripts, *[_value(v) for v in values]))  # no gradient for these forms
    return _a.einsum(subscripts, *values)


def tensordot(x1, x2, axes=2):
    a, b = np.ndim(_value(x1)), np.ndim(_value(x2))
    if isinstance(axes, (int, np.integer)):
        axes = (list(range(a - axes, a)), list(range(axes)))
    first, second = ([axes[0]] if isinstance(axes[0], int) else list(axes[0]),
                     [axes[1]] if isinstance(axes[1], int) else list(axes[1]))
    letters = "abcdefghijklmnopqrstuvwxyz"
    left = list(letters[:a])
    right = list(letters[a:a + b])
    for i, j in zip(first, second):
        right[j % b] = left[i % a]
    out = [c for i, c in enumerate(left) if i not in [f % a for f in first]] + \
          [c for j, c in enumerate(right) if j not in [s % b for s in second]]
    return einsum(f"{''.join(left)},{''.join(right)}->{''.join(out)}", x1, x2)


def outer(x1, x2):
    return _ops.multiply(_ops.reshape(x1, (-1, 1)), _ops.reshape(x2, (1, -1)))


def inner(x1, x2):
    if np.ndim(_value(x1)) == 0 or np.ndim(_value(x2)) == 0:
        return _ops.multiply(x1, x2)
    return tensordot(x1, x2, axes=([-1], [-1]))


def vdot(x1, x2):
    return _ops.sum(_ops.multiply(ravel(x1), ravel(x2)))


def cross(x1, x2, axisa=-1, axisb=-1, axisc=-1, axis=None):
    return Tensor(np.cross(_value(x1), _value(x2), axisa=axisa, axisb=axisb, axisc=axisc, axis=axis))


kron = _constant(np.kron)


def diagonal(x, offset=0, axis1=0, axis2=1):
    return _a.diagonal(_arg(x), offset=offset, axis1=axis1, axis2=axis2)


def trace(x, offset=0, axis1=0, axis2=1):
    return _ops.sum(diagonal(x, offset, axis1, axis2), axis=-1)


def tril(x, k=0):
    shape = np.shape(_value(x))
    return _ops.multiply(x, np.tril(np.ones(shape[-2:], dtype=bool), k))


def triu(x, k=0):
    shape = np.shape(_value(x))
    return _ops.multiply(x, np.triu(np.ones(shape[-2:], dtype=bool), k))


def inv(x):
    return _a.inv(_arg(x))


def det(x):
    return _a.det(_arg(x))


def solve(a, b):
    return _a.solve(_arg(a), _arg(b))


def cdist(x1, x2, p=2.0):
    """Pairwise distances between the rows of `x1` (..., n, d) and `x2` (..., m, d)."""
    difference = _ops.subtract(_ops.expand_dims(x1, -2), _ops.expand_dims(x2, -3))
    if p == 2.0:
        return _ops.sqrt(_ops.sum(_ops.square(difference), axis=-1))
    return _ops.power(_ops.sum(_ops.power(_ops.abs(difference), p), axis=-1), 1.0 / p)


cholesky, eig, eigh = _constant(np.linalg.cholesky), _constant(np.linalg.eig), _constant(np.linalg.eigh)
pinv, matrix_rank = _constant(np.linalg.pinv), _constant(np.linalg.matrix_rank)


def qr(x, mode="reduced"):
    q, r = np.linalg.qr(_value(x), mode=mode)
    return Tensor(q), Tensor(r)


def svd(x, full_matrices=True, compute_uv=True):
    result = np.linalg.svd(_value(x), full_matrices=full_matrices, compute_uv=compute_uv)
    return tuple(Tensor(r) for r in result) if compute_uv else Tensor(result)


def slogdet(x):
    sign, logabs = np.linalg.slogdet(_value(x))
    return Tensor(sign), Tensor(logabs)


def logdet(x):
    return _ops.log(det(x))


def lstsq(a, b, rcond=None):
    return Tensor(np.linalg.lstsq(_value(a), _value(b), rcond=rcond)[0])


def solve_triangular(a, b, lower=False):
    return solve(tril(a) if lower else triu(a), b)


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


# --- creation ------------------------------------------------------------------------------
def _dtype_or_floatx(dtype):
    return _config.standardize_dtype(dtype)


def eye(N, M=None, k=0, dtype=None):  # noqa: N803 - keras.ops.eye's argument names
    return Tensor(np.eye(N, M, k, dtype=_dtype_or_floatx(dtype)))


def identity(n, dtype=None):
    return eye(n, dtype=dtype)


def tri(N, M=None, k=0, dtype=None):  # noqa: N803
    return Tensor(np.tri(N, M, k, dtype=_dtype_or_floatx(dtype)))


def empty(shape, dtype=None):
    return Tensor(np.zeros(shape, _dtype_or_floatx(dtype)))


def empty_like(x, dtype=None):
    return Tensor(np.zeros_like(_value(x), dtype=dtype))


def full_like(x, fill_value, dtype=None):
    return Tensor(np.full_like(_value(x), fill_value, dtype=dtype))


def array(x, dtype=None):
    return Tensor(np.array(_value(x), dtype=dtype))


def linspace(start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0):
    values = np.linspace(_value(start), _value(stop), num, endpoint=endpoint, retstep=retstep, axis=axis)
    if retstep:
        return Tensor(values[0].astype(_dtype_or_floatx(dtype))), values[1]
    return Tensor(values.astype(_dtype_or_floatx(dtype)))


def logspace(start, stop, num=50, endpoint=True, base=10, dtype=None, axis=0):
    return Tensor(np.logspace(start, stop, num, endpoint, base, axis=axis).astype(_dtype_or_floatx(dtype)))


def geomspace(start, stop, num=50, endpoint=True, dtype=None, axis=0):
    return Tensor(np.geomspace(start, stop, num, endpoint, axis=axis).astype(_dtype_or_floatx(dtype)))


def meshgrid(*x, indexing="xy"):
    return [Tensor(g) for g in np.meshgrid(*[_value(v) for v in x], indexing=indexing)]


def diag(x, k=0):
    return Tensor(np.diag(_value(x), k))


def diagflat(x, k=0):
    return Tensor(np.diagflat(_value(x), k))


def vander(x, N=None, increasing=False):  # noqa: N803
    return Tensor(np.vander(_value(x), N, increasing))


bartlett, blackman = _constant(np.bartlett), _constant(np.blackman)
hamming, hanning, kaiser = _constant(np.hamming), _constant(np.hanning), _constant(np.kaiser)


def multi_hot(inputs, num_classes, axis=-1, dtype=None):
    ids = np.asarray(_value(inputs)).astype(np.int64)
    out = np.zeros(ids.shape[:-1] + (num_classes,), dtype=_dtype_or_floatx(dtype))
    np.put_along_axis(out, ids, 1, axis=-1)
    return Tensor(np.moveaxis(out, -1, axis) if axis != -1 else out)


def saturate_cast(x, dtype):
    target = np.dtype(_config.standardize_dtype(dtype))
    if target.kind in "iu":
        info = np.iinfo(target)
        x = _ops.clip(x, info.min, info.max)
    return _ops.cast(x, target)


# --- control flow: plain Python, as Keras's NumPy backend runs it ------------------------------
def select(condlist, choicelist, default=0):
    """The first choice whose condition holds, elementwise (differentiable in the choices)."""
    out = default
    for condition, choice in reversed(list(zip(condlist, choicelist))):
        out = _ops.where(np.asarray(_value(condition), dtype=bool), choice, out)
    return _tensor(out)


def cond(pred, true_fn, false_fn):
    return true_fn() if bool(np.asarray(_value(pred))) else false_fn()


def switch(index, branches, *operands):
    chosen = int(np.clip(np.asarray(_value(index)), 0, len(branches) - 1))
    return branches[chosen](*operands)


def while_loop(cond, body, loop_vars, maximum_iterations=None):
    single = not isinstance(loop_vars, (list, tuple))
    state = (loop_vars,) if single else tuple(loop_vars)
    count = 0
    while bool(np.asarray(_value(cond(*state)))) and (maximum_iterations is None or count < maximum_iterations):
        out = body(*state)
        state = (out,) if single else tuple(out)
        count += 1
    return state[0] if single else type(loop_vars)(state) if isinstance(loop_vars, list) else state


def fori_loop(lower, upper, body_fun, init_val):
    value = init_val
    for i in range(int(lower), int(upper)):
        value = body_fun(i, value)
    return value


def scan(f, init, xs=None, length=None, reverse=False, unroll=1):
    """`(final carry, stacked outputs)` of `carry, y = f(carry, x)` over `xs`'s first axis."""
    n = length if xs is None else np.shape(_value(xs))[0]
    steps = range(n - 1, -1, -1) if reverse else range(n)
    carry, outputs = init, []
    for i in steps:
        carry, y = f(carry, None if xs is None else _tensor(xs)[i])
        outputs.append(y)
    if reverse:
        outputs.reverse()
    stacked = None if not outputs or outputs[0] is None else _ops.stack(outputs)
    return carry, stacked


def map(f, xs):  # noqa: A001 - keras.ops.map
    return _ops.stack([f(_tensor(xs)[i]) for i in range(np.shape(_value(xs))[0])])


def vectorized_map(function, elements):
    return map(function, elements)


def associative_scan(f, elems, reverse=False, axis=0):
    items = unstack(elems, axis=axis)
    if reverse:
        items.reverse()
    out = [items[0]]
    for item in items[1:]:
        out.append(f(out[-1], item))
    if reverse:
        out.reverse()
    return _ops.stack(out, axis=axis)


# --- attention --------------------------------------------------------------------------------
def dot_product_attention(query, key, value, bias=None, mask=None, scale=None, is_causal=False,
                          flash_attention=None, attn_logits_soft_cap=None):
    """Softmax attention over (batch, length, heads, dim) inputs, as keras.ops defines it."""
    dim = np.shape(_value(query))[-1]
    scale = 1.0 / _math.sqrt(dim) if scale is None else scale
    logits = _ops.multiply(einsum("bqhd,bkhd->bhqk", query, key), scale)
    if bias is not None:
        logits = _ops.add(logits, bias)
    allowed = None if mask is None else np.asarray(_value(mask), dtype=bool)
    if is_causal:
        q_len, k_len = np.shape(_value(query))[1], np.shape(_value(key))[1]
        causal = np.tril(np.ones((q_len, k_len), dtype=bool))
        allowed = causal if allowed is None else allowed & causal
    if allowed is not None:
        logits = _ops.where(allowed, logits, np.finfo(np.float32).min / 2)
    weights = _ops.softmax(logits, axis=-1)
    return einsum("bhqk,bkhd->bqhd", weights, value)


def psnr(x1, x2, max_val):
    mse = _ops.mean(_ops.square(_ops.subtract(x1, x2)))
    return _ops.subtract(20 * _math.log10(max_val), _ops.multiply(10.0, log10(mse)))


__all__ = [n for n in dir() if not n.startswith("_") and n not in ("np", "Tensor")]
