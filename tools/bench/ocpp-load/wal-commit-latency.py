# Decision 0388: how long a WAL commit (synchronous=FULL) takes when SQLite checkpoints inside the commit that passes
# 1,000 pages ("auto", its default) and when another connection checkpoints PASSIVE every 200 ms ("background").
# Batches of 80 MeterValues (400 rows, the meter_readings shape) for 20 s; prints the commit-only p50/p99/max.
# Usage: python3 tools/bench/ocpp-load/wal-commit-latency.py auto|background   (interleave: auto, background, ...)
import sqlite3, time, threading, sys, os, tempfile
mode = sys.argv[1]  # auto | background
path = os.path.join(tempfile.gettempdir(), f"wal-commit-latency-{mode}.db")
for s in ("", "-wal", "-shm"):
    try: os.remove(path + s)
    except FileNotFoundError: pass
db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
db.execute("PRAGMA journal_mode=WAL"); db.execute("PRAGMA synchronous=FULL")
db.execute("""CREATE TABLE r (id INTEGER PRIMARY KEY, cp TEXT NOT NULL, conn INT NOT NULL, tx INT, at INT NOT NULL,
  measurand TEXT NOT NULL, phase TEXT NOT NULL, ctx TEXT NOT NULL, value REAL NOT NULL, unit TEXT NOT NULL,
  UNIQUE (cp, conn, measurand, phase, ctx, at))""")
db.execute("CREATE INDEX ix ON r (tx, measurand, at) WHERE tx IS NOT NULL")
stop = False
cps = 0
if mode == "background":
    db.execute("PRAGMA wal_autocheckpoint=0")
    def ck():
        global cps
        c = sqlite3.connect(path, isolation_level=None)
        while not stop:
            c.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone(); cps += 1
            time.sleep(0.2)
    threading.Thread(target=ck, daemon=True).start()
lat = []
t_end = time.time() + 20
n = 0
ms = ["Energy.Active.Import.Register", "Power.Active.Import", "Current.Import", "Voltage", "SoC"]
while time.time() < t_end:
    t0 = time.perf_counter()
    db.execute("BEGIN IMMEDIATE")
    for i in range(80):
        cp = f"CP-{(n*80+i)%1000:04d}"
        for m in ms:
            db.execute("INSERT INTO r (cp,conn,tx,at,measurand,phase,ctx,value,unit) VALUES (?,?,?,?,?,?,?,?,?)",
                       (cp, 1, (n*80+i)%1000, n*1000+i, m, "", "Sample.Periodic", 1.5, "W"))
    t1 = time.perf_counter()
    db.execute("COMMIT")
    lat.append((time.perf_counter() - t1) * 1000)
    n += 1
    time.sleep(0.005)
stop = True
lat.sort()
print(mode, "batches", n, "rows/s", round(n*400/20), "p50 %.1f p99 %.1f p99.9 %.1f max %.1f ms" % (lat[len(lat)//2], lat[int(len(lat)*.99)], lat[int(len(lat)*.999)], lat[-1]), "bg checkpoints", cps, "load", os.getloadavg()[0])
