"""Attention layers: Attention, AdditiveAttention, MultiHeadAttention (and EinsumDense they use)."""
from numkeras.layers.attention.attention import AdditiveAttention, Attention
from numkeras.layers.attention.einsum_dense import EinsumDense
from numkeras.layers.attention.multi_head_attention import MultiHeadAttention

__all__ = ["AdditiveAttention", "Attention", "EinsumDense", "MultiHeadAttention"]
