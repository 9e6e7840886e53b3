"""`numkeras.config`: global settings (float type, epsilon, image data format), as `keras.config`."""
from numkeras.backend.config import (  # noqa: F401
    backend,
    epsilon,
    floatx,
    image_data_format,
    set_epsilon,
    set_floatx,
    set_image_data_format,
)


def enable_unsafe_deserialization():
    from numkeras.saving import serialization

    serialization.SAFE_MODE_DEFAULT[0] = False


from numkeras.compat.limits import (  # noqa: E402,F401 - Keras 3's caps for smoke-testing scripts
    max_epochs,
    max_steps_per_epoch,
    set_max_epochs,
    set_max_steps_per_epoch,
)
