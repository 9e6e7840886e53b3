"""Attention (Luong, dot-product) and AdditiveAttention (Bahdanau): `softmax(scores) @ value`."""
import numpy as np

from numkeras import ops
from numkeras.backend import math_ops
from numkeras.backend import random as nk_random
from numkeras.layers.argument_checks import check_rate
from numkeras.layers.layer import Layer

MASKED_SCORE_OFFSET = 1.0e9  # subtracted from masked scores before the softmax, as in Keras


def causal_mask(query_length, value_length):
    """`(1, Tq, Tv)` booleans, True where a query step may see a value step (j <= i)."""
    return np.tril(np.ones((query_length, value_length), dtype=bool))[None]


class Attention(Layer):
    """Dot-product attention: `softmax(query @ key^T) @ value`.

    Called on `[query, value]` or `[query, value, key]` (key defaults to value), shapes
    `(batch, Tq, dim)`, `(batch, Tv, dim)`, `(batch, Tv, dim)`; returns `(batch, Tq, dim)`.

    Args:
        use_scale: learn a scalar that multiplies the scores (`scale`, initialised to 1).
        score_mode: "dot" (`query @ key^T`) or "concat" (`sum(tanh(query + key))`).
        dropout: fraction of the attention weights dropped in training.
        seed: int, for reproducible dropout.

    Call arguments:
        inputs: the list `[query, value]` or `[query, value, key]`.
        mask: optional list `[query_mask, value_mask]` of booleans `(batch, Tq)`, `(batch, Tv)`.
        return_attention_scores: also return the `(batch, Tq, Tv)` weights.
        use_causal_mask: let step i see only value steps j <= i (for decoders).

    Example:
    >>> q = np.array([[[1.0, 0.0]]]); v = np.array([[[1.0, 0.0], [0.0, 1.0]]])
    >>> np.round(Attention()([q, v]).numpy(), 4).tolist()
    [[[0.7311, 0.2689]]]
    """

    def __init__(self, use_scale=False, score_mode="dot", dropout=0.0, seed=None, **kwargs):
        super().__init__(**kwargs)
        if score_mode not in ("dot", "concat"):
            raise ValueError(f"{type(self).__name__} '{self.name}': `score_mode` must be 'dot' or "
                             f"'concat', got {score_mode!r}.")
        self.use_scale = bool(use_scale)
        self.score_mode = score_mode
        self.dropout = check_rate(dropout, "dropout", self)
        self.seed = seed
        self._generator = nk_random.SeedGenerator(seed) if self.dropout > 0 else None
        self.supports_masking = True
        self.scale = None
        self.concat_score_weight = None

    def build(self, input_shape):
        self._validate_inputs(input_shape)
        if self.use_scale:
            self.scale = self.add_weight(name="scale", shape=(), initializer="ones")
        if self.score_mode == "concat":
            self.concat_score_weight = self.add_weight(name="concat_score_weight", shape=(),
                                                       initializer="ones")
        self.built = True

    def _calculate_scores(self, query, key):
        if self.score_mode == "dot":
            key_t = ops.transpose(key, tuple(range(key.ndim - 2)) + (key.ndim - 1, key.ndim - 2))
            scores = ops.matmul(query, key_t)
            return scores if self.scale is None else scores * self.scale
        pairs = ops.expand_dims(query, -2) + ops.expand_dims(key, -3)
        if self.scale is not None:
            pairs = self.scale * pairs
        return self.concat_score_weight * ops.sum(ops.tanh(pairs), axis=-1)

    def _apply_scores(self, scores, value, scores_mask=None, training=False):
        if scores_mask is not None:
            scores = ops.where(scores_mask, scores, scores - MASKED_SCORE_OFFSET)
        weights = ops.softmax(scores, axis=-1)
        if training and self.dropout > 0:
            keep = nk_random.dropout_mask(weights.shape, self.dropout, seed=self._generator,
                                          dtype=weights.dtype)
            weights_used = math_ops.multiply(weights, keep)
        else:
            weights_used = weights
        return ops.matmul(weights_used, value), weights

    def call(self, inputs, mask=None, training=False, return_attention_scores=False,
             use_causal_mask=False):
        self._validate_inputs(inputs, mask)
        query, value = inputs[0], inputs[1]
        key = inputs[2] if len(inputs) > 2 else value
        query_mask = _mask_array(mask[0]) if mask else None
        value_mask = _mask_array(mask[1]) if mask else None
        scores = self._calculate_scores(query, key)
        scores_mask = None if value_mask is None else value_mask[..., None, :]
        if use_causal_mask:
            causal = causal_mask(scores.shape[-2], scores.shape[-1])
            scores_mask = causal if scores_mask is None else scores_mask & causal
        outputs, weights = self._apply_scores(scores, value, scores_mask, training)
        if query_mask is not None:
            outputs = ops.where(query_mask[..., None], outputs, 0.0)
        return (outputs, weights) if return_attention_scores else outputs

    def compute_mask(self, inputs, mask=None):
        self._validate_inputs(inputs, mask)
        if mask is None or mask[0] is None:
            return None
        return _mask_array(mask[0])

    def compute_output_shape(self, input_shape):
        return tuple(input_shape[0][:-1]) + (input_shape[1][-1],)

    def _validate_inputs(self, inputs, mask=None):
        who = f"{type(self).__name__} layer '{self.name}'"
        if not isinstance(inputs, (list, tuple)) or (inputs and isinstance(inputs[0], int)):
            raise ValueError(f"{who} must be called on a list of inputs, namely [query, value] or "
                             f"[query, value, key]. Received: {type(inputs).__name__}.")
        if not 2 <= len(inputs) <= 3:
            raise ValueError(f"{who} accepts a list of 2 or 3 inputs, [query, value] or "
                             f"[query, value, key]. Received a list of {len(inputs)}.")
        if mask is not None and (not isinstance(mask, (list, tuple)) or not 2 <= len(mask) <= 3):
            raise ValueError(f"{who}: `mask` must be a list [query_mask, value_mask]. "
                             f"Received: {mask!r}.")

    def get_config(self):
        return {**super().get_config(), "use_scale": self.use_scale, "score_mode": self.score_mode,
                "dropout": self.dropout, "seed": self.seed}


