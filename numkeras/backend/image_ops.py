"""Image resampling primitives, each forward beside its VJP: `resize` and `affine_transform`.

Both work on channels_last batches `(batch, height, width, channels)`; the layers
move channels_first data there and back. They follow Keras 3 on JAX
(`jax.image.resize`, `jax.scipy.ndimage.map_coordinates`) so the numbers agree:

- `resize` is separable: one `(in, out)` weight matrix per spatial axis, built
  from the interpolation kernel at half-pixel centres, applied as two
  contractions. Its gradient is the same two contractions with the matrices
  transposed.
- `affine_transform` samples every output pixel at `(x', y')` given by a
  projective transform `[a0, a1, a2, b0, b1, b2, c0, c1]` (TensorFlow's
  convention: `x' = (a0 x + a1 y + a2) / k`, `y' = (b0 x + b1 y + b2) / k`,
  `k = c0 x + c1 y + 1`), one transform per image, by one gather for the whole
  batch. Its gradient scatters the output gradient back to the gathered pixels
  with `np.bincount`.
"""
import numpy as np

from numkeras.backend.primitive import defvjp, primitive

RESIZE_METHODS = ("bilinear", "nearest", "bicubic", "lanczos3", "lanczos5")
FILL_MODES = ("reflect", "wrap", "constant", "nearest")
AFFINE_INTERPOLATIONS = ("nearest", "bilinear")


# --- resize ----------------------------------------------------------------------------------
def _triangle(x):
    return np.maximum(0.0, 1.0 - x)


def _keys_cubic(x):
    out = ((1.5 * x - 2.5) * x) * x + 1.0
    out = np.where(x >= 1.0, ((-0.5 * x + 2.5) * x - 4.0) * x + 2.0, out)
    return np.where(x >= 2.0, 0.0, out)


def _lanczos(radius):
    def kernel(x):
        y = radius * np.sin(np.pi * x) * np.sin(np.pi * x / radius)
        with np.errstate(divide="ignore", invalid="ignore"):
            out = np.where(x > 1e-3, y / np.where(x != 0, np.pi ** 2 * x ** 2, 1), 1.0)
        return np.where(x > radius, 0.0, out)
    return kernel


_KERNELS = {"bilinear": _triangle, "bicubic": _keys_cubic,
            "lanczos3": _lanczos(3.0), "lanczos5": _lanczos(5.0)}


def resize_weights(in_size, out_size, method="bilinear", antialias=False):
    """The `(in_size, out_size)` float32 matrix that resamples one axis (JAX's `compute_weight_mat`).

    Pixel `i` is centred at `i + 0.5`; an output pixel whose centre falls outside the
    input gets weight 0. With `antialias`, the kernel widens by the downscaling factor.

    Example:
    >>> resize_weights(2, 4).T.tolist()
    [[1.0, 0.0], [0.75, 0.25], [0.25, 0.75], [0.0, 1.0]]
    """
    if method == "nearest":
        # floor((j + 0.5) * in / out), computed in float32 as JAX does.
        src = (np.arange(out_size, dtype=np.float32) + np.float32(0.5)) * np.float32(in_size)
        src = np.floor(src / np.float32(out_size)).astype(np.int64)
        weights = np.zeros((in_size, out_size), np.float32)
        weights[np.minimum(src, in_size - 1), np.arange(out_size)] = 1.0
        return weights
    scale = np.float32(out_size / in_size)
    inv_scale = np.float32(1.0) / scale
    kernel_scale = max(float(inv_scale), 1.0) if antialias else 1.0
    sample = (np.arange(out_size, dtype=np.float32) + np.float32(0.5)) * inv_scale - np.float32(0.5)
    distance = np.abs(sample[None, :].astype(np.float64) - np.arange(in_size)[:, None]) / kernel_scale
    weights = _KERNELS[method](distance)
    total = weights.sum(axis=0, keepdims=True)
    weights = np.where(np.abs(total) > 1000.0 * float(np.finfo(np.float32).eps),
                       weights / np.where(total != 0, total, 1.0), 0.0)
    inside = (sample >= -0.5) & (sample <= in_size - 0.5)
    return np.where(inside[None, :], weights, 0.0).astype(np.float32)


