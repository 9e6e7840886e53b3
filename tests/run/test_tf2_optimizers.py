"""`numkeras run --tf2-optimizers`: optimizer names resolve to numkeras.optimizers.legacy."""
import sys
import textwrap
import types

import pytest

import numkeras
from numkeras.__main__ import main
from numkeras.compat import tf2_optimizers

SCRIPT = """
    import tensorflow as tf
    model = tf.keras.Sequential([tf.keras.layers.Dense(1, input_shape=(2,))])
    model.compile(optimizer="rmsprop", loss="mse")
    print(type(model.optimizer).__module__, tf.keras.optimizers.RMSprop.__module__,
          tf.keras.optimizers.Adam.__module__)
"""


@pytest.fixture
def legacy_module(monkeypatch):
    """A stand-in `numkeras.optimizers.legacy` with one class, RMSprop."""
    module = types.ModuleType("numkeras.optimizers.legacy")

    class RMSprop(numkeras.optimizers.RMSprop):
        pass

    RMSprop.__module__ = module.__name__
    module.RMSprop = RMSprop
    monkeypatch.setitem(sys.modules, module.__name__, module)
    return module


@pytest.fixture
def script(tmp_path):
    path = tmp_path / "compile_rmsprop.py"
    path.write_text(textwrap.dedent(SCRIPT), encoding="utf-8")
    return path


def test_keras3_optimizers_by_default(legacy_module, script, capsys):
    assert main(["run", str(script)]) == 0
    assert capsys.readouterr().out.split() == ["numkeras.optimizers.rmsprop"] * 2 + [
        "numkeras.optimizers.adam"]


def test_tf2_optimizers_flag(legacy_module, script, capsys):
    assert main(["run", "--tf2-optimizers", str(script)]) == 0
    # Names with a legacy class switch; the others keep their Keras 3 meaning.
    assert capsys.readouterr().out.split() == [legacy_module.__name__] * 2 + [
        "numkeras.optimizers.adam"]
    assert numkeras.optimizers.ALL_OPTIMIZERS["rmsprop"] is numkeras.optimizers.RMSprop


def test_tf2_optimizers_without_the_legacy_module(monkeypatch, script, capsys):
    monkeypatch.setattr(tf2_optimizers, "LEGACY_MODULE", "numkeras.optimizers.no_such_module")
    assert main(["run", "--tf2-optimizers", str(script)]) == 1
    err = capsys.readouterr().err
    assert err == ("numkeras run: numkeras does not provide the module "
                   "numkeras.optimizers.no_such_module (yet).\n")
    assert "tensorflow" not in sys.modules
