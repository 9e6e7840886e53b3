"""Training curves learners look at: `plot_history` (and `smooth_curve`), drawn with matplotlib."""
import os

import numpy as np

from numkeras.utils.figures import new_figure, require_matplotlib

# Logged values that are not curves a learner compares (callbacks add them to the logs).
_NOT_METRICS = ("learning_rate", "lr")
# Where plot_history() saves a figure that no window can show (like plot_model's "model.png").
DEFAULT_HISTORY_FILE = "history.png"
# matplotlib's backends that draw only to files.
_FILE_ONLY_BACKENDS = ("agg", "cairo", "pdf", "pgf", "ps", "svg", "template")


def smooth_curve(points, factor=0.9):
    """Exponential moving average: each point is `previous * factor + point * (1 - factor)`.

    Example:
    >>> smooth_curve([1.0, 3.0, 3.0], factor=0.5)
    [1.0, 2.0, 2.5]
    """
    if not 0 <= factor < 1:
        raise ValueError(f"smooth must be a factor in [0, 1), got {factor!r}.")
    smoothed = []
    for point in points:
        smoothed.append(point if not smoothed else smoothed[-1] * factor + point * (1 - factor))
    return smoothed


def _history_dict(history):
    logs = getattr(history, "history", history)
    if not isinstance(logs, dict):
        raise TypeError(f"plot_history() expects a History (what fit() returns) or its "
                        f".history dict, got {type(history).__name__}.")
    if not logs:
        raise ValueError("plot_history(): the history is empty (was fit() run for 0 epochs?).")
    return logs


def _metric_names(logs, metrics):
    if metrics is None:
        names = [k for k in logs if not k.startswith("val_") and k not in _NOT_METRICS]
        names.sort(key=lambda k: k != "loss")  # the loss first, then the metrics as logged
        # A dict holding only validation curves (e.g. averaged K-fold val_mae) still plots.
        return names or [k[4:] for k in logs if k.startswith("val_")]
    names = [metrics] if isinstance(metrics, str) else list(metrics)
    for name in names:
        if name not in logs and f"val_{name}" not in logs:
            raise ValueError(f"plot_history(): no '{name}' in the history; it has "
                             f"{', '.join(sorted(logs))}.")
    return names


def _file_only_backend(matplotlib):
    """The name of matplotlib's backend when it cannot show a window (None when it can)."""
    backend = matplotlib.get_backend()
    return backend if backend.lower() in _FILE_ONLY_BACKENDS else None


def _check_drawable(logs, names, validation, smooth):
    if smooth is not None and not 0 <= smooth < 1:
        raise ValueError(f"plot_history(): smooth must be None or a factor in [0, 1), got "
                         f"{smooth!r}.")
    for name in names:
        if name not in logs and not validation:
            raise ValueError(f"plot_history(): the history has only 'val_{name}' for "
                             f"'{name}', and validation=False leaves nothing to draw.")


def _axes_for(ax, count, to_file, title):
    """One Axes per metric: new ones side by side, the given sequence, or one shared Axes."""
    if ax is None:
        figure = new_figure((4.8 * count + 0.4, 3.8), to_file)
        axes = list(np.atleast_1d(figure.subplots(1, count)))
    elif isinstance(ax, (list, tuple, np.ndarray)):
        axes = list(np.ravel(ax))
        if len(axes) != count:
            raise ValueError(f"plot_history(): got {len(axes)} Axes for {count} metrics; pass "
                             f"one Axes per metric, or a single Axes to draw them all on it.")
    else:
        axes = [ax] * count
    if title is not None:
        if len(set(map(id, axes))) == 1:
            axes[0].set_title(title)
        else:
            axes[0].figure.suptitle(title)
    return axes


def _label(name):
    return name.replace("_", " ")