@primitive
def resize(images, height, width, method="bilinear", antialias=False):
    """Resizes `(batch, h, w, c)` images to `(batch, height, width, c)` (float output).

    Example:
    >>> resize(np.array([[[[0.0], [2.0]]]], "float32"), 1, 4).numpy()[0, 0, :, 0].tolist()
    [0.0, 0.5, 1.5, 2.0]
    """
    _, in_h, in_w, _ = images.shape
    out = images
    if in_h != height:
        out = np.einsum("bhwc,hi->biwc", out, resize_weights(in_h, height, method, antialias)
                        .astype(out.dtype, copy=False), optimize=True)
    if in_w != width:
        out = np.einsum("bhwc,wj->bhjc", out, resize_weights(in_w, width, method, antialias)
                        .astype(out.dtype, copy=False), optimize=True)
    return out if out is not images else images.copy()


def _resize_vjp(g, ans, images, height, width, method="bilinear", antialias=False):
    _, in_h, in_w, _ = images.shape
    if in_w != width:
        g = np.einsum("bhjc,wj->bhwc", g, resize_weights(in_w, width, method, antialias)
                      .astype(g.dtype, copy=False), optimize=True)
    if in_h != height:
        g = np.einsum("biwc,hi->bhwc", g, resize_weights(in_h, height, method, antialias)
                      .astype(g.dtype, copy=False), optimize=True)
    return g


defvjp(resize, _resize_vjp, None, None)


# --- affine_transform ----------------------------------------------------------------------------
def _round_half_away_from_zero(x):
    return np.trunc(x + np.copysign(np.asarray(0.5, x.dtype), x))


def _fix_index(index, size, fill_mode):
    """Maps out-of-range indices into the image as `fill_mode` says (JAX's index fixers)."""
    if fill_mode == "wrap":
        return index % size
    if fill_mode == "reflect":  # (d c b a | a b c d | d c b a): period 2 * size, mirrored half
        folded = index % (2 * size)
        return np.where(folded >= size, 2 * size - 1 - folded, folded)
    return np.clip(index, 0, size - 1)  # nearest; constant: any valid index, masked out below


_INDEX = np.int32  # gather indices: half the memory traffic of int64


def _corners(coordinate, size, interpolation, fill_mode):
    """[(index, weight, valid)] of the samples that interpolate along one axis."""
    if interpolation == "nearest":
        index = _round_half_away_from_zero(coordinate).astype(_INDEX)
        nodes = [(index, None)]
    else:
        lower = np.floor(coordinate)
        upper_weight = coordinate - lower
        index = lower.astype(_INDEX)
        nodes = [(index, 1 - upper_weight), (index + 1, upper_weight)]
    out = []
    for index, weight in nodes:
        valid = (index >= 0) & (index < size) if fill_mode == "constant" else None
        out.append((_fix_index(index, size, fill_mode), weight, valid))
    return out


def _sampling_plan(shape, transforms, interpolation, fill_mode):
    """The corners every output pixel reads: `([(flat index, weight)], fill weight)`.

    A weight of None means 1 (nearest). With `fill_mode="constant"`, a corner outside the
    image gets weight 0 and its weight moves to the fill value's share (None otherwise).
    """
    batch, height, width, _ = shape
    t = np.asarray(transforms, np.float32).reshape(-1, 8)
    if t.shape[0] == 1 and batch > 1:
        t = np.broadcast_to(t, (batch, 8))
    a0, a1, a2, b0, b1, b2, c0, c1 = (t[:, i, None, None] for i in range(8))
    y = np.arange(height, dtype=np.float32)[None, :, None]
    x = np.arange(width, dtype=np.float32)[None, None, :]
    k = c0 * x + c1 * y + np.float32(1.0)
    src_y = (b0 * x + b1 * y + b2) / k
    src_x = (a0 * x + a1 * y + a2) / k
    base = (np.arange(batch, dtype=_INDEX) * (height * width))[:, None, None]
    corners, fill_weight = [], None
    for iy, wy, vy in _corners(src_y, height, interpolation, fill_mode):
        row = base + iy * width
        for ix, wx, vx in _corners(src_x, width, interpolation, fill_mode):
            weight = None if wy is None else wy * wx
            if vy is not None:
                valid = vy & vx
                outside = np.where(valid, np.float32(0), np.float32(1) if weight is None else weight)
                fill_weight = outside if fill_weight is None else fill_weight + outside
                weight = valid.astype(np.float32) if weight is None else np.where(valid, weight, np.float32(0))
            corners.append((row + ix, weight))
    return corners, fill_weight


