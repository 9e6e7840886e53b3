"""Whether the recurrent time loops run compiled (`rnn_loops`, through numba) or on NumPy.

The switch is the optimizers' accelerator: `numkeras.optimizers.set_accelerator` (and
`NUMKERAS_ACCELERATOR`) sets the mode here too, so one setting decides for the whole library.
- `"auto"` (the default) and `"numba"`: the compiled loops when numba can be imported. numba is
  imported on the first recurrent call (the loops compile then, a few seconds once; numba keeps
  them on disk for later processes).
- `None`: NumPy only.
"""
import importlib
import os

import numpy as np


class _LoopState:
    __slots__ = ("mode", "modules")

    def __init__(self):
        self.mode = "auto"
        self.modules = {}   # name -> the imported compiled module, or None if it failed


STATE = _LoopState()
if os.environ.get("NUMKERAS_ACCELERATOR", "").strip().lower() == "numpy":
    STATE.mode = None


def set_mode(mode):
    """`"auto"`, `"numba"` or None (NumPy); called by `set_accelerator`."""
    STATE.mode = mode


def compiled_module(name):
    """`numkeras.backend.<name>` (a module of numba-compiled loops), or None for NumPy."""
    if STATE.mode is None:
        return None
    if name not in STATE.modules:
        try:
            STATE.modules[name] = importlib.import_module(f"numkeras.backend.{name}")
        except Exception:  # numba missing, or an install that does not import: NumPy it is
            STATE.modules[name] = None
    return STATE.modules[name]


def rnn_loops():
    """The compiled recurrent loops (`rnn_loops`), or None for the NumPy loops."""
    return compiled_module("rnn_loops")


def compiled_loop(*activations):
    """`(rnn_loops, activation codes)` when the compiled loops are on and know `activations`,
    else None (the NumPy loop runs)."""
    loops = rnn_loops()
    if loops is None or any(a not in loops.ACTIVATION_CODES for a in activations):
        return None
    return loops, tuple(loops.ACTIVATION_CODES[a] for a in activations)


_NO_MASK = np.ones((1, 1), bool)
_NO_SEQUENCE = {}


def mask_arguments(mt):
    """The (time, batch, 1) mask of the NumPy loops as the compiled loops take it:
    `(contiguous (time, batch) booleans, use_mask)`; a placeholder array when there is none."""
    if mt is None:
        return _NO_MASK, False
    return np.ascontiguousarray(mt[:, :, 0]), True


def sequence_arguments(seq_grads, dtype):
    """The time-major output gradients (or None) as `(array, use_seq)` for the compiled loops."""
    if seq_grads is not None:
        return seq_grads, True
    placeholder = _NO_SEQUENCE.get(dtype)
    if placeholder is None:
        placeholder = _NO_SEQUENCE[dtype] = np.zeros((1, 1, 1), dtype)
    return placeholder, False
