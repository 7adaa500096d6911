"""Writes small_trial.csv and small_trial_long.csv, the test data for LinearModelsTests and the
comparison tests: three arms of unequal size (9, 7, 6), integer pain scores with ties, missing
values, and an exactly collinear column (x3 = x1 + x2). Run: python3 make_small_trial.py"""
import random

rng = random.Random(5)
arms = ["dextrose"] * 9 + ["saline"] * 7 + ["triamcinolone"] * 6
effect = {"dextrose": -3, "saline": -1, "triamcinolone": -2}
rows = []
for index, arm in enumerate(arms):
    age = rng.randint(30, 70)
    sex = rng.choice("FM")
    w0 = rng.randint(5, 9)
    w12 = max(0, min(10, w0 + effect[arm] + rng.randint(-2, 2)))
    x1 = round(rng.uniform(0, 5), 2)
    x2 = round(rng.uniform(0, 5), 2)
    rows.append(["S%02d" % (index + 1), arm, sex, age, w0, w12, x1, x2, round(x1 + x2, 2)])
rows[4][5] = ""     # a missing follow-up (dextrose)
rows[12][5] = ""    # a missing follow-up (saline)
rows[18][3] = ""    # a missing age (triamcinolone)
with open("small_trial.csv", "w") as out:
    out.write("subject,arm,sex,age,vas_w0,vas_w12,x1,x2,x3\n")
    for row in rows:
        out.write(",".join(str(value) for value in row) + "\n")
with open("small_trial_long.csv", "w") as out:
    out.write("subject,arm,week,vas\n")
    for row in rows:
        for week, value in ((0, row[4]), (4, "" if row[5] == "" else max(0, (row[4] + row[5]) // 2)), (12, row[5])):
            out.write("%s,%s,%d,%s\n" % (row[0], row[1], week, value))