@primitive
def affine_transform(images, transforms, interpolation="bilinear", fill_mode="constant",
                     fill_value=0.0):
    """Samples `(batch, h, w, c)` images through one projective transform per image.

    Args:
        images: float array, channels_last.
        transforms: `(batch, 8)` or `(8,)` array `[a0, a1, a2, b0, b1, b2, c0, c1]` mapping
            output pixel `(x, y)` to the input point it is read from.
        interpolation: "bilinear" or "nearest".
        fill_mode: "constant", "reflect", "wrap" or "nearest": what lies outside the image.
        fill_value: the value outside the image for `fill_mode="constant"`.

    Example:
    >>> shift = [1, 0, -1, 0, 1, 0, 0, 0]   # read from x - 1: moves the content right by 1
    >>> affine_transform(np.array([[[[1.0], [2.0], [3.0]]]], "float32"), shift).numpy().ravel().tolist()
    [0.0, 1.0, 2.0]
    """
    batch, height, width, channels = images.shape
    flat = images.reshape(batch * height * width, channels)
    corners, fill_weight = _sampling_plan(images.shape, transforms, interpolation, fill_mode)
    out = None
    for index, weight in corners:
        sample = np.take(flat, index, axis=0)  # (batch, height, width, channels)
        if weight is not None:
            sample *= weight[..., None].astype(images.dtype, copy=False)
        out = sample if out is None else out.__iadd__(sample)
    if fill_weight is not None and fill_value != 0:
        out += (fill_weight * np.float32(fill_value))[..., None].astype(images.dtype, copy=False)
    return out


def _affine_transform_vjp(g, ans, images, transforms, interpolation="bilinear",
                          fill_mode="constant", fill_value=0.0):
    channels = images.shape[-1]
    channel = np.arange(channels, dtype=np.intp)
    grad = np.zeros(images.size, np.float64)
    corners, _ = _sampling_plan(images.shape, transforms, interpolation, fill_mode)
    for index, weight in corners:
        contribution = g if weight is None else g * weight[..., None]
        slots = (index[..., None].astype(np.intp) * channels + channel).ravel()
        grad += np.bincount(slots, weights=np.ravel(contribution), minlength=images.size)
    return grad.reshape(images.shape).astype(images.dtype, copy=False)


defvjp(affine_transform, _affine_transform_vjp, None)


# --- aspect-ratio boxes (plain arithmetic, shared by the layers and the image loaders) ------------
def aspect_crop_box(height, width, target_height, target_width):
    """`(top, left, crop_height, crop_width)`: the largest centred box of the target's aspect ratio.

    Example:
    >>> aspect_crop_box(4, 8, 2, 2)
    (0, 2, 4, 4)
    """
    crop_height = max(min(height, int(float(width * target_height) / target_width)), 1)
    crop_width = max(min(width, int(float(height * target_width) / target_height)), 1)
    return (int(float(height - crop_height) / 2), int(float(width - crop_width) / 2),
            crop_height, crop_width)


def aspect_pad_sizes(height, width, target_height, target_width):
    """`(rows, columns)` added on each side so the image takes the target's aspect ratio.

    Example:
    >>> aspect_pad_sizes(4, 8, 2, 2)
    (2, 0)
    """
    pad_height = max(height, int(float(width * target_height) / target_width))
    pad_width = max(width, int(float(height * target_width) / target_height))
    rows = int(float(pad_height - height) / 2)
    return (rows, 0) if rows > 0 else (0, int(float(pad_width - width) / 2))
