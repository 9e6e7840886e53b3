"""RandomRotation, RandomZoom, RandomTranslation: one affine resampling of the whole batch.

Each layer draws its parameters per image, builds one transform per image (Keras's
`[a0, a1, a2, b0, b1, b2, c0, c1]`, which maps an output pixel to the input point it
reads) and resamples the batch with a single `affine_transform` gather. Points that
fall outside the image are filled as `fill_mode` says.
"""
import numpy as np

from numkeras.backend import image_ops
from numkeras.layers.preprocessing.image.base_image_layer import (
    BaseImageLayer,
    check_choice,
    check_fill_value,
    factor_range,
)


class _RandomAffineLayer(BaseImageLayer):
    def __init__(self, fill_mode="reflect", interpolation="bilinear", seed=None, fill_value=0.0,
                 data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self.fill_mode = check_choice(fill_mode, "fill_mode", image_ops.FILL_MODES, self)
        self.interpolation = check_choice(interpolation, "interpolation",
                                          image_ops.AFFINE_INTERPOLATIONS, self)
        self.fill_value = check_fill_value(fill_value, self)
        self._make_seed_generator(seed)

    def call(self, inputs, training=True):
        self._check_images(inputs)
        inputs = self._as_float(inputs)
        if not self._is_training(training):
            return inputs
        height, width = self._height_width(inputs.shape)
        transforms = self._transforms(self._batch_size(inputs), height, width, self._rng())
        x, restore = self._to_nhwc(inputs)
        return restore(image_ops.affine_transform(x, transforms, self.interpolation, self.fill_mode,
                                                  self.fill_value))

    def _transforms(self, batch, height, width, rng):
        raise NotImplementedError

    def get_config(self):
        return {**super().get_config(), "fill_mode": self.fill_mode, "fill_value": self.fill_value,
                "interpolation": self.interpolation, "seed": self.seed}


def _uniform(rng, low, high, size):
    return rng.uniform(low, high, size).astype(np.float32)


class RandomRotation(_RandomAffineLayer):
    """Rotates each image by a random angle about its centre, in training.

    Args:
        factor: fraction of a full turn: a number `f` draws from `[-f, f]`, a pair `(lo, hi)`
            from `[lo, hi]` (positive: counter-clockwise). `0.25` is up to 90 degrees.
        fill_mode: "reflect" (default), "wrap", "constant" or "nearest".
        interpolation: "bilinear" (default) or "nearest".
        seed: int for reproducible draws.
        fill_value: the value outside the image with `fill_mode="constant"`.
        data_format: "channels_last" (default) or "channels_first".

    Example:
    >>> x = np.arange(4, dtype="float32").reshape(1, 2, 2, 1)
    >>> RandomRotation((0.25, 0.25))(x).numpy()[0, :, :, 0].round(4).tolist()
    [[1.0, 3.0], [0.0, 2.0]]
    """

    def __init__(self, factor, fill_mode="reflect", interpolation="bilinear", seed=None,
                 fill_value=0.0, data_format=None, **kwargs):
        super().__init__(fill_mode, interpolation, seed, fill_value, data_format, **kwargs)
        self.factor = factor_range(factor, "factor", self, loose_pair=True)

    def _transforms(self, batch, height, width, rng):
        angle = _uniform(rng, self.factor[0] * 360.0, self.factor[1] * 360.0, batch)
        return rotation_transforms(angle, height, width)

    def get_config(self):
        return {**super().get_config(), "factor": self.factor}


def rotation_transforms(degrees, height, width):
    """Transforms rotating by `degrees` (one per image) about the image centre, in float32."""
    theta = degrees.astype(np.float32) * np.float32(np.pi / 180.0)
    cos, sin = np.cos(theta), np.sin(theta)
    cx, cy = np.float32(0.5 * (width - 1)), np.float32(0.5 * (height - 1))
    zero = np.zeros_like(cos)
    return np.stack([cos, -sin, cx - cx * cos + cy * sin,
                     sin, cos, cy - cx * sin - cy * cos, zero, zero], axis=1)


class RandomZoom(_RandomAffineLayer):
    """Zooms each image in or out by a random amount about its centre, in training.

    Args:
        height_factor: a number `f` draws the vertical zoom from `[-f, f]`, a pair `(lo, hi)`
            from `[lo, hi]`, each in (-1, 1]; the image is read at `1 + factor` times the
            scale: positive values zoom out, negative ones zoom in.
        width_factor: the same horizontally; None (default) keeps the aspect ratio (the
            vertical draw is used).
        fill_mode, interpolation, seed, fill_value, data_format: as in `RandomRotation`.

    Example:
    >>> x = np.arange(16, dtype="float32").reshape(1, 4, 4, 1)
    >>> RandomZoom((-0.5, -0.5), interpolation="nearest")(x).numpy()[0, :, :, 0].tolist()
    [[5.0, 5.0, 6.0, 6.0], [5.0, 5.0, 6.0, 6.0], [9.0, 9.0, 10.0, 10.0], [9.0, 9.0, 10.0, 10.0]]
    """

    def __init__(self, height_factor, width_factor=None, fill_mode="reflect",
                 interpolation="bilinear", seed=None, fill_value=0.0, data_format=None, **kwargs):
        super().__init__(fill_mode, interpolation, seed, fill_value, data_format, **kwargs)
        self.height_factor = height_factor
        self.width_factor = width_factor
        self._height_range = factor_range(height_factor, "height_factor", self, low_open=True)
        self._width_range = (None if width_factor is None
                             else factor_range(width_factor, "width_factor", self, low_open=True))

    def _transforms(self, batch, height, width, rng):
        zoom_y = _uniform(rng, 1.0 + self._height_range[0], 1.0 + self._height_range[1], batch)
        zoom_x = zoom_y if self._width_range is None else _uniform(
            rng, 1.0 + self._width_range[0], 1.0 + self._width_range[1], batch)
        zero = np.zeros_like(zoom_x)
        x_offset = np.float32((width - 1.0) / 2.0) * (np.float32(1.0) - zoom_x)
        y_offset = np.float32((height - 1.0) / 2.0) * (np.float32(1.0) - zoom_y)
        return np.stack([zoom_x, zero, x_offset, zero, zoom_y, y_offset, zero, zero], axis=1)

    def get_config(self):
        return {**super().get_config(), "height_factor": _plain(self.height_factor),
                "width_factor": _plain(self.width_factor)}


class RandomTranslation(_RandomAffineLayer):
    """Shifts each image by a random fraction of its height and width, in training.

    Args:
        height_factor: fraction of the height: a number `f` draws from `[-f, f]`, a pair
            `(lo, hi)` from `[lo, hi]`, each in [-1, 1]; positive values move the image down.
        width_factor: the same for the width; positive values move the image right.
        fill_mode, interpolation, seed, fill_value, data_format: as in `RandomRotation`.

    Example:
    >>> x = np.arange(4, dtype="float32").reshape(1, 1, 4, 1)
    >>> layer = RandomTranslation(0.0, (0.25, 0.25), fill_mode="constant")
    >>> layer(x).numpy().ravel().tolist()
    [0.0, 0.0, 1.0, 2.0]
    """

    def __init__(self, height_factor, width_factor, fill_mode="reflect", interpolation="bilinear",
                 seed=None, fill_value=0.0, data_format=None, **kwargs):
        super().__init__(fill_mode, interpolation, seed, fill_value, data_format, **kwargs)
        self.height_factor = height_factor
        self.width_factor = width_factor
        self._height_range = factor_range(height_factor, "height_factor", self)
        self._width_range = factor_range(width_factor, "width_factor", self)

    def _transforms(self, batch, height, width, rng):
        dy = _uniform(rng, *self._height_range, batch) * np.float32(height)
        dx = _uniform(rng, *self._width_range, batch) * np.float32(width)
        one, zero = np.ones_like(dx), np.zeros_like(dx)
        return np.stack([one, zero, -dx, zero, one, -dy, zero, zero], axis=1)

    def get_config(self):
        return {**super().get_config(), "height_factor": _plain(self.height_factor),
                "width_factor": _plain(self.width_factor)}


def _plain(factor):
    return list(factor) if isinstance(factor, tuple) else factor
