#!/usr/bin/env python3
"""Time from an ORM^O01 acknowledged at the MLLP port to its entry visible to DCMTK findscu -W.

Runs against a started platform (./run.sh). For each of N orders (unique accession numbers) it sends the
ORM over MLLP, waits for the AA, then queries the worklist with findscu by accession number until the entry
answers. findscu is a new process per query, so each poll costs its start-up too; the script measures that
cost (a query that matches nothing) and prints it beside the figures.

usage: measure.py [orders=50] [mllp_port=2575] [mwl_port=11113]
"""
import os
import statistics
import subprocess
import socket
import sys
import time
import uuid

ORDERS = int(sys.argv[1]) if len(sys.argv) > 1 else 50
MLLP_PORT = int(sys.argv[2]) if len(sys.argv) > 2 else 2575
MWL_PORT = int(sys.argv[3]) if len(sys.argv) > 3 else 11113
ENV = dict(os.environ, TCP_NODELAY="1")


def orm(accession, control_id, mrn):
    segments = [
        "MSH|^~\\&|EPICRIS|GENHOSP|ISTHMUS|RADIOLOGY|20261203090000||ORM^O01^ORM_O01|" + control_id + "|P|2.5.1",
        "PID|1||" + mrn + "^^^GENHOSP^MR||BENCH^ORDER||19800214|F",
        "PV1|1|O|RAD^^^GENHOSP",
        "ORC|NW|P" + accession + "^EPICRIS|F" + accession + "^ISTHMUS||SC||^^^20261203100000^^R",
        "OBR|1|P" + accession + "^EPICRIS|F" + accession + "^ISTHMUS|CTHEAD^CT HEAD^L|||20261203090000"
        + "||||||||1234^SMITH^JOHN||" + accession + "|RP" + accession + "|SPS" + accession + "||||CT",
    ]
    return ("\r".join(segments) + "\r").encode()


def send(connection, message):
    connection.sendall(b"\x0b" + message + b"\x1c\x0d")
    reply = b""
    while not reply.endswith(b"\x1c\x0d"):
        chunk = connection.recv(65536)
        if not chunk:
            raise RuntimeError("connection closed before the acknowledgment")
        reply += chunk
    return reply.decode(errors="replace")


def found(accession):
    result = subprocess.run(
        ["findscu", "-v", "-W", "-aec", "ISTHMUS_MWL", "localhost", str(MWL_PORT),
         "-k", "0008,0050=" + accession, "-k", "0010,0020", "-k", "0010,0010"],
        capture_output=True, text=True, env=ENV)
    return "Pending" in (result.stdout + result.stderr)


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main():
    run = uuid.uuid4().hex[:6].upper()
    probe = []
    for _ in range(10):
        started = time.perf_counter()
        found("NO-SUCH-" + run)
        probe.append((time.perf_counter() - started) * 1000)
    latencies = []
    with socket.create_connection(("localhost", MLLP_PORT)) as connection:
        for i in range(ORDERS):
            accession = "B" + run + str(i)
            ack = send(connection, orm(accession, "OW-" + run + "-" + str(i), "MRNB" + run + str(i)))
            if "MSA|AA" not in ack and "MSA|CA" not in ack:
                raise RuntimeError("order " + accession + " not accepted: " + ack)
            accepted = time.perf_counter()
            while not found(accession):
                if time.perf_counter() - accepted > 30:
                    raise RuntimeError("order " + accession + " not on the worklist within 30 s")
            latencies.append((time.perf_counter() - accepted) * 1000)
    load = open("/proc/loadavg").read().split()[0]
    print("ORM acknowledged -> visible to findscu -W, %d orders: median %.0f ms, p99 %.0f ms, max %.0f ms"
          % (len(latencies), statistics.median(latencies), percentile(latencies, 99), max(latencies)))
    print("one findscu query that matches nothing (process start-up, association, query): median %.0f ms"
          % statistics.median(probe))
    print("load average (1 min) at the end: " + load)


if __name__ == "__main__":
    main()