def plot_history(history, metrics=None, validation=True, smooth=None, ax=None, title=None,
                 to_file=None):
    """Plots training curves: each metric's training and `val_` values against the epoch.

    Args:
        history: the `History` that `model.fit()` returns, or its `.history` dict.
        metrics: a metric name or list of names (e.g. `"loss"`, `["loss", "accuracy"]`);
            None plots every logged metric (not `learning_rate`).
        validation: also draw the `val_<metric>` curve when the history has it.
        smooth: None, or a factor in [0, 1): the curves are exponentially smoothed
            (`smooth_curve`) and the raw values drawn faintly behind them.
        ax: a matplotlib Axes to draw every metric on, or a sequence of Axes (one per
            metric); None makes a new figure with one panel per metric.
        title: title of the panel (single Axes) or of the figure.
        to_file: path to save the figure to (format from the extension: .png, .pdf, .svg).
            When it is None, no `ax` is given and matplotlib's backend cannot show a window
            (Agg on a machine without a display), the figure is saved to `history.png` in
            the current folder and one line says where.

    Returns:
        The matplotlib Figure.

    Raises:
        ImportError: matplotlib is not installed (`pip install numkeras[plot]`).
        ValueError: a requested metric is not in the history, or `smooth` is out of range.

    Example:
    >>> history = model.fit(x, y, validation_split=0.2, epochs=20)  # doctest: +SKIP
    >>> plot_history(history, metrics="loss", to_file="loss.png")  # doctest: +SKIP
    """
    matplotlib = require_matplotlib("plot_history()")
    from matplotlib.ticker import MaxNLocator

    logs = _history_dict(history)
    names = _metric_names(logs, metrics)
    _check_drawable(logs, names, validation, smooth)  # before any figure is made
    # made before the no-display default is chosen: a pyplot figure, so plt.savefig() or
    # plt.show() after this call still work
    axes = _axes_for(ax, len(names), to_file, title)
    no_display = to_file is None and ax is None and _file_only_backend(matplotlib)
    if no_display:
        to_file = DEFAULT_HISTORY_FILE
    shared = len(names) > 1 and len(set(map(id, axes))) == 1  # several metrics on one Axes
    for axis, name in zip(axes, names):
        curves = [(name, "training")] if name in logs else []
        if validation and f"val_{name}" in logs:
            curves.append((f"val_{name}", "validation"))
        for key, kind in curves:
            values = np.asarray(logs[key], dtype=float)
            epochs = np.arange(1, len(values) + 1)
            style = "o-" if kind == "training" and len(values) <= 30 else "-"
            alone = len(curves) == 1 and kind == "training" and not shared
            label = _label(name) if alone else f"{kind} {_label(name)}"
            if smooth is None:
                axis.plot(epochs, values, style, markersize=3.5, label=label)
            else:
                line, = axis.plot(epochs, smooth_curve(values.tolist(), smooth), "-",
                                  label=f"{label} (smoothed)")
                axis.plot(epochs, values, "-", color=line.get_color(), alpha=0.25, linewidth=1)
        axis.set_xlabel("Epoch")
        axis.set_ylabel("value" if shared else _label(name))
        axis.xaxis.set_major_locator(MaxNLocator(integer=True))
        longest = max(len(logs[key]) for key, _ in curves)
        pad = 0.5 if longest <= 30 else 0.02 * longest  # no tick at a meaningless epoch 0
        axis.set_xlim(1 - pad, longest + pad)
        axis.grid(True, alpha=0.3)
        axis.legend()
        if not shared and (title is None or len(names) > 1):
            axis.set_title(_label(name).capitalize())
    figure = axes[0].figure
    if ax is None:
        figure.tight_layout()
    if to_file is not None:
        figure.savefig(os.fspath(to_file), dpi=100)
    if no_display:
        print(f"plot_history(): matplotlib's {no_display!r} backend shows no window; saved the "
              f"figure to {os.path.abspath(to_file)} (to_file= picks another file)")
    return figure
