"""`keras.ops` beyond `numkeras.ops`'s core: shapes and layout (split, tile, flip, pad, ...),
indexing and scatter, sorting, and array creation. `numkeras.ops` imports every public name here."""

import numpy as np

from numkeras import ops as _ops
from numkeras.backend import array_ops as _a
from numkeras.backend import config as _config
from numkeras.backend.tensor import Tensor
from numkeras.ops_math import _tensor

_arg, _value, _pair, _constant = _ops._arg, _ops._value, _ops._pair, _ops._constant


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
