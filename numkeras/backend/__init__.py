"""The engine: tensors, the tape, primitives and their gradients."""
from numkeras.backend.config import epsilon, floatx, set_epsilon, set_floatx, standardize_dtype
from numkeras.backend.tensor import (
    GradientTape,
    Tensor,
    Variable,
    backward,
    convert_to_tensor,
    no_grad,
)
