"""The coalition-statement reader on the seed texts (the replica world's news pages carry
the same words) and on sentences that are no account of an incident."""

from __future__ import annotations

from importlib import resources

from crawler.parsers.coalition_statements import parse_statements


def seed(prefix: str) -> str:
    folder = resources.files("crawler.replicas").joinpath("data")
    name = next(p.name for p in folder.iterdir() if p.name.startswith(prefix))
    return folder.joinpath(name).read_text("utf-8")


def test_syria_direct_quotes_the_coalitions_statement_of_the_same_day():
    found = parse_statements(seed("000"), published="2018-11-21", publisher="Syria Direct")
    coalition = [s for s in found if s.speaker == "coalition"]
    assert len(coalition) == 1
    s = coalition[0]
    assert (s.claimant, s.event_date, s.place, s.strikes, s.denies_harm) == (
        "CJTF-OIR", "2018-11-17", "Hajin", 19, True)
    assert "free of civilian presence" in s.quote and "explicitly denied" in s.quote  # one account, two sentences
    assert s.publisher == "Syria Direct"
    envoy = [s for s in found if s.speaker == "US envoy to the coalition"]
    assert len(envoy) == 1 and envoy[0].strikes is None  # the 10 strikes were another force's
    # The spokesman's general lines ("highest priority", "vague claims") are no account.
    assert not any("highest priority" in s.quote or "vague claims" in s.quote for s in found)


def test_cbc_the_coalition_confirmed_strikes_but_no_civilian_casualties():
    found = parse_statements(seed("002"), published="2018-11-17", publisher="CBC News")
    assert len(found) == 1
    s = found[0]
    assert (s.event_date, s.place, s.denies_harm, s.position) == ("2018-11-17", "Hajin", True, "denies civilian harm")
    assert "civilian casualties are associated" in s.quote


def test_an_acknowledged_toll_is_read_and_nothing_is_guessed():
    text = ("On Nov. 3, 2017, coalition aircraft struck a building near Mosul, Iraq. "
            "The coalition said its strike killed 4 civilians.")
    (s,) = parse_statements(text, published="2017-12-01")
    assert (s.civilians_killed, s.denies_harm, s.event_date, s.place) == (4, False, "2017-11-03", "Mosul")
    assert parse_statements("The coalition says it takes every precaution.", published="2017-12-01") == []
    (undated,) = parse_statements("The coalition denied the reports.")
    assert undated.event_date is None and undated.place is None


def test_a_province_yields_to_the_town_named_beside_it():
    text = ("Coalition strikes hit homes in Deir ez-Zor province near Hajin on November 17, 2018. "
            "The coalition said the strikes were free of civilian presence.")
    (s,) = parse_statements(text, published="2018-11-18")
    assert s.place == "Hajin"
