"""What the tests and benchmarks build their input with (a corpus of hostile files, synthetic
graphs, an xlsx writer) and the explorer served for the browser tests; never shipped: the
runtime package does not import it."""
