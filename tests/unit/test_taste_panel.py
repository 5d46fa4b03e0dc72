"""The taste panel's measures: quality percentiles, lowest quartile, genre fit, replay overlap, goals."""

from __future__ import annotations

from src.evaluation.panel.members import (
    DEFAULT_PANEL_DIR,
    load_personas,
    read_ratings,
    scenario_groups,
    scenario_members,
    variant,
)
from src.evaluation.panel.taste_panel import (
    PanelUser,
    Persona,
    Pick,
    film_key,
    in_genres,
    measure,
    quality_percentiles,
    quality_value,
)

HORROR = Persona("horror", "h.csv", ("Horror", "Thriller"))


def pick(i: int, title: str, genres: tuple[str, ...] = ("horror film",), false: tuple[str, ...] = ()) -> Pick:
    return Pick(i, title, 1980, genres, 0.5, "…", false)


def test_percentiles_rank_within_the_catalog_and_skip_unknown() -> None:
    p = quality_percentiles({1: 2.0, 2: 5.0, 3: 8.0, 4: None, 5: 5.0})
    assert p[1] == 0.0 and p[3] == 1.0 and 4 not in p
    assert p[2] == p[5] == 1 / 3  # ties share the lower rank


def test_quality_prior_wins_over_critic_rating() -> None:
    assert (
        quality_value(0.9, 3.0) == 0.9
        and quality_value(None, 7.5) == 7.5
        and quality_value(None, None) is None
    )


def test_genre_fit_uses_display_genres() -> None:
    assert in_genres(("horror film",), ("Horror",)) and in_genres(("science fiction film",), ("Sci-fi",))
    assert not in_genres(("comedy film",), ("Horror",))


def test_measure_counts_every_goal() -> None:
    percentiles = {i: 0.9 for i in range(10)} | {9: 0.1}
    picks = [pick(i, f"F{i}") for i in range(9)] + [pick(9, "Weak", ("comedy film",), ("year: 1999",))]
    other = PanelUser("romcom", "romcom", frozenset({film_key("F0", 1980), film_key("F1", 1980)}))
    same = PanelUser("horror~0", "horror", frozenset(film_key(f"F{i}", 1980) for i in range(5)))
    me = PanelUser("horror", "horror", frozenset())
    row = measure(HORROR, "horror", picks, percentiles, [me, other, same])
    assert row.lowest_quartile == 1 and row.genre_fit == 0.9 and row.false_statements == 1
    assert abs(row.quality - (0.9 * 9 + 0.1) / 10) < 1e-9
    assert row.max_overlap == 5 and row.max_overlap_user == "horror~0" and row.max_overlap_other_taste == 2
    text = "; ".join(row.failures)
    assert "lowest quartile" in text and "false" in text and "another taste" in text and "replay" in text
    assert "genre fit" not in text  # 0.9 ≥ 0.8


def test_a_clean_row_has_no_failures() -> None:
    picks = [pick(i, f"F{i}") for i in range(10)]
    row = measure(
        HORROR, "horror", picks, {i: 0.8 for i in range(10)}, [PanelUser("horror", "horror", frozenset())]
    )
    assert row.ok, row.failures


def test_personas_are_real_exports_with_20_to_40_films() -> None:
    personas = load_personas(DEFAULT_PANEL_DIR)
    assert len(personas) >= 8
    for persona, member in personas:
        assert 20 <= len(member.rated) <= 40, persona.name
        assert all(r.year is not None and 1940 <= r.year <= 2014 for r in member.rated), persona.name
        assert read_ratings(member.data) == list(member.rated)


def test_scenarios_cover_every_persona_and_variants_keep_the_taste() -> None:
    members = [m for _, m in load_personas(DEFAULT_PANEL_DIR)]
    for size in (1, 3, 30):
        covered = set()
        for focus in scenario_groups(len(members), size):
            group = scenario_members(members, size, focus, seed=0)
            assert len(group) == size and len({m.name for m in group}) == size
            covered |= {m.name for m in group}
        assert {m.name for m in members} <= covered
    v = variant(members[0], 0, seed=0)
    assert v.taste == members[0].taste and v.name != members[0].name
    assert {(r.title, r.year) for r in v.rated} <= {(r.title, r.year) for r in members[0].rated}
    assert read_ratings(v.data) == list(v.rated)


def test_a_film_placed_inside_a_label_span_it_is_outside_is_a_false_statement() -> None:
    from src.evaluation.panel.taste_panel import label_range_claims

    text = "If you liked Sinister, try this one: a 2010s horror film, right in your “Horror · Drama · 1970s–1990s” taste."
    assert len(label_range_claims(text, 2012)) == 1
    assert (
        label_range_claims(text, 1985) == []
        and label_range_claims("Fits your “Horror · Drama” taste.", 2012) == []
    )
