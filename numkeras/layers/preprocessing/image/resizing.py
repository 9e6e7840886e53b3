"""Resizing and CenterCrop: deterministic, applied in training and inference alike."""
import numpy as np

from numkeras.backend import image_ops, math_ops
from numkeras.layers.preprocessing.image.base_image_layer import (
    BaseImageLayer,
    check_choice,
    check_fill_value,
    check_size,
    who,
)


def resize_nhwc(x, height, width, interpolation="bilinear", antialias=False,
                crop_to_aspect_ratio=False, pad_to_aspect_ratio=False, fill_value=0.0):
    """Resizes a channels_last batch (a Tensor), cropping or padding to the target's aspect first."""
    _, in_h, in_w, _ = x.shape
    if crop_to_aspect_ratio:
        top, left, crop_h, crop_w = image_ops.aspect_crop_box(in_h, in_w, height, width)
        if (crop_h, crop_w) != (in_h, in_w):
            x = math_ops.getitem(x, (slice(None), slice(top, top + crop_h), slice(left, left + crop_w)))
    elif pad_to_aspect_ratio:
        rows, columns = image_ops.aspect_pad_sizes(in_h, in_w, height, width)
        if rows or columns:
            axis = 1 if rows else 2
            pad_shape = list(x.shape)
            pad_shape[axis] = rows or columns
            pad = np.full(pad_shape, fill_value, x.dtype)
            x = math_ops.concatenate_values(pad, x, pad, axis=axis)
    if interpolation == "nearest" or x.dtype.kind == "f":
        return image_ops.resize(x, height, width, interpolation, antialias)
    return image_ops.resize(math_ops.cast(x, "float32"), height, width, interpolation, antialias)


class Resizing(BaseImageLayer):
    """Resizes images to `(height, width)`, in training and inference.

    Args:
        height, width: positive ints, the output size.
        interpolation: "bilinear" (default), "nearest", "bicubic", "lanczos3" or "lanczos5".
        crop_to_aspect_ratio: crop the largest centred box of the target aspect ratio first,
            so the image is not distorted.
        pad_to_aspect_ratio: pad (with `fill_value`) to the target aspect ratio first.
        fill_mode: only "constant" (the padding's fill).
        fill_value: the padding's value.
        antialias: widen the kernel when downscaling.
        data_format: "channels_last" (default) or "channels_first".

    Integer images come back in their own dtype (rounded, saturated), as in Keras.

    Example:
    >>> Resizing(1, 4)(np.array([[[[0.0], [2.0]]]], "float32")).numpy()[0, 0, :, 0].tolist()
    [0.0, 0.5, 1.5, 2.0]
    """

    def __init__(self, height, width, interpolation="bilinear", crop_to_aspect_ratio=False,
                 pad_to_aspect_ratio=False, fill_mode="constant", fill_value=0.0, antialias=False,
                 data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self.height = check_size(height, "height", self)
        self.width = check_size(width, "width", self)
        self.interpolation = check_choice(interpolation, "interpolation", image_ops.RESIZE_METHODS, self)
        if crop_to_aspect_ratio and pad_to_aspect_ratio:
            raise ValueError(f"{who(self)}: only one of `crop_to_aspect_ratio` and "
                             f"`pad_to_aspect_ratio` can be True.")
        self.crop_to_aspect_ratio = bool(crop_to_aspect_ratio)
        self.pad_to_aspect_ratio = bool(pad_to_aspect_ratio)
        self.fill_mode = check_choice(fill_mode, "fill_mode", ("constant",), self)
        self.fill_value = check_fill_value(fill_value, self)
        self.antialias = bool(antialias)

    def call(self, inputs):
        self._check_images(inputs)
        x, restore = self._to_nhwc(inputs)
        out = resize_nhwc(x, self.height, self.width, self.interpolation, self.antialias,
                          self.crop_to_aspect_ratio, self.pad_to_aspect_ratio, self.fill_value)
        out = restore(out)
        if out.dtype == inputs.dtype:
            return out
        if inputs.dtype.kind in "iu":  # back to the input's integer type, as Keras
            info = np.iinfo(inputs.dtype)
            return math_ops.cast(math_ops.clip(np.round(out.numpy()), info.min, info.max), inputs.dtype)
        return math_ops.cast(out, self.dtype)

    def compute_output_shape(self, input_shape):
        return _with_size(input_shape, self, self.height, self.width)

    def get_config(self):
        return {**super().get_config(), "height": self.height, "width": self.width,
                "interpolation": self.interpolation, "crop_to_aspect_ratio": self.crop_to_aspect_ratio,
                "pad_to_aspect_ratio": self.pad_to_aspect_ratio, "fill_mode": self.fill_mode,
                "fill_value": self.fill_value, "antialias": self.antialias}


class CenterCrop(BaseImageLayer):
    """Crops the central `(height, width)` box, in training and inference.

    An image smaller than the box along an axis is instead cropped to the box's aspect
    ratio and resized (bilinear), as Keras does.

    Args:
        height, width: positive ints, the output size.
        data_format: "channels_last" (default) or "channels_first".

    Example:
    >>> x = np.arange(16, dtype="float32").reshape(1, 4, 4, 1)
    >>> CenterCrop(2, 2)(x).numpy()[0, :, :, 0].tolist()
    [[5.0, 6.0], [9.0, 10.0]]
    """

    def __init__(self, height, width, data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self.height = check_size(height, "height", self)
        self.width = check_size(width, "width", self)

    def call(self, inputs):
        self._check_images(inputs)
        x, restore = self._to_nhwc(self._as_float(inputs))
        _, in_h, in_w, _ = x.shape
        if in_h >= self.height and in_w >= self.width:
            top, left = (in_h - self.height) // 2, (in_w - self.width) // 2
            out = math_ops.getitem(x, (slice(None), slice(top, top + self.height),
                                       slice(left, left + self.width)))
        else:
            out = resize_nhwc(x, self.height, self.width, crop_to_aspect_ratio=True)
        return restore(out)

    def compute_output_shape(self, input_shape):
        return _with_size(input_shape, self, self.height, self.width)

    def get_config(self):
        return {**super().get_config(), "height": self.height, "width": self.width}


def _with_size(input_shape, layer, height, width):
    shape = list(input_shape)
    h_axis, w_axis = layer._hw_axes(len(shape))
    shape[h_axis], shape[w_axis] = height, width
    return tuple(shape)
