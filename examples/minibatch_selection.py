"""Lab (notes 001): choosing a mini-batch of MNIST samples at random.

Full-batch learning averages the gradient over all 60,000 images before each update, online
learning (SGD) updates after every single image, and mini-batch learning sits in between:
it draws B random samples, averages their gradients and updates. This lab draws one
mini-batch of 12, shows the images, and counts the updates per epoch of each method.

    python examples/minibatch_selection.py [--quick] [--out FOLDER]
"""
import labkit  # first: it lets the lab run from a source checkout without installing
import numpy as np

import numkeras as keras

args = labkit.parse_args(__doc__.splitlines()[0])

# Split the data into training and test data.
(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
print("x_train:", x_train.shape, "x_test:", x_test.shape)

data_size = x_train.shape[0]
batch_size = 12  # mini-batch size

# Pick batch_size random indices (np.random.choice draws with replacement, as in the notes).
selected = np.random.choice(data_size, batch_size)
print(selected)
x_batch = x_train[selected]
y_batch = y_train[selected]
print("x_batch:", x_batch.shape, "y_batch:", y_batch)

# How many weight updates one pass over the data makes with each method.
print("updates per epoch:")
for name, size in (("full batch", data_size), ("mini-batch (B=12)", batch_size),
                   ("mini-batch (B=128)", 128), ("online / SGD (B=1)", 1)):
    print(f"  {name:<20} {int(np.ceil(data_size / size)):>6}")

plt = labkit.pyplot()
figure, axes = plt.subplots(2, 6, figsize=(9, 3.4))
for ax, image, label, index in zip(axes.ravel(), x_batch, y_batch, selected):
    ax.imshow(image, cmap="Greys")
    ax.set_title(f"#{index}: {label}", fontsize=9)
    ax.axis("off")
figure.suptitle(f"A random mini-batch of {batch_size} training images")
labkit.save_figure(figure, args, "minibatch_selection")
