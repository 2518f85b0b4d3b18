"""Load and soak of `spikestream stream --listen` on loopback, bounded in count and time (scripts/soak-stream).

Starts the server (given as argv after `--`), then for --seconds: --busy clients each send a recording at full
speed, read its lines back and start again; --idle clients connect and send nothing; one client sends a byte
a second. Every answer is checked against the lines `stream FILE --speed max` gives for the same recording
(latency aside); idle clients must get the idle-timeout error; the server's RSS is sampled every 5 s. Then
--sequential short connections, counting the server's open descriptors before and after; then SIGTERM, timed.
Prints a report; exits 1 when a check fails. SOAK_DUMP=PREFIX writes each wrong answer to PREFIX.CLIENT.N.
"""
import argparse
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time


def answer(port, data):
    sock = socket.create_connection(("127.0.0.1", port))
    sock.sendall(data)
    sock.shutdown(socket.SHUT_WR)
    chunks = []
    while True:
        chunk = sock.recv(1 << 16)
        if not chunk:
            break
        chunks.append(chunk)
    sock.close()
    return b"".join(chunks).decode().splitlines()


def comparable(lines):
    rows = [json.loads(line) for line in lines]
    for row in rows:
        row.pop("latency_us", None)
    return rows


def percentile(values, q):
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, int(q * len(ordered) + 0.999999) - 1))]


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        return int(re.search(r"VmRSS:\s+(\d+)", status.read()).group(1))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--recording", required=True)
    parser.add_argument("--expected", required=True, help="the lines of `stream RECORDING --speed max`")
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--busy", type=int, default=8)
    parser.add_argument("--idle", type=int, default=2)
    parser.add_argument("--idle-timeout", type=float, default=5)
    parser.add_argument("--sequential", type=int, default=200)
    parser.add_argument("--record-bytes", type=int, default=5, help="the format's record size (N-MNIST: 5)")
    parser.add_argument("server", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = [a for a in args.server if a != "--"]
    data = open(args.recording, "rb").read()
    expected = comparable(open(args.expected).read().splitlines())

    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    line = server.stderr.readline()
    port = int(re.search(r"listening on 127\.0\.0\.1:(\d+)", line).group(1))
    threading.Thread(target=lambda: [None for _ in server.stderr], daemon=True).start()  # drain its log

    deadline = time.monotonic() + args.seconds
    results = {k: {"recordings": 0, "wrong": 0, "events": 0, "latencies": [], "round_trips": []}
               for k in range(args.busy)}
    idle_results = [None] * args.idle
    slow_result = {}

    def busy(k):
        r = results[k]
        while time.monotonic() < deadline:
            started = time.monotonic()
            lines = answer(port, data)
            r["round_trips"].append((time.monotonic() - started) * 1e3)
            rows = [json.loads(x) for x in lines]
            r["latencies"] += [row["latency_us"] for row in rows if "window" in row]
            r["recordings"] += 1
            r["events"] += rows[-1].get("events", 0) if rows else 0
            if comparable(lines) != expected:
                r["wrong"] += 1
                if os.environ.get("SOAK_DUMP"):
                    open(f"{os.environ['SOAK_DUMP']}.{k}.{r['recordings']}", "w").write("\n".join(lines))

    def idle(k):
        sock = socket.create_connection(("127.0.0.1", port))
        started = time.monotonic()
        got = sock.recv(1 << 16).decode().strip()
        idle_results[k] = (got, time.monotonic() - started)
        sock.close()

    def slow():
        sock = socket.create_connection(("127.0.0.1", port))
        sent = 0
        while time.monotonic() < deadline - 1:
            sock.sendall(data[sent:sent + 1])
            sent += 1
            time.sleep(1)
        rest = -sent % args.record_bytes  # end on a whole record
        sock.sendall(data[sent:sent + rest])
        sent += rest
        sock.shutdown(socket.SHUT_WR)
        received = b""
        while chunk := sock.recv(1 << 16):
            received += chunk
        lines = received.decode().splitlines()
        slow_result["bytes"] = sent
        slow_result["last"] = json.loads(lines[-1]) if lines else None
        sock.close()

    rss = []
    threads = [threading.Thread(target=busy, args=(k,)) for k in range(args.busy)]
    threads += [threading.Thread(target=idle, args=(k,)) for k in range(args.idle)]
    threads.append(threading.Thread(target=slow))
    started = time.monotonic()
    for thread in threads:
        thread.start()
    while time.monotonic() < deadline:
        rss.append(rss_kib(server.pid))
        time.sleep(5)
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    rss.append(rss_kib(server.pid))

    time.sleep(0.5)
    fds_before = len(os.listdir(f"/proc/{server.pid}/fd"))
    sequential_ok = sum(1 for _ in range(args.sequential) if comparable(answer(port, data)) == expected)
    time.sleep(0.5)
    fds_after = len(os.listdir(f"/proc/{server.pid}/fd"))

    term = time.monotonic()
    server.send_signal(signal.SIGTERM)
    status = server.wait(10)
    exit_seconds = time.monotonic() - term

    failures = []
    total_recordings = sum(r["recordings"] for r in results.values())
    total_events = sum(r["events"] for r in results.values())
    print(f"server: {' '.join(command)}")
    print(f"{args.busy} busy clients for {elapsed:.0f} s, {args.idle} idle (--idle-timeout {args.idle_timeout:g} s), "
          f"1 sending a byte a second; recording {os.path.basename(args.recording)} ({len(data)} bytes, "
          f"{expected[-1]['events']} events, {expected[-1]['windows']} windows)")
    print("| client | recordings | wrong | window latency p50 / p99 (µs) | round trip p50 / p99 (ms) |")
    print("|---|---|---|---|---|")
    for k, r in results.items():
        print(f"| busy {k} | {r['recordings']} | {r['wrong']} | {percentile(r['latencies'], 0.5):.0f} / "
              f"{percentile(r['latencies'], 0.99):.0f} | {percentile(r['round_trips'], 0.5):.1f} / "
              f"{percentile(r['round_trips'], 0.99):.1f} |")
        if r["wrong"] or not r["recordings"]:
            failures.append(f"busy client {k}: {r['wrong']} wrong of {r['recordings']}")
    print(f"total: {total_recordings} recordings, {total_events} events, {total_events / elapsed:,.0f} events/s")
    for k, (got, after) in enumerate(idle_results):
        print(f"idle {k}: closed after {after:.1f} s with {got[:90]}")
        if "--idle-timeout" not in got:
            failures.append(f"idle client {k} got {got!r}")
    print(f"slow client: sent {slow_result.get('bytes')} bytes, answered {slow_result.get('last')}")
    if not slow_result.get("last") or "sample_end" not in slow_result["last"]:
        failures.append("the slow client got no sample end")
    print(f"RSS every 5 s (MiB): {' '.join(f'{v / 1024:.0f}' for v in rss)}; start {rss[0] / 1024:.0f}, "
          f"end {rss[-1] / 1024:.0f}, max {max(rss) / 1024:.0f}")
    print(f"{args.sequential} sequential connections: {sequential_ok} answered correctly; open descriptors "
          f"{fds_before} before, {fds_after} after")
    if sequential_ok != args.sequential or fds_after > fds_before:
        failures.append("sequential connections: wrong answers or descriptors leaked")
    print(f"SIGTERM: exit status {status} after {exit_seconds * 1000:.0f} ms")
    if status != 0 or exit_seconds > 1:
        failures.append("SIGTERM did not exit 0 within 1 s")
    for failure in failures:
        print("FAILED:", failure)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
