"""Compiled optimizer updates through numba, when numba is installed.

The NumPy path is the reference: every update is a chain of in-place ufunc calls on
preallocated buffers. With numba, SGD (with momentum, Nesterov), RMSprop (with momentum) and
Adam/AdamW instead run `fused_kernels`: one loop per update, compiled, giving the same bits as
the NumPy chain in one pass over memory. The RMSprop update of the MNIST MLP's 784 x 512
kernel drops from about 0.37 ms to about 0.08 ms (`benchmarks/optimizer_step.py`). Other
optimizers and options (centered RMSprop, AMSGrad) keep the NumPy path.

Modes (`set_accelerator`):
- `"auto"`, the default: numba for variables of at least 65,536 elements, if numba can be
  imported. numba is imported, and the kernels compiled, on the first update of such a
  variable (about 0.75 s once per process; numba caches the compiled code on disk), so small
  models never pay for it; without numba everything runs on NumPy.
- `"numba"`: numba for every variable (a compiled call beats the ufunc chain at every size
  measured); an ImportError with the install command when numba is missing.
- `None` or `"numpy"`: NumPy only.

The same mode decides whether the recurrent time loops and an embedding's gradient run
compiled (`numkeras.backend.compiled_loops`): with `"auto"` or `"numba"` they do when numba
imports.

`NUMKERAS_ACCELERATOR=numba|auto|numpy` in the environment sets the mode at import. No extra
threads are used: on a small CPU they contend with the BLAS threads of the matrix multiplies
and lose (measured, see the README).
"""
import os

import numpy as np

from numkeras.backend import compiled_loops

_FLOATS = (np.dtype("float32"), np.dtype("float64"))
_VALID = ("auto", "numba", "numpy", None)
AUTO_MIN_SIZE = 1 << 16


class _AcceleratorState:
    __slots__ = ("mode", "kernels", "min_size", "tried")

    def __init__(self):
        self.mode = "auto"     # "auto", "numba" or None
        self.kernels = None    # the compiled `fused_kernels` once loaded, else None
        self.min_size = AUTO_MIN_SIZE
        self.tried = False     # "auto" tried to load numba (and may have failed)


STATE = _AcceleratorState()


class _Compiled:
    """The `fused_kernels` functions, each wrapped by `numba.njit` (compiled on first call)."""

    def __init__(self, numba):
        from numkeras.optimizers import fused_kernels

        for kernel in fused_kernels.KERNELS:
            setattr(self, kernel.__name__, _jit(numba, kernel))


def _jit(numba, kernel):
    # error_model="numpy": a division by zero gives inf/nan as in NumPy, and the loop
    # vectorises (the default Python error model checks every division).
    try:
        return numba.njit(kernel, error_model="numpy", cache=True)
    except Exception:  # no writable cache folder: compile in memory, once per process
        return numba.njit(kernel, error_model="numpy")


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
        name: `"auto"` (the default: numba for large variables when it is installed),
            `"numba"` (compiled updates for every variable), or `None`/`"numpy"`.
        min_size: variables with fewer elements keep the NumPy path; default 65,536 for
            `"auto"`, 0 for `"numba"`.

    Example:
    >>> set_accelerator(None); get_accelerator() is None
    True
    >>> set_accelerator("auto"); get_accelerator()
    'auto'
    """
    if name not in _VALID:
        raise ValueError(f"set_accelerator() expected one of {_VALID}, got {name!r}.")
    if min_size is not None and (isinstance(min_size, bool) or not isinstance(min_size, int) or
                                 min_size < 0):
        raise ValueError(f"set_accelerator(): `min_size` must be an int >= 0, got {min_size!r}.")
    kernels = None
    if name == "numba":
        try:
            import numba
        except ImportError as error:
            raise ImportError("set_accelerator('numba') needs numba: "
                              "pip install numba (or numkeras[fast]).") from error
        kernels = _Compiled(numba)
    STATE.mode = None if name == "numpy" else name
    compiled_loops.set_mode(STATE.mode)  # the recurrent time loops follow the same switch
    STATE.kernels = kernels
    STATE.tried = False
    STATE.min_size = min_size if min_size is not None else (AUTO_MIN_SIZE if name == "auto" else 0)


def get_accelerator():
    """The mode: `"auto"`, `"numba"`, or None (NumPy only)."""
    return STATE.mode


def kernels_for(grad, value):
    """The compiled kernels when they take this pair (same float dtype, both contiguous), else None.

    The kernels index flat arrays: pass them `value.reshape(-1)` and `grad.reshape(-1)`.
    """
    if value.size < STATE.min_size:
        return None
    kernels = STATE.kernels
    if kernels is None:
        if STATE.mode != "auto" or STATE.tried:
            return None
        kernels = _load_for_auto()
        if kernels is None:
            return None
    if grad.dtype != value.dtype or grad.shape != value.shape or value.dtype not in _FLOATS:
        return None
    if not (grad.flags.c_contiguous and value.flags.c_contiguous):
        return None
    return kernels


def _load_for_auto():
    """"auto" mode's first large update: load numba if it is there; NumPy stays otherwise."""
    STATE.tried = True
    try:
        import numba
        STATE.kernels = _Compiled(numba)
    except Exception:  # not installed, or an install that does not import: NumPy it is
        STATE.kernels = None
    return STATE.kernels


def _mode_from_environment():
    value = os.environ.get("NUMKERAS_ACCELERATOR", "").strip().lower()
    if not value:
        return
    if value not in ("auto", "numba", "numpy"):
        raise ValueError(f"NUMKERAS_ACCELERATOR={value!r}: expected 'auto', 'numba' or 'numpy'.")
    set_accelerator(value)


_mode_from_environment()
