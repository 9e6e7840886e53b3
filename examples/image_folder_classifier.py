"""Lab (notes 002): a digit classifier trained from a folder of PNG files, with augmentation.

    python examples/image_folder_classifier.py [--quick] [--out FOLDER] [--per-class N]

Writes MNIST digits as PNG files into one sub-folder per class (`<out>/digit_folders/0/`,
`1/`, ...), reads them back with `keras.utils.image_dataset_from_directory` (labels from the
folder names, an 80/20 training/validation split, batches decoded from disk as `fit` asks for
them), and trains a small network whose first layers augment the images in training only.
Prints the validation accuracy and the time taken.
"""
import os
import shutil
import time

import labkit  # first: it lets the lab run from a source checkout without installing
import numpy as np


def write_digit_folders(root, images, labels, per_class):
    """`root/<digit>/<index>.png` for the first `per_class` images of each digit."""
    Image = labkit.require("PIL.Image", "pillow", why="Writing the PNG files")
    shutil.rmtree(root, ignore_errors=True)
    for digit in range(10):
        folder = os.path.join(root, str(digit))
        os.makedirs(folder)
        for index in np.flatnonzero(labels == digit)[:per_class]:
            Image.fromarray(images[index], "L").save(os.path.join(folder, f"{index}.png"))
    return root


def build_model():
    import numkeras as keras
    from numkeras import layers

    augmentation = [layers.RandomRotation(0.05, fill_mode="constant"),
                    layers.RandomZoom(0.1, fill_mode="constant"),
                    layers.RandomTranslation(0.08, 0.08, fill_mode="constant")]
    body = [layers.Conv2D(16, 3, activation="relu"), layers.MaxPooling2D(2),
            layers.Conv2D(32, 3, activation="relu"), layers.MaxPooling2D(2),
            layers.Flatten(), layers.Dropout(0.3), layers.Dense(10, activation="softmax")]
    model = keras.Sequential([keras.Input(shape=(28, 28, 1)), layers.Rescaling(1 / 255.0),
                              *augmentation, *body])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


def main():
    args = labkit.parse_args(__doc__.splitlines()[0], configure=lambda p: p.add_argument(
        "--per-class", type=int, default=None, help="images written per digit (default 300, 40 quick)"))
    import numkeras as keras

    per_class = args.per_class or (40 if args.quick else 300)
    (x_train, y_train), _ = keras.datasets.mnist.load_data()
    started = time.perf_counter()
    root = write_digit_folders(os.path.join(args.out, "digit_folders"), x_train, y_train, per_class)
    print(f"wrote {10 * per_class} PNG files into {root}/0..9 in {time.perf_counter() - started:.1f} s")

    train, val = keras.utils.image_dataset_from_directory(
        root, validation_split=0.2, subset="both", seed=args.seed, color_mode="grayscale",
        image_size=(28, 28), batch_size=32)
    print(f"classes: {train.class_names}")
    model = build_model()
    epochs = 8 if args.quick else 15
    started = time.perf_counter()
    history = model.fit(train, validation_data=val, epochs=epochs, verbose=2)
    seconds = time.perf_counter() - started
    accuracy = history.history["val_accuracy"][-1]
    print(f"convolutional network, {epochs} epochs from the folder in {seconds:.1f} s: "
          f"validation accuracy {accuracy:.3f}")


if __name__ == "__main__":
    main()
