"""Writes the synthetic demo trial, in long and wide form. Run: python3 make_demo_trial.py

A made-up three-arm trial of perineural injections for carpal tunnel syndrome: 5% dextrose,
normal saline and triamcinolone, 20 subjects each, seen at weeks 0 (baseline), 4 and 12.
Outcomes: pain VAS (0-10) and the BCTQ symptom severity scale (SSS, 1-5). The effects are
invented to look plausible, not taken from any trial. Four subjects drop out before week 12
and one misses week 4, so the files have the missing data a real trial has.
The random numbers come from Python's random.Random(20261121), so the files are the same on
every machine."""
import random

rng = random.Random(20261121)
arms = ["dextrose", "saline", "triamcinolone"]
# Mean change from baseline at weeks 4 and 12, per arm.
vas_change = {"dextrose": (-2.4, -3.6), "saline": (-1.2, -1.4), "triamcinolone": (-2.8, -2.1)}
sss_change = {"dextrose": (-0.8, -1.2), "saline": (-0.4, -0.5), "triamcinolone": (-1.0, -0.7)}
dropouts = {"P007": 12, "P023": 12, "P031": 12, "P058": 12}
missed = {"P044": 4}

rows = []
for index in range(60):
    subject = "P%03d" % (index + 1)
    arm = arms[index % 3]
    age = rng.randint(32, 71)
    vas0 = min(10.0, max(3.0, rng.gauss(7.0, 1.2)))
    sss0 = min(5.0, max(1.5, rng.gauss(3.2, 0.5)))
    for visit, step in ((0, None), (4, 0), (12, 1)):
        vas = vas0 if step is None else vas0 + vas_change[arm][step] + rng.gauss(0, 1.4)
        sss = sss0 if step is None else sss0 + sss_change[arm][step] + rng.gauss(0, 0.45)
        vas, sss = round(min(10, max(0, vas)), 1), round(min(5, max(1, sss)), 2)
        gone = dropouts.get(subject) == visit or missed.get(subject) == visit
        rows.append((subject, arm, age, visit, None if gone else vas, None if gone else sss))


def cell(value):
    return "" if value is None else ("%g" % value)


with open("demo-trial-long.csv", "w") as out:
    out.write("subject,arm,age,visit,vas,bctq_sss\n")
    for subject, arm, age, visit, vas, sss in rows:
        out.write("%s,%s,%d,%d,%s,%s\n" % (subject, arm, age, visit, cell(vas), cell(sss)))

with open("demo-trial-wide.csv", "w") as out:
    out.write("subject,arm,age,vas_w0,vas_w4,vas_w12,bctq_sss_w0,bctq_sss_w4,bctq_sss_w12\n")
    for start in range(0, len(rows), 3):
        subject, arm, age = rows[start][:3]
        vas = [cell(rows[start + k][4]) for k in range(3)]
        sss = [cell(rows[start + k][5]) for k in range(3)]
        out.write("%s,%s,%d,%s,%s\n" % (subject, arm, age, ",".join(vas), ",".join(sss)))
print("wrote demo-trial-long.csv (%d rows) and demo-trial-wide.csv (%d rows)" % (len(rows), len(rows) // 3))
