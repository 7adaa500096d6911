"""Writes the simulated PIT three-arm trial as a REDCap export and as CDISC ADaM datasets.
Run from this folder, after make_pit_3arm.py: python3 make_pit_3arm_formats.py

It reads pit-3arm.csv and writes the same subjects and the same numbers in two more formats:

- pit-3arm-redcap.csv, a REDCap raw-data export (codes, not labels): one row per record and
  event (baseline_arm_1, week_2_arm_1, week_4_arm_1, week_12_arm_1, week_24_arm_1); the
  enrolment form (arm, age, sex) is entered at the baseline event only; a missed visit, or a
  visit after dropout, has no row, as REDCap exports no empty event; a few rows of a repeating
  adverse-event instrument. pit-3arm-redcap-dictionary.csv is its data dictionary (choices,
  validation ranges).
- pit-3arm-adqs.csv, an ADQS-like ADaM BDS dataset: PARAMCD VAS, BCTQSSS and BCTQFSS; one
  record per subject, parameter and attended visit (no record for a missed visit or a scale
  that could not be scored); AVISIT/AVISITN; AVAL, BASE, CHG, PCHG; ABLFL; ANL01FL; and a few
  unscheduled VAS records not flagged for analysis (ANL01FL empty). pit-3arm-adsl.csv is the
  subject-level ADSL (TRT01P, AGE, SEX ...).

The BCTQ scales in ADQS are the mean of the answered items, scored only when at most one item
of the scale is missing: the rule `trialstats score --instrument bctq` uses by default.

What is not in pit-3arm.csv, and is invented here from random.Random(20261125) so that the
files are the same on every machine: the adverse-event rows of the REDCap export and the
unscheduled VAS records of ADQS. Neither is analysed (the readers set both aside).

THE DATA ARE SIMULATED. They describe no real patient.
"""
import csv
import hashlib
import random

rng = random.Random(20261125)
ARMS = ["dextrose", "saline", "triamcinolone"]
SSS = ["sss_%d" % i for i in range(1, 12)]
FSS = ["fss_%d" % i for i in range(1, 9)]

with open("pit-3arm.csv", newline="") as source:
    rows = list(csv.DictReader(source))

subjects = []  # in file order
by_subject = {}
for row in rows:
    if row["subject"] not in by_subject:
        subjects.append(row["subject"])
        by_subject[row["subject"]] = []
    by_subject[row["subject"]].append(row)


def attended(row):
    return row["vas"] != "" or any(row[name] != "" for name in SSS + FSS)


def number(value):
    """A derived number as text: at most 10 decimals, no trailing zeros, no "-0"."""
    text = "%.10f" % round(value, 10)
    text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def write(name, text):
    with open(name, "w", newline="") as out:
        out.write(text)
    lines = text.count("\n") - 1
    print("%s: %d rows, SHA-256 %s" % (name, lines, hashlib.sha256(text.encode()).hexdigest()))


# ---------------------------------------------------------------------------------------------
# REDCap
EVENTS = {"0": "baseline_arm_1", "2": "week_2_arm_1", "4": "week_4_arm_1", "12": "week_12_arm_1",
          "24": "week_24_arm_1"}
ARM_CODE = {"dextrose": "1", "saline": "2", "triamcinolone": "3"}
SEX_CODE = {"F": "1", "M": "2"}
AE_TERMS = ["injection site pain", "transient numbness", "bruising at injection site", "vasovagal reaction",
            "transient hand swelling", "transient tingling"]
# Adverse events: six subjects, one of them with two, reported at the baseline (injection) event.
ae_subjects = sorted(rng.sample(subjects, 5), key=subjects.index)
adverse_events = {subject: [AE_TERMS[k]] for k, subject in enumerate(ae_subjects)}
adverse_events[ae_subjects[0]].append(AE_TERMS[5])

header = (["record_id", "redcap_event_name", "redcap_repeat_instrument", "redcap_repeat_instance",
           "arm", "age", "sex", "enrolment_complete", "vas", "pain_vas_complete"] + SSS + FSS
          + ["bctq_complete", "ae_term", "ae_serious", "adverse_event_complete"])
lines = [",".join(header)]
for subject in subjects:
    for row in by_subject[subject]:
        if not attended(row):
            continue
        baseline = row["week"] == "0"
        cells = [subject, EVENTS[row["week"]], "", "",
                 ARM_CODE[row["arm"]] if baseline else "", row["age"] if baseline else "",
                 SEX_CODE[row["sex"]] if baseline else "", "2" if baseline else "",
                 row["vas"], "2" if row["vas"] != "" else ""] + [row[name] for name in SSS + FSS]
        # A BCTQ form with a blank item is saved as unverified (1); a full one as complete (2).
        items = [row[name] for name in SSS + FSS]
        cells += ["2" if all(items) else ("1" if any(items) else ""), "", "", ""]
        lines.append(",".join(cells))
        if baseline:
            for instance, term in enumerate(adverse_events.get(subject, []), start=1):
                lines.append(",".join([subject, EVENTS["0"], "adverse_event", str(instance)] + [""] * (len(header) - 7)
                                      + [term, "0", "2"]))
write("pit-3arm-redcap.csv", "\n".join(lines) + "\n")

