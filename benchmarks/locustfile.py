"""The load `make bench` puts on gunicorn: signed-in officers reading plans and the dashboard,
and now and then saving a section of their own plan. Traffic goes to 127.0.0.1 only."""

import itertools
import json
import os
import random
import re

from locust import HttpUser, between, events, task

with open(os.environ["BENCH_USERS_FILE"]) as _file:
    WORLD = json.load(_file)
ACCOUNTS = itertools.cycle(WORLD["users"])
VERSION = re.compile(r'name="version" value="(\d+)"')
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


# Every request as (name, start time, milliseconds, failed), written out when locust stops:
# run.py computes exact figures from these.
SAMPLES = []


@events.request.add_listener
def record(request_type, name, response_time, exception, start_time=None, **kwargs):
    SAMPLES.append((name, start_time, response_time, exception is not None))


@events.quitting.add_listener
def write_samples(environment, **kwargs):
    with open(os.environ["BENCH_SAMPLES_FILE"], "w") as file:
        json.dump(SAMPLES, file)


class Officer(HttpUser):
    wait_time = between(1, 3)  # people read a page before they open the next

    def on_start(self):
        # Signed in already: run.py made a session for each officer before the clock started.
        self.account = next(ACCOUNTS)
        self.client.cookies.set("sessionid", self.account["session"], domain="127.0.0.1")

    def page(self, url, name):
        """GET a page; anything but 200 (a redirect to sign in, say) counts as a failure."""
        with self.client.get(
            url, name=name, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"{name} answered {response.status_code} {response.error or ''}")
            return response

    @task(6)
    def plan_page(self):
        plan = random.choice([self.account["plan"], random.choice(WORLD["plans"])])
        self.page(f"/plans/{plan}/", "plan page")

    @task(3)
    def dashboard(self):
        self.page("/kpis/", "dashboard")

    @task(1)
    def edit_section(self):
        url = f"/plans/{self.account['plan']}/sections/{self.account['section']}/edit/"
        page = self.page(url, "edit page")
        version, token = VERSION.search(page.text), TOKEN.search(page.text)
        if not (version and token):
            return
        body = f"<p>Updated during the load test ({random.randint(1, 10**6)}).</p>"
        with self.client.post(
            url,
            {"version": version.group(1), "body": body, "csrfmiddlewaretoken": token.group(1)},
            name="save section", allow_redirects=False, catch_response=True,
        ) as response:  # fmt: skip
            # 409 is the conflict page: another save landed first, which is correct behaviour.
            if response.status_code in (302, 409):
                response.success()
            else:
                response.failure(f"save answered {response.status_code}")
