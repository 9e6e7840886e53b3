"""Figures of what happens inside training: `plot_gradient_norms` and `plot_activation_stats`."""
import os

import numpy as np

from numkeras.utils.figures import new_figure, require_matplotlib


def _save(figure, to_file, dpi):
    if to_file is not None:
        folder = os.path.dirname(os.path.abspath(to_file))
        os.makedirs(folder, exist_ok=True)
        figure.savefig(to_file, dpi=dpi, bbox_inches="tight")
    return figure


def plot_gradient_norms(recorder, per="epoch", ax=None, title=None, log_scale=True, to_file=None,
                        dpi=100):
    """Draws each layer's gradient norm over training, from a `GradientNormRecorder`.

    Args:
        recorder: a `callbacks.GradientNormRecorder` that has seen a fit().
        per: "epoch" (the epoch means) or "batch" (every step).
        ax: matplotlib Axes to draw on (default: a new figure).
        title: the plot's title.
        log_scale: logarithmic y axis (default True: vanishing gradients span decades).
        to_file: save the figure there (PNG, SVG, ... by extension).

    Returns:
        The matplotlib Figure.
    """
    require_matplotlib("plot_gradient_norms()")
    if per not in ("epoch", "batch"):
        raise ValueError(f"plot_gradient_norms(): `per` must be 'epoch' or 'batch', got {per!r}.")
    rows = recorder.epoch_norms if per == "epoch" else recorder.batch_norms
    if not rows:
        raise ValueError("plot_gradient_norms(): the recorder holds no gradients yet; pass it to "
                         "fit(callbacks=[recorder]) first.")
    norms = np.stack(rows)
    figure = ax.figure if ax is not None else new_figure((7, 4), to_file)
    ax = ax if ax is not None else figure.add_subplot(1, 1, 1)
    colors = _layer_colors(norms.shape[1])
    steps = np.arange(1, len(norms) + 1)
    for index, name in enumerate(recorder.layer_names):
        ax.plot(steps, norms[:, index], color=colors[index], label=f"{index + 1}: {name}")
    if log_scale and np.all(norms > 0):
        ax.set_yscale("log")
    ax.set_xlabel(per)
    ax.set_ylabel("gradient L2 norm")
    ax.set_title(title or "Gradient norm per layer")
    ax.legend(fontsize="small", ncol=2)
    return _save(figure, to_file, dpi)


def plot_activation_stats(recorder, record=0, title=None, to_file=None, dpi=100, bins=50):
    """Histograms of each layer's outputs on the probe batch, with mean, std and saturation,
    from an `ActivationStatsRecorder` (the initialisation figure of the lecture notes).

    Args:
        recorder: a `callbacks.ActivationStatsRecorder` with at least one record.
        record: which record (index into `recorder.epochs`; 0 = before training, -1 = last).
        title: the figure's title.
        to_file: save the figure there.
        bins: histogram bins.

    Returns:
        The matplotlib Figure.
    """
    require_matplotlib("plot_activation_stats()")
    if not recorder.epochs:
        raise ValueError("plot_activation_stats(): the recorder holds no records yet; pass it to "
                         "fit(callbacks=[recorder]) or call recorder.record(epoch).")
    samples = recorder.samples[record]
    count = len(samples)
    figure = new_figure((2.4 * count, 2.6), to_file)
    axes = figure.subplots(1, count, squeeze=False)[0]
    colors = _layer_colors(count)
    for index, (ax, values) in enumerate(zip(axes, samples)):
        ax.hist(values, bins=bins, color=colors[index])
        ax.set_title(f"{recorder.layer_names[index]} ({recorder.activations[index]})", fontsize="small")
        ax.set_xlabel(f"mean {recorder.means[record][index]:.3g}\nstd {recorder.stds[record][index]:.3g}"
                      f"\nsaturated {recorder.saturation[record][index]:.0%}", fontsize="small")
        ax.tick_params(labelsize="x-small")
        ax.set_yticks([])
    epoch = recorder.epochs[record]
    when = "before training" if epoch < 0 else f"after epoch {epoch + 1}"
    figure.suptitle(title or f"Layer outputs on the probe batch, {when}")
    return _save(figure, to_file, dpi)


def _layer_colors(count):
    import matplotlib

    cmap = matplotlib.colormaps["viridis"]
    return [cmap(i / max(count - 1, 1) * 0.9) for i in range(count)]
