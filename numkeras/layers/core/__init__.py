"""Core layers."""
from numkeras.layers.core.dense import Dense
from numkeras.layers.core.einsum_dense import EinsumDense
from numkeras.layers.core.embedding import Embedding
from numkeras.layers.core.identity import Identity
from numkeras.layers.core.lambda_layer import Lambda
from numkeras.layers.core.masking import Masking
