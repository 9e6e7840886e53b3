"""Lab: which of 46 topics is a Reuters newswire about, read word by word by a GRU

    python examples/reuters_gru.py [--quick] [--out FOLDER] [--seed N]

The newswires as sequences of word ids (the 10,000 most frequent words, padded to 200 with
id 0, masked), Embedding(10000, 64) -> GRU(64) -> Dense(46, softmax), Adam, sparse
categorical cross-entropy.
"""
import labkit  # first: it lets the lab run from a source checkout without installing
import numpy as np

import numkeras as keras

args = labkit.parse_args(__doc__.splitlines()[0])
layers = keras.layers
maxlen = 40 if args.quick else 200

(x_train, y_train), (x_test, y_test) = keras.datasets.reuters.load_data(num_words=10000)
x_train, y_train = labkit.take(args.quick, 400, x_train, y_train)
x_test, y_test = labkit.take(args.quick, 200, x_test, y_test)
print(f"{len(x_train)} training and {len(x_test)} test newswires")
x_train = keras.utils.pad_sequences(x_train, maxlen=maxlen)
x_test = keras.utils.pad_sequences(x_test, maxlen=maxlen)

model = keras.Sequential([
    keras.Input(shape=(maxlen,), dtype="int32"),
    layers.Embedding(10000, 64, mask_zero=True),
    layers.GRU(64),
    layers.Dense(46, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.summary()
history = model.fit(x_train, np.asarray(y_train), epochs=1 if args.quick else 15, batch_size=64,
                    validation_split=0.2, verbose=2)

plt = labkit.pyplot()
figure = plt.figure(figsize=(6, 4))
epochs = range(1, len(history.history["loss"]) + 1)
plt.plot(epochs, history.history["loss"], "bo", label="Training loss")
plt.plot(epochs, history.history["val_loss"], "b", label="Validation loss")
plt.title("Training and validation loss (GRU)")
plt.xlabel("Epochs")
plt.legend()
labkit.save_figure(figure, args, "reuters_gru_loss")
results = model.evaluate(x_test, np.asarray(y_test), verbose=0)
print("test loss, test accuracy:", results)
