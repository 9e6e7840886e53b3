"""UpSampling1D/2D/3D, ZeroPadding1D/2D/3D, Cropping1D/2D/3D: resize the spatial axes of images.

Each works on channels_last inputs through one primitive (nearest repeat, zero pad, slicing,
or a per-axis interpolation matrix for bilinear upsampling); channels_first inputs are
transposed around it.
"""
import numbers

from numkeras.backend import conv_api, math_ops, pool_ops
from numkeras.layers.convolutional.base_conv import (
    check_image_input,
    conv_tuple,
    output_shape_of,
    spatial_and_channels,
    who,
)
from numkeras.layers.layer import Layer


def _pairs(layer, value, rank, arg):
    """An int, `rank` ints, or `rank` (before, after) pairs, as `rank` pairs of non-negative ints."""
    def non_negative(v):
        if isinstance(v, bool) or not isinstance(v, numbers.Integral) or v < 0:
            raise ValueError(f"{who(layer)}: `{arg}` must hold non-negative ints, got {value!r}.")
        return int(v)

    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        return ((non_negative(value),) * 2,) * rank
    items = tuple(value) if isinstance(value, (list, tuple)) else None
    if items is None or len(items) != rank:
        raise ValueError(f"{who(layer)}: `{arg}` must be an int, {rank} ints, or {rank} pairs of "
                         f"ints, got {value!r}.")
    out = []
    for item in items:
        if isinstance(item, (list, tuple)):
            if len(item) != 2:
                raise ValueError(f"{who(layer)}: each entry of `{arg}` must be an int or a pair, got "
                                 f"{value!r}.")
            out.append((non_negative(item[0]), non_negative(item[1])))
        else:
            out.append((non_negative(item),) * 2)
    return tuple(out)


