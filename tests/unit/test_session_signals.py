from __future__ import annotations

from mockloop.judge.summary import summarize
from mockloop.adapters.storage.bank import Bank, shipped_dir
from mockloop.settings import Settings
from mockloop.adapters.storage.transcripts import parse_timed_text

SESSION = """\
# question: url-shortener
# phase: requirements
[00:00.0] interviewer: What do you need to know?
[00:03.0] candidate: Let me start with requirements, then some back of the envelope numbers, then the API and data model, then the architecture.
[00:12.0] candidate: Do links expire? Is it read heavy?
[00:20.0] interviewer: No expiry, very read heavy.
# phase: api
[00:25.0] interviewer: What endpoints?
[00:27.0] candidate: A POST to create a link and a GET that redirects, with a 302 so we see every click.
# phase: architecture
[01:00.0] interviewer: Draw it.
[01:02.0] candidate: I'd start with the simplest version, one app server and a key value store.
[01:20.0] candidate: Then a cache in front, and a load balancer.
[16:00.0] interviewer: Let's go deeper.
# phase: deep_dive
[16:02.0] candidate: I'd hash the URL. Actually, let's use a counter. Or maybe ranges of IDs.
[16:20.0] interviewer: And the hot link?
[16:22.0] candidate: The CDN absorbs it. On second thought, a local cache. What do you want next?
[16:40.0] interviewer: Thanks.
"""


def report() -> dict:
    t = parse_timed_text(SESSION, "s.txt")
    return summarize([t], Settings(), Bank([shipped_dir()]).get("url-shortener"), minutes=20)["session"]


def test_phase_seconds_and_scaled_budgets() -> None:
    s = report()
    assert s["phase_seconds"]["requirements"] == 25.0
    assert s["phase_seconds"]["architecture"] == 902.0  # 01:00 to the deep dive at 16:02
    assert s["phase_budget_seconds"]["architecture"] == 15 * 60 * 20 / 45
    assert s["over_budget"] == ["architecture"]  # 902 s > 1.5 x 400 s


def test_skipped_phases_between_reached_ones() -> None:
    assert report()["skipped_phases"] == ["estimation", "data_model"]


def test_narrated_framework_and_requirements_asked() -> None:
    s = report()
    assert s["narrated_framework"] is True
    assert s["skipped_requirements"] is False
    assert any(e["kind"] == "narrated_framework" for e in s["evidence"])


def test_relitigation_pattern_needs_two_answers() -> None:
    s = report()
    assert s["relitigation_pattern"] is True
    times = [e["t"] for e in s["evidence"] if e["kind"] == "relitigation_pattern"]
    assert len(times) == 2 and all(t > 960 for t in times)


def test_coverage_lists_points_hit_and_missed() -> None:
    cov = report()["coverage"]
    api = cov["api"]
    assert any("POST to create" in p for p in api["hit"])
    assert any("301 lets browsers" in p for p in api["hit"])
    assert any("Rate-limit" in p for p in api["missed"])
    assert api["share"] == round(len(api["hit"]) / (len(api["hit"]) + len(api["missed"])), 2)


def test_skipped_requirements_and_final_state_first() -> None:
    text = (
        "# phase: requirements\n[00:00.0] interviewer: Clarify?\n"
        "[00:02.0] candidate: Cool, I'll put a load balancer in front, and a Redis cache backed by Cassandra.\n"
        "# phase: architecture\n[01:00.0] interviewer: Draw it.\n"
        "[01:02.0] candidate: We have a load balancer, API gateway, Redis, Kafka, workers and Cassandra shards.\n"
        "[01:30.0] interviewer: Ok.\n"
    )
    s = summarize([parse_timed_text(text)], Settings())["session"]
    assert s["skipped_requirements"] is True
    assert s["final_state_first"] is True
    assert {e["kind"] for e in s["evidence"]} >= {"skipped_requirements", "final_state_first"}
    assert s["coverage"] == {}  # no question named
