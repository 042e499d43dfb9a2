"""What the tests and benchmarks build their input with (a corpus of hostile files, synthetic
graphs, an xlsx writer); never shipped: the runtime package does not import it."""
