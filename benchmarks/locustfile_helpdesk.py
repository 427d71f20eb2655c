"""Locust users for benchmarks/helpdesk_load.py (loopback only). Keys come
from the environment the benchmark sets; each user class is one kind of
client the helpdesk serves."""
import json
import os
import random

from locust import HttpUser, between, task

FIRM_KEY = os.environ["BENCH_FIRM_KEY"]
DEPT_KEY = os.environ["BENCH_DEPT_KEY"]
TEXTS = json.loads(os.environ["BENCH_TEXTS"])


class Floor(HttpUser):
    """The stack's floor: a GeoReport answer that reads no table."""
    weight = 1
    wait_time = between(0.05, 0.15)

    @task
    def discovery(self):
        self.client.get("/open311/v2/discovery.json", name="floor: discovery.json")


class PublicClient(HttpUser):
    """An open-data client paging the public (non-identifying) request list."""
    weight = 2
    wait_time = between(0.05, 0.15)

    @task
    def requests_page(self):
        self.client.get(f"/open311/v2/requests.json?page={random.randint(1, 3)}&page_size=50",
                        name="GET requests.json (public, 50)")


class FirmClient(HttpUser):
    """An enterprise's system filing problems through Open311 (classified and routed at once)."""
    weight = 2
    wait_time = between(0.05, 0.15)

    @task
    def post_request(self):
        self.client.post("/open311/v2/requests.json", name="POST requests.json",
                         data={"api_key": FIRM_KEY, "service_code": "supply", "description": random.choice(TEXTS)})


class DepartmentClient(HttpUser):
    """A department's desk system reading its inbox through the JSON API."""
    weight = 2
    wait_time = between(0.05, 0.15)

    @task
    def inbox(self):
        self.client.get("/api/helpdesk/tickets?limit=50", name="GET /api/helpdesk/tickets (dept, 50)",
                        headers={"Authorization": f"Bearer {DEPT_KEY}"})
