#!/usr/bin/env python3
"""One device's LTE radio energy from a run's radio/<strategy>.csv.gz, recomputed without deliverybench.

usage: bench/radio-lte.py RUN_DIR/radio/STRATEGY.csv.gz DEVICE
The numbers: AT&T ARO's lte.conf (after Huang et al., MobiSys 2012), as in the jar's deliverybench/radio/lte.json.
"""
import gzip, sys

PRO_S, PRO_W, TI_S, SHORT_S, LONG_S, BETA_W = 0.26, 1.21, 0.1, 0.02, 10, 1.2
ALPHA_UP, ALPHA_DOWN = 438.39 / 1000, 51.97 / 1000          # W per Mbit/s, so J per Mbit
IDLE_W = 0.043 * 0.594 / 1.28                                # a 43 ms paging wake-up at 0.594 W every 1.28 s
SHORT_W = (0.002 * 1.68 + 0.018 * 1.06) / 0.02               # DRX: 2 ms awake at 1.68 W per cycle, else 1.06 W
LONG_W = (0.002 * 1.68 + 0.038 * 1.06) / 0.04
TAIL_S = TI_S + SHORT_S + LONG_S

def tail(last, cut):      # continuous reception then short and long DRX after the last byte, cut at `cut`
    parts = [(last, last + TI_S, BETA_W), (last + TI_S, last + TI_S + SHORT_S, SHORT_W), (last + TI_S + SHORT_S, last + TAIL_S, LONG_W)]
    return [(a, min(b, cut), w, True) for a, b, w in parts if a < cut]

path, device = sys.argv[1], sys.argv[2]
events, t0, t1 = [], 0.0, 0.0
with gzip.open(path, 'rt') as f:
    for line in f:
        if line.startswith('# window_ms='):
            t0, t1 = (int(x) / 1000 for x in line.split('=')[1].split('..'))
        elif line.split(',')[0] == device:
            _, t_ms, direction, size = line.strip().split(',')
            events.append((int(t_ms) / 1000, direction == 'up', int(size)))

spans, last, promotions, data_j = [], None, 0, 0.0
for t, up, size in events:
    if last is None or t >= last + TAIL_S:                  # idle: promoted; the bytes go at the promotion's end
        spans += ([] if last is None else tail(last, last + TAIL_S)) + [(-1e18 if last is None else last + TAIL_S, t, IDLE_W, False), (t, t + PRO_S, PRO_W, True)]
        promotions += t0 <= t < t1
        last = t + PRO_S
    elif t > last:                                          # in the tail: it starts again from here
        spans += tail(last, t)
        last = t
    data_j += (ALPHA_UP if up else ALPHA_DOWN) * size * 8 / 1e6 if t0 <= t < t1 else 0
spans += tail(last, last + TAIL_S) + [(last + TAIL_S, 1e18, IDLE_W, False)] if last is not None else [(-1e18, 1e18, IDLE_W, False)]

inside = [(max(a, t0), min(b, t1), w, on) for a, b, w, on in spans if min(b, t1) > max(a, t0)]
joules = sum((b - a) * w for a, b, w, _ in inside) + data_j
on_s = sum(b - a for a, b, _, on in inside if on)
h = (t1 - t0) / 3600
print(f"device {device}: {joules / h:.1f} J per device-hour, radio on {on_s / h:.0f} s per device-hour, "
      f"{promotions / h:.1f} promotions per device-hour ({len(events)} transfers in the file, window {t1 - t0:.1f} s)")
