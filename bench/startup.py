#!/usr/bin/env python3
"""Times a server's start: spawns COMMAND, then polls GET PATH on 127.0.0.1:PORT every 5 ms until it
answers 200, and prints the milliseconds from spawn to that answer. The server keeps running; its pid
goes to stderr as "pid=N".

    startup.py PORT PATH LOGFILE -- COMMAND...

One process with a raw socket, instead of a curl per poll: on two cores a fork and exec every 5 ms
takes CPU from the very start-up being measured.
"""
import socket
import subprocess
import sys
import time


def answers_200(port, path):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
            s.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
            return s.recv(16).startswith(b"HTTP/1.1 200")
    except OSError:
        return False


def main():
    port, path, log = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    command = sys.argv[sys.argv.index("--") + 1:]
    start = time.monotonic()
    # In this shell's session, like the peer and the ceiling that run.sh starts as plain background jobs
    # (and like every server of the harness's reference runs): with its own session the kernel's
    # autogroup scheduling would give the server one share of the CPU against wrk's share, and, in A/B
    # runs of d, put its 90th percentile at 11-14 ms instead of 2.0-2.4 ms.
    server = subprocess.Popen(command, stdout=open(log, "ab"), stderr=subprocess.STDOUT)
    print(f"pid={server.pid}", file=sys.stderr, flush=True)
    while not answers_200(port, path):
        if server.poll() is not None or time.monotonic() - start > 60:
            print("startup.py: the server died or never answered 200", file=sys.stderr)
            return 1
        time.sleep(0.005)
    print(int((time.monotonic() - start) * 1000), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
