"""keras.utils.plot_history: training curves from a History or its dict."""
import sys

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

from example_checks import assert_png_figure  # noqa: E402

import numkeras as keras  # noqa: E402
from numkeras.utils.history_plotting import plot_history, smooth_curve  # noqa: E402

LOGS = {"accuracy": [0.5, 0.7, 0.8], "loss": [0.9, 0.5, 0.3],
        "val_accuracy": [0.45, 0.6, 0.65], "val_loss": [1.0, 0.7, 0.75]}


@pytest.fixture(autouse=True)
def in_a_temporary_folder(tmp_path, monkeypatch):
    """Agg has no display: a plot without to_file or ax is saved to history.png right here."""
    monkeypatch.chdir(tmp_path)


def test_without_a_display_the_figure_is_saved_and_the_place_printed(tmp_path, capsys):
    assert matplotlib.get_backend().lower() == "agg"
    figure = plot_history(LOGS)
    assert_png_figure(tmp_path / "history.png")
    assert len(figure.axes) == 2
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and str(tmp_path / "history.png") in out and "'agg'" in out.lower()
    (tmp_path / "history.png").unlink()
    plot_history(LOGS, to_file=tmp_path / "chosen.png")  # the file asked for, nothing else
    fig, ax = matplotlib.pyplot.subplots()
    plot_history(LOGS, ax=ax)  # drawn where the caller wanted: it saves it if it wants
    assert sorted(p.name for p in tmp_path.iterdir()) == ["chosen.png"]
    assert capsys.readouterr().out == ""
    matplotlib.pyplot.close("all")


def lines_of(ax):
    return [(line.get_label(), list(line.get_xdata()), list(line.get_ydata()))
            for line in ax.get_lines()]


def test_one_panel_per_metric_with_training_and_validation_curves():
    figure = plot_history(LOGS)
    axes = figure.axes
    assert [ax.get_ylabel() for ax in axes] == ["loss", "accuracy"]  # the loss first
    for ax, name in zip(axes, ("loss", "accuracy")):
        assert ax.get_xlabel() == "Epoch"
        (train_label, xs, train), (val_label, val_xs, val) = lines_of(ax)
        assert xs == val_xs == [1, 2, 3]  # epochs counted from 1
        assert train == LOGS[name] and val == LOGS[f"val_{name}"]
        assert train_label == f"training {name}" and val_label == f"validation {name}"
    matplotlib.pyplot.close(figure)


def test_accepts_a_history_from_fit(tmp_path):
    model = keras.Sequential([keras.layers.Dense(1, input_shape=(2,))])
    model.compile(optimizer="sgd", loss="mse", metrics=["mae"])
    x = np.random.RandomState(0).normal(size=(32, 2)).astype("float32")
    history = model.fit(x, x[:, :1], validation_split=0.25, epochs=4, verbose=0)
    figure = plot_history(history, to_file=tmp_path / "history.png")
    assert [ax.get_ylabel() for ax in figure.axes] == ["loss", "mae"]
    assert [len(ax.get_lines()) for ax in figure.axes] == [2, 2]
    assert_png_figure(tmp_path / "history.png")


def test_metric_selection_and_no_validation():
    figure = plot_history(LOGS, metrics="accuracy", validation=False, title="acc only")
    (ax,) = figure.axes
    assert [label for label, _, _ in lines_of(ax)] == ["accuracy"]
    assert ax.get_title() == "acc only"
    matplotlib.pyplot.close(figure)


def test_validation_only_history():
    # An averaged K-fold curve has only val_ entries; it still plots.
    figure = plot_history({"val_mae": [3.0, 2.5, 2.4]})
    (ax,) = figure.axes
    assert ax.get_ylabel() == "mae"
    assert [label for label, _, _ in lines_of(ax)] == ["validation mae"]
    matplotlib.pyplot.close(figure)


def test_learning_rate_is_not_plotted_by_default():
    figure = plot_history({"loss": [1.0, 0.5], "learning_rate": [0.1, 0.05]})
    assert [ax.get_ylabel() for ax in figure.axes] == ["loss"]
    matplotlib.pyplot.close(figure)


def test_smoothing_draws_the_smoothed_curve_over_the_raw_one():
    values = [4.0, 2.0, 3.0, 1.0]
    figure = plot_history({"val_mae": values}, smooth=0.5)
    (smoothed_label, _, smoothed), (_, _, raw) = lines_of(figure.axes[0])
    assert smoothed == pytest.approx([4.0, 3.0, 3.0, 2.0])
    assert smoothed == pytest.approx(smooth_curve(values, 0.5))
    assert raw == values and smoothed_label.endswith("(smoothed)")
    with pytest.raises(ValueError, match="smooth"):
        plot_history({"loss": values}, smooth=1.5)
    matplotlib.pyplot.close("all")


def test_draws_on_given_axes():
    figure, ax = matplotlib.pyplot.subplots()
    assert plot_history(LOGS, ax=ax) is figure
    assert len(ax.get_lines()) == 4  # both metrics on one Axes, train and val each
    assert ax.get_ylabel() == "value"
    figure2, axes = matplotlib.pyplot.subplots(1, 2)
    plot_history(LOGS, ax=axes)
    assert [a.get_ylabel() for a in axes] == ["loss", "accuracy"]
    with pytest.raises(ValueError, match="2 Axes for 1 metrics"):
        plot_history(LOGS, metrics=["loss"], ax=axes)
    matplotlib.pyplot.close("all")


def test_bad_arguments_are_explained():
    with pytest.raises(ValueError, match="no 'precision' in the history; it has accuracy, loss"):
        plot_history(LOGS, metrics="precision")
    with pytest.raises(TypeError, match="History"):
        plot_history([0.5, 0.4])
    with pytest.raises(ValueError, match="empty"):
        plot_history({})
    with pytest.raises(ValueError, match="validation=False leaves nothing"):
        plot_history({"val_mae": [1.0]}, validation=False)


def test_missing_matplotlib_names_the_install_command(monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # `import matplotlib` now fails
    with pytest.raises(ImportError, match=r"pip install numkeras\[plot\]"):
        plot_history(LOGS)


def test_reachable_from_numkeras_utils():
    assert keras.utils.plot_history is plot_history
    assert keras.utils.plot_model.__module__ == "numkeras.utils.plotting"
