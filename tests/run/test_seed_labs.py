"""The lecture notes' code blocks, cut from the notes unedited, run through `numkeras run`.

One test per lab. Glue the notes leave out (imports from an earlier slide, the XOR
data table, smaller data for CI) lives in glue/ and runs as the prelude; the
epilogue prints values the block computes but does not print. Where a full run is
too slow for CI the test passes `--max-steps-per-epoch` (numkeras's equivalent of
`keras.config.set_max_steps_per_epoch`).
"""
import ast
import re

import pytest


def _ok(result):
    """stdout of a successful run (a CompletedProcess, or run_here's (status, out, err))."""
    status, out, err = (result if isinstance(result, tuple)
                        else (result.returncode, result.stdout, result.stderr))
    assert status == 0, f"exit {status}\n{out[-3000:]}\n{err[-5000:]}"
    return out


def _floats(text):
    return [float(v) for v in re.findall(r"-?\d+\.\d+(?:e[-+]\d+)?", text)]


def test_001_minibatch_lab(run_here, seed_block):
    out = _ok(run_here(seed_block("001_minibatch.py")))
    selected = [int(v) for v in re.search(r"\[([\d\s]+)\]", out).group(1).split()]
    assert len(selected) == 12 and all(0 <= i < 60000 for i in selected)


def test_001_xor_mlp(run_script, seed_block):
    # 2,000 of the 10,000 epochs are enough to learn XOR (the last fifth of the CI budget).
    result = run_script(seed_block("001_xor.py"), prelude="prelude_xor.py",
                        epilogue="epilogue_summary.py", options=["--max-epochs", "2000"])
    out = _ok(result)
    assert "Limiting epochs to 2000" in result.stderr and "001_xor.py:8" in result.stderr
    assert out.count("Epoch ") == 2000 and "Epoch 2000/2000" in out
    predictions = _floats(out.split("Epoch 2000/2000")[1].split("Model:")[0].split("\n", 2)[2])
    assert [round(p) for p in predictions] == [0, 1, 1, 0]  # XOR learned, as on the slide
    # The summary slide: 6 and 3 weights, 9 trainable in all.
    assert re.search(r"dense \(Dense\).*\(None, 2\).*\b6\b", out)
    assert re.search(r"dense_1 \(Dense\).*\(None, 1\).*\b3\b", out)
    assert "Trainable params: 9 " in out


def test_001_mnist_mlp(run_script, seed_block):
    script = seed_block("001_mnist_mlp.py", repaired=True)
    out = _ok(run_script(script, epilogue="epilogue_mnist_mlp.py",
                         options=["--max-steps-per-epoch", "3"]))
    assert out.count("Epoch 5/5") == 2  # the fit slide and the graph slide each train 5 epochs
    assert "3/3" in out
    accuracy = float(re.search(r"테스트 정확도: ([\d.]+)", out).group(1))
    assert 0.0 <= accuracy <= 1.0
    assert "history 5 ['accuracy', 'loss']" in out


def test_001_grid_search(run_script, seed_block):
    script = seed_block("001_grid_search.py", repaired=True)
    out = _ok(run_script(script, prelude="prelude_grid_search.py"))
    *_, score_line, params_line = out.strip().splitlines()
    assert 0.0 <= float(score_line) <= 1.0
    params = ast.literal_eval(params_line)
    assert params["batch_size"] in (32, 64) and params["epochs"] in (1, 2, 3)


def test_002_losses(run_here, seed_block):
    out = _ok(run_here(seed_block("002_losses.py"), prelude="prelude_tf.py"))
    assert out.split() == ["0.3445814", "1.936381", "1.936381"]  # the values on the slides


def test_002_onehot_encoder(run_here, seed_block):
    out = _ok(run_here(seed_block("002_onehot_encoder.py")))
    assert out.startswith("[[0. 0. 1.]\n [0. 1. 0.]\n [1. 0. 0.]]\n")
    assert "['0.0' '0.0' '1.0' '44' '7200']" in out


def test_002_to_categorical_and_mnist_labels(run_here, seed_block):
    out = _ok(run_here(seed_block("002_to_categorical.py")))
    assert out.startswith("[[0 0 1 0 0 0 0]\n [0 0 0 0 0 0 1]\n"
                          " [0 0 0 0 0 0 1]\n [0 1 0 0 0 0 0]]\n")  # as on the slide
    assert "(60000, 28, 28) (60000,)" in out


def test_002_standard_scaler(run_here, seed_block):
    out = _ok(run_here(seed_block("002_standard_scaler.py")))
    assert _floats(out)[:2] == pytest.approx([-1.18321596, -1.18321596])


