"""Narrative text is sanitised on save: nothing that runs or fetches reaches the page or PDF."""

import pytest

from council.richtext import clean_html


@pytest.mark.parametrize(
    ("dirty", "forbidden"),
    [
        ("<p>Hi<script>alert(1)</script></p>", "script"),
        ("<p>Hi<script>alert(1)</script></p>", "alert(1)"),
        ('<img src="x" onerror="alert(1)">', "onerror"),
        ('<p onclick="steal()">Click</p>', "onclick"),
        ('<a href="javascript:alert(1)">link</a>', "javascript:"),
        ('<a href="JaVaScRiPt:alert(1)">link</a>', "alert"),
        ('<a href="file:///etc/passwd">local</a>', "file:"),
        ('<a href="data:text/html;base64,PHNjcmlwdD4=">data</a>', "data:"),
        ('<img src="https://tracker.example/pixel.gif">', "tracker.example"),
        ('<p style="background:url(https://evil.example/x)">styled</p>', "evil.example"),
        ('<p style="color:red">styled</p>', "style="),
        ("<style>body{display:none}</style><p>ok</p>", "display:none"),
        ('<iframe src="https://evil.example"></iframe>', "iframe"),
        ('<link rel="attachment" href="file:///etc/hostname">', "attachment"),
        ("<svg><script>alert(1)</script></svg>", "svg"),
        ("<p>ok</p><!-- hidden comment -->", "hidden comment"),
        ('<form action="https://evil.example"><input name="x"></form>', "form"),
    ],
)
def test_dangerous_markup_is_removed(dirty, forbidden):
    assert forbidden.lower() not in clean_html(dirty).lower()


def test_headings_lists_emphasis_links_and_tables_are_kept():
    html = (
        "<h3>Who we are</h3><p><strong>Bold</strong> and <em>italic</em></p>"
        "<ul><li>one</li></ul><ol><li>two</li></ol>"
        '<p><a href="https://www.oakhurst.example/plans">plans</a></p>'
        "<table><thead><tr><th>Function</th></tr></thead><tbody><tr><td>Collection</td></tr></tbody></table>"
    )
    cleaned = clean_html(html)
    for kept in ["<h3>", "<strong>", "<em>", "<ul>", "<ol>", "<table>", "<th>", "<td>"]:
        assert kept in cleaned
    assert 'href="https://www.oakhurst.example/plans"' in cleaned
    assert 'rel="noopener noreferrer"' in cleaned


def test_plain_text_becomes_paragraphs_and_is_escaped():
    cleaned = clean_html("First line\nsecond line\n\nFish & chips")
    assert cleaned == "<p>First line<br>second line</p>\n\n<p>Fish &amp; chips</p>"


def test_top_level_headings_are_demoted_to_text():
    cleaned = clean_html("<h1>Huge</h1><h2>Big</h2>")
    assert "<h1>" not in cleaned and "<h2>" not in cleaned
    assert "Huge" in cleaned and "Big" in cleaned
