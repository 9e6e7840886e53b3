"""Names the Keras shims serve that are not plain numkeras attributes.

Each function returns `{name: value}` for one shim module (see `table.Spec.extras`).
"""
import numpy as np

# Keras 3 is what TF >= 2.16 ships as tf.keras; "+numkeras" is a PEP 440 local label,
# so `packaging.version.parse(keras.__version__)` still works.
KERAS_VERSION = "3.0.0+numkeras"


def root():
    return {"__version__": KERAS_VERSION}


def _clear_session(free_memory=True):
    """Resets layer auto-names (`dense`, `dense_1`, ...), as Keras's clear_session does.

    numkeras keeps no global graph, so there is nothing else to free.
    """
    from numkeras.layers.layer import reset_names

    reset_names()


def _get_value(x):
    return np.array(x.numpy() if hasattr(x, "numpy") else x)


def _set_value(x, value):
    # Keras 2 code does K.set_value(model.optimizer.lr, 0.01); numkeras optimizers take a plain
    # assignment to `learning_rate`, and variables take assign().
    if hasattr(x, "assign"):
        x.assign(value)
    else:
        raise TypeError(f"set_value() needs a variable (with .assign), got {type(x).__name__}. "
                        f"For a learning rate, assign model.optimizer.learning_rate = {value!r}.")


def backend():
    from numkeras import config

    return {
        "clear_session": _clear_session,
        "epsilon": config.epsilon,
        "set_epsilon": config.set_epsilon,
        "floatx": config.floatx,
        "set_floatx": config.set_floatx,
        "image_data_format": config.image_data_format,
        "backend": config.backend,
        "get_value": _get_value,
        "set_value": _set_value,
        "int_shape": lambda x: tuple(np.shape(x)),
        "count_params": lambda x: int(np.size(x)),
    }


def config():
    from numkeras.compat import limits

    return {name: getattr(limits, name) for name in
            ("set_max_epochs", "max_epochs", "set_max_steps_per_epoch", "max_steps_per_epoch")}


def optimizers():
    """Under `--tf2-optimizers`, the optimizer classes are the legacy (tf.keras 2) ones."""
    from numkeras.compat import session, tf2_optimizers

    if not session.current_options().tf2_optimizers:
        return {}
    return tf2_optimizers.legacy_classes()


def sequence():
    from numkeras.utils.sequence_utils import pad_sequences

    return {"pad_sequences": pad_sequences}


def layers():
    """TensorFlow 1's cuDNN layer names, as aliases of LSTM and GRU that warn."""
    from numkeras.compat.cudnn_layers import CuDNNGRU, CuDNNLSTM

    return {"CuDNNLSTM": CuDNNLSTM, "CuDNNGRU": CuDNNGRU}
def _deprecated_alias(function, old_name):
    """`function` under its tf.keras 2 name, with a DeprecationWarning pointing at keras.utils."""
    import functools
    import warnings

    @functools.wraps(function)
    def alias(*args, **kwargs):
        warnings.warn(f"`{old_name}` is deprecated (tf.keras 2); use `keras.utils.{function.__name__}`.",
                      DeprecationWarning, stacklevel=2)
        return function(*args, **kwargs)
    return alias


def preprocessing_image():
    """`keras.preprocessing.image.load_img` and friends: old spellings of keras.utils' image I/O."""
    from numkeras.preprocessing import image as legacy_image
    from numkeras.utils import image_utils

    names = {name: _deprecated_alias(getattr(image_utils, name), f"keras.preprocessing.image.{name}")
             for name in ("load_img", "img_to_array", "array_to_img", "save_img")}

    class ImageDataGenerator(legacy_image.ImageDataGenerator):
        __doc__ = legacy_image.ImageDataGenerator.__doc__

        def __init__(self, *args, **kwargs):
            legacy_image._warn()
            super().__init__(*args, **kwargs)

    return {**names, "ImageDataGenerator": ImageDataGenerator}


def preprocessing():
    """`keras.preprocessing.image_dataset_from_directory` (TF 2.3-2.8's spelling)."""
    from numkeras.utils.image_dataset_utils import image_dataset_from_directory

    return {"image_dataset_from_directory": _deprecated_alias(
        image_dataset_from_directory, "keras.preprocessing.image_dataset_from_directory")}
