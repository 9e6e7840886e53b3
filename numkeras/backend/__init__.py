"""The engine: tensors, the tape, primitives and their gradients."""
from numkeras.backend.config import (  # noqa: F401 - also keras.backend's public names
    backend,
    epsilon,
    floatx,
    image_data_format,
    set_epsilon,
    set_floatx,
    set_image_data_format,
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

# What `clear_session` resets, registered by the packages that own it (the layers register their
# name counters): the engine never imports the packages above it.
_CLEAR_SESSION_HOOKS = []


def register_clear_session_hook(hook):
    """Makes `clear_session()` call `hook()` (once per hook, in registration order)."""
    if hook not in _CLEAR_SESSION_HOOKS:
        _CLEAR_SESSION_HOOKS.append(hook)


def clear_session():
    """Resets layer-name counters (`dense`, `dense_1`, ... start again), as Keras does.

    numkeras keeps no global graph or session: models are ordinary Python objects that the
    garbage collector frees, so there is nothing else to clear.
    """
    for hook in _CLEAR_SESSION_HOOKS:
        hook()
