"""Discretization: numbers to bucket indices, by given boundaries or adapted quantiles."""
import numpy as np

from numkeras.backend.tensor import Tensor
from numkeras.layers.layer import Layer
from numkeras.layers.preprocessing.categorical.category_encoding import encode_categorical


def quantile_summary(values, epsilon):
    """A sketch of sorted `values`: every `max(n * epsilon, 1)`-th value, each weighing that much.

    Keras's approximate-quantile summary (2 rows: values, weights); summaries of batches merge
    by concatenating, sorting and compressing back to about `1 / epsilon` points.
    """
    values = np.sort(np.reshape(values, -1))
    step = max(values.size * epsilon, 1)
    points = values[int(step - 1)::int(step)]
    return np.stack([points, np.full_like(points, step)])


def compress_summary(summary, epsilon):
    """The summary resampled at cumulative-weight fractions epsilon, 2*epsilon, ..., 1."""
    if summary.shape[1] * epsilon < 1:
        return summary
    fractions = epsilon + np.arange(0.0, 1.0, epsilon)
    cumulative = summary[1].cumsum()
    at = cumulative / cumulative[-1]
    points = np.interp(fractions, at, summary[0])
    weights_so_far = np.interp(fractions, at, cumulative)
    weights = np.diff(np.concatenate([[0.0], weights_so_far]))
    return np.stack([points, weights]).astype("float32")


def merge_summaries(first, second, epsilon):
    merged = np.concatenate([first, second], axis=1)
    return compress_summary(merged[:, np.argsort(merged[0], kind="stable")], epsilon)


class Discretization(Layer):
    """Buckets numbers: index i where `bin_boundaries[i-1] <= x < bin_boundaries[i]`.

    Args:
        bin_boundaries: sorted list of boundaries (n boundaries give n + 1 buckets).
        num_bins: instead of boundaries, the number of buckets `adapt()` finds by quantiles.
        epsilon: the quantile sketch's error tolerance (default 0.01).
        output_mode: "int" (default), "one_hot", "multi_hot" or "count".

    Example:
    >>> Discretization(bin_boundaries=[0.0, 1.0])(np.array([[-0.5, 0.0, 0.5, 2.0]])).numpy().tolist()
    [[0, 1, 1, 2]]
    """

    def __init__(self, bin_boundaries=None, num_bins=None, epsilon=0.01, output_mode="int",
                 sparse=False, dtype=None, name=None, **kwargs):
        super().__init__(name=name, dtype=dtype, **kwargs)
        who = f"Discretization '{self.name}'"
        if output_mode not in ("int", "one_hot", "multi_hot", "count"):
            raise ValueError(f"{who}: `output_mode` must be int, one_hot, multi_hot or count, got "
                             f"{output_mode!r}.")
        if sparse:
            raise ValueError(f"{who}: `sparse=True` is not supported; outputs are dense arrays.")
        if num_bins is not None and num_bins < 0:
            raise ValueError(f"{who}: `num_bins` must be >= 0, got {num_bins!r}.")
        if num_bins is not None and bin_boundaries is not None:
            raise ValueError(f"{who}: give `num_bins` or `bin_boundaries`, not both.")
        if num_bins is None and bin_boundaries is None:
            raise ValueError(f"{who}: give either `num_bins` (then adapt()) or `bin_boundaries`.")
        if bin_boundaries is not None and np.any(np.diff(np.asarray(bin_boundaries, float)) < 0):
            raise ValueError(f"{who}: `bin_boundaries` must be sorted, got {list(bin_boundaries)}.")
        self.bin_boundaries = None if bin_boundaries is None else list(bin_boundaries)
        self.num_bins = num_bins
        self.epsilon = epsilon
        self.output_mode = output_mode
        self.sparse = False
        self.summary = None if self.bin_boundaries else np.array([[], []], dtype="float32")
        self.built = True

    def adapt(self, data, steps=None):
        """Finds `num_bins - 1` quantile boundaries of `data` (an array or an iterable of batches)."""
        if self.num_bins is None:
            raise ValueError(f"Discretization '{self.name}' was given `bin_boundaries`; it cannot be "
                             f"adapted. Create it with `num_bins` instead.")
        self.reset_state()
        batches = [data] if isinstance(data, (np.ndarray, Tensor, list)) and not (
            isinstance(data, list) and data and isinstance(data[0], np.ndarray)) else data
        for i, batch in enumerate(batches):
            if steps is not None and i >= steps:
                break
            self.update_state(batch)
        self.finalize_state()

    def update_state(self, data):
        data = np.asarray(getattr(data, "value", data), dtype="float32")
        self.summary = merge_summaries(quantile_summary(data, self.epsilon), self.summary, self.epsilon)

    def finalize_state(self):
        if self.num_bins is not None:
            self.bin_boundaries = compress_summary(self.summary, 1.0 / self.num_bins)[0, :-1].tolist()

    def reset_state(self):
        if self.num_bins is not None:
            self.summary = np.array([[], []], dtype="float32")

    def call(self, inputs):
        if self.bin_boundaries is None:
            raise ValueError(f"Discretization '{self.name}': pass `bin_boundaries` or call adapt() "
                             f"before using the layer.")
        values = np.asarray(getattr(inputs, "value", inputs))
        indices = np.digitize(values, np.asarray(self.bin_boundaries, dtype=values.dtype
                                                 if values.dtype.kind == "f" else "float64"))
        if self.output_mode == "int":
            return Tensor(indices.astype(np.int32))
        return Tensor(encode_categorical(indices, self.output_mode, len(self.bin_boundaries) + 1,
                                         self.compute_dtype))

    def compute_output_shape(self, input_shape):
        if self.output_mode == "int":
            return tuple(input_shape)
        depth = len(self.bin_boundaries) + 1 if self.bin_boundaries is not None else self.num_bins
        if self.output_mode == "one_hot":
            if len(input_shape) > 1 and input_shape[-1] == 1:
                return tuple(input_shape[:-1]) + (depth,)
            return tuple(input_shape) + (depth,)
        return (input_shape[0],) + tuple(input_shape[2:]) + (depth,) if len(input_shape) >= 2 else (depth,)

    def get_config(self):
        # Keras's keys only: its __init__ takes no `trainable`.
        return {"bin_boundaries": self.bin_boundaries, "num_bins": self.num_bins, "epsilon": self.epsilon,
                "output_mode": self.output_mode, "sparse": self.sparse, "name": self.name,
                "dtype": super().get_config()["dtype"]}

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        if config.get("bin_boundaries") is not None and config.get("num_bins") is not None:
            boundaries = config.pop("bin_boundaries")
            layer = cls(**config)
            layer.bin_boundaries = boundaries
            return layer
        return cls(**config)
