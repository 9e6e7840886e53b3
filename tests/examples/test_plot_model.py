"""keras.utils.plot_model: a Keras-style model diagram drawn with matplotlib alone."""
import itertools

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

from example_checks import assert_png_figure  # noqa: E402
from matplotlib.offsetbox import AnnotationBbox  # noqa: E402
from matplotlib.patches import FancyArrowPatch  # noqa: E402

import numkeras as keras  # noqa: E402
from numkeras.utils.plotting import model_to_figure, plot_model  # noqa: E402

layers = keras.layers


def mlp():
    return keras.Sequential([layers.Dense(512, activation="relu", input_shape=(784,)),
                             layers.Dropout(0.2), layers.Dense(10, activation="softmax")])


def branching():
    """Two branches of different lengths, a merge, a residual skip and a second output."""
    inputs = keras.Input(shape=(32,), name="features")
    a = layers.Dense(64, activation="relu", name="branch_a")(inputs)
    b = layers.Dense(32, activation="relu", name="branch_b")(inputs)
    b2 = layers.Dense(32, name="branch_b2")(b)
    merged = layers.Concatenate(name="merge")([a, b2])
    mixed = layers.Dense(64, name="mix")(merged)
    residual = layers.Add(name="residual")([mixed, a])
    out = layers.Dense(1, activation="sigmoid", name="out")(residual)
    aux = layers.Dense(3, activation="softmax", name="aux")(b)
    return keras.Model(inputs, [out, aux])


def boxes(figure):
    """{layer name: (x0, y0, x1, y1)} of each layer's header box, in points."""
    found = {}
    for patch in figure.axes[0].patches:
        gid = patch.get_gid() or ""
        if gid.startswith("layer:"):
            name = gid[len("layer:"):]
            assert name not in found, f"two boxes for {name}"
            x, y = patch.get_xy()
            found[name] = (x, y, x + patch.get_width(), y + patch.get_height())
    return found


def texts(figure):
    """Every text line of the diagram, its runs joined by spaces."""
    lines = []
    for artist in figure.axes[0].artists:
        if isinstance(artist, AnnotationBbox):
            runs = artist.offsetbox.get_children()
            lines.append(" ".join(run.get_text() for run in runs))
    return lines


def arrows(figure):
    return [p for p in figure.axes[0].patches if isinstance(p, FancyArrowPatch)]


def centre(box):
    return (box[0] + box[2]) / 2, (box[1] + box[3]) / 2


def test_sequential_is_a_column_of_boxes_one_per_layer():
    model = mlp()
    figure = model_to_figure(model)
    found = boxes(figure)
    assert list(found) == [layer.name for layer in model.layers]  # no box for the input
    xs = [centre(found[layer.name])[0] for layer in model.layers]
    ys = [centre(found[layer.name])[1] for layer in model.layers]
    assert np.allclose(xs, xs[0]) and ys == sorted(ys, reverse=True)  # top to bottom
    assert len(arrows(figure)) == 2
    assert texts(figure) == [f"{layer.name} ({type(layer).__name__})" for layer in model.layers]


def test_label_options():
    model = mlp()
    model.layers[2].trainable = False
    figure = model_to_figure(model, show_shapes=True, show_dtype=True, show_layer_names=False,
                             show_layer_activations=True, show_trainable=True)
    lines = texts(figure)
    assert lines[:5] == ["Dense", "Activation: relu", "Input shape: (None, 784)",
                         "Output shape: (None, 512)", "Output dtype: float32"]
    assert "Trainable" in lines and "Non-trainable" in lines
    assert "Activation: softmax" in lines
    assert lines.count("Output dtype: float32") == 3
    # Dropout has no weights: no trainable mark; Dense layers have one each.
    assert lines.count("Trainable") + lines.count("Non-trainable") == 2


def test_functional_branches_are_laid_out_by_depth():
    model = branching()
    figure = model_to_figure(model, show_shapes=True)
    found = boxes(figure)
    assert sorted(found) == sorted(layer.name for layer in model.layers)  # inputs included
    y = {name: centre(box)[1] for name, box in found.items()}
    assert y["branch_a"] == pytest.approx(y["branch_b"])
    assert y["branch_b2"] == pytest.approx(y["aux"])
    assert y["features"] > y["branch_a"] > y["branch_b2"] > y["merge"] > y["mix"] \
        > y["residual"] > y["out"]
    assert centre(found["branch_a"])[0] != centre(found["branch_b"])[0]
    assert len(arrows(figure)) == 10  # one per connection
    assert "Input shape: [(None, 64), (None, 32)]" in texts(figure)


