"""Drive the cascade-ts kernel with a real Jupyter client (jupyter_client) over every message
the adapter serves. Prints one JSON line per check: {"name", "ok", "detail"}.

Run by jupyter.spec.ts with JUPYTER_PATH pointing at a temporary kernelspec folder.
"""
import json
import signal
import sys
import time
import traceback

from jupyter_client import KernelManager
from jupyter_client.session import Session

TIMEOUT = 30


def report(name, ok, detail=""):
    print(json.dumps({"name": name, "ok": bool(ok), "detail": str(detail)}), flush=True)


def collect(client, msg_id, timeout=TIMEOUT):
    """iopub messages of one request, up to its idle status."""
    out = []
    deadline = time.time() + timeout
    while time.time() < deadline:
        msg = client.get_iopub_msg(timeout=deadline - time.time())
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        out.append(msg)
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            return out
    raise TimeoutError("no idle status for " + msg_id)


def run(client, code, timeout=TIMEOUT):
    msg_id = client.execute(code)
    reply = client.get_shell_msg(timeout=timeout)
    while reply["parent_header"].get("msg_id") != msg_id:
        reply = client.get_shell_msg(timeout=timeout)
    return reply, collect(client, msg_id, timeout)


def of_type(msgs, t):
    return [m for m in msgs if m["msg_type"] == t]


def check(name, fn):
    try:
        ok, detail = fn()
        report(name, ok, detail)
    except Exception:
        report(name, False, traceback.format_exc())


def start():
    """A cascade-ts kernel and a client connected to it."""
    km = KernelManager(kernel_name="cascade-ts")
    km.start_kernel()
    client = km.client()
    client.start_channels()
    client.wait_for_ready(timeout=TIMEOUT)
    return km, client


