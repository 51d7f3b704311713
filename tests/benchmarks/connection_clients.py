#!/usr/bin/env python3
"""Clients for the connection benchmark (connections.sh): slow, idle, bursting and probing.

  connection_clients.py slow  --port P --slow 2000 --idle 2000 --seconds 60
      holds SLOW connections that send their header one byte a second and IDLE keep-alive
      connections (one GET each, then silence), reopening any the server closes.
  connection_clients.py probe --port P --seconds 60 --paths /healthz,/p
      a normal client: a GET every 20 ms on a fresh connection; latency percentiles.
  connection_clients.py hold  --port P --count 10000 --seconds 10 --pid SERVER_PID
      holds COUNT idle keep-alive connections; the server's peak RSS meanwhile.
  connection_clients.py burst --port P --count 500 --path /p
      COUNT connections at once, one GET each: how many got 200, 503, something else, nothing.

Each prints one JSON object on stdout. Standard library only.
"""
import argparse
import asyncio
import json
import resource
import time

HOST = "127.0.0.1"
COOKIE = ""  # --cookie: sent with every GET (a patient's check-in cookie for /p)


def request(path, close=False):
    return (f"GET {path} HTTP/1.1\r\nHost: {HOST}\r\n"
            + (f"Cookie: {COOKIE}\r\n" if COOKIE else "")
            + ("Connection: close\r\n" if close else "") + "\r\n").encode()


async def read_response(reader):
    """Reads one response; returns its status (0 when the connection ended first)."""
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except (asyncio.IncompleteReadError, ConnectionError):
        return 0
    status = int(head[9:12])
    length = 0
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":", 1)[1])
    try:
        await reader.readexactly(length)
    except (asyncio.IncompleteReadError, ConnectionError):
        return 0
    return status


class Tally:
    def __init__(self):
        self.counts = {}

    def add(self, key):
        self.counts[key] = self.counts.get(key, 0) + 1


async def slow_client(port, deadline, tally):
    line = request("/healthz")
    while time.monotonic() < deadline:
        try:
            reader, writer = await asyncio.open_connection(HOST, port)
        except OSError:
            tally.add("connect-failed")
            await asyncio.sleep(1)
            continue
        tally.add("opened")
        try:
            for byte in line:
                if time.monotonic() >= deadline:
                    break
                writer.write(bytes([byte]))
                await writer.drain()
                await asyncio.sleep(1)
            else:
                tally.add(f"answered-{await read_response(reader)}")
                continue
        except ConnectionError:
            tally.add("closed-by-server")
        finally:
            writer.close()


async def idle_client(port, deadline, tally):
    while time.monotonic() < deadline:
        try:
            reader, writer = await asyncio.open_connection(HOST, port)
            writer.write(request("/healthz"))
            await writer.drain()
            tally.add(f"first-{await read_response(reader)}")
            remaining = deadline - time.monotonic()
            if remaining > 0:
                try:
                    data = await asyncio.wait_for(reader.read(1), remaining)
                    tally.add("closed-by-server" if not data else "unexpected-bytes")
                except asyncio.TimeoutError:
                    tally.add("held-to-the-end")
            writer.close()
        except OSError:
            tally.add("connect-failed")
            await asyncio.sleep(1)


async def run_slow(args):
    deadline = time.monotonic() + args.seconds
    slow, idle = Tally(), Tally()
    tasks = [slow_client(args.port, deadline, slow) for _ in range(args.slow)]
    tasks += [idle_client(args.port, deadline, idle) for _ in range(args.idle)]
    await asyncio.gather(*tasks)
    return {"slow": slow.counts, "idle": idle.counts}


async def run_probe(args):
    paths = args.paths.split(",")
    deadline = time.monotonic() + args.seconds
    latencies = {path: [] for path in paths}
    failures = {path: 0 for path in paths}
    i = 0
    while time.monotonic() < deadline:
        path = paths[i % len(paths)]
        i += 1
        start = time.monotonic()
        try:
            reader, writer = await asyncio.open_connection(HOST, port=args.port)
            writer.write(request(path, close=True))
            await writer.drain()
            status = await asyncio.wait_for(read_response(reader), 10)
            writer.close()
        except (OSError, asyncio.TimeoutError):
            status = 0
        elapsed = (time.monotonic() - start) * 1000
        if status in (200, 404):
            latencies[path].append(elapsed)
        else:
            failures[path] += 1
        await asyncio.sleep(max(0.0, 0.02 - elapsed / 1000))

    def percentile(values, p):
        if not values:
            return None
        ordered = sorted(values)
        return round(ordered[min(len(ordered) - 1, int(len(ordered) * p))], 2)

    return {path: {"answered": len(latencies[path]), "failed": failures[path],
                   "p50_ms": percentile(latencies[path], 0.50),
                   "p99_ms": percentile(latencies[path], 0.99),
                   "max_ms": percentile(latencies[path], 1.0)} for path in paths}


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


async def run_hold(args):
    held = []
    failed = 0
    peak = rss_mb(args.pid)

    async def open_one():
        nonlocal failed
        try:
            reader, writer = await asyncio.open_connection(HOST, args.port)
            writer.write(request("/healthz"))
            await writer.drain()
            if await read_response(reader) == 200:
                held.append((reader, writer))
            else:
                failed += 1
                writer.close()
        except OSError:
            failed += 1

    for start in range(0, args.count, 500):
        await asyncio.gather(*[open_one() for _ in range(min(500, args.count - start))])
        peak = max(peak, rss_mb(args.pid))
    deadline = time.monotonic() + args.seconds
    while time.monotonic() < deadline:
        peak = max(peak, rss_mb(args.pid))
        await asyncio.sleep(0.5)
    still_open = sum(1 for reader, _ in held if not reader.at_eof())
    for _, writer in held:
        writer.close()
    return {"opened": len(held), "failed": failed, "still_open": still_open,
            "server_peak_rss_mb": round(peak, 1)}


async def run_burst(args):
    tally = Tally()

    async def one():
        try:
            reader, writer = await asyncio.open_connection(HOST, args.port)
            writer.write(request(args.path, close=True))
            await writer.drain()
            status = await asyncio.wait_for(read_response(reader), 30)
            tally.add(str(status) if status else "no-answer")
            writer.close()
        except ConnectionResetError:
            tally.add("reset")
        except (OSError, asyncio.TimeoutError) as error:
            tally.add(type(error).__name__)

    await asyncio.gather(*[one() for _ in range(args.count)])
    return tally.counts


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=["slow", "probe", "hold", "burst"])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--slow", type=int, default=2000)
    parser.add_argument("--idle", type=int, default=2000)
    parser.add_argument("--count", type=int, default=500)
    parser.add_argument("--paths", default="/healthz,/p")
    parser.add_argument("--path", default="/p")
    parser.add_argument("--pid", type=int, default=0)
    parser.add_argument("--cookie", default="")
    args = parser.parse_args()
    global COOKIE
    COOKIE = args.cookie
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    runner = {"slow": run_slow, "probe": run_probe, "hold": run_hold, "burst": run_burst}
    print(json.dumps(asyncio.run(runner[args.mode](args))))


if __name__ == "__main__":
    main()
