"""`save_model`, `load_model`, `save_weights`, `load_weights`: the file format is chosen by extension.

| extension      | what                                   | format                       |
|----------------|----------------------------------------|------------------------------|
| `.keras`       | the whole model                        | Keras 3 zip (`saving_lib`)   |
| `.weights.h5`  | the weights (and optimizer state)      | Keras 3 HDF5 (`state`)       |
| `.h5`, `.hdf5` | the whole model, or weights (legacy)   | Keras 2 HDF5 (`legacy_h5`)   |

Example:
>>> model.save("model.keras")                     # doctest: +SKIP
>>> model = load_model("model.keras")             # doctest: +SKIP
>>> model.save_weights("model.weights.h5")        # doctest: +SKIP
"""
import json
import os
import warnings

from numkeras.saving import archive


def _ask_to_overwrite(filepath):
    try:
        answer = input(f"[WARNING] {filepath} already exists - overwrite? [y/n] ")
    except EOFError:  # no terminal: keep the existing file
        return False
    return answer.strip().lower() in ("y", "yes")


def save_model(model, filepath, overwrite=True, zipped=None, **kwargs):
    """Saves the whole model: architecture, weights, optimizer state and compile arguments.

    Args:
        model: the model.
        filepath: ends in `.keras` (or `.h5` for the legacy format).
        overwrite: when False and the file exists, ask before replacing it.
        zipped: False writes a folder instead of a zip (the path must not end in `.keras`).
    """
    include_optimizer = kwargs.pop("include_optimizer", True)
    if "save_format" in kwargs:
        raise ValueError("The `save_format` argument is deprecated in Keras 3. Please remove this "
                         "argument and pass a file path with either `.keras` or `.h5` extension. "
                         f"Received: save_format={kwargs['save_format']}")
    if kwargs:
        raise ValueError(f"The following argument(s) are not supported: {sorted(kwargs)}")
    filepath = os.fspath(filepath)
    zipped = True if zipped is None else zipped  # a folder only when asked for (zipped=False)
    if os.path.exists(filepath) and not overwrite and not _ask_to_overwrite(filepath):
        return
    from numkeras.saving import saving_lib

    if filepath.endswith((".h5", ".hdf5")):
        warnings.warn("You are saving your model as an HDF5 file via `model.save()` or "
                      "`keras.saving.save_model(model)`. This file format is considered legacy. We "
                      "recommend using instead the native Keras format, e.g. "
                      "`model.save('my_model.keras')` or `keras.saving.save_model(model, "
                      "'my_model.keras')`.", stacklevel=3)
        from numkeras.saving import legacy_h5

        return legacy_h5.save_model_to_hdf5(model, filepath, include_optimizer=include_optimizer)
    if zipped and not filepath.endswith(".keras"):
        raise ValueError("Invalid filepath extension for saving. Please add either a `.keras` "
                         "extension for the native Keras format (recommended) or a `.h5` extension. "
                         f"Received: filepath={filepath}")
    if not zipped and filepath.endswith(".keras"):
        raise ValueError("When using `zipped=False`, the `filepath` argument should not end in "
                         f"`.keras`. Received: filepath={filepath}")
    return saving_lib.save_model(model, filepath, zipped=zipped)


