# 신경망 모델 구축
model = tf.keras.Sequential()
model.add(tf.keras.layers.Dense(16,
    kernel_regularizer=tf.keras.regularizers.l2(0.001),
    activation='relu', input_shape=(1000,)))
model.add(tf.keras.layers.Dense(16,
    kernel_regularizer=tf.keras.regularizers.l2(0.001), activation='relu'))
model.add(tf.keras.layers.Dense(1, activation='sigmoid'))
