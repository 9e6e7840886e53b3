"""ZeroPadding1D/2D/3D: zeros added around the spatial axes."""
from numkeras.backend import pool_ops
from numkeras.layers.reshaping.spatial_base import SpatialLayer, size_pairs


class _ZeroPadding(SpatialLayer):
    def __init__(self, padding, data_format=None, **kwargs):
        super().__init__(data_format, **kwargs)
        self.padding = size_pairs(self, padding, self.rank, "padding")

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
