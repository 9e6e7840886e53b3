print("epochs", list(epochs))
print("history keys", sorted(history_dict))
