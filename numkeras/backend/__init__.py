"""The engine: tensors, the tape, primitives and their gradients."""
from numkeras.backend.config import (  # noqa: F401 - also keras.backend's public names
    backend,
    epsilon,
    floatx,
    image_data_format,
    set_epsilon,
    set_floatx,
    standardize_dtype,
)
from numkeras.backend.tensor import (
    GradientTape,
    Tensor,
    Variable,
    backward,
    convert_to_tensor,
    no_grad,
)


def clear_session():
    """Resets layer-name counters (`dense`, `dense_1`, ... start again), as Keras does.

    numkeras keeps no global graph or session: models are ordinary Python objects that the
    garbage collector frees, so there is nothing else to clear.
    """
    from numkeras.layers.layer import reset_names

    reset_names()
