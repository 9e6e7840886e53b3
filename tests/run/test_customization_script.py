"""A Keras-guide style script (custom train_step, tf.GradientTape, tf.data, TensorBoard) runs
unchanged under `numkeras run`."""
import textwrap

from numkeras.compat.runner import run_script

SCRIPT = """
import numpy as np
import tensorflow as tf
from tensorflow import keras


class CustomModel(keras.Model):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.loss_tracker = keras.metrics.Mean(name="loss")
        self.mae_metric = keras.metrics.MeanAbsoluteError(name="mae")

    def train_step(self, data):
        x, y = data
        with tf.GradientTape() as tape:
            y_pred = self(x, training=True)
            loss = keras.losses.mean_squared_error(y, y_pred)
        trainable_vars = self.trainable_variables
        gradients = tape.gradient(loss, trainable_vars)
        self.optimizer.apply_gradients(zip(gradients, trainable_vars))
        self.loss_tracker.update_state(loss)
        self.mae_metric.update_state(y, y_pred)
        return {"loss": self.loss_tracker.result(), "mae": self.mae_metric.result()}

    @property
    def metrics(self):
        return [self.loss_tracker, self.mae_metric]


inputs = keras.Input(shape=(32,))
outputs = keras.layers.Dense(1)(inputs)
model = CustomModel(inputs, outputs)
model.compile(optimizer="adam")

x = np.random.random((1000, 32)).astype("float32")
y = x.mean(axis=1, keepdims=True)
dataset = tf.data.Dataset.from_tensor_slices((x, y)).shuffle(1000).batch(32).prefetch(tf.data.AUTOTUNE)
history = model.fit(dataset, epochs=5, verbose=0,
                    callbacks=[keras.callbacks.TensorBoard(log_dir=LOG_DIR)])
print("epochs", len(history.history["loss"]), "improved", history.history["mae"][-1] < history.history["mae"][0])
"""


def test_keras_guide_custom_train_step_script(tmp_path, capsys):
    path = tmp_path / "guide.py"
    path.write_text(f"LOG_DIR = {str(tmp_path / 'logs')!r}\n" + textwrap.dedent(SCRIPT))
    assert run_script(str(path)) == 0
    assert "epochs 5 improved True" in capsys.readouterr().out
    assert list((tmp_path / "logs" / "train").glob("events.out.tfevents.*"))
