"""Global settings: the default float type, the fuzz factor epsilon, the image data format."""
import numpy as np

_FLOATX = "float32"
_EPSILON = 1e-7
_VALID_FLOATX = ("float16", "float32", "float64")
_IMAGE_DATA_FORMAT = "channels_last"


def floatx():
    """Returns the default float type, as a string (`"float32"` unless changed)."""
    return _FLOATX


def set_floatx(value):
    """Sets the default float type: one of "float16", "float32", "float64"."""
    global _FLOATX
    value = str(np.dtype(value)) if not isinstance(value, str) else value
    if value not in _VALID_FLOATX:
        raise ValueError(f"set_floatx() expected one of {_VALID_FLOATX}, got {value!r}.")
    _FLOATX = value


def epsilon():
    """Returns the fuzz factor used in numeric expressions (`1e-7` by default)."""
    return _EPSILON


def set_epsilon(value):
    """Sets the fuzz factor used in numeric expressions."""
    global _EPSILON
    _EPSILON = float(value)


def standardize_dtype(dtype):
    """Maps None to floatx() and any dtype-like to its canonical string name."""
    if dtype is None:
        return _FLOATX
    if hasattr(dtype, "name") and not isinstance(dtype, np.dtype):
        dtype = dtype.name
    if dtype in ("string", "str", str) or (isinstance(dtype, np.dtype) and dtype.kind in "US"):
        return "string"  # Keras's name for text inputs (held as NumPy str arrays)
    return np.dtype(dtype).name


def backend():
    """The name of the backend, as `keras.backend.backend()` gives it: always "numpy"."""
    return "numpy"


def image_data_format():
    """Returns the default image layout: "channels_last" unless changed."""
    return _IMAGE_DATA_FORMAT


def set_image_data_format(data_format):
    """Sets the default image layout: "channels_last" or "channels_first"."""
    global _IMAGE_DATA_FORMAT
    value = str(data_format).lower()
    if value not in ("channels_last", "channels_first"):
        raise ValueError(f"set_image_data_format() expected 'channels_last' or 'channels_first', "
                         f"got {data_format!r}.")
    _IMAGE_DATA_FORMAT = value
