"""Malformed and malicious files are refused with clear errors; loading never runs code from a file."""
import builtins
import importlib
import json
import marshal
import os
import pickle
import sys
import zipfile

import numpy as np
import pytest

import numkeras as keras
from numkeras.saving import archive


def _rewrite(src, dst, change_config=None, extra=()):
    """Copies a .keras file, optionally editing config.json and adding raw members."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "config.json" and change_config is not None:
                config = json.loads(data)
                change_config(config)
                data = json.dumps(config).encode()
            zout.writestr(info.filename, data)
        for name, data in extra:
            zout.writestr(zipfile.ZipInfo(name), data)
    return dst


@pytest.fixture
def saved(mlp, tmp_path):
    model, x, _ = mlp
    path = tmp_path / "good.keras"
    model.save(path)
    return path, model, x


def test_not_a_zip(tmp_path):
    path = tmp_path / "notes.keras"
    path.write_text("just some text")
    with pytest.raises(ValueError, match="not a .keras file"):
        keras.saving.load_model(path)


def test_hdf5_named_keras_gets_a_hint(saved, tmp_path):
    path, model, _ = saved
    model.save_weights(tmp_path / "w.weights.h5")
    os.replace(tmp_path / "w.weights.h5", tmp_path / "w.keras")
    with pytest.raises(ValueError, match="HDF5 file, not a zip archive.*`.h5` extension"):
        keras.saving.load_model(tmp_path / "w.keras")


@pytest.mark.parametrize("keep", [0.3, 0.7, 0.98])
def test_truncated_file(saved, tmp_path, keep):
    path, _, _ = saved
    data = path.read_bytes()
    cut = tmp_path / "cut.keras"
    cut.write_bytes(data[: int(len(data) * keep)])
    with pytest.raises(ValueError, match="truncated or corrupted"):
        keras.saving.load_model(cut)


def test_corrupted_member(saved, tmp_path):
    path, _, _ = saved
    data = bytearray(path.read_bytes())
    start = data.find(b"\x89HDF")  # flip bytes inside the stored weights file
    data[start + 2000: start + 2100] = bytes(100)
    bad = tmp_path / "bad.keras"
    bad.write_bytes(bytes(data))
    with pytest.raises(ValueError, match="corrupted"):
        keras.saving.load_model(bad)


@pytest.mark.parametrize("member", ["../evil.py", "assets/../../evil.py", "/etc/evil", "C:/evil",
                                    "assets\\..\\evil"])
def test_member_path_that_escapes(saved, tmp_path, member):
    path, _, _ = saved
    bad = _rewrite(path, tmp_path / "slip.keras", extra=[(member, b"x")])
    with pytest.raises(ValueError, match="escapes the archive"):
        keras.saving.load_model(bad)
    assert not (tmp_path.parent / "evil.py").exists()


def test_duplicate_member(saved, tmp_path):
    path, _, _ = saved
    with pytest.warns(UserWarning, match="Duplicate name"):
        bad = _rewrite(path, tmp_path / "dup.keras", extra=[("config.json", b"{}")])
    with pytest.raises(ValueError, match="two members named 'config.json'"):
        keras.saving.load_model(bad)


def test_missing_member(saved, tmp_path):
    path, _, _ = saved
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(tmp_path / "nocfg.keras", "w") as zout:
        zout.writestr("model.weights.h5", zin.read("model.weights.h5"))
    with pytest.raises(ValueError, match="no 'config.json' member"):
        keras.saving.load_model(tmp_path / "nocfg.keras")


def _lambda_config(config):
    """What Keras writes for `Lambda(lambda x: x * 2)`: the lambda's bytecode."""
    code = marshal.dumps((lambda x: x * 2).__code__)
    import base64

    lam = {"module": "keras.layers", "class_name": "Lambda", "registered_name": None, "config": {
        "name": "lam", "trainable": True, "dtype": "float32",
        "function": {"class_name": "__lambda__", "config": {
            "code": base64.b64encode(code).decode(), "defaults": None, "closure": None}},
        "arguments": {}}}
    config["config"]["layers"].insert(2, lam)


