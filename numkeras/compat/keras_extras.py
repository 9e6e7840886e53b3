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
