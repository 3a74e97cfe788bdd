"""The client's address, the one every rate limit counts by (allauth's login limits, our throttles).

Behind the reverse proxy that docs/deploy.md describes, REMOTE_ADDR is the proxy's own address (127.0.0.1)
for every visitor, so counting by it would let one attacker lock everyone out. Each proxy we run appends the
address it received the request from to X-Forwarded-For; XARXA_TRUSTED_PROXIES says how many of them there
are. The client is the entry that many places from the right: what a visitor writes into the header
themselves sits further left and is never believed. With 0 (the default: no proxy) the header is ignored.
"""

import ipaddress

from django.conf import settings


def _address(value):
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "") or ""
    proxies = getattr(settings, "XARXA_TRUSTED_PROXIES", 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies > 0 and forwarded:
        hops = [hop for hop in forwarded.split(",") if hop.strip()]
        # Fewer hops than proxies: the request did not come through all of them; believe only the peer.
        if len(hops) >= proxies:
            found = _address(hops[-proxies])
            if found:
                return found
    return _address(remote) or "0.0.0.0"  # no address at all (a test client, a socket): one bucket for all
