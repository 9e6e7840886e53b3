"""Model, data and fit settings shared by tools/model_goldens.py (run with real Keras 3) and the
tests (run with numkeras): every builder takes the `keras` module to build with.

Initial weights and data come from `np.random.RandomState`, so both sides see the same numbers
without storing them; Keras's results live in model_goldens.py.
"""
import numpy as np


def set_initial_weights(model, seed):
    """Overwrites every weight, in `model.weights` order, from one RandomState stream.

    Variances (BatchNormalization) get values in [0.5, 1.5), everything else in [-0.5, 0.5). As
    the stream is consumed in weight order, a model that lists its weights in another order than
    Keras gets other values and trains differently.
    """
    rs = np.random.RandomState(seed)
    values = []
    for w in model.weights:
        shape = tuple(w.shape)
        low, high = (0.5, 1.5) if "variance" in w.name else (-0.5, 0.5)
        values.append(rs.uniform(low, high, size=shape).astype("float32"))
    model.set_weights(values)


def regression_data(n=12, features=3, seed=0):
    rs = np.random.RandomState(seed)
    x = rs.normal(size=(n, features)).astype("float32")
    y = (x @ rs.normal(size=(features, 1)) + 0.1 * rs.normal(size=(n, 1))).astype("float32")
    return x, y


def class_data(n=15, features=3, classes=3, seed=1):
    rs = np.random.RandomState(seed)
    x = rs.normal(size=(n, features)).astype("float32")
    labels = (x @ rs.normal(size=(features, classes))).argmax(axis=1).astype("int64")
    return x, labels


# --- fit cases ---------------------------------------------------------------------------------
# Each builder returns (model, fit_args, fit_kwargs, evaluate_args, evaluate_kwargs); models are
# compiled, with weights set by set_initial_weights. Every fit uses shuffle=False (or a run that
# does not depend on the order), so the numbers are deterministic on both sides.

def _mlp(keras, units_out, activation=None, hidden=4, features=3):
    layers = keras.layers
    return keras.Sequential([keras.Input((features,)), layers.Dense(hidden, activation="tanh"),
                             layers.Dense(units_out, activation=activation)])


def case_sample_weight(keras):
    x, y = regression_data()
    sw = np.linspace(0.2, 2.0, len(x)).astype("float32")
    model = _mlp(keras, 1)
    model.compile(keras.optimizers.SGD(0.05), "mse", metrics=["mae"], weighted_metrics=["mae"])
    set_initial_weights(model, 10)
    return model, (x, y), dict(sample_weight=sw, batch_size=5, epochs=3, shuffle=False), \
        (x, y), dict(sample_weight=sw, batch_size=5)


def case_class_weight_binary(keras):
    x, labels = class_data(classes=2)
    y = labels.reshape(-1, 1).astype("float32")
    model = _mlp(keras, 1, "sigmoid")
    model.compile(keras.optimizers.Adam(0.01), "binary_crossentropy", metrics=["accuracy"],
                  weighted_metrics=["accuracy"])
    set_initial_weights(model, 11)
    return model, (x, y), dict(class_weight={0: 1.0, 1: 3.0}, batch_size=4, epochs=3,
                               shuffle=False), (x, y), {}


def case_class_weight_sparse(keras):
    x, labels = class_data()
    model = _mlp(keras, 3, "softmax")
    model.compile(keras.optimizers.RMSprop(0.01), "sparse_categorical_crossentropy", metrics=["acc"])
    set_initial_weights(model, 12)
    return model, (x, labels), dict(class_weight={0: 1.0, 1: 2.0, 2: 0.5}, batch_size=4, epochs=3,
                                    shuffle=False), (x, labels), {}


def case_validation_split(keras):
    x, y = regression_data(n=20)
    model = _mlp(keras, 1)
    model.compile(keras.optimizers.Adam(0.02), "mse", metrics=["mae"])
    set_initial_weights(model, 13)
    # The validation rows are the last 25%, taken before any shuffling.
    return model, (x, y), dict(validation_split=0.25, batch_size=4, epochs=3, shuffle=False), \
        (x[15:], y[15:]), {}


def case_validation_data_weighted(keras):
    x, y = regression_data(n=16)
    xv, yv = regression_data(n=6, seed=5)
    swv = np.array([1.0, 0.0, 2.0, 0.5, 1.0, 3.0], "float32")
    model = _mlp(keras, 1)
    model.compile(keras.optimizers.SGD(0.05, momentum=0.5), "mae")
    set_initial_weights(model, 14)
    return model, (x, y), dict(validation_data=(xv, yv, swv), batch_size=8, epochs=3,
                               shuffle=False), (xv, yv), dict(sample_weight=swv)


