"""CategoryEncoding and the one_hot / multi_hot / count encoding the lookup layers share."""
import numpy as np

from numkeras.backend.tensor import Tensor
from numkeras.layers.layer import Layer

MODES = ("one_hot", "multi_hot", "count")


def encode_categorical(ids, output_mode, depth, dtype="float32", count_weights=None):
    """Integer ids `(batch, n)` (or `(batch,)`) to `(batch, depth)` rows; ids outside [0, depth)
    (e.g. -1 for a mask token) are dropped. one_hot of `(batch, n)` gives `(batch, n, depth)`."""
    ids = np.asarray(ids, dtype=np.int64)
    if ids.ndim == 0:
        ids = ids[None]
    if output_mode == "one_hot":
        squeeze = ids.ndim > 1 and ids.shape[-1] == 1
        flat = ids[..., 0] if squeeze else ids
        valid = (flat >= 0) & (flat < depth)
        out = np.zeros(flat.shape + (depth,), dtype)
        np.put_along_axis(out, np.where(valid, flat, 0)[..., None], valid[..., None].astype(dtype), -1)
        return out
    rows = ids.reshape(1, -1) if ids.ndim == 1 else ids.reshape(ids.shape[0], -1)
    n_rows = rows.shape[0]
    valid = (rows >= 0) & (rows < depth)
    flat = (np.arange(n_rows)[:, None] * depth + np.where(valid, rows, 0))[valid]
    weights = None
    if count_weights is not None and output_mode == "count":
        weights = np.broadcast_to(np.asarray(count_weights, np.float64).reshape(rows.shape), rows.shape)[valid]
    counts = np.bincount(flat, weights=weights, minlength=n_rows * depth).reshape(n_rows, depth)
    if output_mode == "multi_hot":
        counts = counts > 0
    out = counts.astype(dtype)
    return out[0] if ids.ndim == 1 else out


class CategoryEncoding(Layer):
    """Encodes integer ids as one-hot, multi-hot or count vectors of length `num_tokens`.

    Args:
        num_tokens: the number of ids; inputs must lie in [0, num_tokens).
        output_mode: "multi_hot" (default), "one_hot" or "count".
        sparse: not supported (dense arrays only).

    Call arguments:
        inputs: int ids, `(batch,)` or `(batch, n)`; count_weights: optional weights for "count".

    Example:
    >>> CategoryEncoding(num_tokens=4, output_mode="one_hot")(np.array([3, 0])).numpy().tolist()
    [[0.0, 0.0, 0.0, 1.0], [1.0, 0.0, 0.0, 0.0]]
    """

    def __init__(self, num_tokens=None, output_mode="multi_hot", sparse=False, **kwargs):
        super().__init__(**kwargs)
        if output_mode == "binary":
            output_mode = "multi_hot"
        if output_mode not in MODES:
            raise ValueError(f"CategoryEncoding '{self.name}': `output_mode` must be one of "
                             f"{', '.join(MODES)}, got {output_mode!r}.")
        if num_tokens is None or isinstance(num_tokens, bool) or not isinstance(num_tokens, int) \
                or num_tokens < 1:
            raise ValueError(f"CategoryEncoding '{self.name}': `num_tokens` must be a positive int, got "
                             f"{num_tokens!r}.")
        if sparse:
            raise ValueError(f"CategoryEncoding '{self.name}': `sparse=True` is not supported.")
        self.num_tokens = num_tokens
        self.output_mode = output_mode
        self.sparse = False
        self.built = True

    def call(self, inputs, count_weights=None):
        ids = np.asarray(getattr(inputs, "value", inputs))
        if ids.size and (ids.min() < 0 or ids.max() >= self.num_tokens):
            raise ValueError(f"CategoryEncoding '{self.name}': inputs must be in [0, {self.num_tokens}) "
                             f"(num_tokens={self.num_tokens}); got values from {ids.min()} to {ids.max()}.")
        weights = None if count_weights is None else np.asarray(getattr(count_weights, "value", count_weights))
        return Tensor(encode_categorical(ids, self.output_mode, self.num_tokens, self.compute_dtype, weights))

    def compute_output_shape(self, input_shape):
        input_shape = tuple(input_shape)
        if self.output_mode == "one_hot" and (len(input_shape) < 2 or input_shape[-1] != 1):
            return input_shape + (self.num_tokens,)
        return input_shape[:-1] + (self.num_tokens,) if len(input_shape) > 1 else (self.num_tokens,)

    def get_config(self):
        return {**super().get_config(), "num_tokens": self.num_tokens, "output_mode": self.output_mode,
                "sparse": self.sparse}
