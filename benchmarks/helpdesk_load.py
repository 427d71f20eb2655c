"""Load test of the helpdesk's machine interfaces over real HTTP on loopback.

Loads the demo (``--size small`` by default) into a var dir, issues API keys
for the demo `firm` and `dept` logins, starts the app as `make run` serves it
(Django's threaded server, DEBUG off) and runs locust headless
(benchmarks/locustfile_helpdesk.py) with four kinds of client:
an open-data client paging the public request list, an enterprise filing
problems over Open311 (each classified and routed), a department reading its
inbox over the JSON API, and a floor: discovery.json, which reads no table, so
its latency is what the stack itself costs per request on this machine.

Prints, per endpoint: requests, failures, requests/s, median and p95 latency,
and each median over the floor's median from the same run. Usage:

    .venv/bin/pip install -e '.[bench]'       # locust: a benchmark tool, not a runtime dependency
    .venv/bin/python benchmarks/helpdesk_load.py [--size small|county] [--users 20] [--seconds 30]
"""
import argparse
import csv
import json
import os
import socket
import subprocess
import sys
import tempfile
import urllib.parse
import urllib.request
from pathlib import Path

from _bench_common import wait_until_up
from supplier_tree import setup_django  # also puts src/ on sys.path

HERE = Path(__file__).resolve().parent
FLOOR = "floor: discovery.json"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def issue_keys() -> dict:
    from lianfu.accounts.models import ApiToken, User

    return {name: ApiToken.issue(user=User.objects.get(username=name), name="load test")[1]
            for name in ("firm", "dept")}


def sample_texts(n: int = 200) -> list[str]:
    from lianfu.helpdesk.classifier.corpus import corpus

    return [example.text for example in corpus()[:n]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", default="small", choices=["small", "county"])
    parser.add_argument("--var-dir", type=Path)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=30)
    args = parser.parse_args()
    var_dir = args.var_dir or Path(tempfile.mkdtemp(prefix="lianfu-load-"))
    setup_django(var_dir, args.size)
    keys, texts = issue_keys(), sample_texts()
    port = free_port()
    env = {**os.environ, "LIANFU_VAR_DIR": str(var_dir), "LIANFU_DEBUG": "0", "LIANFU_SECRET_KEY": "load-test-only",
           "LIANFU_PII_HASH_KEY": "load-test-only-pii",
           "LIANFU_PII_KEYS": "Fjdr0vv2nBNTRFfnnvZkXuYwbQiL6M7fm3ANwIv9Qxo=",
           "BENCH_FIRM_KEY": keys["firm"], "BENCH_DEPT_KEY": keys["dept"], "BENCH_TEXTS": json.dumps(texts)}
    server = subprocess.Popen([sys.executable, "-m", "lianfu.cli", "runserver", f"127.0.0.1:{port}", "--noreload"],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        host = f"http://127.0.0.1:{port}"
        wait_until_up(f"{host}/open311/v2/discovery.json")
        # The server's first ticket loads jieba and the stored model (the demo's loading trained it); a
        # deployment pays that once at start, so it is not part of the measured run.
        warm_up = urllib.parse.urlencode({"api_key": keys["firm"], "service_code": "supply", "description": texts[0]})
        urllib.request.urlopen(f"{host}/open311/v2/requests.json", data=warm_up.encode(), timeout=120).read()
        prefix = var_dir / "locust"
        subprocess.run([sys.executable, "-m", "locust", "-f", str(HERE / "locustfile_helpdesk.py"), "--headless",
                        "-u", str(args.users), "-r", str(args.users), "-t", f"{args.seconds}s", "--host", host,
                        "--csv", str(prefix), "--only-summary", "--loglevel", "ERROR"],
                       env=env, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    finally:
        server.terminate()
        server.wait(timeout=20)
    report(prefix.with_name("locust_stats.csv"), args)


def report(stats_csv: Path, args) -> None:
    rows = {row["Name"]: row for row in csv.DictReader(stats_csv.open()) if row["Name"] != "Aggregated"}
    floor = float(rows[FLOOR]["Median Response Time"])
    print(f"{args.users} users for {args.seconds} s on 127.0.0.1, demo --size {args.size}, "
          f"{os.cpu_count()} CPU cores; Django threaded server, DEBUG off")
    print(f"{'endpoint':40} {'requests':>9} {'failed':>7} {'req/s':>7} {'median ms':>10} {'p95 ms':>8} {'× floor':>8}")
    for name, row in sorted(rows.items()):
        median = float(row["Median Response Time"])
        print(f"{name:40} {int(row['Request Count']):>9,} {int(row['Failure Count']):>7} "
              f"{float(row['Requests/s']):>7.1f} {median:>10.0f} {float(row['95%']):>8.0f} {median / floor:>8.1f}")


if __name__ == "__main__":
    main()
