"""The Keras 3 `.keras` format: a zip with `metadata.json`, `config.json` and `model.weights.h5`.

- `metadata.json`: `{"keras_version": ..., "date_saved": "YYYY-MM-DD@HH:MM:SS"}`;
- `config.json`: `serialize_keras_object(model)`, with its `build_config` and,
  for a compiled model, its `compile_config`;
- `model.weights.h5`: every layer's and the optimizer's variables (see `state`).

Example:
>>> model.save("mlp.keras")                                  # doctest: +SKIP
>>> restored = numkeras.saving.load_model("mlp.keras")       # doctest: +SKIP
"""
import datetime
import io
import json
import os
import warnings
import zipfile

from numkeras.saving import archive, assets, state
from numkeras.saving.h5_store import H5Store, require_h5py

CONFIG_FILENAME = "config.json"
METADATA_FILENAME = "metadata.json"
WEIGHTS_FILENAME = "model.weights.h5"
# The Keras release whose file layout numkeras writes (Keras reads a file by its layout, not this).
KERAS_FORMAT_VERSION = "3.15.1"


def _metadata():
    from numkeras import __version__

    return {"keras_version": KERAS_FORMAT_VERSION, "numkeras_version": __version__,
            "date_saved": datetime.datetime.now().strftime("%Y-%m-%d@%H:%M:%S")}


def serialize_model_as_json(model):
    from numkeras.saving.serialization import serialize_keras_object

    return json.dumps(serialize_keras_object(model)), json.dumps(_metadata())


def weights_bytes(model):
    """The model's `model.weights.h5`, written in memory."""
    require_h5py()
    buffer = io.BytesIO()
    with H5Store(buffer, "w") as store:
        state.save_state(model, store)
    return buffer.getvalue()


def save_model(model, filepath, zipped=True):
    """Writes `model` as a `.keras` zip (or, with `zipped=False`, a folder of the same three files)."""
    if not model.built:
        warnings.warn("You are saving a model that has not yet been built. It might not contain any "
                      "weights yet. Consider building the model first by calling it on some data.",
                      stacklevel=3)
    config_json, metadata_json = serialize_model_as_json(model)
    weights = weights_bytes(model)
    if not zipped:
        os.makedirs(filepath, exist_ok=True)
        for name, data in ((METADATA_FILENAME, metadata_json.encode()),
                           (CONFIG_FILENAME, config_json.encode()), (WEIGHTS_FILENAME, weights)):
            with archive.atomic_write(os.path.join(filepath, name)) as tmp, open(tmp, "wb") as f:
                f.write(data)
        return
    with archive.atomic_write(filepath) as tmp:
        with zipfile.ZipFile(tmp, "w") as zf:  # stored, not deflated, as Keras writes it
            zf.writestr(METADATA_FILENAME, metadata_json)
            zf.writestr(CONFIG_FILENAME, config_json)
            zf.writestr(WEIGHTS_FILENAME, weights)
            for name, data in assets.collect_assets(model).items():
                zf.writestr(name, data)


def model_from_config_json(config_json, custom_objects=None, compile=True, safe_mode=True, source=""):
    """Builds the model described by a `config.json` text (no weights)."""
    from numkeras.saving.serialization import deserialize_keras_object

    try:
        config = json.loads(config_json)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise ValueError(f"Cannot load {source or 'the model'}: config.json is not valid JSON "
                         f"({error}).") from error
    if not isinstance(config, dict) or "class_name" not in config:
        raise ValueError(f"Cannot load {source or 'the model'}: config.json does not describe a model "
                         f"(expected a dict with 'class_name' and 'config').")
    if not compile:
        config["compile_config"] = None
    return deserialize_keras_object(config, custom_objects=custom_objects, safe_mode=safe_mode)


