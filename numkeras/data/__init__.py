"""`numkeras.data`: a NumPy-backed `tf.data.Dataset` for input pipelines.

Plain NumPy and threads; it imports nothing of layers or models, and `fit`,
`evaluate` and `predict` accept its datasets (see numkeras/models/data.py).
"""
from numkeras.data.dataset import AUTOTUNE, INFINITE, UNKNOWN, Dataset
from numkeras.data.structure import TensorSpec

INFINITE_CARDINALITY = INFINITE
UNKNOWN_CARDINALITY = UNKNOWN

__all__ = ["AUTOTUNE", "INFINITE_CARDINALITY", "UNKNOWN_CARDINALITY", "Dataset", "TensorSpec"]
