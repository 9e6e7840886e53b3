"""Lab (notes 002): turning categories into numbers, and scaling inputs.

    python examples/encoding_and_scaling.py [--quick] [--out FOLDER]

Integer and one-hot encoding with scikit-learn (LabelEncoder, OneHotEncoder) and with
`keras.utils.to_categorical`; min-max and standard scaling with scikit-learn
(MinMaxScaler, StandardScaler) and with the `keras.layers.Normalization` layer.
Needs scikit-learn (`pip install scikit-learn`).
"""
import labkit  # first: it lets the lab run from a source checkout without installing
import numpy as np

import numkeras as keras

args = labkit.parse_args(__doc__.splitlines()[0])
preprocessing = labkit.require("sklearn.preprocessing", "scikit-learn")

print("== integer encoding (LabelEncoder) ==")
X = np.array([["Korea", 44, 7200],
              ["Japan", 27, 4800],
              ["China", 30, 6100]])
labelencoder = preprocessing.LabelEncoder()
X[:, 0] = labelencoder.fit_transform(X[:, 0])
print(X)

print("== one-hot encoding (OneHotEncoder) ==")
X = np.array([["Korea", 44, 7200],
              ["Japan", 27, 4800],
              ["China", 30, 6100]])
onehotencoder = preprocessing.OneHotEncoder()
# The column to encode goes in as a 2-D array.
XX = onehotencoder.fit_transform(X[:, 0].reshape(-1, 1)).toarray()
print(XX)
X = np.delete(X, [0], axis=1)  # drop column 0
X = np.concatenate((XX, X), axis=1)  # and put the one-hot columns in front
print(X)

print("== one-hot encoding (keras.utils.to_categorical) ==")
class_vector = [2, 6, 6, 1]
# The notes pass dtype="int32"; Keras 3 dropped that argument, so convert the result.
output = keras.utils.to_categorical(class_vector, num_classes=7).astype("int32")
print(output)

print("== one-hot MNIST labels ==")
(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
print(x_train.shape, y_train.shape)
print(y_train[:10])
y_train_one_hot = keras.utils.to_categorical(y_train, num_classes=10)
print(y_train_one_hot.shape)
print(y_train_one_hot[:10])

data = [[-1, 2], [-0.5, 6], [0, 10], [1, 18]]
print("== MinMaxScaler ==")
scaler = preprocessing.MinMaxScaler()
scaler.fit(data)  # learns each column's minimum and maximum
minmax = scaler.transform(data)
print(minmax)

print("== StandardScaler ==")
scaler = preprocessing.StandardScaler()
scaler.fit(data)  # learns each column's mean and standard deviation
standard = scaler.transform(data)
print(standard)

print("== keras.layers.Normalization ==")
normalization = keras.layers.Normalization()
normalization.adapt(np.array(data, dtype="float32"))  # the same statistics, inside a model
layer_output = np.asarray(normalization(np.array(data, dtype="float32")))
print(layer_output)
print("same as StandardScaler:", np.allclose(layer_output, standard, atol=1e-5))

plt = labkit.pyplot()
figure, axes = plt.subplots(1, 3, figsize=(11, 3.4))
for ax, values, title in zip(axes, (np.array(data), minmax, standard),
                             ("raw data", "MinMaxScaler: [0, 1]", "StandardScaler: mean 0, std 1")):
    ax.scatter(values[:, 0], values[:, 1], s=60)
    for i, (a, b) in enumerate(values):
        ax.annotate(f"[{i}]", (a, b), textcoords="offset points", xytext=(6, 4))
    ax.margins(0.15)  # room for the labels
    ax.set_title(title)
    ax.set_xlabel("feature 0")
    ax.set_ylabel("feature 1")
    ax.grid(alpha=0.3)
figure.suptitle("Scaling puts both features on the same range")
figure.tight_layout()
labkit.save_figure(figure, args, "encoding_and_scaling")
