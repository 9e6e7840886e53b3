"""A Keras script with a tf.data input pipeline runs unchanged under `numkeras run`."""
import textwrap

from numkeras.compat.runner import run_script

SCRIPT = """
import numpy as np
import tensorflow as tf
from tensorflow import keras

rng = np.random.default_rng(0)
x = rng.normal(size=(256, 4)).astype("float32")
y = (x.sum(axis=1) > 0).astype("int32")
AUTOTUNE = tf.data.AUTOTUNE

def scale(features, label):
    return tf.cast(features, tf.float32) * 0.5, label

train = (tf.data.Dataset.from_tensor_slices((x[:192], y[:192]))
         .shuffle(1000, seed=1).map(scale, num_parallel_calls=AUTOTUNE)
         .batch(32).cache().prefetch(AUTOTUNE))
val = tf.data.Dataset.from_tensor_slices((x[192:], y[192:])).batch(32)
for features, labels in train.take(1):
    print("batch", features.shape, labels.numpy().dtype)

model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(8, activation="relu"),
                          keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer=keras.optimizers.Adam(0.02), loss="binary_crossentropy", metrics=["accuracy"])
history = model.fit(train, validation_data=val, epochs=15, verbose=0)
print("accuracy", round(history.history["val_accuracy"][-1], 2))
"""


def test_tf_data_pipeline_script(tmp_path, capsys):
    path = tmp_path / "pipeline.py"
    path.write_text(textwrap.dedent(SCRIPT))
    assert run_script(str(path)) == 0
    out = capsys.readouterr().out
    assert "batch (32, 4) int32" in out
    accuracy = float(out.split("accuracy")[-1])
    assert accuracy >= 0.85
