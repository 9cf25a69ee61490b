"""A small RDAP server for the offline world: domain lookups answered with JSON shaped like
the registries' (RFC 9083 domain objects, RFC 7480 error bodies, `application/rdap+json`).

An :class:`RdapRegistry` is the handler of a world host (say ``rdap.test``) for every path
ending in ``/domain/NAME``, under any base path as registries use. Names it does not know
answer 404, as a registry does for a name nobody registered. Answers may be added while the
world runs (``register``, ``answer``).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from checker.demo.routes import Handler, Request, Response, page
from checker.demo.world import HostSpec

RDAP_TYPE = "application/rdap+json"
_CONFORMANCE = ["rdap_level_0", "icann_rdap_response_profile_1"]


def domain_object(
    domain: str,
    expires: datetime,
    statuses: Sequence[str] = ("client transfer prohibited",),
    *,
    host: str = "rdap.test",
) -> dict[str, Any]:
    """An RDAP domain object as a registry sends it (dates in the offset `expires` has)."""
    registered = expires - timedelta(days=365 * 3)
    return {
        "rdapConformance": _CONFORMANCE,
        "objectClassName": "domain",
        "handle": f"{domain.upper().replace('.', '_')}-DEMO",
        "ldhName": domain.upper(),
        "links": [
            {
                "value": f"https://{host}/domain/{domain}",
                "rel": "self",
                "href": f"https://{host}/domain/{domain}",
                "type": RDAP_TYPE,
            }
        ],
        "status": list(statuses),
        "events": [
            {"eventAction": "registration", "eventDate": registered.isoformat()},
            {"eventAction": "expiration", "eventDate": expires.isoformat()},
            {
                "eventAction": "last update of RDAP database",
                "eventDate": datetime.now(UTC).replace(microsecond=0).isoformat(),
            },
        ],
        "secureDNS": {"delegationSigned": False},
        "notices": [
            {
                "title": "Terms of Use",
                "description": ["Demo registry of the campaign-checker offline world."],
            }
        ],
    }


def rdap_json(data: object, status: int = 200) -> Handler:
    """Answer `data` as RDAP JSON with `status`."""
    return page(json.dumps(data, indent=1), status, content_type=RDAP_TYPE)


def _not_found(domain: str) -> Response:
    error = {
        "rdapConformance": ["rdap_level_0"],
        "errorCode": 404,
        "title": "Not Found",
        "description": [f"The domain {domain} was not found in this registry."],
    }
    body = json.dumps(error).encode()
    return Response(404, (("Content-Type", RDAP_TYPE),), body)


class RdapRegistry:
    """Handler answering `/domain/NAME` from a table of answers (404 for unknown names)."""

    def __init__(self, host: str) -> None:
        self.host = host
        self._answers: dict[str, Handler] = {}
        self._lock = threading.Lock()  # tests add answers while the server thread reads

    def register(
        self,
        domain: str,
        expires: datetime,
        statuses: Sequence[str] = ("client transfer prohibited",),
    ) -> None:
        """Answer `domain` with a registration ending at `expires`."""
        self.answer(domain, rdap_json(domain_object(domain, expires, statuses, host=self.host)))

    def answer(self, domain: str, handler: Handler) -> None:
        """Answer lookups of `domain` with `handler` (any route helper: slow, 429, junk...)."""
        with self._lock:
            self._answers[domain.lower()] = handler

    def __call__(self, request: Request) -> Response:
        _, found, domain = request.path.partition("/domain/")
        with self._lock:
            handler = self._answers.get(domain.lower()) if found else None
        if handler is None:
            return _not_found(domain)
        return handler(request)


def rdap_host(name: str, registry: RdapRegistry, doc: str) -> HostSpec:
    """The world host serving `registry` over HTTPS (valid certificate from the world's CA)."""
    return HostSpec(name, doc, catch_all=registry)
