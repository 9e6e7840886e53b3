"""Build functions shared by the wrapper tests (module-level, so worker processes can unpickle them)."""
import numkeras as keras


def build_model():
    """The seed lab's network, as written there (tf.keras -> numkeras)."""
    network = keras.models.Sequential()
    network.add(keras.layers.Dense(512, activation='relu', input_shape=(28 * 28,)))
    network.add(keras.layers.Dense(10, activation='sigmoid'))

    network.compile(optimizer='rmsprop',
                    loss='categorical_crossentropy',
                    metrics=['accuracy'])
    return network


def keras_style_classifier(X, y, hidden=16, learning_rate=0.03):
    """Keras 3's SKLearnClassifier callable: y arrives one-hot, so y.shape[1] is the class count."""
    model = keras.Sequential([keras.Input((X.shape[1],)),
                              keras.layers.Dense(hidden, activation="relu"),
                              keras.layers.Dense(y.shape[1], activation="softmax")])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate), loss="categorical_crossentropy")
    return model


def keras_style_regressor(X, y, hidden=16, learning_rate=0.03):
    """Keras 3's SKLearnRegressor/Transformer callable: one output unit per column of y."""
    n_outputs = 1 if y.ndim == 1 else y.shape[1]
    model = keras.Sequential([keras.Input((X.shape[1],)),
                              keras.layers.Dense(hidden, activation="relu"),
                              keras.layers.Dense(n_outputs)])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate), loss="mse")
    return model


def meta_classifier(meta, hidden=16):
    """SciKeras style: sizes from `meta`, returned uncompiled so the wrapper compiles it."""
    return keras.Sequential([keras.Input((meta["n_features_in_"],)),
                             keras.layers.Dense(hidden, activation="relu"),
                             keras.layers.Dense(meta["n_classes_"], activation="softmax")])


def meta_regressor(meta, hidden=16):
    return keras.Sequential([keras.Input((meta["n_features_in_"],)),
                             keras.layers.Dense(hidden, activation="relu"),
                             keras.layers.Dense(meta["n_outputs_"])])


def legacy_classifier(units=8, n_features=4, n_classes=3, activation="softmax",
                      loss="categorical_crossentropy"):
    """The old wrapper's style: plain arguments, returns a compiled model."""
    model = keras.Sequential([keras.Input((n_features,)),
                              keras.layers.Dense(units, activation="relu"),
                              keras.layers.Dense(n_classes, activation=activation)])
    model.compile(optimizer=keras.optimizers.Adam(0.03), loss=loss, metrics=["accuracy"])
    return model


def lambda_loss_classifier(meta):
    """A model whose loss is a lambda, as written in notebooks."""
    model = meta_classifier(meta)
    model.compile(optimizer="adam",
                  loss=lambda t, p: 2.0 * keras.losses.categorical_crossentropy(t, p))
    return model