def test_lambda_refused_in_safe_mode_and_loaded_with_safe_mode_off(saved, tmp_path):
    path, model, x = saved
    bad = _rewrite(path, tmp_path / "lambda.keras", change_config=_lambda_config)
    with pytest.raises(ValueError, match="lambda.*safe_mode=False"):
        keras.saving.load_model(bad)
    loaded = keras.saving.load_model(bad, safe_mode=False)
    assert type(loaded.layers[1]).__name__ == "Lambda"
    # The lambda doubles the hidden activations before the last Dense.
    hidden = np.maximum(x @ model.layers[0].kernel.numpy() + model.layers[0].bias.numpy(), 0)
    expected = 2 * hidden @ model.layers[1].kernel.numpy() + model.layers[1].bias.numpy()
    assert np.allclose(loaded.predict(x, verbose=0), expected, atol=1e-5)


def test_enable_unsafe_deserialization_allows_lambda(saved, tmp_path):
    from numkeras.saving import serialization

    path, _, _ = saved
    bad = _rewrite(path, tmp_path / "lambda.keras", change_config=_lambda_config)
    keras.config.enable_unsafe_deserialization()
    try:
        assert keras.saving.load_model(bad) is not None
    finally:
        serialization.SAFE_MODE_DEFAULT[0] = True


def test_lambda_with_an_unvouched_module_function_is_refused(saved, tmp_path):
    path, _, _ = saved

    def change(config):
        config["config"]["layers"].insert(2, {"module": "keras.layers", "class_name": "Lambda",
                                              "registered_name": None, "config": {
            "name": "lam", "function": {"module": "os", "class_name": "function", "config": "system",
                                        "registered_name": "system"}, "arguments": {}}})

    bad = _rewrite(path, tmp_path / "os.keras", change_config=change)
    with pytest.raises(ValueError, match="function 'system' from module 'os'.*never imports"):
        keras.saving.load_model(bad)


def test_unknown_class_is_refused_with_the_fix(saved, tmp_path):
    path, _, _ = saved

    def change(config):
        config["config"]["layers"][1].update({"module": "my_project.layers", "class_name": "Fancy",
                                              "registered_name": "my_project>Fancy"})

    bad = _rewrite(path, tmp_path / "fancy.keras", change_config=change)
    with pytest.raises(TypeError, match="Could not locate class 'Fancy'.*never imports.*custom_objects"):
        keras.saving.load_model(bad)


def test_config_cannot_name_a_non_modeling_function(saved, tmp_path):
    path, _, _ = saved

    def change(config):
        config["config"]["layers"][1].update({"module": "keras.saving", "class_name": "load_model"})

    bad = _rewrite(path, tmp_path / "api.keras", change_config=change)
    with pytest.raises(TypeError, match="Could not locate class 'load_model'"):
        keras.saving.load_model(bad)


def test_loading_never_unpickles_or_imports_from_the_file(saved, monkeypatch):
    path, model, x = saved
    imported = []
    real_import, real_import_module = builtins.__import__, importlib.import_module

    def spy_import(name, *args, **kwargs):
        imported.append(name)
        return real_import(name, *args, **kwargs)

    def spy_import_module(name, package=None):
        imported.append(name)
        return real_import_module(name, package)

    def refuse(*args, **kwargs):
        raise AssertionError("pickle was used while loading")

    monkeypatch.setattr(pickle, "loads", refuse)
    monkeypatch.setattr(pickle, "load", refuse)
    monkeypatch.setattr(pickle, "Unpickler", refuse)
    monkeypatch.setattr(np, "load", refuse)
    monkeypatch.setattr(builtins, "__import__", spy_import)
    monkeypatch.setattr(importlib, "import_module", spy_import_module)
    loaded = keras.saving.load_model(path)
    monkeypatch.undo()
    top_level = {name.split(".")[0] for name in imported if name}  # "" is a relative import
    assert top_level <= set(sys.stdlib_module_names) | {"numkeras", "numpy", "h5py"}
    assert np.array_equal(loaded.predict(x, verbose=0), model.predict(x, verbose=0))