class _SpatialLayer(Layer):
    rank = 2

    def __init__(self, data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.data_format = conv_api.standardize_data_format(data_format, who(self))

    def build(self, input_shape):
        self.compute_output_shape(input_shape)
        self.built = True

    def _channels_last(self, x):
        return conv_api._to_channels_last(x, self.data_format)

    def _restore(self, y):
        return conv_api._from_channels_last(y, self.data_format)

    def compute_output_shape(self, input_shape):
        check_image_input(self, input_shape, self.rank)
        spatial, channels = spatial_and_channels(input_shape, self.data_format)
        return output_shape_of(self, input_shape, channels,
                               [None if n is None else self._new_size(i, n) for i, n in enumerate(spatial)])

    def call(self, inputs):
        check_image_input(self, inputs.shape, self.rank)
        return self._restore(self._apply(self._channels_last(inputs)))


class _UpSampling(_SpatialLayer):
    def __init__(self, size, data_format=None, interpolation="nearest", **kwargs):
        super().__init__(data_format, **kwargs)
        self.size = conv_tuple(self, size, self.rank, "size")
        self.interpolation = str(interpolation).lower()
        allowed = ("nearest", "bilinear") if self.rank == 2 else ("nearest",)
        if self.interpolation not in allowed:
            raise ValueError(f"{who(self)}: `interpolation` must be one of {allowed}, got "
                             f"{interpolation!r}.")

    def _new_size(self, axis, n):
        return n * self.size[axis]

    def _apply(self, x):
        if self.interpolation == "nearest":
            return pool_ops.repeat_spatial(x, sizes=self.size)
        for axis, factor in enumerate(self.size, start=1):
            if factor != 1:
                n = x.shape[axis]
                x = pool_ops.linear_map_axis(x, matrix=pool_ops.bilinear_matrix(n, n * factor), axis=axis)
        return x


class UpSampling1D(_UpSampling):
    """Repeats each step `size` times (default 2).

    >>> UpSampling1D()(np.array([[[1.0], [2.0]]])).numpy().ravel().tolist()
    [1.0, 1.0, 2.0, 2.0]
    """

    rank = 1

    def __init__(self, size=2, **kwargs):
        super().__init__(size, **kwargs)

    def get_config(self):
        return {**super().get_config(), "size": self.size[0]}


class UpSampling2D(_UpSampling):
    """Upsamples rows and columns by `size` (default (2, 2)); interpolation "nearest" or "bilinear".

    >>> UpSampling2D()(np.ones((1, 2, 3, 4))).shape
    (1, 4, 6, 4)
    """

    rank = 2

    def __init__(self, size=(2, 2), data_format=None, interpolation="nearest", **kwargs):
        super().__init__(size, data_format, interpolation, **kwargs)

    def get_config(self):
        return {**super().get_config(), "size": self.size, "data_format": self.data_format,
                "interpolation": self.interpolation}


class UpSampling3D(_UpSampling):
    """Repeats each voxel `size` times along each axis (default (2, 2, 2)).

    >>> UpSampling3D()(np.ones((1, 1, 2, 3, 4))).shape
    (1, 2, 4, 6, 4)
    """

    rank = 3

    def __init__(self, size=(2, 2, 2), data_format=None, **kwargs):
        super().__init__(size, data_format, **kwargs)

    def get_config(self):
        return {**super().get_config(), "size": self.size, "data_format": self.data_format}


class _ZeroPadding(_SpatialLayer):
    def __init__(self, padding, data_format=None, **kwargs):
        super().__init__(data_format, **kwargs)
        self.padding = _pairs(self, padding, self.rank, "padding")

    def _new_size(self, axis, n):
        return n + sum(self.padding[axis])

    def _apply(self, x):
        return pool_ops.zero_pad(x, pads=self.padding)

    def get_config(self):
        padding = self.padding[0] if self.rank == 1 else self.padding
        return {**super().get_config(), "padding": padding, "data_format": self.data_format}


class ZeroPadding1D(_ZeroPadding):
    """Adds zeros before and after the steps: `padding` int or (before, after), default 1.

    >>> ZeroPadding1D()(np.ones((1, 2, 1))).numpy().ravel().tolist()
    [0.0, 1.0, 1.0, 0.0]
    """

    rank = 1

    def __init__(self, padding=1, data_format=None, **kwargs):
        super().__init__((padding,) if isinstance(padding, (list, tuple)) else padding, data_format,
                         **kwargs)


class ZeroPadding2D(_ZeroPadding):
    """Adds rows and columns of zeros: `padding` int, (rows, cols) or ((top, bottom), (left, right)).

    >>> ZeroPadding2D()(np.ones((1, 2, 2, 1))).shape
    (1, 4, 4, 1)
    """

    rank = 2

    def __init__(self, padding=(1, 1), data_format=None, **kwargs):
        super().__init__(padding, data_format, **kwargs)


class ZeroPadding3D(_ZeroPadding):
    """Adds zeros around the three spatial axes (`padding` as in ZeroPadding2D, three entries).

    >>> ZeroPadding3D()(np.ones((1, 1, 1, 1, 2))).shape
    (1, 3, 3, 3, 2)
    """

    rank = 3

    def __init__(self, padding=(1, 1, 1), data_format=None, **kwargs):
        super().__init__(padding, data_format, **kwargs)


class _Cropping(_SpatialLayer):
    def __init__(self, cropping, data_format=None, **kwargs):
        super().__init__(data_format, **kwargs)
        self.cropping = _pairs(self, cropping, self.rank, "cropping")

    def _new_size(self, axis, n):
        size = n - sum(self.cropping[axis])
        if size < 1:
            raise ValueError(f"{who(self)}: cropping {self.cropping} leaves nothing of spatial axis "
                             f"{axis} of size {n}.")
        return size

    def _apply(self, x):
        for axis, n in enumerate(x.shape[1:-1]):
            self._new_size(axis, n)
        index = (slice(None),) + tuple(slice(lo, n - hi) for (lo, hi), n in
                                       zip(self.cropping, x.shape[1:-1])) + (slice(None),)
        return math_ops.getitem(x, index)


class Cropping1D(_Cropping):
    """Removes steps from the start and end: `cropping` int or (start, end), default (1, 1).

    >>> Cropping1D()(np.arange(4.0).reshape(1, 4, 1)).numpy().ravel().tolist()
    [1.0, 2.0]
    """

    rank = 1

    def __init__(self, cropping=(1, 1), **kwargs):
        super().__init__((cropping,) if isinstance(cropping, (list, tuple)) else cropping, **kwargs)

    def get_config(self):
        return {**super().get_config(), "cropping": self.cropping[0]}


class Cropping2D(_Cropping):
    """Removes rows and columns: `cropping` int, (rows, cols) or ((top, bottom), (left, right)).

    >>> Cropping2D(((1, 0), (0, 2)))(np.ones((1, 4, 4, 1))).shape
    (1, 3, 2, 1)
    """

    rank = 2

    def __init__(self, cropping=((0, 0), (0, 0)), data_format=None, **kwargs):
        super().__init__(cropping, data_format, **kwargs)

    def get_config(self):
        return {**super().get_config(), "cropping": self.cropping, "data_format": self.data_format}


class Cropping3D(_Cropping):
    """Removes slices around the three spatial axes (`cropping` as in Cropping2D, three entries).

    >>> Cropping3D(1)(np.ones((1, 3, 3, 3, 2))).shape
    (1, 1, 1, 1, 2)
    """

    rank = 3

    def __init__(self, cropping=((1, 1), (1, 1), (1, 1)), data_format=None, **kwargs):
        super().__init__(cropping, data_format, **kwargs)

    def get_config(self):
        return {**super().get_config(), "cropping": self.cropping, "data_format": self.data_format}
