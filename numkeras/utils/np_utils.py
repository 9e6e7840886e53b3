"""Keras 2's import path `keras.utils.np_utils`, kept so old notes run unchanged."""
from numkeras.utils.numerical_utils import normalize, to_categorical  # noqa: F401
