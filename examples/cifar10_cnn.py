"""Lab: a small CIFAR-10 classifier with augmentation (colour 32x32 images, 10 classes).

    python examples/cifar10_cnn.py [--quick] [--out FOLDER] [--data cifar-10-python.tar.gz]

Loads CIFAR-10 with `keras.datasets.cifar10.load_data()` (downloaded once into the cache), or
from a `cifar-10-python.tar.gz` file given with --data. A file whose SHA-256 is not the real
archive's is a stand-in (the tests make one of random images in the real format): the lab
then says so plainly, and its accuracy means nothing. The model flips and shifts the images
in training, then classifies them with Conv2D/MaxPooling2D.
"""
import hashlib
import os
import tarfile
import tempfile
import time

import labkit  # first: it lets the lab run from a source checkout without installing
import numpy as np


def load_archive(path):
    """`(x_train, y_train), (x_test, y_test)` from a cifar-10-python.tar.gz file, and whether it is real."""
    from numkeras.datasets import cifar10
    from numkeras.datasets.cifar import load_batch

    with open(path, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    with tempfile.TemporaryDirectory() as folder:
        with tarfile.open(path) as archive:
            archive.extractall(folder, filter="data")
        batches = os.path.join(folder, "cifar-10-batches-py")
        train = [load_batch(os.path.join(batches, name)) for name in cifar10.TRAIN_BATCHES]
        x_test, y_test = load_batch(os.path.join(batches, "test_batch"))
    x_train = np.concatenate([x for x, _ in train]).transpose(0, 2, 3, 1)
    y_train = np.concatenate([np.asarray(y) for _, y in train]).reshape(-1, 1)
    return ((x_train, y_train), (x_test.transpose(0, 2, 3, 1), np.asarray(y_test).reshape(-1, 1)),
            digest == cifar10.DATA_FILE.file_hash)


def build_model():
    import numkeras as keras
    from numkeras import layers

    body = [layers.Conv2D(32, 3, padding="same", activation="relu"), layers.MaxPooling2D(2),
            layers.Conv2D(64, 3, padding="same", activation="relu"), layers.MaxPooling2D(2),
            layers.Flatten(), layers.Dropout(0.5), layers.Dense(10, activation="softmax")]
    model = keras.Sequential([keras.Input(shape=(32, 32, 3)), layers.Rescaling(1 / 255.0),
                              layers.RandomFlip("horizontal"), layers.RandomTranslation(0.1, 0.1),
                              *body])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


def main():
    args = labkit.parse_args(__doc__.splitlines()[0], configure=lambda p: p.add_argument(
        "--data", help="a cifar-10-python.tar.gz file (default: keras.datasets.cifar10)"))
    import numkeras as keras

    if args.data:
        (x_train, y_train), (x_test, y_test), real = load_archive(args.data)
    else:
        (x_train, y_train), (x_test, y_test) = keras.datasets.cifar10.load_data()
        real = True
    if not real:
        print(f"NOTE: {args.data} is a STAND-IN, not the real CIFAR-10 archive (its SHA-256 differs): "
              f"the lab checks that the pipeline runs; the accuracy below means nothing.")
    x_train, y_train = labkit.take(args.quick, 2000, x_train, y_train)
    x_test, y_test = labkit.take(args.quick, 500, x_test, y_test)
    print(f"train {x_train.shape} {x_train.dtype}, test {x_test.shape}")
    model = build_model()
    epochs = 1 if args.quick else 20
    started = time.perf_counter()
    model.fit(x_train, y_train, batch_size=64, epochs=epochs, validation_split=0.1, verbose=2)
    seconds = time.perf_counter() - started
    _, accuracy = model.evaluate(x_test, y_test, verbose=0)
    source = "real CIFAR-10" if real else "stand-in data"
    print(f"convolutional network on {source}: {epochs} epochs in {seconds:.1f} s, test accuracy {accuracy:.3f}")


if __name__ == "__main__":
    main()
