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


# The real-world URL spellings of Airwars and SOHR pages (docs/sources.md).
@pytest.mark.parametrize(
    "messy, clean",
    [
        # Google's redirect wrapper around a shared SOHR link
        (
            "https://www.google.com/url?q=https://www.syriahr.com/en/106359/&sa=D&source=editors&ust=1",
            "https://www.syriahr.com/en/106359",
        ),
        (
            "https://www.google.co.uk/url?sa=t&rct=j&url=https%3A%2F%2Fairwars.org%2Fcivilian-casualties"
            "%2Fcs1508-september-18-2017%2F&usg=AOv",
            "https://airwars.org/civilian-casualties/cs1508-september-18-2017",
        ),
        (
            "https://l.facebook.com/l.php?u=https%3A%2F%2Fsnhr.org%2Fblog%2F2022%2F02%2F14%2F57337%2F%3Ffbclid%3DIwAR1",
            "https://snhr.org/blog/2022/02/14/57337",
        ),
        # fbclid and a Cloudflare challenge token together
        (
            "https://www.syriahr.com/en/65012/?fbclid=IwAR2xyz&__cf_chl_jschl_tk__=abc-1600000000-0-AQ",
            "https://www.syriahr.com/en/65012",
        ),
        ("https://www.syriahr.com/en/65012/?__cf_chl_captcha_tk__=pmd_Q", "https://www.syriahr.com/en/65012"),
        # a link pasted into itself
        ("https://www.syriahr.com/en/236947/ps://www.syriahr.com/en/236947/", "https://www.syriahr.com/en/236947"),
        ("https://www.syriahr.com/en/236947/https://www.syriahr.com/en/236947/", "https://www.syriahr.com/en/236947"),
        # `&order` decoded as the `&or;` entity, then percent-encoded again; PHP keeps the last value
        (
            "https://airwars.org/civilian-casualties/page/371/?belligerent=coalition&country=iraq%2Csyria"
            "&airwars_grading=discounted%E2%88%A8derby%3Dconfirmed_fatalities%E2%88%A8der%3Ddesc"
            "%E2%88%A8derby%3Dconfirmed_fatalities%E2%88%A8der%3Ddesc&orderby=alleged_fatalities&order=desc",
            "https://airwars.org/civilian-casualties/page/371?airwars_grading=discounted&belligerent=coalition"
            "&country=iraq%2Csyria&order=desc&orderby=alleged_fatalities",
        ),
        (
            "https://airwars.org/civilian-casualties/page/104/?belligerent=coalition&country=iraq%2Clibya"
            "∨derby=incident_date∨der=desc&orderby=confirmed_fatalities&order=desc",
            "https://airwars.org/civilian-casualties/page/104?belligerent=coalition&country=iraq%2Clibya"
            "&order=desc&orderby=confirmed_fatalities",
        ),
        # Arabic slug: raw, lower-case hex, upper-case hex, plus tracking
        (
            "https://www.syriahr.com/%d9%85%d9%82%d8%aa%d9%84/288533/?fbclid=IwAR0",
            "https://www.syriahr.com/%D9%85%D9%82%D8%AA%D9%84/288533",
        ),
        ("https://www.syriahr.com/مقتل/288533", "https://www.syriahr.com/%D9%85%D9%82%D8%AA%D9%84/288533"),
        # Airwars /source/ slugs that percent-encode Arabic
        ("https://airwars.org/source/%d8%b4%d8%a8%d9%83%d8%a9/", "https://airwars.org/source/%D8%B4%D8%A8%D9%83%D8%A9"),
    ],
)
def test_real_world_forms_fold_to_one_url(messy, clean):
    assert canonical_url(messy) == clean


def test_a_wrapper_around_nothing_is_left_alone():
    assert canonical_url("https://www.google.com/url?q=not-a-link") == "https://www.google.com/url?q=not-a-link"
    # a path that merely mentions a host is no doubled URL
    assert canonical_url("https://airwars.org/news/syriahr.com-report/") == "https://airwars.org/news/syriahr.com-report"


def test_ipv6_literals_keep_their_brackets():
    # Before: "http://[::1]:8080/a/" became "http://::1:8080/a", which is no URL at all.
    assert canonical_url("http://[::1]:8080/a/") == "http://[::1]:8080/a"
    assert canonical_url("https://[2001:DB8::1]:443/x") == "https://[2001:db8::1]/x"
    assert origin_of("http://[::1]:8080/a") == "http://[::1]:8080"


def test_origins_are_compared_as_reached():
    assert origin_of("https://Snhr.org:443/x") == origin_of("https://snhr.org/") == "https://snhr.org"
    assert origin_of("http://user:pw@snhr.org:80/") == "http://snhr.org"
    assert origin_of("https://snhr.org:8443/") == "https://snhr.org:8443"
