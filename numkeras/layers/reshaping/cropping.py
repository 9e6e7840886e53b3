"""Cropping1D/2D/3D: slices removed from the ends of the spatial axes."""
from numkeras.backend import math_ops
from numkeras.layers.convolutional.base_conv import who
from numkeras.layers.reshaping.spatial_base import SpatialLayer, size_pairs


class _Cropping(SpatialLayer):
    def __init__(self, cropping, data_format=None, **kwargs):
        super().__init__(data_format, **kwargs)
        self.cropping = size_pairs(self, cropping, self.rank, "cropping")

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
