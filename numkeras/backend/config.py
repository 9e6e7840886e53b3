"""Global numeric settings: the default float type and the fuzz factor epsilon."""
import numpy as np

_FLOATX = "float32"
_EPSILON = 1e-7
_VALID_FLOATX = ("float16", "float32", "float64")


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
    return np.dtype(dtype).name


def backend():
    """The name of the backend, as `keras.backend.backend()` gives it: always "numpy"."""
    return "numpy"


def image_data_format():
    """The image layout convention: always "channels_last" (Keras 3's default)."""
    return "channels_last"
