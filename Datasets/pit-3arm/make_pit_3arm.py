"""Writes the simulated PIT three-arm demo trial. Run from this folder: python3 make_pit_3arm.py

A made-up trial of perineural injection therapy (PIT) for carpal tunnel syndrome: 5% dextrose,
normal saline and triamcinolone, 45 subjects per arm, seen at weeks 0 (baseline), 2, 4, 12 and
24. Outcomes: pain VAS (0-10, recorded in cm) and the Boston Carpal Tunnel Questionnaire items
(11 symptom-severity items, 8 function items, each 1-5), which `trialstats score --instrument
bctq` turns into the SSS and FSS. The effects are invented to look plausible (dextrose keeps
improving, triamcinolone helps early and fades, saline improves a little); they are not taken
from any trial. Subjects drop out more often when their last VAS was high (missing at random),
a few visits are missed and later attended, and a few items are left blank.

THE DATA ARE SIMULATED. They describe no real patient.

The random numbers come from Python's random.Random(20261124), so the file is the same on
every machine.
"""
import hashlib
import math
import random

rng = random.Random(20261124)
arms = ["dextrose", "saline", "triamcinolone"]
weeks = [0, 2, 4, 12, 24]
per_arm = 45
# Mean change of the VAS from baseline at weeks 2, 4, 12 and 24, per arm.
vas_change = {"dextrose": (-1.6, -2.3, -3.2, -3.8), "saline": (-0.9, -1.1, -1.3, -1.4),
              "triamcinolone": (-2.6, -2.9, -2.2, -1.6)}
# The symptom and function levels (1-5) move with the VAS: a 1-point VAS change moves them by this.
sss_per_vas, fss_per_vas = 0.22, 0.16


def clamp(value, low, high):
    return min(high, max(low, value))


def item(level):
    """An item answer (1-5) around a scale level."""
    return int(clamp(round(level + rng.gauss(0, 0.6)), 1, 5))


rows = []
for index in range(per_arm * len(arms)):
    subject = "PIT%03d" % (index + 1)
    arm = arms[index % 3]
    age = rng.randint(28, 76)
    sex = "F" if rng.random() < 0.72 else "M"
    vas0 = clamp(rng.gauss(6.9, 1.2), 3.5, 10)
    sss0 = clamp(rng.gauss(3.3, 0.5), 1.6, 5)
    fss0 = clamp(rng.gauss(2.9, 0.55), 1.4, 5)
    subject_effect = rng.gauss(0, 0.7)
    present = True
    previous = vas0
    for k, week in enumerate(weeks):
        if k > 0 and present:
            # Dropout after a visit, more likely the more pain was just recorded (MAR).
            chance = 1 / (1 + math.exp(-(-3.4 + 0.32 * (previous - 5))))
            if rng.random() < chance:
                present = False
        if k == 0:
            vas = vas0
        else:
            vas = vas0 + vas_change[arm][k - 1] + subject_effect + rng.gauss(0, 1.1)
        vas = round(clamp(vas, 0, 10), 1)
        missed = k in (1, 2) and rng.random() < 0.03
        if not present or missed:
            rows.append([subject, arm, age, sex, week, None] + [None] * 19)
            continue
        previous = vas
        sss_level = sss0 + sss_per_vas * (vas - vas0)
        fss_level = fss0 + fss_per_vas * (vas - vas0)
        items = [item(sss_level) for _ in range(11)] + [item(fss_level) for _ in range(8)]
        for position in range(19):
            if rng.random() < 0.012:
                items[position] = None  # a blank item
        rows.append([subject, arm, age, sex, week, vas] + items)


def cell(value):
    return "" if value is None else str(value)


header = ["subject", "arm", "age", "sex", "week", "vas"] + ["sss_%d" % i for i in range(1, 12)] + ["fss_%d" % i for i in range(1, 9)]
text = ",".join(header) + "\n" + "".join(",".join(cell(v) for v in row) + "\n" for row in rows)
with open("pit-3arm.csv", "w") as out:
    out.write(text)
print("pit-3arm.csv: %d rows, %d subjects, SHA-256 %s" % (len(rows), per_arm * len(arms), hashlib.sha256(text.encode()).hexdigest()))