def case_steps_per_epoch(keras):
    # 12 samples in batches of 4 are 3 batches; 2 steps per epoch: epochs see 0,1 | 2 | 0,1 | 2.
    x, y = regression_data()
    model = _mlp(keras, 1)
    model.compile(keras.optimizers.SGD(0.05), "mse")
    set_initial_weights(model, 15)
    return model, (x, y), dict(steps_per_epoch=2, batch_size=4, epochs=4, shuffle=False), (x, y), {}


def case_initial_epoch(keras):
    x, y = regression_data()
    model = _mlp(keras, 1)
    model.compile(keras.optimizers.SGD(0.05), "mse")
    set_initial_weights(model, 16)
    return model, (x, y), dict(initial_epoch=2, batch_size=4, epochs=4, shuffle=False), (x, y), {}


def case_add_loss(keras):
    class ActivityPenalty(keras.layers.Layer):
        """Adds 0.1 * mean(x**2) of its input to the training loss."""

        def call(self, inputs):
            self.add_loss(0.1 * keras.ops.mean(keras.ops.square(inputs)))
            return inputs

    x, y = regression_data()
    layers = keras.layers
    model = keras.Sequential([keras.Input((3,)), layers.Dense(4, activation="tanh"),
                              ActivityPenalty(), layers.Dense(1)])
    model.compile(keras.optimizers.SGD(0.05), "mse")
    set_initial_weights(model, 17)
    return model, (x, y), dict(batch_size=4, epochs=3, shuffle=False), (x, y), {}


def case_batchnorm_frozen(keras):
    """Dense (frozen) -> BatchNormalization -> Dense: weights order and moving statistics."""
    x, y = regression_data(n=16)
    layers = keras.layers
    model = keras.Sequential([keras.Input((3,)), layers.Dense(4), layers.BatchNormalization(),
                              layers.Dense(1)])
    model.layers[0].trainable = False
    model.compile(keras.optimizers.Adam(0.01), "mse")
    set_initial_weights(model, 18)
    return model, (x, y), dict(batch_size=8, epochs=3, shuffle=False), (x, y), {}


def _two_output_model(keras):
    layers = keras.layers
    inputs = keras.Input((3,), name="features")
    hidden = layers.Dense(4, activation="relu", name="trunk")(inputs)
    reg = layers.Dense(1, name="reg")(hidden)
    cls = layers.Dense(1, activation="sigmoid", name="cls")(hidden)
    return keras.Model(inputs, [reg, cls], name="two_heads")


def case_multi_output(keras):
    x, y = regression_data(n=20)
    y_cls = (x[:, :1] > 0).astype("float32")
    model = _two_output_model(keras)
    model.compile(keras.optimizers.Adam(0.01), loss=["mse", "binary_crossentropy"],
                  loss_weights=[1.0, 0.5], metrics={"reg": ["mae"], "cls": ["accuracy", "mse"]})
    set_initial_weights(model, 19)
    return model, (x, [y, y_cls]), dict(validation_split=0.2, batch_size=4, epochs=2,
                                        shuffle=False), (x, [y, y_cls]), {}


def case_multi_output_dict_targets(keras):
    x, y = regression_data(n=20)
    y_cls = (x[:, :1] > 0).astype("float32")
    model = _two_output_model(keras)
    model.compile(keras.optimizers.SGD(0.05), loss={"reg": "mae", "cls": "binary_crossentropy"},
                  metrics=[None, ["accuracy"]])
    set_initial_weights(model, 20)
    return model, (x, {"cls": y_cls, "reg": y}), dict(batch_size=5, epochs=2, shuffle=False), \
        (x, {"cls": y_cls, "reg": y}), {}


def case_dict_inputs(keras):
    layers = keras.layers
    a, b = keras.Input((2,), name="a"), keras.Input((1,), name="b")
    merged = layers.Concatenate()([layers.Dense(3, activation="tanh")(a), b])
    model = keras.Model({"a": a, "b": b}, layers.Dense(1)(merged), name="by_name")
    model.compile(keras.optimizers.SGD(0.05), "mse", metrics=["mae"])
    set_initial_weights(model, 21)
    x, y = regression_data()
    data = {"b": x[:, 2:], "a": x[:, :2]}  # keys in another order than the model's inputs
    return model, (data, y), dict(batch_size=4, epochs=2, shuffle=False), (data, y), {}


