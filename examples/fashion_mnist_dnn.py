"""Lab (notes 002): classifying Fashion-MNIST clothing with a small dense network.

    python examples/fashion_mnist_dnn.py [--quick] [--out FOLDER] [--seed N]

TensorFlow's "basic classification" tutorial, which the notes follow (they report 0.8701):
images scaled to [0, 1], Flatten -> Dense(128, relu) -> Dense(10, softmax), Adam, sparse
categorical cross-entropy, 5 epochs.
"""
import labkit  # first: it lets the lab run from a source checkout without installing

import numkeras as keras

args = labkit.parse_args(__doc__.splitlines()[0])
class_names = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
               "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]

fashion_mnist = keras.datasets.fashion_mnist
(train_images, train_labels), (test_images, test_labels) = fashion_mnist.load_data()
train_images, train_labels = labkit.take(args.quick, 3000, train_images, train_labels)
test_images, test_labels = labkit.take(args.quick, 1000, test_images, test_labels)
print("train_images:", train_images.shape, "test_images:", test_images.shape)

plt = labkit.pyplot()
figure = plt.figure(figsize=(4, 3.4))
plt.imshow(train_images[0])
plt.colorbar()
plt.title(f"train_images[0]: {class_names[train_labels[0]]}")
labkit.save_figure(figure, args, "fashion_mnist_first_image")

train_images = train_images / 255.0
test_images = test_images / 255.0

figure = plt.figure(figsize=(8, 8.6))
for i in range(25):
    plt.subplot(5, 5, i + 1)
    plt.xticks([])
    plt.yticks([])
    plt.imshow(train_images[i], cmap=plt.cm.binary)
    plt.xlabel(class_names[train_labels[i]])
labkit.save_figure(figure, args, "fashion_mnist_samples")

model = keras.Sequential([
    keras.layers.Flatten(input_shape=(28, 28)),
    keras.layers.Dense(128, activation="relu"),
    keras.layers.Dense(10, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
history = model.fit(train_images, train_labels, epochs=2 if args.quick else 5)

test_loss, test_acc = model.evaluate(test_images, test_labels)
print("정확도 (accuracy):", test_acc)
path = labkit.figure_path(args, "fashion_mnist_dnn_history")
keras.utils.plot_history(history, title="Fashion-MNIST, dense network", to_file=path)
print(f"saved figure: {path}")
