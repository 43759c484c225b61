"""plp_site.pagehtml's address policy, the one the sanitizer and `plp check` share, and image targets rewritten."""

from __future__ import annotations

import pytest

from plp_site.pagehtml import kept_value, sanitize, site_address
from plp_site.scan import is_external, replace_image_targets

HOSTS = ["evil.example", "EVIL.EXAMPLE"]
OFF_SITE = [
    f"{prefix}{host}/x.png"
    for host in HOSTS
    for prefix in ("https://", "http://", "//", "\\\\", "/\\", "\\/", " https://", "ht\ttps://", "h\nttps://", "\x01https://")
] + ["data:image/png;base64,AAAA", "javascript:alert(1)", "/etc/passwd", "", "   "]
ON_SITE = ["images/arm.png", "../assets/images/abc/1.jpg", "my photo.jpg", "a:b/../x.png".replace("a:", "a%3A"), "#top"]


@pytest.mark.parametrize("address", OFF_SITE)
@pytest.mark.parametrize(("tag", "attribute"), [("img", "src"), ("video", "poster"), ("object", "data"), ("q", "cite")])
def test_addresses_off_the_site_are_never_kept_for_fetching(address: str, tag: str, attribute: str) -> None:
    assert not site_address(address)
    assert kept_value(tag, attribute, address) is None
    assert "evil" not in sanitize(f'<{tag} {attribute}="{address}" alt="a cat">x</{tag}>').lower()


@pytest.mark.parametrize("address", ON_SITE)
def test_addresses_inside_the_site_are_kept(address: str) -> None:
    assert site_address(address)
    assert kept_value("img", "src", address) == address


def test_links_to_other_sites_stay_but_script_links_go() -> None:
    assert kept_value("a", "href", "https://example.org/") == "https://example.org/"
    assert kept_value("a", "href", "java\tscript:alert(1)") is None
    assert kept_value("link", "href", "https://example.org/x.css") is None


def test_an_image_that_loses_its_address_becomes_its_alt_text() -> None:
    cleaned = sanitize('<p>See <img src="https://evil.example/x.png" alt="a cat"> and <img src="//e/x.png"></p>')
    assert cleaned == '<p dir="auto">See a cat and </p>'


@pytest.mark.parametrize("target", ["\\\\evil.example\\x.png", "ht\ttps://e/x", " //e/x", "HTTPS://E/X", "mailto:a@b"])
def test_web_addresses_in_any_spelling_are_external(target: str) -> None:
    assert is_external(target)


def test_image_targets_are_replaced_where_they_are_addresses_only() -> None:
    body = (
        '<img\n  alt="a"\n  src="images/arm.png">\n'
        "![b](images/arm.png) and text (images/arm.png)\n"
        "[r]:\n    images/arm.png\n"
        "`![c](images/arm.png)`\n"
    )
    replaced = replace_image_targets(body, {"images/arm.png": "NEW"})
    assert replaced.split("\n") == [
        "<img",
        '  alt="a"',
        '  src="NEW">',
        "![b](NEW) and text (images/arm.png)",
        "[r]:",
        "    NEW",
        "`![c](images/arm.png)`",
        "",
    ]
