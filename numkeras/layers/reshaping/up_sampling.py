"""UpSampling1D/2D/3D: nearest-neighbour repeats (and bilinear interpolation in 2-D)."""
from numkeras.backend import pool_ops
from numkeras.layers.convolutional.base_conv import conv_tuple, who
from numkeras.layers.reshaping.spatial_base import SpatialLayer


class _UpSampling(SpatialLayer):
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
