"""Deciding which listed parties are one: evidence, scoring with vetoes, judgements.

- :mod:`~sanctiongraph.resolution.evidence`: what one record (or one entity,
  all its records together) says about a party, in comparable form;
- :mod:`~sanctiongraph.resolution.scorer`: two profiles compared feature by
  feature, with vetoes, into *merge*, *candidate* (for review) or *apart*;
- :mod:`~sanctiongraph.resolution.judgements`: the resolver file of human
  judgements (same / different / unsure) keyed on source records.
"""