def test_002_imdb_overfitting(run_script, seed_block):
    out = _ok(run_script(seed_block("002_imdb_overfitting.py"), prelude="prelude_standins.py",
                         epilogue="epilogue_imdb_history.py"))
    epoch_lines = [line for line in out.splitlines() if "val_loss:" in line]
    assert len(epoch_lines) == 20 and "Epoch 20/20" in out  # verbose=2: one line per epoch
    assert "epochs [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20]" in out
    assert "history keys ['accuracy', 'loss', 'val_accuracy', 'val_loss']" in out


@pytest.mark.parametrize("name, params, penalties", [
    ("002_imdb_l2.py", ["16,016", "272", "17"], 2),
    ("002_imdb_dropout.py", ["160,016", "272", "17"], 0),
])
def test_002_regularised_models(run_here, name, params, penalties, seed_block):
    out = _ok(run_here(seed_block(name), prelude="prelude_tf.py", epilogue="epilogue_summary_penalties.py"))
    counts = re.findall(r"│\s+([\d,]+) │", out)
    assert [c for c in counts if c != "0"] == params
    assert f"regularization losses {penalties}" in out


def test_002_mnist_dnn(run_script, seed_block):
    out = _ok(run_script(seed_block("002_mnist_dnn.py"), prelude="prelude_small_mnist.py",
                         epilogue="epilogue_summary.py"))
    assert "(None, 784)" in out and "401,920" in out and "5,130" in out
    assert "Trainable params: 407,050" in out


def test_002_fashion_mnist(run_script, seed_block):
    out = _ok(run_script(seed_block("002_fashion_mnist.py"), epilogue="epilogue_shapes.py"))
    assert "shapes (60000, 28, 28) (10000, 28, 28) 1.0" in out


def test_003_fashion_mnist_notebook(run_script, seed_block):
    out = _ok(run_script(seed_block("003_fashion_mnist.py"),
                         options=["--max-steps-per-epoch", "20"]))
    lines = out.splitlines()
    assert lines[0].startswith("2.")  # tensorflow.__version__
    assert lines[1:3] == ["(60000, 28, 28) (60000,)", "(10000, 28, 28) (10000,)"]
    # NumPy 2 prints np.uint8(9) where the notes (NumPy 1) show 9.
    assert re.sub(r"np\.uint8\((\d+)\)", r"\1", lines[3]) == "[9, 0, 0, 3, 0, 2, 7, 2, 5, 5]"
    assert "array([6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000])" in lines[4]
    assert "(60000, 784)" in out
    assert "(48000, 784) (48000,)" in out and "(12000, 784) (12000,)" in out
    assert "[7 3 5 8 6 9 3 3 9 9]" in out  # train_test_split(random_state=42), as in the notes
    assert "Epoch 5/5" in out and "20/20" in out
    evaluate_line = lines[-1]  # model.evaluate(val_scaled, val_target), capped at 20 batches too
    assert evaluate_line.startswith("20/20")
    assert 0.5 < float(re.search(r"accuracy: ([\d.]+)", evaluate_line).group(1)) <= 1.0


def test_004_imdb(run_script, seed_block):
    out = _ok(run_script(seed_block("004_imdb.py"), prelude="prelude_standins.py",
                         epilogue="epilogue_results.py"))
    assert "Epoch 4/4" in out and "acc:" in out
    loss, acc = ast.literal_eval(out.strip().splitlines()[-1].removeprefix("results "))
    assert loss > 0 and 0 <= acc <= 1


def test_004_reuters(run_script, seed_block):
    out = _ok(run_script(seed_block("004_reuters.py"), prelude="prelude_standins.py",
                         epilogue="epilogue_reuters.py", options=["--max-epochs", "2"]))
    assert "Epoch 2/2" in out and "val_accuracy:" in out
    assert re.search(r"predictions \(260, 46\) 1\.0\b", out)  # softmax rows sum to 1
    assert "decoded ['?'," in out  # index 1 (start) - 3 is not a word


def test_004_boston_housing(run_script, seed_block):
    out = _ok(run_script(seed_block("004_boston_housing.py"), prelude="prelude_small_boston.py",
                         epilogue="epilogue_boston.py", options=["--max-steps-per-epoch", "3"]))
    assert [line for line in out.splitlines() if line.startswith("처리중인 폴드")] == [
        f"처리중인 폴드 # {i}" for i in range(4)]
    assert "average_mae_history 500" in out and "smooth_mae_history 490" in out
