"""`numkeras run`: what the script sees, exit codes, error reports, and what is restored."""
import subprocess
import sys
import textwrap

import pytest
from run_paths import REPO

from numkeras.__main__ import main


def _script(folder, source, name="script.py"):
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(source), encoding="utf-8")
    return path


def test_version_and_usage():
    result = subprocess.run([sys.executable, "-m", "numkeras", "--version"], capture_output=True,
                            text=True, cwd=REPO)
    assert result.returncode == 0 and result.stdout.startswith("numkeras ")
    result = subprocess.run([sys.executable, "-m", "numkeras"], capture_output=True, text=True,
                            cwd=REPO)
    assert result.returncode == 2 and "run" in result.stderr


def test_script_sees_what_python_gives_it(tmp_path, capsys):
    _script(tmp_path, "VALUE = 42\n", "helper_module_for_run.py")
    path = _script(tmp_path, """
        import os, sys
        import helper_module_for_run  # from the script's own folder
        print(__name__, sys.argv[1:], os.path.basename(__file__), helper_module_for_run.VALUE)
        sys.exit(3)
    """)
    argv, path_before, main_before = list(sys.argv), list(sys.path), sys.modules["__main__"]
    status = main(["run", str(path), "--epochs", "3", "-h"])
    assert status == 3
    assert capsys.readouterr().out == "__main__ ['--epochs', '3', '-h'] script.py 42\n"
    assert sys.argv == argv and sys.path == path_before and sys.modules["__main__"] is main_before
    sys.modules.pop("helper_module_for_run", None)


def test_missing_file_and_errors(tmp_path, capsys):
    assert main(["run", str(tmp_path / "nope.py")]) == 2
    assert "can't open file" in capsys.readouterr().err
    path = _script(tmp_path, """
        def broken():
            return 1 / 0
        broken()
    """)
    assert main(["run", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Traceback (most recent call last):\n  File \"" + str(path))
    assert "runner.py" not in err and err.strip().endswith("ZeroDivisionError: division by zero")


@pytest.mark.parametrize("source, line, api", [
    ("import tensorflow as tf\n\nmodel = tf.keras.layers.ConvLSTM3D(8, 3)\n", 3,
     "tensorflow.keras.layers.ConvLSTM3D"),
    ("from tensorflow.keras.layers import Dense, ConvLSTM3D\n", 1, "tensorflow.keras.layers.ConvLSTM3D"),
    ("import tensorflow as tf\nconverter = tf.lite.TFLiteConverter\n", 2, "tensorflow.lite"),
    ("import numpy\nimport tensorflow.lite\n", 2, "the module tensorflow.lite"),
    ("from keras.utils import multi_gpu_model\n", 1, "keras.utils.multi_gpu_model"),
])
def test_missing_api_is_one_line_naming_it(tmp_path, capsys, source, line, api):
    path = _script(tmp_path, source)
    assert main(["run", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    assert err.startswith(f"numkeras run: {path}:{line}: numkeras does not provide {api} (yet).")


def test_did_you_mean(tmp_path, capsys):
    path = _script(tmp_path, "import keras\nkeras.layers.Dens(3)\n")
    assert main(["run", str(path)]) == 1
    assert "Did you mean keras.layers.Dense?" in capsys.readouterr().err


@pytest.fixture
def fake_installs(tmp_path, monkeypatch):
    """`tensorflow` and `keras` packages on sys.path, standing for real installs."""
    for name in ("tensorflow", "keras"):
        _script(tmp_path, f"REAL = {name!r}\n", f"{name}/__init__.py")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield tmp_path
    for name in ("tensorflow", "keras"):
        sys.modules.pop(name, None)


def test_real_installs_are_shadowed_only_during_the_run(fake_installs, capsys):
    import keras as real_keras

    assert real_keras.REAL == "keras"
    path = _script(fake_installs, """
        import keras, tensorflow
        print(hasattr(keras, "REAL"), hasattr(tensorflow, "REAL"), keras.Sequential.__module__)
    """, "uses_keras.py")
    meta_path = list(sys.meta_path)
    assert main(["run", str(path)]) == 0
    assert capsys.readouterr().out == "False False numkeras.models.sequential\n"
    assert sys.modules["keras"] is real_keras and sys.meta_path == meta_path
    assert "tensorflow" not in sys.modules  # never imported outside the run
    import tensorflow

    assert tensorflow.REAL == "tensorflow"


def test_python_dash_m_runs_with_shadowed_install(fake_installs):
    path = _script(fake_installs, "import tensorflow as tf\nprint(tf.__version__)\n", "v.py")
    env = {"PYTHONPATH": f"{REPO}:{fake_installs}", "PATH": ""}
    result = subprocess.run([sys.executable, "-m", "numkeras", "run", str(path)],
                            capture_output=True, text=True, env=env, cwd=fake_installs)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "2.16.0+numkeras\n"
