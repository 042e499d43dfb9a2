"""sanctiongraph: sanctions lists as a knowledge graph.

>>> from sanctiongraph.graph.memory import MemoryStore
>>> from sanctiongraph.loaders.curated import load_seed
>>> store = MemoryStore()
>>> summary = load_seed(store)
>>> from sanctiongraph.queries import run_query
>>> rows = run_query(store, "overseas-branches", {"entity": "Korea Computer Center"})
>>> [r["country"] for r in rows]
['China', 'Germany', 'India', 'Syria', 'United Arab Emirates']
"""

__version__ = "0.1.0"
