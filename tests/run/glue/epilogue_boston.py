# The block keeps its results in these lists; print their lengths for the test.
print("average_mae_history", len(average_mae_history))
print("smooth_mae_history", len(smooth_mae_history))
