"""One module per published list format; each reads a file into targets."""
