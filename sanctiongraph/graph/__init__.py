"""The knowledge model (:mod:`.schema`) and the stores that hold it."""
