"""RandomFlip and RandomCrop: random choices of which pixels to keep, no resampling."""
import numpy as np

from numkeras.backend import math_ops
from numkeras.backend import random as nk_random
from numkeras.layers.preprocessing.image.base_image_layer import (
    BaseImageLayer,
    check_choice,
    check_size,
)
from numkeras.layers.preprocessing.image.resizing import resize_nhwc

FLIP_MODES = ("horizontal", "vertical", "horizontal_and_vertical")


class RandomFlip(BaseImageLayer):
    """Flips each image with probability 1/2, in training.

    Args:
        mode: "horizontal" (left-right), "vertical" (up-down) or "horizontal_and_vertical"
            (default; as in Keras, one draw per image decides both flips).
        seed: int for reproducible draws.
        data_format: "channels_last" (default) or "channels_first".

    Example:
    >>> x = np.arange(3, dtype="float32").reshape(1, 1, 3, 1)
    >>> RandomFlip("horizontal")(x, training=False).numpy().ravel().tolist()
    [0.0, 1.0, 2.0]
    """

    def __init__(self, mode="horizontal_and_vertical", seed=None, data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self.mode = check_choice(mode, "mode", FLIP_MODES, self)
        self._make_seed_generator(seed)

    def call(self, inputs, training=True):
        self._check_images(inputs)
        inputs = self._as_float(inputs)
        if not self._is_training(training):
            return inputs
        batch = self._batch_size(inputs)
        flips = self._rng().uniform(size=batch).astype(np.float32) <= 0.5
        if not flips.any():
            return inputs
        h_axis, w_axis = self._hw_axes(inputs.ndim)
        reverse = [slice(None)] * inputs.ndim
        if self.mode != "vertical":
            reverse[w_axis] = slice(None, None, -1)
        if self.mode != "horizontal":
            reverse[h_axis] = slice(None, None, -1)
        flipped = math_ops.getitem(inputs, tuple(reverse))
        if inputs.ndim == 3:
            return flipped
        return math_ops.where(flips.reshape(-1, 1, 1, 1), flipped, inputs)

    def get_config(self):
        return {**super().get_config(), "seed": self.seed, "mode": self.mode}


class RandomCrop(BaseImageLayer):
    """Crops a random `(height, width)` box, in training (one box for the whole batch, as Keras).

    In training, an image not larger than the box along both axes is cropped to the box's
    aspect ratio and resized instead. At inference the input passes through unchanged
    (Keras 3's behaviour), so give a model that predicts on other sizes a `Resizing` or
    `CenterCrop` too.

    Args:
        height, width: positive ints, the crop size.
        seed: int for reproducible draws.
        data_format: "channels_last" (default) or "channels_first".

    Example:
    >>> RandomCrop(2, 2, seed=0)(np.zeros((1, 4, 4, 1))).shape
    (1, 2, 2, 1)
    """

    def __init__(self, height, width, seed=None, data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self.height = check_size(height, "height", self)
        self.width = check_size(width, "width", self)
        # As Keras: without a seed, one is drawn now and kept in the config.
        self._make_seed_generator(nk_random.draw_seed() if seed is None else seed)

    def call(self, inputs, training=True):
        self._check_images(inputs)
        inputs = self._as_float(inputs)
        if not self._is_training(training):
            return inputs
        x, restore = self._to_nhwc(inputs)
        _, in_h, in_w, _ = x.shape
        rng = self._rng()
        if in_h > self.height and in_w > self.width:
            top = int(rng.uniform(0, in_h - self.height + 1))
            left = int(rng.uniform(0, in_w - self.width + 1))
            out = math_ops.getitem(x, (slice(None), slice(top, top + self.height),
                                       slice(left, left + self.width)))
        else:
            out = resize_nhwc(x, self.height, self.width, crop_to_aspect_ratio=True)
        return restore(out)

    def compute_output_shape(self, input_shape):
        shape = list(input_shape)
        h_axis, w_axis = self._hw_axes(len(shape))
        shape[h_axis], shape[w_axis] = self.height, self.width
        return tuple(shape)

    def get_config(self):
        return {**super().get_config(), "height": self.height, "width": self.width,
                "seed": self.seed}
