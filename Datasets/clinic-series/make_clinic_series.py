"""Writes the simulated single-arm clinic series. Run from this folder: python3 make_clinic_series.py

A made-up clinic registry of perineural injection therapy with 5% dextrose: 72 patients with
carpal tunnel syndrome, ulnar neuropathy, knee osteoarthritis or low back pain, injected once a
week. Pain VAS (0-10) is recorded before each session, and once more at a follow-up visit about
4 weeks after the last session. There is no control arm.

How the series is built (every effect is invented to look plausible, not taken from any study):
- Each patient has a planned course of 4 to 8 sessions. The clinician stops the course early,
  but not before session 4, when the VAS before a session is 2 or less.
- Pain falls over the sessions toward a patient's own level of improvement (on average about
  45% of the first VAS; less for low back pain, more for carpal tunnel syndrome), with visit
  to visit noise; at follow-up it creeps back up a little.
- Some clinicians record whole numbers and some one decimal: each patient's VAS is recorded
  one way throughout.
- Sessions are 7 days apart, some a day or two late, and about 1 in 12 gaps is 14 days (a
  missed week); an appointment that would fall at a weekend moves to the Monday. The follow-up
  is 28 days after the last session, give or take a week.
- Six patients stop after 2 or 3 sessions and have no follow-up; about 1 in 8 of the others
  has no follow-up (no row), and a few have a follow-up row without a VAS. About 1 in 40
  session rows has no VAS (not recorded).

THE DATA ARE SIMULATED. They describe no real patient.

The random numbers come from Python's random.Random(20261126), so the file is the same on
every machine.
"""
import datetime
import hashlib
import math
import random

rng = random.Random(20261126)
PATIENTS = 72
EARLY_STOPPERS = 6
# The one treatment, in a column of its own: TrialStats needs an arm column, and a registry
# records what was injected.
TREATMENT = "5% dextrose"
CONDITIONS = [  # name, share, mean age, SD of age, share female, mean improvement (fraction of first VAS)
    ("carpal tunnel syndrome", 0.38, 53, 11, 0.76, 0.52),
    ("ulnar neuropathy", 0.14, 50, 12, 0.45, 0.45),
    ("knee osteoarthritis", 0.26, 64, 9, 0.66, 0.45),
    ("low back pain", 0.22, 55, 13, 0.55, 0.33),
]
PLANNED = [(4, 0.15), (5, 0.2), (6, 0.3), (7, 0.15), (8, 0.2)]  # planned sessions and their shares
FIRST_DAY = datetime.date(2024, 1, 8)  # the first possible first session (a Monday)


def clamp(value, low, high):
    return min(high, max(low, value))


def pick(pairs):
    """A value from (value, share) pairs."""
    draw, total = rng.random(), 0.0
    for value, share in pairs:
        total += share
        if draw < total:
            return value
    return pairs[-1][0]


def weekday(date):
    """The clinic is closed at weekends: a Saturday or Sunday appointment moves to the Monday."""
    return date + datetime.timedelta(days=(7 - date.weekday()) % 7 if date.weekday() >= 5 else 0)


def record(vas, whole):
    """The VAS as the clinic writes it: a whole number or one decimal."""
    vas = clamp(vas, 0, 10)
    return "%d" % int(math.floor(vas + 0.5)) if whole else "%.1f" % (math.floor(vas * 10 + 0.5) / 10)


early = set(rng.sample(range(PATIENTS), EARLY_STOPPERS))
rows = []
for index in range(PATIENTS):
    patient = "CS%03d" % (index + 1)
    condition, _, age_mean, age_sd, female, improvement = pick([(c, c[1]) for c in CONDITIONS])
    age = int(round(clamp(rng.gauss(age_mean, age_sd), 24, 88)))
    sex = "F" if rng.random() < female else "M"
    whole = rng.random() < 0.4
    vas1 = clamp(rng.gauss(6.8, 1.3), 3.5, 10)
    target = clamp(rng.gauss(improvement, 0.25), -0.15, 0.95)  # this patient's final improvement
    planned = pick(PLANNED)
    if index in early:
        planned = rng.choice([2, 3])
    # Weekdays only: the first session on a Monday to Friday within 2024-01-08 .. 2025-06-27.
    start = FIRST_DAY + datetime.timedelta(days=7 * rng.randrange(0, 77) + rng.randrange(0, 5))
    date = start
    vas = vas1
    session = 0
    while True:
        session += 1
        if session > 1:
            gap = 14 if rng.random() < 1 / 12 else 7
            gap += rng.choice([0] * 8 + [1, 2])  # a day or two late now and then
            date = weekday(date + datetime.timedelta(days=gap))
            vas = vas1 * (1 - target * (1 - math.exp(-(session - 1) / 2.2))) + rng.gauss(0, 0.6)
        written = record(vas, whole)
        if session > 1 and rng.random() < 0.025:
            written = ""  # not recorded
        week = round((date - start).days / 7)
        rows.append([patient, age, sex, condition, TREATMENT, "S%d" % session, session, date.isoformat(), week, written])
        if session >= planned:
            break
        if session >= 4 and index not in early and written != "" and float(written) <= 2:
            break  # pain low enough: the clinician ends the course
    last_vas, last_date = vas, date
    if index in early:
        continue
    draw = rng.random()
    if draw < 0.125:
        continue  # no follow-up visit
    date = weekday(last_date + datetime.timedelta(days=28 + rng.randrange(-4, 8)))
    written = record(last_vas + rng.gauss(0.3, 0.8), whole)
    if draw < 0.17:
        written = ""  # came to follow-up, VAS not recorded
    rows.append([patient, age, sex, condition, TREATMENT, "FU", "", date.isoformat(), round((date - start).days / 7), written])

header = ["patient", "age", "sex", "condition", "treatment", "visit", "session", "date", "week", "vas"]
text = ",".join(header) + "\n" + "".join(",".join(str(v) for v in row) + "\n" for row in rows)
with open("clinic-series.csv", "w", newline="") as out:
    out.write(text)
sessions = [sum(1 for row in rows if row[0] == "CS%03d" % (i + 1) and row[5] != "FU") for i in range(PATIENTS)]
print("clinic-series.csv: %d rows (%d session rows, %d follow-up rows), %d patients, sessions per patient %s; SHA-256 %s"
      % (len(rows), sum(sessions), len(rows) - sum(sessions), PATIENTS,
         {k: sessions.count(k) for k in sorted(set(sessions))}, hashlib.sha256(text.encode()).hexdigest()))
