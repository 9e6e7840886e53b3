"""`keras.preprocessing.sequence.pad_sequences`, as Keras 2 spelled it."""
from numkeras.utils.sequence_utils import pad_sequences  # noqa: F401
