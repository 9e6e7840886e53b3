"""MultiHeadAttention: several scaled dot-product attentions over learned projections (Transformers).

The weights are Keras's: four EinsumDense sublayers `query`, `key`, `value` (kernels
`(dim, num_heads, key_dim)`, biases `(num_heads, key_dim)`) and `attention_output`
(kernel `(num_heads, value_dim, output_dim)`), reached as `query_dense`, ... so weight
lists and `.keras` files line up with Keras's.
"""
import math
import string

import numpy as np

from numkeras import constraints, initializers, ops, regularizers
from numkeras.layers.activations.softmax import Softmax
from numkeras.layers.attention.attention import causal_mask
from numkeras.layers.core.einsum_dense import EinsumDense
from numkeras.layers.input_layer import KerasTensor
from numkeras.layers.layer import Layer
from numkeras.layers.regularization.dropout import Dropout
from numkeras.layers.structures import _contains_symbolic
from numkeras.layers.weight_options import set_weight_options


def _positive_int(value, arg, allow_none=False):
    if value is None and allow_none:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value <= 0:
        raise ValueError(f"MultiHeadAttention: `{arg}` must be a positive integer"
                         f"{' or None' if allow_none else ''}, got {value!r}.")
    return int(value)


class MultiHeadAttention(Layer):
    """Multi-head attention (Vaswani et al. 2017), Keras 3's layer and weight layout.

    Args:
        num_heads: number of attention heads.
        key_dim: size of each head for query and key.
        value_dim: size of each head for value (default key_dim).
        dropout: dropout rate on the attention weights.
        use_bias: whether the projections have biases.
        output_shape: the output's feature shape (default: the query's last axis).
        attention_axes: the axes attention runs over (default: all but batch, heads, features).
        kernel_initializer, bias_initializer, kernel_regularizer, bias_regularizer,
        activity_regularizer, kernel_constraint, bias_constraint: for the projections.
        seed: int, for reproducible dropout.

    Call arguments:
        query `(B, T, dim)`, value `(B, S, dim)`, key (default value);
        attention_mask: booleans `(B, T, S)`, True where a query step may attend;
        return_attention_scores: also return the `(B, num_heads, T, S)` weights;
        training; use_causal_mask: step i sees only steps j <= i.

    Example:
    >>> layer = MultiHeadAttention(num_heads=2, key_dim=4)
    >>> layer(np.ones((1, 3, 8)), np.ones((1, 5, 8))).shape
    (1, 3, 8)
    """

    def __init__(self, num_heads, key_dim, value_dim=None, dropout=0.0, use_bias=True,
                 output_shape=None, attention_axes=None, sliding_window=None, flash_attention=None,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros", kernel_regularizer=None,
                 bias_regularizer=None, activity_regularizer=None, kernel_constraint=None,
                 bias_constraint=None, use_gate=False, seed=None, **kwargs):
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        self.supports_masking = True
        self._num_heads = _positive_int(num_heads, "num_heads")
        self._key_dim = _positive_int(key_dim, "key_dim")
        self._value_dim = _positive_int(value_dim, "value_dim", allow_none=True) or self._key_dim
        if isinstance(dropout, bool) or not isinstance(dropout, (int, float)) or not 0 <= dropout < 1:
            raise ValueError(f"MultiHeadAttention '{self.name}': `dropout` must be a float in "
                             f"[0, 1), got {dropout!r}.")
        self._dropout = float(dropout)
        self._use_bias = bool(use_bias)
        if output_shape is not None and output_shape != ():
            if isinstance(output_shape, int):
                output_shape = (output_shape,)
            if not isinstance(output_shape, (list, tuple)):
                raise ValueError(f"MultiHeadAttention '{self.name}': `output_shape` must be an int, "
                                 f"list or tuple, got {output_shape!r}.")
            output_shape = tuple(output_shape)
        else:
            output_shape = None
        self._output_shape = output_shape
        if isinstance(attention_axes, int):
            attention_axes = (attention_axes,)
        elif attention_axes is not None and not isinstance(attention_axes, (list, tuple)):
            raise ValueError(f"MultiHeadAttention '{self.name}': `attention_axes` must be an int, "
                             f"list or tuple, got {attention_axes!r}.")
        self._attention_axes = None if attention_axes is None else tuple(attention_axes)
        if sliding_window is not None and (isinstance(sliding_window, bool) or not isinstance(
                sliding_window, int) or sliding_window <= 0):
            raise ValueError(f"MultiHeadAttention '{self.name}': `sliding_window` must be None or a "
                             f"positive integer, got {sliding_window!r}.")
        self._sliding_window = sliding_window
        self._use_gate = bool(use_gate)
        self._flash_attention = flash_attention  # accepted; the NumPy path is always explicit
        set_weight_options(self, "_kernel", kernel_initializer, kernel_regularizer, kernel_constraint)
        set_weight_options(self, "_bias", bias_initializer, bias_regularizer, bias_constraint)
        self.seed = seed
        self._inverse_sqrt_key_dim = 1.0 / math.sqrt(float(self._key_dim))
        self._query_dense = self._key_dense = self._value_dense = self._output_dense = None
        self._gate_dense = None

    # --- Keras's public read-only attributes ------------------------------------------------
    num_heads = property(lambda self: self._num_heads)
    key_dim = property(lambda self: self._key_dim)
    value_dim = property(lambda self: self._value_dim)
    dropout = property(lambda self: self._dropout)
    use_bias = property(lambda self: self._use_bias)
    attention_axes = property(lambda self: self._attention_axes)
    query_dense = property(lambda self: self._query_dense)
    key_dense = property(lambda self: self._key_dense)
    value_dense = property(lambda self: self._value_dense)
    output_dense = property(lambda self: self._output_dense)

    # --- building ---------------------------------------------------------------------------
    def build(self, query_shape, value_shape=None, key_shape=None):
        if value_shape is None and _is_shape_list(query_shape):
            query_shape, value_shape, key_shape = (list(query_shape) + [None])[:3]
        if value_shape is None:
            raise ValueError(f"MultiHeadAttention '{self.name}' needs the shapes of query and value "
                             f"to build, got only {query_shape}.")
        query_shape, value_shape = tuple(query_shape), tuple(value_shape)
        key_shape = value_shape if key_shape is None else tuple(key_shape)
        if value_shape[1:-1] != key_shape[1:-1]:
            raise ValueError(f"MultiHeadAttention '{self.name}': all axes of `value` and `key` but "
                             f"the last must be equal. Received: value_shape={value_shape} and "
                             f"key_shape={key_shape}.")
        heads = self._num_heads
        self._query_dense = self._projection(len(query_shape) - 1, 1, [heads, self._key_dim], "query")
        self._track(self._query_dense)  # private attributes are not tracked on assignment
        self._query_dense._maybe_build(query_shape)
        self._key_dense = self._projection(len(key_shape) - 1, 1, [heads, self._key_dim], "key")
        self._track(self._key_dense)
        self._key_dense._maybe_build(key_shape)
        if self._use_gate:  # sigmoid(query projection) scales each head's output (gated attention)
            self._gate_dense = self._projection(len(query_shape) - 1, 1, [heads, self._value_dim], "gate",
                                                activation="sigmoid")
            self._track(self._gate_dense)
            self._gate_dense._maybe_build(query_shape)
        self._value_dense = self._projection(len(value_shape) - 1, 1, [heads, self._value_dim], "value")
        self._track(self._value_dense)
        self._value_dense._maybe_build(value_shape)
        rank = len(value_shape) + 1  # the projected rank: (batch, ..., heads, channels)
        self._build_attention(rank)
        out_features = list(self._output_shape) if self._output_shape else [query_shape[-1]]
        self._output_dense = self._projection(len(query_shape) - 1, 2, out_features, "attention_output")
        self._track(self._output_dense)
        self._output_dense._maybe_build(tuple(query_shape[:-1]) + (heads, self._value_dim))
        self.built = True

    def _projection(self, free_dims, bound_dims, output_dims, name, activation=None):
        letters = string.ascii_lowercase
        inputs = letters[:free_dims + bound_dims]
        kernel = letters[free_dims:free_dims + bound_dims + len(output_dims)]
        outputs = letters[:free_dims] + kernel[bound_dims:]
        return EinsumDense(
            f"{inputs},{kernel}->{outputs}",
            output_shape=[None] * (free_dims - 1) + list(output_dims),
            bias_axes=kernel[bound_dims:] if self._use_bias else None, name=name, activation=activation,
            kernel_initializer=type(self._kernel_initializer).from_config(
                self._kernel_initializer.get_config()),
            bias_initializer=type(self._bias_initializer).from_config(self._bias_initializer.get_config()),
            kernel_regularizer=self._kernel_regularizer, bias_regularizer=self._bias_regularizer,
            kernel_constraint=self._kernel_constraint, bias_constraint=self._bias_constraint,
            dtype=self.dtype)

    def _build_attention(self, rank):
        axes = tuple(range(1, rank - 2)) if self._attention_axes is None else \
            tuple(a if a >= 0 else rank - 1 + a for a in self._attention_axes)
        self._built_axes = axes
        self._dot_product_equation, self._combine_equation, scores_rank = _attention_equations(rank, axes)
        norm_axes = tuple(range(scores_rank - len(axes), scores_rank))
        self._softmax = Softmax(axis=list(norm_axes), dtype=self.dtype)
        self._dropout_layer = Dropout(rate=self._dropout, seed=self.seed, dtype=self.dtype)
        self._track([self._softmax, self._dropout_layer])

    # --- calling ----------------------------------------------------------------------------
    def __call__(self, query, value=None, key=None, **kwargs):
        if value is None and isinstance(query, (list, tuple)) and 2 <= len(query) <= 3:
            query, value, key = (list(query) + [None])[:3]  # the functional graph passes a list
        if value is None:
            raise ValueError(f"MultiHeadAttention '{self.name}' must be called as "
                             f"layer(query, value) or layer(query, value, key); got no value.")
        inputs = [query, value] if key is None else [query, value, key]
        if _contains_symbolic(inputs, KerasTensor):
            from numkeras.layers.graph import call_symbolic

            if not self.built:  # the graph knows one input shape per call; this layer needs all
                self._maybe_build([tuple(t.shape) for t in inputs])
            # Recorded as Keras records it: query positional, value (and key) after it.
            return call_symbolic(self, query, tuple(inputs[1:]), kwargs)
        return super().__call__(inputs, **kwargs)

    def call(self, inputs, query_mask=None, value_mask=None, key_mask=None, attention_mask=None,
             return_attention_scores=False, training=None, use_causal_mask=False):
        query, value = inputs[0], inputs[1]
        key = inputs[2] if len(inputs) > 2 else value
        query_mask = _mask_of(query, query_mask)
        value_mask = _mask_of(value, value_mask)
        key_mask = None if len(inputs) < 3 or inputs[2] is value else _mask_of(key, key_mask)
        mask = self._attention_mask(query, value, query_mask, value_mask, key_mask, attention_mask,
                                    use_causal_mask)
        gate = self._gate_dense(query) if self._use_gate else None
        query = self._query_dense(query)
        key = self._key_dense(key)
        value = self._value_dense(value)
        output, scores = self._compute_attention(query, key, value, mask, training)
        output = self._output_dense(output if gate is None else output * gate)
        return (output, scores) if return_attention_scores else output

    def _attention_mask(self, query, value, query_mask, value_mask, key_mask, attention_mask,
                        use_causal_mask):
        """The `(B, T, S)` booleans of Keras's `_compute_attention_mask` (None when unmasked)."""
        mask = None
        if query_mask is not None:
            mask = query_mask[:, :, None]
        for m in (value_mask, key_mask):
            if m is not None:
                mask = m[:, None, :] if mask is None else mask & m[:, None, :]
        if use_causal_mask:
            causal = causal_mask(query.shape[1], value.shape[1])
            mask = causal if mask is None else mask & causal
        if self._sliding_window is not None:  # |i - j| < sliding_window
            rows, cols = np.arange(query.shape[1])[:, None], np.arange(value.shape[1])[None, :]
            band = (np.abs(rows - cols) < self._sliding_window)[None]
            mask = band if mask is None else mask & band
        if attention_mask is not None:
            given = _as_bool(attention_mask)
            mask = given if mask is None else given & mask
        return mask

    def _compute_attention(self, query, key, value, attention_mask=None, training=None):
        query = query * np.asarray(self._inverse_sqrt_key_dim, query.dtype)
        scores = ops.einsum(self._dot_product_equation, key, query)
        if attention_mask is not None:
            expand_at = -len(self._built_axes) * 2 - 1
            for _ in range(scores.ndim - attention_mask.ndim):
                attention_mask = np.expand_dims(attention_mask, expand_at)
        scores = self._softmax(scores, mask=attention_mask)
        weights = self._dropout_layer(scores, training=training) if self._dropout > 0 else scores
        return ops.einsum(self._combine_equation, weights, value), scores

    def compute_output_shape(self, query_shape, value_shape=None, key_shape=None):
        if value_shape is None and _is_shape_list(query_shape):
            query_shape, value_shape = query_shape[0], query_shape[1]
        query_shape = tuple(query_shape)
        return query_shape[:-1] + self._output_shape if self._output_shape else query_shape

    def compute_mask(self, inputs, mask=None):
        return None

    def get_config(self):
        return {
            **super().get_config(),
            "num_heads": self._num_heads, "key_dim": self._key_dim, "value_dim": self._value_dim,
            "dropout": self._dropout, "use_bias": self._use_bias, "use_gate": self._use_gate,
            "output_shape": None if self._output_shape is None else list(self._output_shape),
            "attention_axes": None if self._attention_axes is None else list(self._attention_axes),
            "sliding_window": self._sliding_window,
            "kernel_initializer": initializers.serialize(self._kernel_initializer),
            "bias_initializer": initializers.serialize(self._bias_initializer),
            "kernel_regularizer": regularizers.serialize(self._kernel_regularizer),
            "bias_regularizer": regularizers.serialize(self._bias_regularizer),
            "activity_regularizer": regularizers.serialize(self.activity_regularizer),
            "kernel_constraint": constraints.serialize(self._kernel_constraint),
            "bias_constraint": constraints.serialize(self._bias_constraint),
            "seed": self.seed,
        }

    def get_build_config(self):
        if self._query_dense is None:
            return None
        shapes = {"query_shape": self._query_dense._build_shapes,
                  "value_shape": self._value_dense._build_shapes,
                  "key_shape": self._key_dense._build_shapes}
        return {"shapes_dict": {k: list(v) for k, v in shapes.items()}}  # Keras's multi-input form

    def build_from_config(self, build_config):
        shapes = (build_config or {}).get("shapes_dict")
        if shapes and not self.built:
            self._maybe_build([tuple(shapes[k]) if shapes.get(k) is not None else None
                               for k in ("query_shape", "value_shape", "key_shape")])


def _attention_equations(rank, attn_axes):
    """Keras's two einsum equations: scores `(key, query) -> (batch..., heads, T..., S...)` and
    output `(scores, value) -> query's layout`."""
    letters = string.ascii_lowercase
    target = letters[:rank]
    batch_dims = [i for i in range(rank) if i not in attn_axes and i != rank - 1]
    offset = rank
    source = ""
    for i in range(rank):
        if i in batch_dims or i == rank - 1:
            source += target[i]
        else:
            source += letters[offset]
            offset += 1
    product = "".join([target[i] for i in batch_dims] + [target[i] for i in attn_axes]
                      + [source[i] for i in attn_axes])
    return f"{source},{target}->{product}", f"{product},{source}->{target}", len(product)


def _is_shape_list(shape):
    return isinstance(shape, (list, tuple)) and bool(shape) and all(
        s is None or isinstance(s, (list, tuple)) for s in shape)


def _as_bool(mask):
    mask = np.asarray(getattr(mask, "value", mask))
    return mask if mask.dtype == bool else mask.astype(bool)


def _mask_of(tensor, given):
    if given is None:
        given = getattr(tensor, "_keras_mask", None)
    return None if given is None else _as_bool(given)
