"""Distributed crawl benchmark: 1, 2 and 3 crawl nodes plus one store on a real redis-server.

A slow loopback web (default 18 hosts x 20 articles, every answer after 200 ms,
``benchmarks.slowsite``) is crawled by N nodes, each limited to
CONCURRENT_REQUESTS=2 and one extraction worker to stand in for one machine.
Wall time runs from starting the processes to the last node's exit (start-up and
the NEWS_REDIS_IDLE_EXIT wait included); crawl time from the first to the last
page the sites served. The sites count every request, so "requests per page" and
"most in flight per host" (politeness over all nodes) are measured server-side.

CPU seconds are measured per process tree: each node with its extraction worker
(``wait4``), the store, the sites (this process) and redis-server (``INFO cpu``).
"cores busy" is all of it over the wall time. Each node stands in for a machine
of its own only while the machine running the benchmark has a free core for it,
so the run first measures a node's start-up CPU (a crawl of one page) and, from
the 1-node run, its CPU per page, and prints how many cores N nodes at full
network speed need next to how many this machine has: above that, the run
measures the CPU, not the distribution. Then Redis memory per 100,000 seen URLs,
per 100,000 queued requests and per 100,000 known article URLs (fetch state).

    python -m benchmarks.distributed [--hosts 18] [--articles 20] [--delay 0.2] [--nodes 1,2,3]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import redis

from benchmarks.slowsite import slow_sites

ROOT = Path(__file__).resolve().parents[1]
NODE_SETTINGS = {
    "CONCURRENT_REQUESTS": "2",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "2",
    "EXTRACTION_WORKERS": "1",
    "DOWNLOAD_DELAY": "0",
    "AUTOTHROTTLE_ENABLED": "False",
    "INCREMENTAL_MAX_AGE_DAYS": "0",
    "NEWS_REDIS_IDLE_EXIT": "1",
    "LOG_LEVEL": "INFO",
}


@dataclass
class Run:
    nodes: int
    wall: float
    crawl: float
    pages_per_node: list[int]
    requests_per_page: float
    pages: int
    stored: int
    max_in_flight: int
    commands_per_page: float
    node_cpu: list[float]
    store_cpu: float
    sites_cpu: float
    redis_cpu: float
    load: float
    """The machine's 1-minute load average when the run started (other work competing for the cores)."""

    @property
    def cores_busy(self) -> float:
        return (sum(self.node_cpu) + self.store_cpu + self.sites_cpu + self.redis_cpu) / self.wall


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_redis(directory: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    process = subprocess.Popen(
        [shutil.which("redis-server") or "redis-server", "--port", str(port), "--bind", "127.0.0.1",
         "--dir", str(directory), "--save", "", "--appendonly", "yes"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url)
    for _ in range(200):
        try:
            client.ping()
            return process, url
        except redis.ConnectionError:
            time.sleep(0.05)
    raise SystemExit("redis-server did not start")


def crawl(nodes: int, url: str, work: Path, hosts: int, articles: int, delay: float) -> Run:
    client = redis.Redis.from_url(url)
    client.flushall()
    commands_before = client.info("stats")["total_commands_processed"]
    redis_before = _redis_cpu(client)
    load = os.getloadavg()[0]
    with slow_sites(hosts, articles, delay) as sites:
        start_urls = ",".join(site.url for site in sites)
        sites_before = time.process_time()
        started = time.monotonic()
        node_logs = [work / f"n{nodes}-{n}.log" for n in range(nodes)]
        node_processes = [_node(url, start_urls, work / f"n{nodes}-{n}", log) for n, log in enumerate(node_logs)]
        while not client.zcard("newscrawler:nodes"):  # the store waits for the crawl once it has begun
            time.sleep(0.05)
        store = _store(url, work / f"store{nodes}", "2")
        node_cpu = [_wait(process) for process in node_processes]
        wall = time.monotonic() - started
        store_out = store.stdout.read()
        store_cpu = _wait(store)
        sites_cpu = time.process_time() - sites_before
        logs = [log.read_text() for log in node_logs]
        if any(process.returncode for process in node_processes) or store.returncode:
            raise SystemExit(f"a node or the store failed:\n{logs[0][-3000:]}")
        served = [when for site in sites for path, when in site.served if path != "/robots.txt"]
        fetched = sum(sum(site.pages_fetched().values()) for site in sites)
        distinct = sum(len(site.pages_fetched()) for site in sites)
        max_in_flight = max(site.max_in_flight for site in sites)
    commands = client.info("stats")["total_commands_processed"] - commands_before
    stored = int(re.search(r"ingest: (\d+) articles stored", store_out).group(1))
    return Run(nodes, wall, max(served) - min(served), [_pages(log) for log in logs], fetched / distinct,
               distinct, stored, max_in_flight, commands / distinct, node_cpu, store_cpu,
               sites_cpu, _redis_cpu(client) - redis_before, load)


def startup_cpu(url: str, work: Path) -> tuple[float, float]:
    """CPU seconds of a node (with its extraction worker) that starts, fetches a home page and one
    article and exits, and of a store that starts, stores that article and exits."""
    redis.Redis.from_url(url).flushall()
    log = work / "startup.log"
    with slow_sites(1, 1, 0) as sites:
        node = _node(url, sites[0].url, work / "startup", log)
        node_cpu = _wait(node)
    store = _store(url, work / "startup-store", "0.5")
    store.stdout.read()
    store_cpu = _wait(store)
    if node.returncode or store.returncode:
        raise SystemExit(f"the start-up node or store failed:\n{log.read_text()[-3000:]}")
    return node_cpu, store_cpu


def _wait(process: subprocess.Popen) -> float:
    """Wait for a process; its CPU seconds, its reaped children's (the extraction worker) included."""
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return usage.ru_utime + usage.ru_stime


def _redis_cpu(client: redis.Redis) -> float:
    info = client.info("cpu")
    return info["used_cpu_user"] + info["used_cpu_sys"]


def _store(url: str, data: Path, until_idle: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "search.cli", "ingest", "--redis", url, "--data", str(data),
                             "--until-idle", until_idle], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            text=True)


def _node(url: str, start_urls: str, data: Path, log: Path) -> subprocess.Popen:
    command = [sys.executable, "-m", "scrapy", "crawl", "news", "-a", f"url={start_urls}",
               "-s", f"NEWS_REDIS_URL={url}"]
    for name, value in NODE_SETTINGS.items():
        command += ["-s", f"{name}={value}"]
    env = {**os.environ, "NEWS_DATA": str(data)}
    with log.open("w") as stderr:
        return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=stderr)


