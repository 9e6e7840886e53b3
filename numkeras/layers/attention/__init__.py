"""Attention layers: Attention, AdditiveAttention, MultiHeadAttention."""
from numkeras.layers.attention.attention import AdditiveAttention, Attention
from numkeras.layers.attention.multi_head_attention import MultiHeadAttention

__all__ = ["AdditiveAttention", "Attention", "MultiHeadAttention"]
