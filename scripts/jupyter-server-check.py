"""Checks the Pleura kernel the way a browser front end drives it: jupyter_server's REST
API starts the kernel, and a cell runs over the websocket channels. A manual check, not
part of `make test`: it needs Debian's python3-jupyter-server, which the tests do not.

    /usr/bin/python3 scripts/jupyter-server-check.py EMPTY_DIR .build/release/pleura

Prints the messages the cell caused; exits non-zero if the cell did not run."""
import json, os, subprocess, sys, time, uuid, urllib.request
from tornado import ioloop, websocket, gen
prefix, pleura = sys.argv[1], sys.argv[2]
env = dict(os.environ, JUPYTER_PATH=prefix + "/share/jupyter", JUPYTER_RUNTIME_DIR=prefix + "/rt", JUPYTER_DATA_DIR=prefix + "/data")
subprocess.run([pleura, "kernel", "install", "--prefix", prefix], check=True)
server = subprocess.Popen(["/usr/bin/python3", "-m", "jupyter_server", "--no-browser", "--port=18888", "--ServerApp.token=t", "--allow-root",
                           "--ServerApp.root_dir=" + prefix], env=env, stderr=open(prefix + "/server.log", "w"))
try:
    base = "http://127.0.0.1:18888"
    for _ in range(100):
        try: urllib.request.urlopen(base + "/api/kernelspecs?token=t"); break
        except Exception: time.sleep(0.2)
    specs = json.load(urllib.request.urlopen(base + "/api/kernelspecs?token=t"))
    print("kernelspecs:", sorted(specs["kernelspecs"]))
    req = urllib.request.Request(base + "/api/kernels?token=t", data=json.dumps({"name": "pleura"}).encode(), method="POST",
                                 headers={"Content-Type": "application/json"})
    kernel = json.load(urllib.request.urlopen(req))
    print("kernel:", kernel["name"], kernel["execution_state"])
    async def run():
        ws = await websocket.websocket_connect(f"ws://127.0.0.1:18888/api/kernels/{kernel['id']}/channels?token=t")
        msg_id = uuid.uuid4().hex
        ws.write_message(json.dumps({"header": {"msg_id": msg_id, "msg_type": "execute_request", "username": "u", "session": "s",
                                                "version": "5.3", "date": ""}, "parent_header": {}, "metadata": {}, "channel": "shell",
                                     "content": {"code": "x = 6 * 7\nprint \"x is {x}\"\nplot [1, 4, 9]\nx", "silent": False,
                                                 "store_history": True, "user_expressions": {}, "allow_stdin": False}}))
        deadline = time.time() + 60
        seen, idle = [], False
        while time.time() < deadline:
            raw = await ws.read_message()
            m = json.loads(raw)
            if m.get("parent_header", {}).get("msg_id") != msg_id: continue
            t = m["msg_type"]; c = m["content"]
            seen.append(t)
            print(m["channel"], t, {k: (v if k != "data" else {mk: (mv[:20] if isinstance(mv, str) else mv) for mk, mv in v.items()}) for k, v in c.items() if k in ("name", "text", "data", "execution_state", "status", "execution_count")})
            idle = idle or (t == "status" and c["execution_state"] == "idle")
            # The reply (shell) and the idle status (iopub) may arrive in either order.
            if idle and "execute_reply" in seen: break
        return seen
    types = ioloop.IOLoop.current().run_sync(run)
    missing = {"execute_input", "stream", "display_data", "execute_result", "execute_reply"} - set(types)
    if missing:
        sys.exit(f"missing messages: {sorted(missing)}")
    urllib.request.urlopen(urllib.request.Request(base + f"/api/kernels/{kernel['id']}?token=t", method="DELETE"))
    print("deleted")
finally:
    server.terminate(); server.wait()