def _pages(log: str) -> int:
    """Pages this node downloaded (robots.txt left out), from its closing stats."""
    received = re.search(r"'response_received_count': (\d+)", log)
    robots = re.search(r"'robotstxt/response_count': (\d+)", log)
    return (int(received.group(1)) if received else 0) - (int(robots.group(1)) if robots else 0)


def memory_per_100k(url: str) -> dict[str, float]:
    """Bytes of Redis memory per 100,000 entries of each kind, as the crawl writes them."""
    from newscrawler.distributed.frontier import PRIORITY_STEP
    from newscrawler.distributed.scheduler import FINGERPRINT_BYTES

    client = redis.Redis.from_url(url)
    results = {}
    count = 100_000
    kinds = {
        "seen URLs (fingerprints)": lambda pipe, n: pipe.sadd("m:seen", _digest(n)[:FINGERPRINT_BYTES]),
        "queued requests": lambda pipe, n: pipe.zadd(f"m:q:host{n % 1000}", {_request_payload(n): -PRIORITY_STEP + n}),
        "known article URLs (fetch state)": lambda pipe, n: pipe.hset(
            f"m:fetch:https://news.example.com/2026/11/{n}/a-headline-of-some-length.html",
            mapping={"kind": "article", "etag": f'"{n:x}-5f3a"', "last_modified": "Thu, 20 Nov 2026 10:00:00 GMT",
                     "body_hash": _digest(n).hex() * 2, "content_type": "text/html; charset=utf-8",
                     "fetched": time.time(), "checked": time.time()}),
    }
    for name, write in kinds.items():
        client.flushall()
        before = client.info("memory")["used_memory"]
        with client.pipeline(transaction=False) as pipe:
            for n in range(count):
                write(pipe, n)
                if n % 5000 == 4999:
                    pipe.execute()
            pipe.execute()
        results[name] = (client.info("memory")["used_memory"] - before) / count * 100_000
    client.flushall()
    return results


_PAYLOAD = None


