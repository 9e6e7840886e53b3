"""Lab (notes 001): predicting the digit in a real image file drawn by a person.

    python examples/predict_digit_image.py [--quick] [--image FILE ...] [--out FOLDER]

Trains the MNIST MLP of examples/mnist_mlp.py, then for each image does what the notes do:
load it as grayscale, resize it to 28x28, invert it (MNIST digits are white on black, a
drawing is black on white), scale it to [0, 1] and predict. The notes use OpenCV; this lab
uses Pillow (`pip install pillow`). By default it reads examples/digits/digit_<n>.png,
drawn by examples/digits/draw_digits.py, and reports how many it gets right.
"""
import glob
import os
import re

import labkit  # first: it lets the lab run from a source checkout without installing
import numpy as np
from mnist_mlp import build_model, load_mnist

DIGITS = os.path.join(labkit.EXAMPLES, "digits")


def read_image(path):
    """The notes' preprocessing, with Pillow in place of cv2: a (1, 784) float32 array."""
    Image = labkit.require("PIL.Image", "pillow", why="Reading the image files")
    image = Image.open(path).convert("L")  # cv.IMREAD_GRAYSCALE
    image = image.resize((28, 28), Image.BILINEAR)  # cv.resize(image, (28, 28))
    image = np.asarray(image).astype("float32")
    image = image.reshape(1, 784)
    image = 255 - image
    image /= 255.0
    return image


def true_label(path):
    match = re.fullmatch(r"digit_(\d)\.png", os.path.basename(path))
    return int(match.group(1)) if match else None


def main():
    args = labkit.parse_args(__doc__.splitlines()[0], configure=lambda p: p.add_argument(
        "--image", nargs="+", help="image files to read (default: examples/digits/*.png)"))
    paths = args.image or sorted(glob.glob(os.path.join(DIGITS, "digit_*.png")))
    if not paths:
        raise SystemExit(f"No images to read: none given and none in {DIGITS}.")
    images = [read_image(p) for p in paths]  # fail early on a bad file, before training

    # A quick run still trains on 24,000 images for 4 epochs: drawn digits differ from MNIST's
    # more than its test images do: 3,000 images for 2 epochs read only 4 of the 10, this 7-8.
    (train_images, train_labels), _ = load_mnist(args.quick, quick_train_count=24000)
    model = build_model()
    model.fit(train_images, train_labels, epochs=4 if args.quick else 5, batch_size=128,
              verbose=2)

    plt = labkit.pyplot()
    columns = min(len(paths), 5)
    rows = -(-len(paths) // columns)
    figure, axes = plt.subplots(rows, columns, figsize=(2 * columns, 2.3 * rows), squeeze=False)
    correct = known = 0
    for ax, path, image in zip(axes.ravel(), paths, images):
        pred = model.predict(image.reshape(1, 784), batch_size=1, verbose=0)
        print(f"{os.path.basename(path)}: 추정된 숫자 (predicted digit)= {pred.argmax()}")
        expected = true_label(path)
        if expected is not None:
            known += 1
            correct += int(pred.argmax() == expected)
        ax.imshow(image.reshape(28, 28), cmap="Greys")
        ax.set_title(f"{os.path.basename(path)}\npredicted {pred.argmax()}", fontsize=9,
                     color="black" if expected in (None, pred.argmax()) else "red")
    for ax in axes.ravel():
        ax.axis("off")
    if known:
        print(f"correct: {correct}/{known}")
    figure.suptitle("Drawn digits as the model sees them (28x28, inverted)")
    labkit.save_figure(figure, args, "predict_digit_image")


if __name__ == "__main__":
    main()