def load_model(filepath, custom_objects=None, compile=True, safe_mode=True):
    """Loads a `.keras` zip (or a folder saved with `zipped=False`)."""
    filepath = os.fspath(filepath)
    if os.path.isdir(filepath):
        return _load_model_from_dir(filepath, custom_objects, compile, safe_mode)
    with archive.open_archive(filepath) as zf:
        config_json = archive.read_member(zf, CONFIG_FILENAME, filepath)
        names = zf.namelist()
        if WEIGHTS_FILENAME not in names:
            raise ValueError(f"Cannot load '{filepath}': the archive has no {WEIGHTS_FILENAME} (it "
                             f"holds {names}). Weights saved as .npz are not supported yet.")
        weights = archive.read_member(zf, WEIGHTS_FILENAME, filepath)
        asset_files = {name: archive.read_member(zf, name, filepath) for name in names
                       if name.startswith("assets/") and not name.endswith("/")}
    model = model_from_config_json(config_json, custom_objects, compile, safe_mode, f"'{filepath}'")
    _load_weights_into(model, io.BytesIO(weights), filepath, skip_mismatch=False)
    assets.restore_assets(model, asset_files)
    return model


def _load_model_from_dir(dirpath, custom_objects, compile, safe_mode):
    with open(os.path.join(dirpath, CONFIG_FILENAME), "rb") as f:
        model = model_from_config_json(f.read(), custom_objects, compile, safe_mode, f"'{dirpath}'")
    _load_weights_into(model, os.path.join(dirpath, WEIGHTS_FILENAME), dirpath, skip_mismatch=False)
    return model


def _load_weights_into(model, source, filepath, skip_mismatch):
    with H5Store(source, "r") as store:
        _build_optimizer_if_saved(model, store)
        errors = state.load_state(model, store)
    if errors:
        obj, message = errors[0]
        text = (f"A total of {len(errors)} objects could not be loaded from '{filepath}'. Example "
                f"error message for object {getattr(obj, 'name', obj)!r}:\n\n{message}\n\nList of "
                f"objects that could not be loaded:\n{[getattr(o, 'name', o) for o, _ in errors]}")
        if skip_mismatch:
            warnings.warn(text, stacklevel=3)
        else:
            raise ValueError(text)


def _build_optimizer_if_saved(model, store):
    """Creates the optimizer's slots when the file holds its state, so that training resumes exactly."""
    optimizer = getattr(model, "optimizer", None)
    if optimizer is None or getattr(optimizer, "built", True) or not model.built:
        return
    # An unbuilt optimizer holds iterations (and the learning rate); more in the file means slots.
    if len(store.get("optimizer")) > len(optimizer.variables) and model.trainable_weights:
        optimizer.build(model.trainable_weights)


def save_weights_only(model, filepath, attrs=None):
    """Writes `model.weights.h5` alone (the `.weights.h5` files of `save_weights`).

    `attrs` (a dict of str) are stored as attributes of the file's root (BackupAndRestore's
    training state), in the same atomic write as the weights.
    """
    if not model.built:
        raise ValueError("You are saving a model that has not yet been built. Try building the model "
                         "first by calling it on some data or by using `build()`.")
    require_h5py()
    with archive.atomic_write(filepath) as tmp:
        with H5Store(tmp, "w") as store:
            state.save_state(model, store)
            store.file.attrs.update(attrs or {})


def load_weights_only(model, filepath, skip_mismatch=False):
    """Reads weights from a `.weights.h5` file or from the weights inside a `.keras` file."""
    if not model.built:
        raise ValueError("You are loading weights into a model that has not yet been built. Try "
                         "building the model first by calling it on some data or by using `build()`.")
    filepath = os.fspath(filepath)
    if filepath.endswith(".keras"):
        with archive.open_archive(filepath) as zf:
            source = io.BytesIO(archive.read_member(zf, WEIGHTS_FILENAME, filepath))
    else:
        source = filepath
    _load_weights_into(model, source, filepath, skip_mismatch)
