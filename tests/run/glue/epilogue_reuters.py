print("results", [round(float(v), 4) for v in results])
print("predictions", predictions.shape, round(float(predictions[0].sum()), 4))
print("decoded", decoded_newswire.split()[:3])