def _request_payload(n: int) -> bytes:
    """A request as the scheduler stores it (scrapy-redis pickle of ``Request.to_dict``), URL varied."""
    global _PAYLOAD
    if _PAYLOAD is None:
        from scrapy import Request
        from scrapy_redis import picklecompat

        from newscrawler.sources import Source
        from newscrawler.spiders.news import NewsSpider

        spider = NewsSpider()
        source = Source("news.example.com", ("https://news.example.com/",), ("news.example.com",))
        request = Request("https://news.example.com/2026/11/NNNNNN/a-headline-of-some-length.html",
                          callback=spider.parse, cb_kwargs={"source": source}, meta={"depth": 2})
        _PAYLOAD = picklecompat.dumps(request.to_dict(spider=spider))
    return _PAYLOAD.replace(b"NNNNNN", f"{n:06d}".encode())


def _digest(n: int) -> bytes:
    return hashlib.sha1(str(n).encode()).digest()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hosts", type=int, default=18)
    parser.add_argument("--articles", type=int, default=20)
    parser.add_argument("--delay", type=float, default=0.2)
    parser.add_argument("--nodes", default="1,2,3")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="distributed-bench-") as tmp:
        work = Path(tmp)
        (work / "redis").mkdir()
        server, url = start_redis(work / "redis")
        try:
            startup = startup_cpu(url, work)
            runs = [crawl(int(n), url, work, args.hosts, args.articles, args.delay) for n in args.nodes.split(",")]
            memory = memory_per_100k(url)
        finally:
            server.terminate()
            server.wait()
    report(args, startup, runs, memory)


def report(args: argparse.Namespace, startup: tuple[float, float], runs: list[Run], memory: dict[str, float]) -> None:
    concurrency = int(NODE_SETTINGS["CONCURRENT_REQUESTS"])
    print(f"{args.hosts} hosts x {args.articles} articles, {args.delay * 1000:.0f} ms per response, "
          f"CONCURRENT_REQUESTS={concurrency} per node, {os.cpu_count()} cores\n")
    print("| nodes | wall s | speed-up | crawl s | crawl speed-up | pages per node | requests per page "
          "| articles stored | most in flight per host | Redis commands per page |")
    print("|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|")
    base = runs[0]
    for run in runs:
        print(f"| {run.nodes} | {run.wall:.1f} | {base.wall / run.wall:.2f} | {run.crawl:.1f} | "
              f"{base.crawl / run.crawl:.2f} | {' / '.join(map(str, run.pages_per_node))} | "
              f"{run.requests_per_page:.3f} | {run.stored} of {args.hosts * args.articles} | {run.max_in_flight} | "
              f"{run.commands_per_page:.1f} |")
    print("\n| nodes | CPU s per node | store CPU s | sites CPU s | Redis CPU s | cores busy | load at start |")
    print("|---:|---|---:|---:|---:|---:|---:|")
    for run in runs:
        print(f"| {run.nodes} | {' / '.join(f'{cpu:.1f}' for cpu in run.node_cpu)} | {run.store_cpu:.1f} | "
              f"{run.sites_cpu:.1f} | {run.redis_cpu:.1f} | {run.cores_busy:.2f} | {run.load:.1f} |")
    # What one page costs, from the 1-node run, past the node's and the store's start-up (and 2 pages).
    node_startup, store_startup = startup
    node_ms = (sum(base.node_cpu) - node_startup) / (base.pages - 2) * 1000
    store_ms = (base.store_cpu - store_startup) / (base.pages - 2) * 1000
    sites_ms, redis_ms = base.sites_cpu / base.pages * 1000, base.redis_cpu / base.pages * 1000
    pages_per_second = concurrency / args.delay
    print(f"\nstart-up (with 2 pages): node {node_startup:.1f} CPU s (extraction worker included), "
          f"store {store_startup:.1f}; "
          f"CPU ms per page: node {node_ms:.1f}, store {store_ms:.1f}, sites {sites_ms:.1f}, Redis {redis_ms:.2f}")
    for run in runs:
        need = run.nodes * pages_per_second * (node_ms + store_ms + sites_ms + redis_ms) / 1000
        print(f"{run.nodes} node(s) at full network speed ({run.nodes * pages_per_second:.0f} pages/s) keep "
              f"{need:.2f} cores busy, after {run.nodes * node_startup + store_startup:.0f} CPU s of start-up; "
              f"this machine has {os.cpu_count()}")
    print("\n| Redis memory per 100,000 | MiB |\n|---|---:|")
    for name, size in memory.items():
        print(f"| {name} | {size / 2**20:.1f} |")


if __name__ == "__main__":
    main()
