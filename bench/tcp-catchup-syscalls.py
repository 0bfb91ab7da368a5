#!/usr/bin/env python3
"""The write syscalls a TCP push connection costs while it catches up: N messages wait in an inbox, a
client connects with after=0 and reads them all, and strace counts the server's write/writev calls.
A session writes what is queued for a connection with one gathering write (up to 64 frames).
Usage: bench/tcp-catchup-syscalls.py [messages] [jar]   (needs strace and python3; ports 18200-18201)"""
import http.client, json, socket, struct, subprocess, sys, time
N = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
jar = sys.argv[2] if len(sys.argv) > 2 else "harness/target/deliverybench.jar"
tag = str(int(time.time()))
S = "catchupsecret1234567890"
serve = subprocess.Popen(["java", "-Xmx1g", "-jar", jar, "serve", "--http-port", "18200", "--tcp-port", "18201", "--secret", S],
                         stdout=open(f"/tmp/catchup-{tag}.log", "w"), stderr=subprocess.STDOUT)
try:
    for _ in range(100):
        try:
            c = http.client.HTTPConnection("127.0.0.1", 18200); c.request("GET", "/health"); c.getresponse().read(); break
        except Exception: time.sleep(0.1)
    tok = lambda u: subprocess.check_output(["java", "-jar", jar, "token", "--secret", S, u], text=True).strip()
    sender, reader = tok("sender"), tok("reader")
    c = http.client.HTTPConnection("127.0.0.1", 18200)
    for i in range(N):
        c.request("POST", "/messages", json.dumps({"to": "reader", "body": "m%05d" % i}),
                  {"Authorization": "Bearer " + sender, "Content-Type": "application/json"})
        r = c.getresponse(); r.read(); assert r.status in (200, 201, 202), r.status
    pid = serve.pid
    # the java process is the child (exec'd directly)
    st = subprocess.Popen(["strace", "-f", "-c", "-e", "trace=write,writev", "-p", str(pid), "-o", f"/tmp/catchup-strace-{tag}.txt"],
                          stderr=subprocess.DEVNULL)
    time.sleep(1.0)
    s = socket.create_connection(("127.0.0.1", 18201))
    tb = reader.encode()
    s.sendall(struct.pack(">IBq", 1 + 8 + len(tb), 1, 0) + tb)
    got = 0; buf = b""
    t0 = time.time()
    while got < N and time.time() - t0 < 30:
        data = s.recv(65536)
        if not data: break
        buf += data
        while len(buf) >= 5:
            ln = struct.unpack(">I", buf[:4])[0]
            if len(buf) < 4 + ln: break
            if buf[4] == 3: got += 1
            buf = buf[4 + ln:]
    time.sleep(0.5)
    st.send_signal(2); st.wait()
    print("messages received", got, "of", N)
    print(open(f"/tmp/catchup-strace-{tag}.txt").read())
finally:
    serve.terminate(); serve.wait()
