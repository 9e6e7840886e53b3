# The slide after the code shows model.summary().
model.summary()