def test_weights_file_with_an_external_link_is_refused(mlp, tmp_path):
    import h5py

    model, _, _ = mlp
    model.save_weights(tmp_path / "w.weights.h5")
    with h5py.File(tmp_path / "other.h5", "w") as other:
        other["data"] = np.zeros((4, 8), "float32")
    with h5py.File(tmp_path / "w.weights.h5", "a") as f:
        del f["layers/dense/vars/0"]
        f["layers/dense/vars/0"] = h5py.ExternalLink(str(tmp_path / "other.h5"), "data")
    with pytest.raises(ValueError, match="not a plain dataset stored inside the file"):
        model.load_weights(tmp_path / "w.weights.h5")


def test_wrong_shapes_are_refused_before_reading(mlp, tmp_path):
    model, _, _ = mlp
    model.save_weights(tmp_path / "w.weights.h5")
    other = keras.Sequential([keras.Input((4,)), keras.layers.Dense(5), keras.layers.Dense(1)])
    with pytest.raises(ValueError, match=r"weight 'kernel' has shape \(4, 5\), but the file holds shape \(4, 8\)"):
        other.load_weights(tmp_path / "w.weights.h5")
    with pytest.warns(UserWarning, match="could not be loaded"):
        other.load_weights(tmp_path / "w.weights.h5", skip_mismatch=True)


def test_h5py_missing_names_the_extra(mlp, tmp_path, monkeypatch):
    model, _, _ = mlp
    monkeypatch.setitem(sys.modules, "h5py", None)
    with pytest.raises(ImportError, match=r"pip install numkeras\[h5\]"):
        model.save(tmp_path / "m.keras")
    assert not os.listdir(tmp_path)  # nothing half-written


def test_a_crash_mid_save_keeps_the_previous_file(saved, monkeypatch):
    from numkeras.saving import state

    path, model, x = saved
    before = path.read_bytes()

    def crash(*args, **kwargs):
        raise RuntimeError("power cut")

    monkeypatch.setattr(state, "save_state", crash)
    with pytest.raises(RuntimeError, match="power cut"):
        model.save(path)
    assert path.read_bytes() == before
    assert os.listdir(path.parent) == [path.name]  # the temporary file is gone too
    monkeypatch.undo()
    assert np.array_equal(keras.saving.load_model(path).predict(x, verbose=0), model.predict(x, verbose=0))


def test_member_name_checks():
    assert archive.is_safe_member_name("assets/vocab.txt")
    for name in ("../x", "a/../../x", "/abs", "C:/x", "a\\b", "", "a/\x00"):
        assert not archive.is_safe_member_name(name)


def test_bad_extensions_are_refused(mlp, tmp_path):
    model, _, _ = mlp
    with pytest.raises(ValueError, match="Invalid filepath extension"):
        model.save(tmp_path / "m.pkl")
    with pytest.raises(ValueError, match="must end in `.weights.h5`"):
        model.save_weights(tmp_path / "w.h5")
    with pytest.raises(ValueError, match="save_format"):
        model.save(tmp_path / "m.keras", save_format="tf")
    with pytest.raises(ValueError, match="File not found"):
        keras.saving.load_model(tmp_path / "missing.keras")
    (tmp_path / "m.txt").write_text("x")
    with pytest.raises(ValueError, match="File format not supported"):
        keras.saving.load_model(tmp_path / "m.txt")


def test_invalid_json_config(saved, tmp_path):
    path, _, _ = saved
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(tmp_path / "j.keras", "w") as zout:
        for name in zin.namelist():
            zout.writestr(name, b"{not json" if name == "config.json" else zin.read(name))
    with pytest.raises(ValueError, match="config.json is not valid JSON"):
        keras.saving.load_model(tmp_path / "j.keras")
