"""Lab: sentiment of IMDB reviews with an LSTM over the words (sequence model)

    python examples/imdb_lstm.py [--quick] [--out FOLDER] [--seed N]

"Deep Learning with Python" (6.2): the 10,000 most frequent words, each review cut or padded
to its last 500 words, Embedding(10000, 32) -> LSTM(32) -> Dense(1, sigmoid), RMSprop, 10
epochs with 20% of the reviews held out; the book reports about 88-89% validation accuracy.
Padding uses id 0 and `mask_zero=True`, so the LSTM skips the padded steps.
"""
import labkit  # first: it lets the lab run from a source checkout without installing
import numpy as np

import numkeras as keras

args = labkit.parse_args(__doc__.splitlines()[0])
layers = keras.layers
max_features, maxlen = 10000, 100 if args.quick else 500

(x_train, y_train), (x_test, y_test) = keras.datasets.imdb.load_data(num_words=max_features)
x_train, y_train = labkit.take(args.quick, 600, x_train, y_train)
x_test, y_test = labkit.take(args.quick, 300, x_test, y_test)
print(f"{len(x_train)} training and {len(x_test)} test reviews")
x_train = keras.utils.pad_sequences(x_train, maxlen=maxlen)
x_test = keras.utils.pad_sequences(x_test, maxlen=maxlen)
print("input_train shape:", x_train.shape)

model = keras.Sequential([
    keras.Input(shape=(maxlen,), dtype="int32"),
    layers.Embedding(max_features, 32, mask_zero=True),
    layers.LSTM(32),
    layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="rmsprop", loss="binary_crossentropy", metrics=["acc"])
model.summary()
history = model.fit(x_train, np.asarray(y_train, "float32"), epochs=2 if args.quick else 10,
                    batch_size=128, validation_split=0.2, verbose=2)
print(f"best validation accuracy: {max(history.history['val_acc']):.4f}")

plt = labkit.pyplot()
figure = plt.figure(figsize=(6, 4))
epochs = range(1, len(history.history["acc"]) + 1)
plt.plot(epochs, history.history["acc"], "bo", label="Training acc")
plt.plot(epochs, history.history["val_acc"], "b", label="Validation acc")
plt.title("Training and validation accuracy (LSTM)")
plt.xlabel("Epochs")
plt.legend()
labkit.save_figure(figure, args, "imdb_lstm_accuracy")
results = model.evaluate(x_test, np.asarray(y_test, "float32"), verbose=0)
print("test loss, test accuracy:", results)