def main():
    km, client = start()

    def kernel_info():
        msg_id = client.kernel_info()
        reply = client.get_shell_msg(timeout=TIMEOUT)
        c = reply["content"]
        collect(client, msg_id)
        return (c["status"] == "ok" and c["protocol_version"] == "5.3" and c["language_info"]["name"] == "typescript"
                and reply["header"]["msg_type"] == "kernel_info_reply"), c

    def execute_result():
        r1, _ = run(client, "const x: number = 40;")
        r2, msgs = run(client, "x + 2")
        results = of_type(msgs, "execute_result")
        inputs = of_type(msgs, "execute_input")
        states = [m["content"]["execution_state"] for m in of_type(msgs, "status")]
        ok = (r1["content"]["status"] == "ok" and r2["content"]["status"] == "ok"
              and r2["content"]["execution_count"] == r1["content"]["execution_count"] + 1
              and results and results[0]["content"]["data"]["text/plain"] == "42"
              and results[0]["content"]["execution_count"] == r2["content"]["execution_count"]
              and inputs and inputs[0]["content"]["code"] == "x + 2" and states == ["busy", "idle"])
        return ok, [r2["content"], [m["msg_type"] for m in msgs]]

    def stream():
        _, msgs = run(client, "console.log('hello'); console.error('oops')")
        s = {m["content"]["name"]: m["content"]["text"] for m in of_type(msgs, "stream")}
        return s.get("stdout") == "hello\n" and s.get("stderr") == "oops\n", s

    def display():
        _, msgs = run(client, "display.html('<b>x</b>'); display('a', { id: 'p' }); display.update('p', 'b');")
        d = of_type(msgs, "display_data")
        u = of_type(msgs, "update_display_data")
        ok = (d[0]["content"]["data"]["text/html"] == "<b>x</b>" and d[1]["content"]["transient"]["display_id"] == "p"
              and u and u[0]["content"]["transient"]["display_id"] == "p" and u[0]["content"]["data"]["text/plain"] == "'b'")
        return ok, [m["content"] for m in d + u]

    def error():
        reply, msgs = run(client, "function f(): never {\n  throw new TypeError('bad')\n}\nf()")
        e = of_type(msgs, "error")
        c = reply["content"]
        ok = (c["status"] == "error" and c["ename"] == "TypeError" and e and e[0]["content"]["evalue"] == "bad"
              and any(":2:" in line for line in e[0]["content"]["traceback"]))
        return ok, c

    def late_error():
        # Async work of a cell fails after the cell's reply: an error on iopub under that request.
        msg_id = client.execute("setTimeout(() => { throw new Error('late boom'); }, 300);\n1")
        reply = client.get_shell_msg(timeout=TIMEOUT)
        while reply["parent_header"].get("msg_id") != msg_id:
            reply = client.get_shell_msg(timeout=TIMEOUT)
        collect(client, msg_id)
        deadline = time.time() + 10
        while time.time() < deadline:
            msg = client.get_iopub_msg(timeout=deadline - time.time())
            if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "error":
                return (reply["content"]["status"] == "ok" and msg["content"]["evalue"] == "late boom"), msg["content"]
        return False, "no error message for the late error"

    def complete():
        client.complete("Math.fl", 7)
        c = client.get_shell_msg(timeout=TIMEOUT)["content"]
        return c["status"] == "ok" and "floor" in c["matches"] and c["cursor_start"] == 5, c

    def inspect():
        client.inspect("x", 1)
        c = client.get_shell_msg(timeout=TIMEOUT)["content"]
        return c["status"] == "ok" and c["found"] and "number" in c["data"]["text/plain"], c

    def is_complete():
        got = []
        for code in ["function f() {", "1 + 1", "const = ;"]:
            client.is_complete(code)
            got.append(client.get_shell_msg(timeout=TIMEOUT)["content"]["status"])
        return got == ["incomplete", "complete", "invalid"], got

    def comm_and_history():
        msg = client.session.msg("comm_info_request", {})
        client.shell_channel.send(msg)
        c1 = client.get_shell_msg(timeout=TIMEOUT)["content"]
        client.history()
        c2 = client.get_shell_msg(timeout=TIMEOUT)["content"]
        return c1 == {"status": "ok", "comms": {}} and c2["history"] == [], [c1, c2]

    def interrupt(via_signal):
        def fn():
            msg_id = client.execute("let spins = 0; while (true) { spins++ }")
            time.sleep(0.5)
            started = time.time()
            if via_signal:
                km.signal_kernel(signal.SIGINT)
            else:
                km.interrupt_kernel()
            reply = client.get_shell_msg(timeout=TIMEOUT)
            took = time.time() - started
            collect(client, msg_id)
            # A signal sent to the process group also reaches the kernel process itself: let
            # everything it set off settle before the next check.
            time.sleep(0.5)
            after, msgs = run(client, "x")
            results = of_type(msgs, "execute_result")
            kept = results[0]["content"]["data"]["text/plain"] if results else [m["content"] for m in msgs]
            ok = reply["content"]["status"] == "error" and reply["content"]["ename"] == "Interrupt" and took < 2 and kept == "40"
            return ok, [reply["content"], took, kept]
        return fn

    def bad_signature():
        wrong = Session(key=b"not-the-key", signature_scheme="hmac-sha256", username="intruder")
        wrong.send(client.shell_channel.socket, "execute_request",
                   {"code": "globalThis.hacked = 1", "silent": False, "store_history": True,
                    "user_expressions": {}, "allow_stdin": False, "stop_on_error": True})
        time.sleep(1)
        probe = "typeof (globalThis as any).hacked"
        reply, msgs = run(client, probe)
        results = of_type(msgs, "execute_result")
        first = None
        if not results:
            # Seen once under load: this probe came back without a value (the reply is kept in
            # the detail); the question here is whether the forged cell ran, so ask again.
            first = [reply["content"], [m["content"] for m in msgs]]
            reply, msgs = run(client, probe)
            results = of_type(msgs, "execute_result")
            if not results:
                return False, [first, reply["content"], [m["content"] for m in msgs]]
        value = results[0]["content"]["data"]["text/plain"]
        return value == "'undefined'", [value, first]

    def restart():
        km.restart_kernel(now=False)
        client.wait_for_ready(timeout=TIMEOUT)
        _, msgs = run(client, "typeof x")
        value = of_type(msgs, "execute_result")[0]["content"]["data"]["text/plain"]
        return value == "'undefined'" and km.is_alive(), value

    def shutdown():
        km.shutdown_kernel(now=False)
        return not km.is_alive(), "alive" if km.is_alive() else "stopped"

    def disconnect_mid_execution():
        """A client that goes away while a cell spins: shutting the kernel down still works, fast."""
        km2, c2 = start()
        c2.execute("while (true) {}")
        time.sleep(0.5)
        c2.stop_channels()
        started = time.time()
        km2.shutdown_kernel(now=False)
        took = time.time() - started
        alive = km2.is_alive()
        return (not alive) and took < 5, ["alive" if alive else "stopped", round(took, 2)]

    checks = [
        ("kernel_info", kernel_info),
        ("execute and execute_result", execute_result),
        ("stream", stream),
        ("display_data and update_display_data", display),
        ("error with traceback", error),
        ("a late error of async work, under its request", late_error),
        ("complete", complete),
        ("inspect", inspect),
        ("is_complete", is_complete),
        ("comm_info and history", comm_and_history),
        ("interrupt as a control message", interrupt(False)),
        ("interrupt as SIGINT", interrupt(True)),
        ("a message with a wrong signature is dropped", bad_signature),
        ("restart", restart),
        ("shutdown", shutdown),
        ("a client disconnecting mid-execution, then shutdown", disconnect_mid_execution),
    ]
    try:
        for name, fn in checks:
            check(name, fn)
    finally:
        client.stop_channels()
        if km.is_alive():
            km.shutdown_kernel(now=True)


if __name__ == "__main__":
    main()
    sys.exit(0)