def test_boxes_never_overlap_and_edges_go_around_them():
    model = branching()
    for rankdir in ("TB", "LR"):
        figure = model_to_figure(model, show_shapes=True, rankdir=rankdir)
        found = boxes(figure)
        heights = {}
        for patch in figure.axes[0].patches:  # whole boxes: header plus the rows below
            gid = patch.get_gid() or ""
            if gid.startswith("layer:"):
                heights[gid[6:]] = patch
        whole = {}
        for name, (x0, y0, x1, y1) in found.items():
            below = [p for p in figure.axes[0].patches if not isinstance(p, FancyArrowPatch)
                     and abs(p.get_x() - x0) < 1e-6 and p.get_y() + p.get_height() <= y0 + 1e-6
                     and abs(p.get_y() + p.get_height() - y0) < 60]
            bottom = min([y0] + [p.get_y() for p in below])
            whole[name] = (x0, bottom, x1, y1)
        for (a, ra), (b, rb) in itertools.combinations(whole.items(), 2):
            apart = ra[2] <= rb[0] or rb[2] <= ra[0] or ra[3] <= rb[1] or rb[3] <= ra[1]
            assert apart, f"{rankdir}: boxes {a} and {b} overlap"
        for arrow in arrows(figure):
            path = arrow.get_path().interpolated(20).vertices
            inside = [name for name, (x0, y0, x1, y1) in whole.items()
                      if any(x0 + 2 < px < x1 - 2 and y0 + 2 < py < y1 - 2 for px, py in path)]
            assert not inside, f"{rankdir}: an edge crosses {inside}"


def test_a_shared_layer_is_one_box_and_its_feedback_a_loop_beside_it():
    shared = layers.Dense(8, name="shared")
    a, b = keras.Input((8,), name="a"), keras.Input((8,), name="b")
    added = layers.Add(name="add")([shared(a), shared(b)])
    model = keras.Model([a, b], shared(shared(added)))  # add -> shared, and shared -> shared
    figure = model_to_figure(model)
    found = boxes(figure)
    assert sorted(found) == ["a", "add", "b", "shared"]
    assert centre(found["a"])[1] > centre(found["shared"])[1] > centre(found["add"])[1]
    assert len(arrows(figure)) == 6  # add takes shared's output twice: two arrows
    side = found["shared"][2]
    loops = [a for a in arrows(figure) if a.get_path().vertices[:, 0].max() > side + 20]
    assert len(loops) == 2  # add -> shared and the self-loop go round the right side
    for loop in loops:  # and the figure is wide enough for them
        assert loop.get_path().get_extents().x1 < figure.axes[0].get_xlim()[1]


def test_left_to_right_puts_depth_along_x():
    found = boxes(model_to_figure(branching(), rankdir="LR"))
    x = {name: centre(box)[0] for name, box in found.items()}
    assert x["branch_a"] == pytest.approx(x["branch_b"])
    assert x["features"] < x["branch_a"] < x["merge"] < x["out"]


def test_plot_model_writes_the_file_at_the_dpi(tmp_path):
    model = mlp()
    assert plot_model(model, to_file=tmp_path / "low.png", dpi=50) is None
    plot_model(model, to_file=tmp_path / "sub" / "high.png", dpi=100)
    assert_png_figure(tmp_path / "low.png")
    assert_png_figure(tmp_path / "sub" / "high.png")
    low = matplotlib.image.imread(str(tmp_path / "low.png"))
    high = matplotlib.image.imread(str(tmp_path / "sub" / "high.png"))
    assert high.shape[0] == pytest.approx(2 * low.shape[0], rel=0.1)
    plot_model(model, to_file=tmp_path / "model.svg")
    assert (tmp_path / "model.svg").read_text().lstrip().startswith("<?xml")


def test_subclassed_model_is_one_box():
    class Custom(keras.Model):
        def __init__(self):
            super().__init__(name="custom")
            self.dense = layers.Dense(2)

        def call(self, x):
            return self.dense(x)

    assert list(boxes(model_to_figure(Custom()))) == ["custom"]


def test_bad_arguments_are_explained(tmp_path):
    with pytest.raises(ValueError, match="rankdir must be 'TB'"):
        plot_model(mlp(), to_file=tmp_path / "m.png", rankdir="BT")
    with pytest.raises(TypeError, match="expects a numkeras Model"):
        plot_model("model", to_file=tmp_path / "m.png")
    with pytest.raises(ValueError, match="no layers"):
        plot_model(keras.Sequential(), to_file=tmp_path / "m.png")
