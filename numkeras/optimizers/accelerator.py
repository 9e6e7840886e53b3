"""Optional compiled optimizer updates, through numba.

The NumPy path is the reference and the default: every update is a chain of in-place
ufunc calls on preallocated buffers. With `set_accelerator("numba")`, SGD (with momentum,
Nesterov), RMSprop (with momentum) and Adam/AdamW instead run `fused_kernels`: one loop per
update, compiled by numba, giving the same bits as the NumPy chain in one pass over memory.
The RMSprop update of the MNIST MLP's 784 x 512 kernel drops from about 0.4 ms to about
0.07 ms (`benchmarks/optimizer_step.py`). Other optimizers and options (centered RMSprop,
AMSGrad) keep the NumPy path.

numba is imported, and each kernel compiled, only when switched on (the first compile takes
about a second; numba caches it on disk). `NUMKERAS_ACCELERATOR=numba` in the environment
switches it on at import. numkeras's threads are not used: on a small CPU they contend with
the BLAS threads of the matrix multiplies and lose (measured, see the README).
"""
import os

import numpy as np

_FLOATS = (np.dtype("float32"), np.dtype("float64"))
_VALID = ("numba", "numpy", None)


class _AcceleratorState:
    __slots__ = ("kernels", "min_size")

    def __init__(self):
        self.kernels = None  # a namespace of compiled `fused_kernels` while switched on, else None
        self.min_size = 0


STATE = _AcceleratorState()


class _Compiled:
    """The `fused_kernels` functions, each wrapped by `numba.njit` (compiled on first call)."""

    def __init__(self, numba):
        from numkeras.optimizers import fused_kernels

        for kernel in fused_kernels.KERNELS:
            # error_model="numpy": a division by zero gives inf/nan as in NumPy, and the loop
            # vectorises (the default Python error model checks every division).
            setattr(self, kernel.__name__, numba.njit(kernel, error_model="numpy", cache=True))


def numba_available():
    """Returns True when numba can be imported."""
    try:
        import numba  # noqa: F401
    except ImportError:
        return False
    return True


def set_accelerator(name, min_size=None):
    """Chooses how optimizer updates are computed.

    Args:
        name: `"numba"` for compiled one-pass updates, `None` or `"numpy"` for the
            in-place NumPy chain (the default).
        min_size: variables with fewer elements keep the NumPy path; default 0 (a compiled
            call beats the NumPy chain at every size measured); unchanged when None.

    Example:
    >>> set_accelerator(None); get_accelerator() is None
    True
    """
    if name not in _VALID:
        raise ValueError(f"set_accelerator() expected one of {_VALID}, got {name!r}.")
    if min_size is not None:
        if isinstance(min_size, bool) or not isinstance(min_size, int) or min_size < 0:
            raise ValueError(f"set_accelerator(): `min_size` must be an int >= 0, got {min_size!r}.")
        STATE.min_size = min_size
    if name == "numba":
        try:
            import numba
        except ImportError as error:
            raise ImportError("set_accelerator('numba') needs numba: "
                              "pip install numba (or numkeras[fast]).") from error
        STATE.kernels = _Compiled(numba)
    else:
        STATE.kernels = None


def get_accelerator():
    """Returns `"numba"` when compiled updates are on, else None."""
    return None if STATE.kernels is None else "numba"


def kernels_for(grad, value):
    """The compiled kernels when they take this pair (same float dtype, both contiguous), else None.

    The kernels index flat arrays: pass them `value.reshape(-1)` and `grad.reshape(-1)`.
    """
    kernels = STATE.kernels
    if kernels is None or value.size < STATE.min_size or grad.dtype != value.dtype:
        return None
    if grad.shape != value.shape or value.dtype not in _FLOATS:
        return None
    if not (grad.flags.c_contiguous and value.flags.c_contiguous):
        return None
    return kernels


_from_environment = os.environ.get("NUMKERAS_ACCELERATOR", "").strip().lower()
if _from_environment:
    set_accelerator(None if _from_environment == "numpy" else _from_environment)
