"""What the page draws, computed from a model: decision boundary, neuron maps, weight histograms,
confusion matrix and misclassified digits. Plain lists and ints, ready for JSON."""
import base64

import numpy as np

from numkeras.backend.tensor import no_grad

EXTENT = 1.6  # the 2-D views cover [-EXTENT, EXTENT] on both axes
BOUNDARY_GRID = 48
NEURON_GRID = 20
MAX_NEURONS_SHOWN = 16
HISTOGRAM_BINS = 24


def grid_points(size):
    """`size * size` points covering the view, row by row from the top (y = +EXTENT)."""
    axis = np.linspace(-EXTENT, EXTENT, size, dtype=np.float32)
    gx, gy = np.meshgrid(axis, axis[::-1])
    return np.stack([gx.ravel(), gy.ravel()], axis=1)


def layer_outputs(model, x):
    """Each layer's output for `x`, in inference mode."""
    outputs = []
    with no_grad():
        for layer in model.layers:
            x = layer(x, training=False)
            outputs.append(np.asarray(getattr(x, "value", x)))
    return outputs


def dense_layers(model):
    return [layer for layer in model.layers if hasattr(layer, "kernel")]


def layer_labels(model):
    """"hidden 1", "hidden 2", ..., "output": the Dense layers as the page names them."""
    count = len(dense_layers(model))
    return [f"hidden {i + 1}" for i in range(count - 1)] + ["output"]


def _to_bytes(values, low, high):
    scaled = np.clip((np.asarray(values, np.float64) - low) / (high - low), 0.0, 1.0)
    return np.round(scaled * 255).astype(np.uint8)


def _b64(array):
    return base64.b64encode(np.ascontiguousarray(array, dtype=np.uint8).tobytes()).decode("ascii")


def points(x, y):
    """The 2-D points as [[x1, x2, label], ...] rounded for the page."""
    return np.round(np.concatenate([x, y.reshape(len(y), 1)], axis=1), 4).tolist()


def boundary(model):
    """The network's output over the 2-D view: BOUNDARY_GRID**2 bytes (0 = class 0, 255 = class 1)."""
    probability = layer_outputs(model, grid_points(BOUNDARY_GRID))[-1][:, 0]
    return {"size": BOUNDARY_GRID, "extent": EXTENT, "values": _b64(_to_bytes(probability, 0, 1))}


def neuron_maps(model, two_d):
    """Per hidden Dense layer, up to MAX_NEURONS_SHOWN units' outputs as small images.

    2-D sets: each unit's output over the view. MNIST: the first hidden layer's units'
    incoming weights as 28x28 images (what each unit looks for); deeper units are not drawn.
    """
    hidden = dense_layers(model)[:-1]
    maps = []
    if two_d:
        outputs = layer_outputs(model, grid_points(NEURON_GRID))
        by_layer = {id(layer): out for layer, out in zip(model.layers, outputs)}
        for index, layer in enumerate(hidden):
            out = by_layer[id(layer)][:, :MAX_NEURONS_SHOWN]
            scale = float(np.max(np.abs(out))) or 1.0
            maps.append({"layer": f"hidden {index + 1}", "size": NEURON_GRID, "units": layer.units,
                         "images": [_b64(_to_bytes(out[:, j], -scale, scale)) for j in range(out.shape[1])]})
    elif hidden:
        kernel = np.asarray(hidden[0].kernel.value)[:, :MAX_NEURONS_SHOWN]
        scale = float(np.max(np.abs(kernel))) or 1.0
        maps.append({"layer": "hidden 1", "size": 28, "units": hidden[0].units,
                     "images": [_b64(_to_bytes(kernel[:, j], -scale, scale)) for j in range(kernel.shape[1])]})
    return maps


def weight_histograms(model):
    """Per Dense layer: histogram counts of its kernel and the range they cover."""
    histograms = []
    for label, layer in zip(layer_labels(model), dense_layers(model)):
        kernel = np.asarray(layer.kernel.value, np.float64)
        finite = kernel[np.isfinite(kernel)]
        low, high = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 0.0)
        if high - low < 1e-6:
            low, high = low - 0.5, high + 0.5
        counts, _ = np.histogram(finite, bins=HISTOGRAM_BINS, range=(low, high))
        histograms.append({"layer": label, "low": low, "high": high, "counts": counts.tolist()})
    return histograms


def mnist_results(model, x_test, y_test, shown=12):
    """Confusion matrix (rows: true digit) and the first misclassified test digits."""
    predicted = np.argmax(layer_outputs(model, x_test)[-1], axis=1)
    confusion = np.zeros((10, 10), dtype=np.int64)
    np.add.at(confusion, (y_test, predicted), 1)
    wrong = np.flatnonzero(predicted != y_test)[:shown]
    return {"confusion": confusion.tolist(),
            "misclassified": [{"image": _b64(np.round(x_test[i] * 255)), "true": int(y_test[i]),
                               "predicted": int(predicted[i])} for i in wrong]}
