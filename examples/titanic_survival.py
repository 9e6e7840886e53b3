"""Lab (notes 002): predicting who survived the Titanic (the notes reach about 78%).

    python examples/titanic_survival.py [--quick] [--out FOLDER] [--seed N]

Kaggle's passenger list (`keras.datasets.titanic.load_data()`, pandas DataFrames; the two
CSV files go in ~/.numkeras/datasets/titanic/, see that loader). As in the notes: look at
the survival rate by sex, turn "male"/"female" into 1/0, keep the ticket class and sex,
and train a small network (16-8-1, Adam, binary cross-entropy, batch 1, 30 epochs). A
fifth of the passengers is held out to check the accuracy on people the model has not
seen. Finally the "DIY" step: predict the 418 passengers of test.csv. Needs pandas.
"""
import labkit  # first: it lets the lab run from a source checkout without installing
import numpy as np

import numkeras as keras

args = labkit.parse_args(__doc__.splitlines()[0])
labkit.require("pandas")
plt = labkit.pyplot()

train, test = keras.datasets.titanic.load_data()
print(train.head())

# Survival rate by sex (the notes' bar chart), and by ticket class.
figure, (left, right) = plt.subplots(1, 2, figsize=(8, 3.6))
df = train.groupby("Sex")["Survived"].mean()
print(df)
df.plot(kind="bar", ax=left, color=["tab:red", "tab:blue"], rot=0, title="Survival rate by sex")
train.groupby("Pclass")["Survived"].mean().plot(kind="bar", ax=right, rot=0, color="tab:gray",
                                               title="Survival rate by ticket class")
left.set_ylabel("survived")
figure.tight_layout()
labkit.save_figure(figure, args, "titanic_survival_rates")


def features(frame):
    """The notes' cleaning: keep the class and the sex, and code the sex as a number."""
    frame = frame[["Pclass", "Sex"]].copy()
    # Symbols to numbers. The notes do it row by row with `.loc`; pandas 3 refuses to put
    # ints in a string column, so the whole column is mapped at once.
    frame["Sex"] = frame["Sex"].map({"male": 1, "female": 0})
    return frame.astype(float)


x = features(train).to_numpy()
target = np.ravel(train.Survived)  # flatten to a 1-D array

# Hold out a random fifth of the passengers to measure accuracy on unseen people.
order = np.random.permutation(len(x))
held_out, kept = order[: len(x) // 5], order[len(x) // 5:]

model = keras.models.Sequential()
model.add(keras.layers.Dense(16, activation="relu", input_shape=(2,)))
model.add(keras.layers.Dense(8, activation="relu"))
model.add(keras.layers.Dense(1, activation="sigmoid"))
model.compile(loss="binary_crossentropy", optimizer="adam", metrics=["accuracy"])
history = model.fit(x[kept], target[kept], epochs=5 if args.quick else 30, batch_size=1,
                    validation_data=(x[held_out], target[held_out]), verbose=2)

_, train_acc = model.evaluate(x[kept], target[kept], verbose=0)
_, val_acc = model.evaluate(x[held_out], target[held_out], verbose=0)
print(f"training accuracy: {train_acc:.4f} ({len(kept)} passengers)")
print(f"held-out accuracy: {val_acc:.4f} ({len(held_out)} passengers)")

# DIY: predict test.csv, whose survival is not given.
survived = (model.predict(features(test).to_numpy(), verbose=0).ravel() > 0.5).astype(int)
print(f"test.csv: {survived.sum()} of {len(survived)} passengers predicted to survive")
predictions = test[["PassengerId"]].assign(Survived=survived)
print(predictions.head(10).to_string(index=False))

path = labkit.figure_path(args, "titanic_survival_history")
keras.utils.plot_history(history, title="Titanic", to_file=path)
print(f"saved figure: {path}")
