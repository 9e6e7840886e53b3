"""Lab (notes 002): a deeper network with dropout on MNIST (the notes report 0.9795).

    python examples/mnist_dnn.py [--quick] [--out FOLDER] [--seed N]

Flatten -> Dense(512, relu) -> Dropout(0.2) -> Dense(10, softmax), 5 epochs. The notes'
slide leaves compile() out; this uses TensorFlow's beginner tutorial that the slide comes
from: Adam and sparse categorical cross-entropy on the integer labels. Also saves the
model's diagram (keras.utils.plot_model) and its training curves (keras.utils.plot_history).
"""
import os

import labkit  # first: it lets the lab run from a source checkout without installing

import numkeras as keras

args = labkit.parse_args(__doc__.splitlines()[0])

mnist = keras.datasets.mnist
(x_train, y_train), (x_test, y_test) = mnist.load_data()
x_train, y_train = labkit.take(args.quick, 2000, x_train, y_train)
x_test, y_test = labkit.take(args.quick, 1000, x_test, y_test)
x_train, x_test = x_train / 255.0, x_test / 255.0

model = keras.models.Sequential()
model.add(keras.layers.Flatten(input_shape=(28, 28)))
model.add(keras.layers.Dense(512, activation="relu"))
model.add(keras.layers.Dropout(0.2))
model.add(keras.layers.Dense(10, activation="softmax"))
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.summary()

history = model.fit(x_train, y_train, epochs=2 if args.quick else 5)
test_loss, test_acc = model.evaluate(x_test, y_test)
print("테스트 정확도 (test accuracy):", test_acc)

os.makedirs(args.out, exist_ok=True)
path = os.path.join(args.out, "mnist_dnn_model.png")
keras.utils.plot_model(model, to_file=path, show_shapes=True, show_layer_activations=True,
                       dpi=100)
print(f"saved figure: {path}")
path = os.path.join(args.out, "mnist_dnn_history.png")
keras.utils.plot_history(history, title="MNIST DNN", to_file=path)
print(f"saved figure: {path}")
