"""Addresses a crawl must never connect to: private, loopback, link-local and other
special-purpose networks (a page or a DNS answer must not turn the crawler against the
machine it runs on or its network). Pure: an address in, a reason or None out."""

from __future__ import annotations

import ipaddress


def forbidden_reason(address: str) -> str | None:
    """Why connecting to this IP address is refused, or None when it is public."""
    try:
        ip = ipaddress.ip_address(address.strip("[]"))
    except ValueError:
        return None
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    for test, reason in (
        (ip.is_unspecified, "an unspecified address"),
        (ip.is_loopback, "a loopback address"),
        (ip.is_link_local, "a link-local address"),
        (ip.is_multicast, "a multicast address"),
        (ip.is_private, "a private address"),
        (ip.is_reserved, "a reserved address"),
    ):
        if test:
            return reason
    return None


def is_ip_literal(host: str) -> bool:
    """True when `host` is an IP address written out, not a name to resolve."""
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True
