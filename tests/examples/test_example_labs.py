"""Every lab in examples/ runs with --quick, prints the notes' kind of result, draws figures."""
import re

import numpy as np
import pytest
from example_checks import assert_figures


def numbers_after(label, text):
    """The float printed after `label` on each line that has it."""
    pattern = re.escape(label) + r"\s*\[?\s*(-?[0-9.]+(?:e-?\d+)?)"
    return [float(m) for m in re.findall(pattern, text)]


def evaluation(out):
    """The [loss, accuracy] that the notes-004 labs print after evaluate()."""
    found = re.search(r"test loss, test accuracy: \[([0-9.e-]+), ([0-9.e-]+)\]", out)
    assert found, out[-2000:]
    return float(found.group(1)), float(found.group(2))


def test_minibatch_selection(lab_runs):
    run = lab_runs["minibatch_selection"]
    out = run.check()
    selected = re.search(r"^\[([\d\s]+)\]$", out, re.M)
    indices = [int(v) for v in selected.group(1).split()]
    assert len(indices) == 12 and all(0 <= i < 60000 for i in indices)
    assert "x_batch: (12, 28, 28)" in out
    assert re.search(r"mini-batch \(B=12\)\s+5000", out)
    assert re.search(r"online / SGD \(B=1\)\s+60000", out)
    assert_figures(run, "minibatch_selection")


def test_xor_mlp_learns_xor(lab_runs):
    run = lab_runs["xor_mlp"]
    out = run.check()
    assert "Total params: 9" in out
    predictions = [float(v) for v in re.findall(r"^\s*\[?\[([0-9.e-]+)\s*\]", out, re.M)]
    assert len(predictions) == 4, out
    np.testing.assert_allclose(predictions, [0, 1, 1, 0], atol=0.1)
    assert_figures(run, "xor_mlp")


@pytest.mark.parametrize("name", ["mnist_mlp", "mnist_mlp_legacy"])
def test_mnist_mlp(lab_runs, name):
    run = lab_runs[name]
    out = run.check()
    assert "train_images: (3000, 784) test_images: (1000, 784)" in out
    assert "Total params: 407,050" in out
    (accuracy,) = numbers_after("테스트 정확도 (test accuracy):", out)
    assert 0.6 < accuracy <= 1.0  # 2 epochs on 3,000 images
    suffix = "_legacy_rmsprop" if name.endswith("legacy") else ""
    assert_figures(run, "mnist_mlp_first_image", "mnist_mlp_history" + suffix)


def test_legacy_rmsprop_changes_the_run(lab_runs):
    # The two optimizers differ in where epsilon goes, so the same seed gives other losses.
    plain, legacy = (re.findall(r"loss: ([0-9.]+)", lab_runs[name].check())
                     for name in ("mnist_mlp", "mnist_mlp_legacy"))
    assert len(plain) == len(legacy) == 3  # 2 epochs and the evaluation
    assert plain != legacy


def test_predict_digit_image(lab_runs):
    run = lab_runs["predict_digit_image"]
    out = run.check()
    found = re.findall(r"digit_(\d)\.png: 추정된 숫자 \(predicted digit\)= (\d)", out)
    assert [int(d) for d, _ in found] == list(range(10))
    correct = sum(d == p for d, p in found)
    assert f"correct: {correct}/10" in out
    assert correct >= 6  # a quick run still reads most drawn digits (7-8 of 10 over seeds)
    assert_figures(run, "predict_digit_image")


def test_hyperparameter_challenge(lab_runs):
    run = lab_runs["hyperparameter_challenge"]
    out = run.check()
    results = dict(re.findall(r"(\w+=\w+)\s+test accuracy ([0-9.]+)", out))
    assert set(results) == {"units=32", "units=128", "units=512", "units=1024",
                            "batch_size=32", "batch_size=128", "batch_size=512",
                            "activation=relu", "activation=sigmoid"}
    # The notes' setting (512 relu units, batch 128) is one model, shown in all three.
    assert results["units=512"] == results["batch_size=128"] == results["activation=relu"]
    assert all(0.0 < float(v) <= 1.0 for v in results.values())
    assert_figures(run, "hyperparameter_challenge")


def test_loss_functions_print_the_notes_values(lab_runs):
    run = lab_runs["loss_functions"]
    out = run.check()
    assert "BinaryCrossentropy: 0.3445814" in out
    assert "CategoricalCrossentropy: 1.936381" in out
    assert "SparseCategoricalCrossentropy: 1.936381" in out
    assert "mean cross-entropy: 0.74" in out
    assert "sample #3: cross-entropy 1.20" in out
    (mean,) = numbers_after("keras CategoricalCrossentropy:", out)
    assert mean == pytest.approx(0.74187, abs=1e-5)
    assert_figures(run, "loss_functions")


def test_encoding_and_scaling(lab_runs):
    run = lab_runs["encoding_and_scaling"]
    out = run.check()
    assert "[['2' '44' '7200']\n ['1' '27' '4800']\n ['0' '30' '6100']]" in out
    assert ("[[0 0 1 0 0 0 0]\n [0 0 0 0 0 0 1]\n [0 0 0 0 0 0 1]\n [0 1 0 0 0 0 0]]") in out
    assert "[[0. 0. 1.]\n [0. 1. 0.]\n [1. 0. 0.]]" in out
    assert "[[0.   0.  ]\n [0.25 0.25]\n [0.5  0.5 ]\n [1.   1.  ]]" in out
    assert "(60000, 10)" in out
    assert "same as StandardScaler: True" in out
    assert_figures(run, "encoding_and_scaling")


