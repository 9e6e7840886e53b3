"""The convolutional labs run with --quick: they train, print their results and draw figures."""
import re

from example_checks import assert_figures


def test_mnist_convnet_learns_digits(lab_runs):
    run = lab_runs["mnist_convnet"]
    out = run.check()
    assert "x_train shape: (2000, 28, 28, 1) - 2000 train samples, 500 test samples" in out
    assert "Total params: 34,826" in out
    assert re.search(r"conv2d \(Conv2D\)\s+│ \(None, 26, 26, 32\)\s+│\s+320", out)
    accuracy = float(re.search(r"Test accuracy: ([0-9.]+)", out).group(1))
    assert 0.4 < accuracy <= 1.0  # one epoch on 2,000 images (the full run reaches 0.99)
    assert_figures(run, "mnist_convnet_history")


def test_fashion_mnist_cnn_learns_clothes(lab_runs):
    run = lab_runs["fashion_mnist_cnn"]
    out = run.check()
    assert "x_train: (2000, 28, 28, 1) x_test: (500, 28, 28, 1)" in out
    found = re.search(r"test loss, test accuracy: \[([0-9.]+), ([0-9.]+)\]", out)
    assert 0.45 < float(found.group(2)) <= 1.0
    assert_figures(run, "fashion_mnist_cnn_predictions")


def test_conv_autoencoder_reconstructs_digits(lab_runs):
    run = lab_runs["conv_autoencoder"]
    out = run.check()
    assert "conv2d_transpose_1" in out and "(Conv2DTranspose)" in out
    losses = [float(v) for v in re.findall(r" loss: ([0-9.]+)", out)]
    assert len(losses) == 2 and losses[1] < losses[0]
    test_loss = float(re.search(r"test reconstruction loss \(binary cross-entropy\): ([0-9.]+)", out).group(1))
    assert test_loss < 0.69  # below the loss of predicting 0.5 everywhere
    assert_figures(run, "conv_autoencoder_reconstructions")
