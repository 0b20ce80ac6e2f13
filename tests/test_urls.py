import pytest

from archive.urls import canonical_url, origin_of


@pytest.mark.parametrize(
    "a, b",
    [
        # tracking parameters and fragments
        ("https://www.syriahr.com/en/106359/?fbclid=IwAR0abc", "https://www.syriahr.com/en/106359/"),
        (
            "https://www.syriahr.com/en/65012/?utm_source=tw&utm_medium=social#comments",
            "https://www.syriahr.com/en/65012",
        ),
        (
            "https://www.syriahr.com/en/1/?__cf_chl_jschl_tk__=pmd_x.y-1",
            "https://www.syriahr.com/en/1",
        ),
        # percent-encoding: raw Arabic, lower-case and upper-case hex are one page
        (
            "https://www.syriahr.com/%d8%a7%d9%84%d8%b1%d9%82%d8%a9/288533/",
            "https://www.syriahr.com/%D8%A7%D9%84%D8%B1%D9%82%D8%A9/288533/",
        ),
        (
            "https://www.syriahr.com/الرقة/288533/",
            "https://www.syriahr.com/%D8%A7%D9%84%D8%B1%D9%82%D8%A9/288533",
        ),
        # trailing slash, host case, default port
        (
            "HTTPS://WWW.CENTCOM.MIL:443/MEDIA/PRESS-RELEASES/Press-Release-View/Article/904374/",
            "https://www.centcom.mil/MEDIA/PRESS-RELEASES/Press-Release-View/Article/904374",
        ),
        # query order
        ("https://airwars.org/x/?b=2&a=1", "https://airwars.org/x?a=1&b=2"),
    ],
)
def test_spellings_of_one_page_are_one_url(a, b):
    assert canonical_url(a) == canonical_url(b)


def test_meaningful_differences_are_kept():
    assert canonical_url("https://airwars.org/civilian-casualties/page/2/") != canonical_url(
        "https://airwars.org/civilian-casualties/page/3/"
    )
    assert canonical_url("https://airwars.org/x?country=iraq") != canonical_url(
        "https://airwars.org/x?country=syria"
    )
    # path case matters on most servers
    assert canonical_url("https://a.org/News") != canonical_url("https://a.org/news")


def test_cache_buster_dropped_only_when_the_source_says_so():
    a = "https://www.inherentresolve.mil/Portals/14/x%20y.pdf?ver=2017-01-13-131120-810"
    b = "https://www.inherentresolve.mil/Portals/14/x y.pdf?ver=2019-01-01-000000-000"
    assert canonical_url(a) != canonical_url(b)
    assert canonical_url(a, {"ver"}) == canonical_url(b, {"ver"})
    assert canonical_url(a, {"ver"}) == "https://www.inherentresolve.mil/Portals/14/x%20y.pdf"


def test_root_keeps_its_slash_and_origin():
    assert canonical_url("https://snhr.org") == "https://snhr.org/"
    assert origin_of("HTTPS://SNHR.org/blog/") == "https://snhr.org"
