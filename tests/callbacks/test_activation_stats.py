"""ActivationStatsRecorder: per-layer output statistics on a probe batch, and the figures of both recorders."""
import matplotlib
import numpy as np
import pytest

import numkeras as keras
from numkeras.callbacks import ActivationStatsRecorder, GradientNormRecorder
from numkeras.callbacks.activation_stats import saturated_fraction

matplotlib.use("Agg")
PROBE = np.random.default_rng(1).normal(size=(64, 5)).astype("float32")


def _model(initializer, activation="tanh"):
    keras.utils.set_random_seed(2)
    return keras.Sequential([keras.Input((5,))]
                            + [keras.layers.Dense(20, activation=activation, kernel_initializer=initializer)
                               for _ in range(3)] + [keras.layers.Dense(1)])


def test_statistics_are_those_of_the_layer_outputs():
    model = _model("glorot_normal")
    model.compile(optimizer="sgd", loss="mse")
    recorder = ActivationStatsRecorder(PROBE, every=2)
    model.fit(PROBE, PROBE[:, :1], epochs=4, verbose=0, callbacks=[recorder])
    assert recorder.epochs == [-1, 1, 3]
    hidden = np.tanh(PROBE @ np.asarray(model.layers[0].kernel.value) + np.asarray(model.layers[0].bias.value))
    np.testing.assert_allclose(recorder.means[-1][0], hidden.mean(), rtol=1e-5)
    np.testing.assert_allclose(recorder.stds[-1][0], hidden.std(), rtol=1e-5)
    assert recorder.activations == ["tanh", "tanh", "tanh", "linear"]
    assert len(recorder.samples[0]) == 4 and recorder.samples[0][0].size == 64 * 20


def test_initializers_show_dying_saturating_and_symmetric_signals():
    stats = {}
    for name, initializer in [("small", keras.initializers.RandomNormal(stddev=0.01)),
                              ("large", keras.initializers.RandomNormal(stddev=3.0)),
                              ("zeros", "zeros"), ("glorot", "glorot_normal")]:
        recorder = ActivationStatsRecorder(PROBE)
        recorder.set_model(_model(initializer))
        recorder.record(-1)
        stats[name] = recorder
    assert stats["small"].stds[0][2] < 1e-3 < stats["glorot"].stds[0][2]
    assert stats["large"].saturation[0][2] > 0.5 > stats["glorot"].saturation[0][2]
    assert stats["zeros"].stds[0][0] == 0.0


def test_saturation_by_activation():
    values = np.array([-1.0, 0.0, 0.005, 0.5, 0.995])
    assert saturated_fraction(values, "sigmoid") == pytest.approx(4 / 5)  # all but 0.5: below 0.01 or above 0.99
    assert saturated_fraction(values, "relu") == pytest.approx(2 / 5)
    assert saturated_fraction(values, "linear") == 0.0


def test_bad_arguments_are_named():
    with pytest.raises(ValueError, match="`every` must be an int >= 1, got 0"):
        ActivationStatsRecorder(PROBE, every=0)
    with pytest.raises(ValueError, match="non-empty batch"):
        ActivationStatsRecorder(np.zeros((0, 5)))


def test_plots_draw_and_save(tmp_path):
    model = _model("he_normal", "relu")
    model.compile(optimizer="sgd", loss="mse")
    grads, acts = GradientNormRecorder(), ActivationStatsRecorder(PROBE)
    with pytest.raises(ValueError, match="holds no gradients yet"):
        keras.utils.plot_gradient_norms(grads)
    with pytest.raises(ValueError, match="holds no records yet"):
        keras.utils.plot_activation_stats(acts)
    model.fit(PROBE, PROBE[:, :1], epochs=3, batch_size=16, verbose=0, callbacks=[grads, acts])
    figure = keras.utils.plot_gradient_norms(grads, per="batch", to_file=tmp_path / "g.png")
    assert len(figure.axes[0].lines) == 4 and (tmp_path / "g.png").stat().st_size > 5000
    figure = keras.utils.plot_activation_stats(acts, record=-1, to_file=tmp_path / "a.png")
    assert len(figure.axes) == 4 and "after epoch 3" in figure._suptitle.get_text()
    assert (tmp_path / "a.png").stat().st_size > 5000
    with pytest.raises(ValueError, match="'epoch' or 'batch'"):
        keras.utils.plot_gradient_norms(grads, per="step")
