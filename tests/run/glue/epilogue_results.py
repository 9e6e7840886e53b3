# `results = model.evaluate(...)` is the block's last value worth checking.
print("results", [round(float(v), 4) for v in results])
