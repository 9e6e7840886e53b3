"""Optional fused update expressions for the optimizers, through numexpr.

The NumPy path is the reference: every update is a sequence of in-place ufunc
calls on preallocated buffers. With numexpr, RMSprop, Adam/AdamW and SGD with
momentum evaluate each update as one expression (one pass over memory instead
of several). Whether that is faster depends on the machine: numexpr's loops
are not as vectorised as NumPy's and it starts its own threads, so on a small
CPU NumPy wins (see `benchmarks/optimizer_step.py`). The default is therefore
NumPy; opt in with `set_accelerator("numexpr")`.

Only variables with at least `min_size` elements use numexpr: a numexpr call
costs ~10 µs of fixed overhead, far more than a NumPy ufunc on a small array.
"""

_VALID = ("numexpr", "numpy", None)


class _AcceleratorState:
    __slots__ = ("numexpr", "min_size")

    def __init__(self):
        self.numexpr = None  # the numexpr module while it is switched on, else None
        self.min_size = 1 << 16


STATE = _AcceleratorState()


def numexpr_available():
    """Returns True when numexpr can be imported."""
    try:
        import numexpr  # noqa: F401
    except ImportError:
        return False
    return True


def set_accelerator(name, min_size=None):
    """Chooses how optimizer updates are computed.

    Args:
        name: `"numexpr"` for fused numexpr expressions on large variables,
            `None` or `"numpy"` for plain in-place NumPy (the default).
        min_size: variables with fewer elements always use NumPy; default
            65536 (unchanged when None).

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
    if name == "numexpr":
        try:
            import numexpr
        except ImportError as error:
            raise ImportError("set_accelerator('numexpr') needs numexpr: "
                              "pip install numexpr (or numkeras[fast]).") from error
        STATE.numexpr = numexpr
    else:
        STATE.numexpr = None


def get_accelerator():
    """Returns `"numexpr"` when fused numexpr updates are on, else None."""
    return None if STATE.numexpr is None else "numexpr"