def load_model(filepath, custom_objects=None, compile=True, safe_mode=True):
    """Loads a model saved with `save_model` (`.keras`), a Keras 2 `.h5` file, or a saved folder.

    Args:
        filepath: the file (or folder).
        custom_objects: `{name: class or function}` for user-defined objects.
        compile: compile the model as it was when saved (with its optimizer state).
        safe_mode: refuse files that would run code when loaded (Python lambdas).

    Raises:
        ValueError: for a missing, malformed or unsafe file, with what is wrong and what to do.
        TypeError: for a class the file names that is neither built in nor registered.
    """
    filepath = os.fspath(filepath)
    if not os.path.exists(filepath):
        raise ValueError(f"File not found: filepath={filepath}. Please ensure the file is an "
                         f"accessible `.keras` zip file.")
    from numkeras.saving import saving_lib

    if os.path.isdir(filepath):
        if os.path.exists(os.path.join(filepath, saving_lib.CONFIG_FILENAME)):
            return saving_lib.load_model(filepath, custom_objects, compile, safe_mode)
        raise ValueError(f"Cannot load '{filepath}': it is a folder without config.json.")
    kind = archive.sniff(filepath)
    if filepath.endswith((".h5", ".hdf5")) or (kind == "hdf5" and not filepath.endswith(".keras")):
        from numkeras.saving import legacy_h5

        return legacy_h5.load_model_from_hdf5(filepath, custom_objects, compile, safe_mode)
    if filepath.endswith(".keras") or kind == "zip":
        return saving_lib.load_model(filepath, custom_objects, compile, safe_mode)
    raise ValueError(f"File format not supported: filepath={filepath}. numkeras (like Keras 3) loads "
                     f"`.keras` files and legacy `.h5` files. A TensorFlow SavedModel folder cannot "
                     f"be loaded.")


def save_weights(model, filepath, overwrite=True, **kwargs):
    """Saves the weights (and the optimizer's state) to a file ending in `.weights.h5`."""
    if kwargs.pop("max_shard_size", None) is not None:
        raise ValueError("Sharded weights (`max_shard_size`) are not supported by numkeras.")
    if kwargs:
        raise ValueError(f"The following argument(s) are not supported: {sorted(kwargs)}")
    filepath = os.fspath(filepath)
    if not filepath.endswith(".weights.h5"):
        raise ValueError(f"The filename must end in `.weights.h5`. Received: filepath={filepath}")
    if os.path.exists(filepath) and not overwrite and not _ask_to_overwrite(filepath):
        return
    from numkeras.saving import saving_lib

    saving_lib.save_weights_only(model, filepath)


def load_weights(model, filepath, skip_mismatch=False, **kwargs):
    """Loads weights from `.weights.h5`, from the weights in a `.keras` file, or a legacy `.h5`."""
    filepath = os.fspath(filepath)
    if not os.path.exists(filepath):
        raise ValueError(f"File not found: filepath={filepath}.")
    from numkeras.saving import saving_lib

    if filepath.endswith((".keras", ".weights.h5")):
        if kwargs:
            raise ValueError(f"Invalid keyword arguments: {sorted(kwargs)}")
        return saving_lib.load_weights_only(model, filepath, skip_mismatch=skip_mismatch)
    if filepath.endswith((".h5", ".hdf5")):
        by_name = kwargs.pop("by_name", False)
        if kwargs:
            raise ValueError(f"Invalid keyword arguments: {sorted(kwargs)}")
        from numkeras.saving import legacy_h5

        return legacy_h5.load_weights(model, filepath, by_name=by_name, skip_mismatch=skip_mismatch)
    raise ValueError(f"File format not supported: filepath={filepath}. numkeras (like Keras 3) loads "
                     f"weights from `.keras` and `.weights.h5` files, or legacy `.h5` files.")


def model_from_json(json_string, custom_objects=None, safe_mode=True):
    """A new model (fresh weights) from `model.to_json()`'s output.

    Example:
    >>> clone = model_from_json(model.to_json())     # doctest: +SKIP
    """
    from numkeras.saving.saving_lib import model_from_config_json

    return model_from_config_json(json_string, custom_objects, compile=True, safe_mode=safe_mode,
                                  source="the JSON string")


def model_from_config(config, custom_objects=None, safe_mode=True):
    """A new model from a `{"class_name", "config", ...}` dict (`serialize_keras_object(model)`)."""
    from numkeras.saving.saving_lib import model_from_config_json

    return model_from_config_json(json.dumps(config), custom_objects, compile=True,
                                  safe_mode=safe_mode, source="the config")