def test_imdb_overfitting(lab_runs):
    run = lab_runs["imdb_overfitting"]
    out = run.check()
    for kind in ("baseline", "l2", "dropout"):
        assert re.search(rf"^{kind}: lowest val_loss [0-9.]+ at epoch [1-4], final val_loss",
                         out, re.M), kind
    assert out.count("val_loss:") == 12  # 4 epochs x 3 models, verbose=2
    assert_figures(run, "imdb_overfitting_loss", "imdb_overfitting_compare")


def test_mnist_dnn(lab_runs):
    run = lab_runs["mnist_dnn"]
    out = run.check()
    assert "dropout (Dropout)" in out
    (accuracy,) = numbers_after("테스트 정확도 (test accuracy):", out)
    assert 0.7 < accuracy <= 1.0
    assert_figures(run, "mnist_dnn_model", "mnist_dnn_history")


def test_fashion_mnist_dnn(lab_runs):
    run = lab_runs["fashion_mnist_dnn"]
    out = run.check()
    (accuracy,) = numbers_after("정확도 (accuracy):", out)
    assert 0.6 < accuracy <= 1.0
    assert_figures(run, "fashion_mnist_first_image", "fashion_mnist_samples",
                   "fashion_mnist_dnn_history")


def test_fashion_mnist_logistic(lab_runs):
    run = lab_runs["fashion_mnist_logistic"]
    out = run.check()
    assert "[9, 0, 0, 3, 0, 2, 7, 2, 5, 5]" in out  # the notes' first ten targets
    assert "(2400, 784) (2400,)" in out and "(600, 784) (600,)" in out
    (cv_accuracy,) = numbers_after("SGDClassifier 5-fold accuracy:", out)
    assert 0.6 < cv_accuracy <= 1.0
    loss, accuracy = re.findall(r"^\[([0-9.]+), ([0-9.]+)\]$", out, re.M)[-1]
    assert 0.6 < float(accuracy) <= 1.0
    assert_figures(run, "fashion_mnist_first_ten", "fashion_mnist_logistic_history")


def test_titanic_survival(lab_runs):
    run = lab_runs["titanic_survival"]
    out = run.check()
    assert re.search(r"female\s+0\.742", out) and re.search(r"male\s+0\.188", out)
    (held_out,) = numbers_after("held-out accuracy:", out)
    assert 0.7 < held_out <= 1.0  # class and sex alone give about 78%
    survivors = re.search(r"test.csv: (\d+) of 418 passengers predicted to survive", out)
    assert survivors and 0 < int(survivors.group(1)) < 418
    assert_figures(run, "titanic_survival_rates", "titanic_survival_history")


def test_imdb_binary(lab_runs):
    run = lab_runs["imdb_binary"]
    out = run.check()
    assert "1000 training and 500 test reviews" in out
    assert re.search(r"lowest validation loss at epoch [1-4]", out)
    loss, accuracy = evaluation(out)
    assert loss > 0 and 0 <= accuracy <= 1
    assert_figures(run, "imdb_binary_loss", "imdb_binary_acc")


def test_reuters_topics(lab_runs):
    run = lab_runs["reuters_topics"]
    out = run.check()
    assert re.search(r"^newswire 0: \? ", out, re.M)  # decoded; index 1 (start) shows as "?"
    assert re.search(r"^its topic: \d+$", out, re.M)
    loss, accuracy = evaluation(out)
    assert loss > 0 and 0 <= accuracy <= 1
    assert "probabilities sum to 1.0000" in out
    assert_figures(run, "reuters_topics_loss", "reuters_topics_accuracy")


def test_boston_housing_kfold(lab_runs):
    run = lab_runs["boston_housing_kfold"]
    out = run.check()
    assert "(404, 13) (102, 13)" in out
    assert len(numbers_after("final validation MAE:", out)) == 4
    assert "the figure: epochs 3-12, 10 points" in out  # a curve, not 2 points
    (best_epoch,) = re.findall(r"smoothed validation MAE is lowest at epoch (\d+): [0-9.]+", out)
    assert 3 <= int(best_epoch) <= 12
    (mae,) = numbers_after("test MAE:", out)
    assert 0 < mae < 25
    assert_figures(run, "boston_housing_kfold")


def test_grid_search_workers_train_silently_and_the_search_reports_once(lab_runs):
    out = lab_runs["grid_search_mnist"].check()
    assert out.count("Fitting 3 folds for each of 6 candidates, totalling 18 fits") == 1
    assert "Epoch" not in out and "step" not in out  # no progress bar of any worker's fit
    (best,) = numbers_after("", out.split("totalling 18 fits", 1)[1].strip().splitlines()[0])
    assert 0.5 < best <= 1.0  # 1,500 images, 2 of 3 folds each: well above chance
    assert "'batch_size':" in out and "'epochs':" in out
    (accuracy,) = numbers_after("test accuracy of the refitted best model:", out)
    assert accuracy > 0.7


def test_imdb_transformer(lab_runs):
    run = lab_runs["imdb_transformer"]
    out = run.check()
    assert "640 training and 200 test reviews" in out
    assert "transformer_block" in out and "(None, 64, 32)" in out
    losses = numbers_after("loss:", out)
    assert len(losses) == 4 and all(0.5 < v < 1.0 for v in losses)  # loss and val_loss per epoch; ~ln 2
    loss, accuracy = evaluation(out)
    assert 0.5 < loss < 1.0 and 0.3 <= accuracy <= 0.7
    assert_figures(run, "imdb_transformer_accuracy")


def test_text_bilstm_reads_raw_text(lab_runs):
    out = lab_runs["text_bilstm"].check()
    assert "512 reviews; the first begins:" in out
    assert re.search(r"vocabulary: \d+ tokens, first \['', '\[UNK\]', ", out)
    (accuracy,) = numbers_after("final validation accuracy:", out)
    assert 0.2 <= accuracy <= 0.8  # random stand-in labels
