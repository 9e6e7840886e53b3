"""RandomContrast and RandomBrightness: per-image random changes of pixel values, in training."""
import numbers

import numpy as np

from numkeras.backend import math_ops
from numkeras.layers.preprocessing.image.base_image_layer import (
    BaseImageLayer,
    factor_range,
    who,
)


def _check_value_range(value_range, layer):
    ok = isinstance(value_range, (list, tuple)) and len(value_range) == 2 and all(
        isinstance(v, numbers.Real) and not isinstance(v, bool) for v in value_range)
    if not ok:
        raise ValueError(f"{who(layer)}: `value_range` must be a list of two numbers (the pixel "
                         f"range, e.g. (0, 255) or (0, 1)), got {value_range!r}.")
    return sorted(value_range)


class _ColorLayer(BaseImageLayer):
    def __init__(self, value_range=(0, 255), seed=None, **kwargs):
        super().__init__(**kwargs)
        self.value_range = _check_value_range(value_range, self)
        self._make_seed_generator(seed)

    def call(self, inputs, training=True):
        self._check_images(inputs)
        inputs = self._as_float(inputs)
        if not self._is_training(training):
            return inputs
        shape = (self._batch_size(inputs), 1, 1, 1)[4 - inputs.ndim:]
        draws = self._rng().uniform(*self._draw_range(), size=shape).astype(np.float32)
        out = self._adjust(inputs, draws.astype(self.dtype, copy=False))
        return math_ops.clip(out, self.value_range[0], self.value_range[1])

    def get_config(self):
        return {**super().get_config(), "factor": self.factor, "value_range": self.value_range,
                "seed": self.seed}


class RandomContrast(_ColorLayer):
    """Scales each image's deviation from its per-channel mean by a random factor, in training.

    Output is `(x - mean) * c + mean`, clipped to `value_range`, with `c` drawn per image
    from `[1 - lower, 1 + upper]`. As in Keras 3, a number `f` gives `(lower, upper) =
    (0, f)`, so contrast only increases; a pair `(a, b)` is sorted first, so `(-f, f)` fixes
    `c = 1 + f`.

    Args:
        factor: a number in [0, 1] or a pair of them.
        value_range: the pixel range `(low, high)` (default (0, 255)).
        seed: int for reproducible draws.

    Example:
    >>> RandomContrast(0.5)(np.full((1, 2, 2, 1), 7.0), training=False).numpy().ravel().tolist()
    [7.0, 7.0, 7.0, 7.0]
    """

    def __init__(self, factor, value_range=(0, 255), seed=None, **kwargs):
        super().__init__(value_range=value_range, seed=seed, **kwargs)
        self.factor = factor_range(factor, "factor", self, low=0.0, symmetric_low=0.0,
                                   loose_pair=True)

    def _draw_range(self):
        return 1.0 - self.factor[0], 1.0 + self.factor[1]

    def _adjust(self, inputs, contrast):
        h_axis, w_axis = self._hw_axes(inputs.ndim)
        mean = math_ops.mean(inputs, axis=(h_axis, w_axis), keepdims=True)
        return math_ops.add(math_ops.multiply(math_ops.subtract(inputs, mean), contrast), mean)


class RandomBrightness(_ColorLayer):
    """Adds a random offset to each image, in training, clipped to `value_range`.

    Args:
        factor: fraction of the value range: a number `f` draws from `[-f, f]`, a pair from
            its interval, each in [-1, 1]; the offset is the draw times `high - low`.
        value_range: the pixel range `(low, high)` (default (0, 255)).
        seed: int for reproducible draws.

    Example:
    >>> RandomBrightness((0.1, 0.1))(np.full((1, 1, 2, 1), 100.0)).numpy().ravel().tolist()
    [125.5, 125.5]
    """

    def __init__(self, factor, value_range=(0, 255), seed=None, **kwargs):
        super().__init__(value_range=value_range, seed=seed, **kwargs)
        self.factor = factor_range(factor, "factor", self, loose_pair=True)

    def _draw_range(self):
        return self.factor

    def _adjust(self, inputs, draws):
        return math_ops.add(inputs, draws * np.float32(self.value_range[1] - self.value_range[0]))
