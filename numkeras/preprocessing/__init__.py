"""`numkeras.preprocessing`: Keras 2's home of `sequence.pad_sequences`, kept for old notes."""
from numkeras.preprocessing import sequence  # noqa: F401