def case_subclassed(keras):
    layers = keras.layers

    class TwoLayers(keras.Model):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.hidden = layers.Dense(4, activation="relu")
            self.out = layers.Dense(1)

        def call(self, inputs, training=None):
            return self.out(self.hidden(inputs))

    x, y = regression_data()
    model = TwoLayers()
    model(x[:1])  # creates the weights
    model.compile(keras.optimizers.Adam(0.02), "mse", metrics=["mae"])
    set_initial_weights(model, 22)
    return model, (x, y), dict(batch_size=4, epochs=2, shuffle=False), (x, y), {}


FIT_CASES = {name[len("case_"):]: fn for name, fn in sorted(globals().items())
             if name.startswith("case_")}


# --- summary cases -----------------------------------------------------------------------------
# Each builder returns (model, summary kwargs); names are explicit or come right after
# clear_session(), so they are the same on both sides.

def summary_xor(keras):
    layers = keras.layers
    model = keras.Sequential([keras.Input((2,)), layers.Dense(2, activation="sigmoid"),
                              layers.Dense(1, activation="sigmoid")])
    return model, {}


def summary_unbuilt(keras):
    layers = keras.layers
    return keras.Sequential([layers.Dense(4), layers.Dense(1)]), {}


def summary_two_inputs(keras):
    layers = keras.layers
    a, b = keras.Input((3,), name="a"), keras.Input((4,), name="b")
    merged = layers.Concatenate()([layers.Dense(5)(a), layers.Dense(5)(b)])
    return keras.Model([a, b], layers.Dense(1, name="out")(merged), name="two_inputs"), {}


def summary_two_outputs(keras):
    return _two_output_model(keras), {}


def summary_shared_layer(keras):
    layers = keras.layers
    shared = layers.Dense(3, name="shared")
    a, b = keras.Input((4,), name="left"), keras.Input((4,), name="right")
    return keras.Model([a, b], layers.Add(name="sum")([shared(a), shared(b)]), name="siamese"), {}


def _nested(keras):
    layers = keras.layers
    inner = keras.Sequential([keras.Input((4,)), layers.Dense(3, name="i1"), layers.Dense(2, name="i2")],
                             name="inner")
    a, b = keras.Input((4,), name="a"), keras.Input((4,), name="b")
    merged = layers.Concatenate(name="cat")([inner(a), inner(b)])
    return keras.Model([a, b], layers.Dense(1, name="head")(merged), name="outer")


def summary_nested(keras):
    return _nested(keras), {}


def summary_nested_expanded(keras):
    return _nested(keras), {"expand_nested": True}


def summary_nested_functional(keras):
    layers = keras.layers
    i = keras.Input((4,), name="inner_in")
    inner = keras.Model(i, layers.Dense(2, name="inner_dense")(i), name="encoder")
    a, b = keras.Input((4,), name="a"), keras.Input((4,), name="b")
    merged = layers.Concatenate(name="joined")([inner(a), inner(b)])
    return keras.Model([a, b], merged, name="pair"), {}


def summary_frozen_batchnorm(keras):
    layers = keras.layers
    model = keras.Sequential([keras.Input((4,)), layers.Dense(8, name="hidden"),
                              layers.BatchNormalization(), layers.Dropout(0.1),
                              layers.Dense(3, activation="softmax")], name="classifier")
    model.layers[0].trainable = False
    return model, {"show_trainable": True}


def summary_layer_range(keras):
    model, _ = summary_frozen_batchnorm(keras)
    return model, {"layer_range": ["batch_normalization", "dropout"]}


def summary_long_names(keras):
    layers = keras.layers
    model = keras.Sequential([keras.Input((3,)),
                              layers.Dense(2, name="a_rather_long_layer_name_that_overflows"),
                              layers.Dense(1, name="short")], name="long_names")
    return model, {"line_length": 60}


SUMMARY_CASES = {name[len("summary_"):]: fn for name, fn in sorted(globals().items())
                 if name.startswith("summary_")}
# Terminal widths the summaries are taken at: wide enough for Keras's defaults (88 or 108
# characters), and a classic 80-column terminal (defaults capped at 80 - 4 = 76).
SUMMARY_COLUMNS = (200, 80)
