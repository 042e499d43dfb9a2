"""docs/examples/story_2017.py runs, and the story it tells is the one the sources tell."""

from __future__ import annotations

import runpy
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[1] / "docs" / "examples" / "story_2017.py"


def test_the_2017_story_from_python() -> None:
    told = runpy.run_path(str(EXAMPLE))
    # 29 November 2017: the Hwasong-15 launch.
    assert told["launch_row"]["key"] == "event:2017-11-29-hwasong-15"
    assert told["launch_row"]["date"] == "2017-11-29"
    # 15 December 2017: Japan freezes 19 North Korean organisations...
    assert len(told["japan"]) == 19 and told["by_kind"] == ["organization"]
    # ...every one of them already on the US list.
    assert told["on_us_list"] == sorted(told["frozen"])
    # South Korea listed on 11 December, four days before Japan; both answer the launch.
    assert told["answers"]["South Korea"] == ("2017-12-11", 12)
    assert told["answers"]["Japan"] == ("2017-12-15", 16)
    # Korea Computer Center's offices outside North Korea, by query and as a graph.
    abroad = ["China", "Germany", "India", "Syria", "United Arab Emirates"]
    assert told["kcc_countries"] == abroad
    assert told["kcc_graph_countries"] == sorted([*abroad, "North Korea"])
