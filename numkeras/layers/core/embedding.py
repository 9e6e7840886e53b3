"""Embedding: integer ids to rows of a trainable matrix."""
import warnings

import numpy as np

from numkeras import constraints, initializers, regularizers
from numkeras.backend import math_ops
from numkeras.backend.tensor import Tensor
from numkeras.layers.argument_checks import check_positive_int
from numkeras.layers.layer import Layer


class Embedding(Layer):
    """Turns non-negative integer ids into dense vectors: `embeddings[ids]`.

    Output shape is the input's shape plus `(output_dim,)`. Float inputs are cast
    to ints (as Keras does); ids outside `[0, input_dim)` raise a ValueError.

    Args:
        input_dim: positive int, the vocabulary size (largest id + 1).
        output_dim: positive int, the size of each vector.
        embeddings_initializer: default "uniform", i.e. RandomUniform(-0.05, 0.05).
        embeddings_regularizer, embeddings_constraint: optional, for the matrix.
        mask_zero: whether id 0 is padding; then `compute_mask` returns `inputs != 0`.
        weights: optional initial matrix of shape `(input_dim, output_dim)` (or a list holding it).
        lora_rank: optional int: freeze the matrix and train a low-rank delta `a @ b` instead.
        lora_alpha: scale of the delta is `lora_alpha / lora_rank` (default: `lora_rank`).
        input_length: Keras 2 argument, deprecated; used as `input_shape=(input_length,)`.

    Example:
    >>> layer = Embedding(3, 2, weights=np.array([[0.0, 0.0], [1.0, 2.0], [3.0, 4.0]]))
    >>> layer(np.array([[2, 1]])).numpy().tolist()
    [[[3.0, 4.0], [1.0, 2.0]]]
    """

    def __init__(self, input_dim, output_dim, embeddings_initializer="uniform",
                 embeddings_regularizer=None, embeddings_constraint=None, mask_zero=False,
                 weights=None, lora_rank=None, lora_alpha=None, quantization_config=None, **kwargs):
        input_length = kwargs.pop("input_length", None)
        if input_length is not None:
            warnings.warn("Argument `input_length` of Embedding is deprecated (Keras 3 ignores it); "
                          "use `keras.Input(shape=(input_length,))` instead.",
                          DeprecationWarning, stacklevel=2)
            if kwargs.get("input_shape") is None and kwargs.get("batch_input_shape") is None:
                kwargs["input_shape"] = (int(input_length),)
        super().__init__(**kwargs)
        self.input_dim = check_positive_int(input_dim, "input_dim", self)
        self.output_dim = check_positive_int(output_dim, "output_dim", self)
        self.embeddings_initializer = initializers.get(embeddings_initializer)
        self.embeddings_regularizer = regularizers.get(embeddings_regularizer)
        self.embeddings_constraint = constraints.get(embeddings_constraint)
        self.mask_zero = bool(mask_zero)
        self.supports_masking = self.mask_zero
        if quantization_config is not None:
            raise NotImplementedError(f"Embedding '{self.name}': quantization is not supported; "
                                      f"pass quantization_config=None.")
        self.lora_rank = None if lora_rank is None else check_positive_int(lora_rank, "lora_rank", self)
        self.lora_alpha = lora_alpha if lora_alpha is not None else self.lora_rank
        self.lora_enabled = False
        self._embeddings = None
        if weights is not None:
            self._maybe_build(None)
            if not (isinstance(weights, list) and len(weights) == 1):
                weights = [weights]
            self.set_weights(weights)

    def build(self, input_shape=None):
        if self._embeddings is not None:
            return
        self._embeddings = self.add_weight(
            shape=(self.input_dim, self.output_dim), initializer=self.embeddings_initializer,
            regularizer=self.embeddings_regularizer, constraint=self.embeddings_constraint,
            name="embeddings")
        self.built = True
        if self.lora_rank:
            self.enable_lora(self.lora_rank, self.lora_alpha)

    @property
    def embeddings(self):
        """The matrix of vectors, `(input_dim, output_dim)` (plus the LoRA delta when enabled)."""
        if self._embeddings is None:
            raise AttributeError(f"Embedding '{self.name}' is not built yet: call it on data first.")
        if not self.lora_enabled:
            return self._embeddings
        delta = math_ops.matmul(self.lora_embeddings_a, self.lora_embeddings_b)
        return math_ops.add(self._embeddings, math_ops.multiply(delta, self.lora_alpha / self.lora_rank))

    def enable_lora(self, rank, lora_alpha=None, a_initializer="he_uniform", b_initializer="zeros"):
        """Freezes the matrix and adds a trainable low-rank delta `a @ b` (b starts at zero)."""
        if self.embeddings_constraint is not None:
            raise ValueError(f"Embedding '{self.name}': LoRA cannot be combined with "
                             f"`embeddings_constraint`; remove the constraint first.")
        if self._embeddings is None:
            raise ValueError(f"Embedding '{self.name}': build the layer before enabling LoRA.")
        if self.lora_enabled:
            raise ValueError(f"Embedding '{self.name}': LoRA is already enabled.")
        rank = check_positive_int(rank, "rank", self)
        self.lora_embeddings_a = self.add_weight(
            shape=(self.input_dim, rank), initializer=a_initializer,
            regularizer=self.embeddings_regularizer, name="lora_embeddings_a")
        self.lora_embeddings_b = self.add_weight(
            shape=(rank, self.output_dim), initializer=b_initializer,
            regularizer=self.embeddings_regularizer, name="lora_embeddings_b")
        self._embeddings.trainable = False
        self.lora_enabled = True
        self.lora_rank = rank
        self.lora_alpha = lora_alpha if lora_alpha is not None else rank

    def _ids(self, inputs):
        ids = inputs.value if isinstance(inputs, Tensor) else np.asarray(inputs)
        if ids.dtype.kind not in "iu":
            ids = ids.astype(np.int32)  # Keras casts float ids (truncation)
        if ids.size:
            low, high = int(ids.min()), int(ids.max())
            if low < 0 or high >= self.input_dim:
                bad = high if high >= self.input_dim else low
                raise ValueError(f"Embedding '{self.name}' got id {bad}, but ids must be in "
                                 f"[0, {self.input_dim - 1}] (input_dim={self.input_dim}). "
                                 f"Raise input_dim to the vocabulary size + 1, or re-encode the ids.")
        return ids

    def call(self, inputs):
        return math_ops.take(self.embeddings, self._ids(inputs), axis=0)

    def compute_mask(self, inputs, mask=None):
        if not self.mask_zero:
            return None
        return Tensor(np.asarray(inputs.value if isinstance(inputs, Tensor) else inputs) != 0)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape) + (self.output_dim,)

    def get_config(self):
        config = {
            **super().get_config(),
            "input_dim": self.input_dim,
            "output_dim": self.output_dim,
            "embeddings_initializer": initializers.serialize(self.embeddings_initializer),
            "embeddings_regularizer": regularizers.serialize(self.embeddings_regularizer),
            "activity_regularizer": regularizers.serialize(self.activity_regularizer),
            "embeddings_constraint": constraints.serialize(self.embeddings_constraint),
            "mask_zero": self.mask_zero,
            "quantization_config": None,
        }
        if self.lora_rank:
            config["lora_rank"] = self.lora_rank
            config["lora_alpha"] = self.lora_alpha
        return config
