"""`CuDNNLSTM` and `CuDNNGRU`: TensorFlow 1's GPU-only spellings, served to old scripts.

They were LSTM/GRU with fixed activations (tanh, sigmoid) and, for the GRU, the reset gate
applied after the recurrent matmul; numkeras's LSTM and GRU compute exactly that on the CPU.
"""
import warnings

from numkeras.layers import GRU, LSTM


def _warn(old, new):
    warnings.warn(f"`{old}` is TensorFlow 1's cuDNN-only layer; numkeras runs it as "
                  f"`keras.layers.{new}` (same weights, tanh/sigmoid activations) on the CPU. "
                  f"Write `{new}` in new code.", DeprecationWarning, stacklevel=3)


class CuDNNLSTM(LSTM):
    """`LSTM` under its TensorFlow 1 name (warns once per construction)."""

    def __init__(self, units, **kwargs):
        _warn("CuDNNLSTM", "LSTM")
        super().__init__(units, **kwargs)


class CuDNNGRU(GRU):
    """`GRU(reset_after=True)` under its TensorFlow 1 name (warns once per construction)."""

    def __init__(self, units, **kwargs):
        _warn("CuDNNGRU", "GRU")
        kwargs.setdefault("reset_after", True)
        super().__init__(units, **kwargs)