SSS_LABELS = ["night pain", "woken by pain at night", "daytime pain", "how often daytime pain",
              "how long an episode of daytime pain lasts", "numbness", "weakness", "tingling",
              "numbness or tingling at night", "woken by numbness or tingling", "difficulty grasping small objects"]
FSS_LABELS = ["writing", "buttoning clothes", "holding a book while reading", "gripping a telephone handle",
              "opening jars", "household chores", "carrying grocery bags", "bathing and dressing"]
dictionary = ['"Variable / Field Name","Form Name","Section Header","Field Type","Field Label",'
              '"Choices, Calculations, OR Slider Labels","Field Note","Text Validation Type OR Show Slider Number",'
              '"Text Validation Min","Text Validation Max"',
              'record_id,enrolment,,text,"Record ID",,,,,',
              'arm,enrolment,,radio,"Randomised arm","1, dextrose | 2, saline | 3, triamcinolone",,,,',
              'age,enrolment,,text,"Age (years)",,,integer,18,100',
              'sex,enrolment,,radio,"Sex","1, F | 2, M",,,,',
              'vas,pain_vas,,text,"Pain VAS (0-10 cm)",,"one decimal",number,0,10']
for k, (name, label) in enumerate(zip(SSS, SSS_LABELS)):
    section = '"BCTQ symptom severity scale"' if k == 0 else ""
    dictionary.append('%s,bctq,%s,text,"BCTQ SSS item %d: %s",,"1 (none) - 5 (most severe)",integer,1,5'
                      % (name, section, k + 1, label))
for k, (name, label) in enumerate(zip(FSS, FSS_LABELS)):
    section = '"BCTQ functional status scale"' if k == 0 else ""
    dictionary.append('%s,bctq,%s,text,"BCTQ FSS item %d: %s",,"1 (no difficulty) - 5 (cannot do)",integer,1,5'
                      % (name, section, k + 1, label))
dictionary.append('ae_term,adverse_event,,text,"Adverse event",,,,,')
dictionary.append('ae_serious,adverse_event,,yesno,"Serious",,,,,')
write("pit-3arm-redcap-dictionary.csv", "\n".join(dictionary) + "\n")

# ---------------------------------------------------------------------------------------------
# ADaM
STUDY = "PIT3ARM"
AVISIT = {"0": "BASELINE", "2": "WEEK 2", "4": "WEEK 4", "12": "WEEK 12", "24": "WEEK 24"}


def scale(row, items):
    """The BCTQ scale: the mean of the answered items, none when more than one is missing."""
    answered = [int(row[name]) for name in items if row[name] != ""]
    if len(items) - len(answered) > 1:
        return None
    return sum(answered) / len(answered)


PARAMETERS = [("VAS", "Pain VAS (0-10 cm)", "PAIN", lambda row: float(row["vas"]) if row["vas"] != "" else None),
              ("BCTQSSS", "BCTQ Symptom Severity Scale (1-5)", "BCTQ", lambda row: scale(row, SSS)),
              ("BCTQFSS", "BCTQ Functional Status Scale (1-5)", "BCTQ", lambda row: scale(row, FSS))]
unscheduled = set(rng.sample(subjects, 8))
adqs = ["STUDYID,USUBJID,PARAMCD,PARAM,PARCAT1,AVISIT,AVISITN,AVAL,BASE,CHG,PCHG,ABLFL,ANL01FL"]
for subject in subjects:
    usubjid = "%s-%s" % (STUDY, subject)
    visits = by_subject[subject]
    for code, label, category, value_of in PARAMETERS:
        base = value_of(visits[0])
        for row in visits:
            value = value_of(row)
            if value is None:
                continue
            baseline = row["week"] == "0"
            # The VAS as recorded (one decimal); a BCTQ scale to 10 decimals.
            aval = row["vas"] if code == "VAS" else number(value)
            chg = pchg = ""
            if not baseline and base is not None:
                chg = number(value - base)
                pchg = number(100 * (value - base) / base) if base != 0 else ""
            adqs.append(",".join([STUDY, usubjid, code, label, category, AVISIT[row["week"]], row["week"], aval,
                                  "" if base is None else (visits[0]["vas"] if code == "VAS" else number(base)),
                                  chg, pchg, "Y" if baseline else "", "Y"]))
        if code == "VAS" and subject in unscheduled and base is not None:
            # An unscheduled telephone check between weeks 4 and 12: not an analysis visit.
            value = round(min(10, max(0, base + rng.gauss(-1.5, 1.5))), 1)
            adqs.append(",".join([STUDY, usubjid, code, label, category, "UNSCHEDULED", "99", "%.1f" % value,
                                  visits[0]["vas"], number(value - base), number(100 * (value - base) / base), "", ""]))
write("pit-3arm-adqs.csv", "\n".join(adqs) + "\n")

adsl = ["STUDYID,USUBJID,SUBJID,AGE,AGEU,SEX,ITTFL,TRT01P,TRT01PN"]
for subject in subjects:
    first = by_subject[subject][0]
    adsl.append(",".join([STUDY, "%s-%s" % (STUDY, subject), subject, first["age"], "YEARS", first["sex"], "Y",
                          first["arm"], str(ARMS.index(first["arm"]) + 1)]))
write("pit-3arm-adsl.csv", "\n".join(adsl) + "\n")
