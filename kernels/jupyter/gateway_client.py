"""The client side of the Enterprise Gateway launcher check (gateway.spec.ts): with the
connection information the launcher sent (decrypted by the spec's receiver), a real Jupyter
client runs cells on the kernel, and, as the gateway does, a signal request on the launcher's
communication port interrupts a running cell. Prints one JSON line: {"ok", "detail"}.

usage: gateway_client.py CONNECTION_FILE COMM_PORT [shutdown]
With "shutdown", it runs one cell and asks the kernel to shut down (a Jupyter shutdown_request,
as the gateway sends before its own shutdown request to the launcher).
"""
import json
import socket
import sys
import time

from jupyter_client import BlockingKernelClient

TIMEOUT = 60


def run(client, code):
    msg_id = client.execute(code)
    reply = client.get_shell_msg(timeout=TIMEOUT)
    while reply["parent_header"].get("msg_id") != msg_id:
        reply = client.get_shell_msg(timeout=TIMEOUT)
    result = None
    while True:
        msg = client.get_iopub_msg(timeout=TIMEOUT)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "execute_result":
            result = msg["content"]["data"]["text/plain"]
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            return reply["content"], result


def listener_request(port, request):
    """What the gateway's process proxy does: connect, write the JSON, close."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(json.dumps(request).encode("utf-8"))


def main():
    connection_file, comm_port = sys.argv[1], int(sys.argv[2])
    client = BlockingKernelClient()
    client.load_connection_file(connection_file)
    client.start_channels()
    detail = {}
    try:
        client.wait_for_ready(timeout=TIMEOUT)
        if len(sys.argv) > 3 and sys.argv[3] == "shutdown":
            reply, detail["first"] = run(client, "6 * 7")
            client.shutdown()
            reply = client.get_control_msg(timeout=TIMEOUT)  # jupyter_client sends it on control
            while reply["msg_type"] != "shutdown_reply":
                reply = client.get_control_msg(timeout=TIMEOUT)
            detail["shutdown"] = reply["content"]["status"]
            print(json.dumps({"ok": detail == {"first": "42", "shutdown": "ok"}, "detail": detail}), flush=True)
            return
        reply, detail["first"] = run(client, "const x = 20; x * 2")
        detail["first_status"] = reply["status"]
        listener_request(comm_port, {"signum": 0})  # the gateway's liveness poll
        msg_id = client.execute("let spins = 0; while (true) { spins++ }")
        time.sleep(1)
        listener_request(comm_port, {"signum": 2})
        reply = client.get_shell_msg(timeout=TIMEOUT)
        while reply["parent_header"].get("msg_id") != msg_id:
            reply = client.get_shell_msg(timeout=TIMEOUT)
        detail["interrupted"] = [reply["content"]["status"], reply["content"].get("ename")]
        time.sleep(0.5)
        reply, detail["after"] = run(client, "x + 1")
        ok = detail["first"] == "40" and detail["interrupted"] == ["error", "Interrupt"] and detail["after"] == "21"
        print(json.dumps({"ok": ok, "detail": detail}), flush=True)
    finally:
        client.stop_channels()


if __name__ == "__main__":
    main()
