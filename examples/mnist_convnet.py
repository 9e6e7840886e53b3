"""Lab: Keras's "simple MNIST convnet" (keras.io/examples/vision/mnist_convnet).

    python examples/mnist_convnet.py [--quick] [--epochs N] [--out FOLDER] [--seed N]

Two Conv2D + MaxPooling2D blocks, Dropout(0.5), a softmax Dense; Adam, categorical
cross-entropy, batch 128, 15 epochs, 10% of the training images held out for validation.
Keras reaches about 0.99 test accuracy. --quick trains 1 epoch on 2,000 images.
"""
import time

import labkit  # first: it lets the lab run from a source checkout without installing
import numpy as np

import numkeras as keras
from numkeras import layers

NUM_CLASSES = 10
INPUT_SHAPE = (28, 28, 1)


def load_data(quick):
    """MNIST scaled to [0, 1] with a channel axis, and one-hot labels."""
    (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
    x_train, y_train = labkit.take(quick, 2000, x_train, y_train)
    x_test, y_test = labkit.take(quick, 500, x_test, y_test)
    x_train = np.expand_dims(x_train.astype("float32") / 255, -1)
    x_test = np.expand_dims(x_test.astype("float32") / 255, -1)
    return ((x_train, keras.utils.to_categorical(y_train, NUM_CLASSES)),
            (x_test, keras.utils.to_categorical(y_test, NUM_CLASSES)))


def build_model():
    return keras.Sequential([
        keras.Input(shape=INPUT_SHAPE),
        layers.Conv2D(32, kernel_size=(3, 3), activation="relu"),
        layers.MaxPooling2D(pool_size=(2, 2)),
        layers.Conv2D(64, kernel_size=(3, 3), activation="relu"),
        layers.MaxPooling2D(pool_size=(2, 2)),
        layers.Flatten(),
        layers.Dropout(0.5),
        layers.Dense(NUM_CLASSES, activation="softmax"),
    ])


def main():
    args = labkit.parse_args(__doc__.splitlines()[0], configure=lambda p: p.add_argument(
        "--epochs", type=int, default=None, help="epochs (default 15, 1 with --quick)"))
    (x_train, y_train), (x_test, y_test) = load_data(args.quick)
    print("x_train shape:", x_train.shape, "-", x_train.shape[0], "train samples,",
          x_test.shape[0], "test samples")
    model = build_model()
    model.summary()
    model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
    epochs = args.epochs or (1 if args.quick else 15)
    started = time.perf_counter()
    history = model.fit(x_train, y_train, batch_size=128, epochs=epochs, validation_split=0.1,
                        verbose=2)
    seconds = time.perf_counter() - started
    score = model.evaluate(x_test, y_test, verbose=0)
    print(f"Test loss: {score[0]:.4f}")
    print(f"Test accuracy: {score[1]:.4f}")
    print(f"Training time: {seconds:.1f} s for {epochs} epoch(s), {seconds / epochs:.1f} s per epoch")

    plt = labkit.pyplot()
    figure = plt.figure(figsize=(6, 4))
    ticks = range(1, epochs + 1)
    plt.plot(ticks, history.history["accuracy"], "b", label="training accuracy")
    plt.plot(ticks, history.history["val_accuracy"], "r", label="validation accuracy")
    plt.xlabel("epoch")
    plt.legend()
    plt.title("Simple MNIST convnet")
    labkit.save_figure(figure, args, "mnist_convnet_history")


if __name__ == "__main__":
    main()
