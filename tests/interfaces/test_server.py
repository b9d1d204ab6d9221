"""The API over a real socket: uvicorn on loopback, called with httpx like any client would."""

from __future__ import annotations

import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import httpx

from .conftest import TOKEN


def test_a_real_server_answers_reads_writes_and_errors(live_server: str) -> None:
    with httpx.Client(base_url=live_server, timeout=10) as http:
        assert http.get("/api/v1/health").json()["status"] == "ok"
        page = http.get("/api/v1/events", params={"dyad": "AFG-KAZ", "limit": 5}).json()
        assert len(page["events"]) == 5
        html = http.get("/dyad/AFG/KAZ", headers={"accept": "text/html"})
        assert html.headers["content-type"].startswith("text/html") and "Afghanistan" in html.text
        assert http.get("/dyad/AFG/KAZ.json").json()["a"] == "AFG"
        refused = http.post("/api/v1/watchlists", json={"name": "x", "actors": ["KAZ"]})
        assert refused.status_code == 401 and refused.json()["error"]["type"] == "AuthError"
        created = http.post("/api/v1/watchlists", json={"name": "kaz", "actors": ["KAZ"]},
                            headers={"Authorization": f"Bearer {TOKEN}"})  # fmt: skip
        assert created.status_code == 201
        gone = http.delete("/api/v1/watchlists/kaz", headers={"Authorization": f"Bearer {TOKEN}"})
        assert gone.status_code == 204
        too_big = http.post("/api/v1/analyze", content=b"{" + b" " * 3_000_000 + b"}",
                            headers={"content-type": "application/json"})  # fmt: skip
        assert too_big.status_code == 413


def test_concurrent_clients_get_consistent_answers(live_server: str) -> None:
    def fetch(n: int) -> int:
        with httpx.Client(base_url=live_server, timeout=20) as http:
            response = http.get("/api/v1/timeline/dyad/AFG/KAZ", params={"by": "year"})
            return sum(r["events"] for r in response.json()["timeline"])

    with ThreadPoolExecutor(8) as pool:
        totals = set(pool.map(fetch, range(32)))
    assert len(totals) == 1 and totals.pop() > 10


def test_serve_command_is_registered() -> None:
    out = subprocess.run([sys.executable, "-m", "berkut.interfaces.cli", "serve", "--help"],
                         capture_output=True, text=True, check=True).stdout  # fmt: skip
    assert "--host" in out and "--port" in out
