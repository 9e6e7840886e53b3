print("shapes", train_images.shape, test_images.shape, float(train_images.max()))
