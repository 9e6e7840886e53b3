# The slides only build these models (they train like the one before): check the weights and
# the number of regularization penalties the model collects.
model.summary()
print("regularization losses", len(model.losses))
