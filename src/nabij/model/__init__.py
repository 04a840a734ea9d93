"""The crisis model: ids, attachment orientation and the model's words in nl and en."""
