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
# REDCap: a raw export (codes, one row per record and event; arm and age entered at the
# baseline event only; two adverse-event rows of a repeating instrument) and its dictionary.
arm_code = {"dextrose": 1, "saline": 2, "triamcinolone": 3}
events = {0: "baseline_arm_1", 4: "week_4_arm_1", 12: "week_12_arm_1"}
adverse_events = {"P005": "injection site pain", "P017": "transient numbness"}
with open("demo-trial-redcap.csv", "w") as out:
    out.write("record_id,redcap_event_name,redcap_repeat_instrument,redcap_repeat_instance,"
              "arm,age,vas,bctq_sss,outcomes_complete,ae_term,adverse_event_complete\n")
    for subject, arm, age, visit, vas, sss in rows:
        baseline = visit == 0
        out.write("%s,%s,,,%s,%s,%s,%s,2,,\n" % (subject, events[visit], arm_code[arm] if baseline else "",
                                                 age if baseline else "", cell(vas), cell(sss)))
        if baseline and subject in adverse_events:
            out.write("%s,%s,adverse_event,1,,,,,,%s,2\n" % (subject, events[visit], adverse_events[subject]))
with open("demo-trial-redcap-dictionary.csv", "w") as out:
    out.write('"Variable / Field Name","Form Name","Section Header","Field Type","Field Label",'
              '"Choices, Calculations, OR Slider Labels","Field Note","Text Validation Type OR Show Slider Number",'
              '"Text Validation Min","Text Validation Max"\n')
    out.write('record_id,outcomes,,text,"Record ID",,,,,\n')
    out.write('arm,outcomes,,radio,"Randomised arm","1, dextrose | 2, saline | 3, triamcinolone",,,,\n')
    out.write('age,outcomes,,text,"Age (years)",,,integer,18,100\n')
    out.write('vas,outcomes,,text,"Pain VAS (0-10)",,,number,0,10\n')
    out.write('bctq_sss,outcomes,,text,"BCTQ symptom severity (1-5)",,,number,1,5\n')
    out.write('ae_term,adverse_event,,text,"Adverse event",,,,,\n')

# ADaM: an ADQS-like BDS file (one record per subject, parameter and visit; missed visits have
# no record; each subject also has an unscheduled record not flagged for analysis) and ADSL.
with open("demo-trial-adqs.csv", "w") as out:
    out.write("STUDYID,USUBJID,PARAMCD,PARAM,AVISIT,AVISITN,AVAL,BASE,CHG,ABLFL,ANL01FL\n")
    for start in range(0, len(rows), 3):
        subject = rows[start][0]
        for code, label, index in (("VAS", "Pain VAS (0-10)", 4), ("BCTQSSS", "BCTQ Symptom Severity", 5)):
            base = rows[start][index]
            for k, name in ((0, "BASELINE"), (1, "WEEK 4"), (2, "WEEK 12")):
                value = rows[start + k][index]
                if value is None:
                    continue
                out.write("DEMO,%s,%s,%s,%s,%d,%s,%s,%s,%s,Y\n" % (
                    subject, code, label, name, rows[start + k][3], cell(value), cell(base),
                    "" if k == 0 else "%g" % round(value - base, 4), "Y" if k == 0 else ""))
            out.write("DEMO,%s,%s,%s,UNSCHEDULED,99,%s,%s,,,\n" % (subject, code, label, cell(base), cell(base)))
with open("demo-trial-adsl.csv", "w") as out:
    out.write("STUDYID,USUBJID,TRT01P,AGE\n")
    for start in range(0, len(rows), 3):
        subject, arm, age = rows[start][:3]
        out.write("DEMO,%s,%s,%d\n" % (subject, arm, age))
print("wrote the long, wide, REDCap (export + dictionary) and ADaM (ADQS + ADSL) files")
