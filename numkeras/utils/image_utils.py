"""Image files to arrays and back: `load_img`, `img_to_array`, `array_to_img`, `save_img` (Keras's).

Pillow does the decoding and encoding; it is an optional extra (`pip install numkeras[image]`),
imported on first use.
"""
import io
import os
import pathlib
import warnings

import numpy as np

from numkeras.backend.config import floatx

PIL_INTERPOLATIONS = ("nearest", "bilinear", "bicubic", "hamming", "box", "lanczos")
COLOR_MODES = ("grayscale", "rgb", "rgba")


def pil_image():
    """The `PIL.Image` module, or one ImportError that says how to install it."""
    try:
        from PIL import Image
    except ImportError as error:
        raise ImportError("Reading and writing image files needs Pillow: pip install numkeras[image] "
                          "(or pip install pillow).") from error
    return Image


def _resample(name):
    if name not in PIL_INTERPOLATIONS:
        raise ValueError(f"`interpolation` must be one of {PIL_INTERPOLATIONS}, got {name!r}.")
    return getattr(pil_image().Resampling, name.upper())


def _check_data_format(data_format):
    data_format = data_format or "channels_last"
    if data_format not in ("channels_last", "channels_first"):
        raise ValueError(f"`data_format` must be 'channels_last' or 'channels_first', got {data_format!r}.")
    return data_format


def load_img(path, color_mode="rgb", target_size=None, interpolation="nearest", keep_aspect_ratio=False):
    """Loads an image file as a PIL image.

    Args:
        path: file path (str or `pathlib.Path`) or a binary file object.
        color_mode: "rgb" (default), "rgba" or "grayscale".
        target_size: None (the file's size) or `(height, width)`.
        interpolation: PIL resampling when resizing: "nearest" (default), "bilinear",
            "bicubic", "hamming", "box" or "lanczos".
        keep_aspect_ratio: crop the centre to the target's aspect ratio before resizing.

    Returns:
        A `PIL.Image.Image`.
    """
    Image = pil_image()
    if color_mode not in COLOR_MODES:
        raise ValueError(f"load_img(): `color_mode` must be one of {COLOR_MODES}, got {color_mode!r}.")
    if isinstance(path, io.BytesIO):
        img = Image.open(path)
    elif isinstance(path, (pathlib.Path, bytes, str)):
        path = os.fspath(path)
        with open(path, "rb") as f:
            img = Image.open(io.BytesIO(f.read()))
    else:
        raise TypeError(f"load_img(): `path` must be a str, pathlib.Path or io.BytesIO, got {type(path).__name__}.")
    if color_mode == "grayscale":
        if img.mode not in ("L", "I;16", "I"):
            img = img.convert("L")
    elif color_mode == "rgba":
        if img.mode != "RGBA":
            img = img.convert("RGBA")
    elif img.mode != "RGB":
        img = img.convert("RGB")
    if target_size is not None:
        height, width = (int(v) for v in target_size)
        if img.size != (width, height):
            resample = _resample(interpolation)
            if keep_aspect_ratio:
                w, h = img.size
                crop_h = min(h, (w * height) // width)
                crop_w = min(w, (h * width) // height)
                top, left = (h - crop_h) // 2, (w - crop_w) // 2
                img = img.resize((width, height), resample, box=(left, top, left + crop_w, top + crop_h))
            else:
                img = img.resize((width, height), resample)
    return img


def img_to_array(img, data_format=None, dtype=None):
    """A PIL image as a 3-D array `(height, width, channels)` (channels first if asked), float32.

    Example:
    >>> img_to_array(array_to_img(np.zeros((2, 3, 1)), scale=False)).shape
    (2, 3, 1)
    """
    data_format = _check_data_format(data_format)
    x = np.asarray(img, dtype=dtype or floatx())
    if x.ndim == 2:
        x = x[None] if data_format == "channels_first" else x[..., None]
    elif x.ndim == 3:
        if data_format == "channels_first":
            x = x.transpose(2, 0, 1)
    else:
        raise ValueError(f"img_to_array(): unsupported image shape {x.shape}.")
    return x


def array_to_img(x, data_format=None, scale=True, dtype=None):
    """A 3-D array `(height, width, channels)` with 1, 3 or 4 channels as a PIL image.

    Args:
        x: the array (channels first if `data_format="channels_first"`).
        scale: stretch the values to [0, 255] first (default True).
    """
    Image = pil_image()
    data_format = _check_data_format(data_format)
    x = np.asarray(x, dtype=dtype or floatx())
    if x.ndim != 3:
        raise ValueError(f"array_to_img(): expected an image array of rank 3 (height, width, channels), "
                         f"got shape {x.shape}.")
    if data_format == "channels_first":
        x = x.transpose(1, 2, 0)
    if scale:
        x = x - np.min(x)
        top = np.max(x)
        if top != 0:
            x = x / top
        x = x * 255
    channels = x.shape[2]
    if channels == 4:
        return Image.fromarray(x.astype("uint8"), "RGBA")
    if channels == 3:
        return Image.fromarray(x.astype("uint8"), "RGB")
    if channels == 1:
        if np.max(x) > 255:  # 32-bit signed integer grayscale
            return Image.fromarray(x[:, :, 0].astype("int32"), "I")
        return Image.fromarray(x[:, :, 0].astype("uint8"), "L")
    raise ValueError(f"array_to_img(): images need 1, 3 or 4 channels, got {channels} (shape {x.shape}).")


def save_img(path, x, data_format=None, file_format=None, scale=True, **kwargs):
    """Saves a 3-D image array to a file (format from the extension unless `file_format` is given)."""
    data_format = _check_data_format(data_format)
    img = array_to_img(x, data_format=data_format, scale=scale)
    if file_format is None and isinstance(path, (str, pathlib.Path)):
        file_format = pathlib.Path(path).suffix[1:].lower() or None
    if img.mode == "RGBA" and file_format in ("jpg", "jpeg"):
        warnings.warn("The JPG format does not support RGBA images, converting to RGB.", stacklevel=2)
        img = img.convert("RGB")
    if file_format == "jpg":
        file_format = "jpeg"
    img.save(path, format=file_format, **kwargs)
