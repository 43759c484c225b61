"""Photos: the formats plp reads, the resizing cascade behind the web copies, cache keys from what Git already
knows, and `plp photos`, which removes location and other details from the originals themselves."""
