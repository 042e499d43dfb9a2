# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
# ---

# %% [markdown]
# # 15 December 2017, told from Python
#
# On 29 November 2017 North Korea launched a Hwasong-15 intercontinental ballistic
# missile. On 15 December Japan froze the assets of 19 North Korean organisations.
# Every one of them was already on the United States' list; South Korea had listed
# some of them days before; and one, Korea Computer Center, kept offices in five
# countries outside North Korea.
#
# This notebook tells that story from the knowledge graph with the Python API. It
# runs as a script too (`python docs/examples/story_2017.py`), and
# tests/test_story_example.py runs it and checks each fact it states. Open it in
# Jupyter with jupytext (`jupytext --to notebook docs/examples/story_2017.py`).

# %%
import sanctiongraph
from sanctiongraph.api import MissingExtra

g = sanctiongraph.open("memory")  # a graph in this process; a path keeps it on disk
loaded = g.load_demo()  # the cited curated files `sanctiongraph demo` loads
[(done.file.rsplit("/", 1)[-1], done.records) for done in loaded]

# %% [markdown]
# ## The launch

# %%
launch = g.query("events", type="icbm_launch", since="2017-11-29", until="2017-11-29")
launch_row = launch[0]
(launch_row["event"], launch_row["date"])

# %% [markdown]
# ## Japan's freeze: 19 organisations on 15 December

# %%
japan = g.query("listed-on", authority="Japan", date="2017-12-15")
frozen = {row["key"] for row in japan}
by_kind = sorted({row["kind"] for row in japan})
(len(japan), by_kind)

# %% [markdown]
# The rows are dicts; with pandas installed (`pip install 'sanctiongraph[pandas]'`)
# they become a DataFrame with the query's columns.

# %%
try:
    frame = japan.to_pandas()
    print(frame[["entity", "sector", "reference"]].head())
except MissingExtra as missing:
    print(missing)

# %% [markdown]
# ## Every one of them was already on the US list

# %%
authorities = {
    row["key"]: row["authorities"]
    for row in g.query("multi-jurisdiction", min_authorities=1)
    if row["key"] in frozen
}
on_us_list = sorted(key for key, names in authorities.items() if "United States" in names)
(len(on_us_list), len(frozen))

# %% [markdown]
# ## Who answered the launch, and how fast

# %%
response = g.query("event-response", event=launch_row["key"])
answers = {row["authority"]: (row["listed_on"], row["days_after"]) for row in response}
answers

# %% [markdown]
# South Korea listed first, four days before Japan.

# %%
korea, japan_answer = answers["South Korea"], answers["Japan"]
(korea[0], japan_answer[0], japan_answer[1] - korea[1])

# %% [markdown]
# ## Korea Computer Center's offices abroad

# %%
offices = g.query("overseas-branches", entity="Korea Computer Center")
kcc_countries = sorted(row["country"] for row in offices)
kcc_countries

# %% [markdown]
# The same answer as a graph: Korea Computer Center and what lies two steps from it,
# as a networkx `MultiDiGraph` to draw or analyse.

# %%
kcc = g.subgraph("Korea Computer Center", hops=2)
kcc_graph_countries = sorted(
    data["name"] for _, data in kcc.nodes(data=True) if data["label"] == "Country"
)
(kcc.number_of_nodes(), kcc_graph_countries)

# %%
g.close()