class AdditiveAttention(Attention):
    """Additive (Bahdanau) attention: scores `sum(scale * tanh(query + key))` over features.

    Args:
        use_scale: learn a `(dim,)` vector `scale` (default True); else the sum is unweighted.
        dropout: fraction of the attention weights dropped in training.

    Example:
    >>> q = np.zeros((1, 1, 2)); v = np.array([[[1.0, 0.0], [0.0, 1.0]]])
    >>> AdditiveAttention()([q, v]).numpy().tolist()
    [[[0.5, 0.5]]]
    """

    def __init__(self, use_scale=True, dropout=0.0, **kwargs):
        kwargs.pop("score_mode", None)
        super().__init__(use_scale=use_scale, dropout=dropout, **kwargs)

    def build(self, input_shape):
        self._validate_inputs(input_shape)
        dim = input_shape[0][-1]
        if self.use_scale:
            self.scale = self.add_weight(name="scale", shape=(dim,), initializer="glorot_uniform")
        self.built = True

    def _calculate_scores(self, query, key):
        pairs = ops.tanh(ops.expand_dims(query, -2) + ops.expand_dims(key, -3))
        if self.scale is not None:
            pairs = pairs * self.scale
        return ops.sum(pairs, axis=-1)

    def get_config(self):
        config = super().get_config()
        config.pop("score_mode", None)
        return config


def _mask_array(mask):
    if mask is None:
        return None
    mask = np.asarray(getattr(mask, "value", mask))
    return mask if mask.dtype == bool else mask > 0.5
