print("history", len(history.history["loss"]), sorted(history.history))
