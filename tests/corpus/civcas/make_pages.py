"""Write the corpus pages from the replica renderers (run once; the pages are committed).

The expected rows in expected.toml are written by hand from facts.json and the page
text, never from the parser's output.
"""
import textwrap
from pathlib import Path

from crawler.replicas import centcom, civcas, dod, ngo
from crawler.replicas.common import doc, esc

HERE = Path(__file__).parent


def report(rid):
    return next(r for r in civcas.reports() if r["id"] == rid)


def main():
    for r in civcas.reports():
        (HERE / f"ir-{r['id']}.html").write_text(dod.report_page(r), encoding="utf-8")
    (HERE / "ir-R2016-10-revised.html").write_text(dod.report_page(report("R2016-10"), revised=True), encoding="utf-8")
    # the pre-monthly era (April 2016): CENTCOM's release and the task force's repost
    (HERE / "centcom-premonthly.html").write_text(centcom.centcom(1)[centcom.RELEASE_PATH].body.decode(),
                                                  encoding="utf-8")
    (HERE / "ir-premonthly.html").write_text(dod.premonthly_page(), encoding="utf-8")
    (HERE / "reliefweb-R2018-11.html").write_bytes(ngo.reliefweb(1)[ngo.RW_CIVCAS].body)
    # hathalyoum: every paragraph break removed, so sentences run together
    text = "".join(civcas.plain(civcas.blocks(report("R2018-11")))).replace("\n", "")
    (HERE / "hathalyoum-R2018-11.html").write_text(doc(
        civcas.title(report("R2018-11")), "",
        f'<div class="news-details"><h1>{esc(civcas.title(report("R2018-11")))}</h1>'
        f'<div class="text">{esc(text)}</div><div class="tags">Iraq Syria</div></div>'), encoding="utf-8")
    # ft.dk: PDF-to-HTML with hard line breaks and share debris
    paras = civcas.plain(civcas.blocks(report("R2017-03")))
    lines = []
    for p in paras:
        for part in p.split("\n"):
            lines += textwrap.wrap(part, 72) + [""]
    body = "<br>\n".join(esc(x) for x in lines)
    (HERE / "ftdk-R2017-03.html").write_text(doc(
        "Svar på spørgsmål 100", "",
        '<div class="ft-doc"><p>0Share PRINT | E-MAIL</p><p>PRESS RELEASE | April 30, 2017</p>'
        f'<div class="pdf-text">{body}</div></div>'), encoding="utf-8")


if __name__ == "__main__":
    main()
