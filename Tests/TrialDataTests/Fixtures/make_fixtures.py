"""Writes the CSV fixtures for TrialDataTests, byte for byte (some are deliberately broken:
invalid UTF-8, CRLF, a byte-order mark). Run from this folder: python3 make_fixtures.py

Each malformed file has one defect; EXPECTED in TrialDataTests/CSVReaderErrorTests.swift says
which line and message the reader must report for it."""
import os

MALFORMED = {
    # name: bytes
    "unterminated_quote.csv": b'subject,arm,vas\nP001,dextrose,7\nP002,"saline,6\nP003,saline,5\n',
    "unterminated_quote_at_end.csv": b'subject,arm,vas\nP001,dextrose,7\nP002,saline,"6\n',
    "text_after_closing_quote.csv": b'subject,arm,vas\nP001,"dextrose"x,7\n',
    "ragged_too_many.csv": b'subject,arm,vas\nP001,dextrose,7\nP002,saline,6,5\n',
    "ragged_too_few.csv": b'subject,arm,vas\nP001,dextrose,7\nP002,saline\n',
    "ragged_after_multiline_quote.csv": b'subject,note,vas\nP001,"line one\nline two",7\nP002,ok\n',
    "invalid_utf8_value.csv": b'subject,arm,vas\nP001,dextrose,7\nP002,sal\xffine,6\n',
    "invalid_utf8_header.csv": b'subject,a\xc3rm,vas\nP001,dextrose,7\n',
    "empty.csv": b'',
    "only_bom.csv": b'\xef\xbb\xbf',
    "only_blank_lines.csv": b'\n\n\n',
    "duplicate_column.csv": b'subject,vas,arm,vas\nP001,7,dextrose,6\n',
    "unnamed_column.csv": b'subject,,vas\nP001,dextrose,7\n',
    "trailing_delimiter_header.csv": b'subject,arm,vas,\nP001,dextrose,7,\n',
    "ragged_crlf.csv": b'subject,arm,vas\r\nP001,dextrose,7\r\nP002,saline\r\n',
    "quote_then_carriage_return_only.csv": b'subject,arm\r\nP001,"dextrose"\rP002,saline\r\n',
    # Rule-level defects: the file parses, but the data break a validation rule.
    "rule_duplicate_subject_visit.csv": b'subject,arm,visit,vas\nP001,dextrose,0,7\nP001,dextrose,0,6\n',
    "rule_subject_in_two_arms.csv": b'subject,arm,visit,vas\nP001,dextrose,0,7\nP001,saline,4,6\n',
    "rule_unknown_arm.csv": b'subject,arm,visit,vas\nP001,dextrose,0,7\nP002,placebo,0,6\n',
    "rule_out_of_range.csv": b'subject,arm,visit,vas\nP001,dextrose,0,7\nP002,saline,0,12\n',
    "rule_not_a_number.csv": b'subject,arm,visit,vas\nP001,dextrose,0,7\nP002,saline,0,seven\n',
    "rule_decimal_comma.csv": b'subject,arm,visit,vas\nP001,dextrose,0,7\nP002,saline,0,"7,5"\n',
    "rule_missing_baseline.csv": b'subject,arm,visit,vas\nP001,dextrose,0,7\nP002,saline,4,6\n',
    "rule_missing_arm.csv": b'subject,arm,visit,vas\nP001,dextrose,0,7\nP002,,0,6\n',
    "rule_visits_out_of_order.csv": b'subject,arm,visit,vas,date\nP001,dextrose,0,7,2024-03-01\nP001,dextrose,4,6,2024-02-20\n',
    # Encodings that are not UTF-8.
    "encoding_latin1.csv": b'subject,arm,visit,vas\nP001,dextrose,0,7\nP002,salin\xe9,0,6\n',
    "encoding_utf16.csv": "subject,arm\nP001,dextrose\n".encode("utf-16"),
    # Quoting mistakes.
    "quote_inside_quoted_field.csv": b'subject,note,vas\nP001,"said "ok" twice",7\n',
    "quote_unterminated_in_header.csv": b'subject,"arm,vas\nP001,dextrose,7\n',
}

WELLFORMED = {
    "quoting.csv": (b'\xef\xbb\xbfsubject,arm,visit,vas,"note, with comma"\r\n'
                    b'P001,dextrose,0,7.5,"said ""ok"""\r\n'
                    b'P001,dextrose,12,3.25,\r\n'
                    b'P002,saline,0,NA,"two\nlines"\r\n'
                    b'\r\n'
                    b'P002,saline,12,6,.\r\n'
                    b'"P003","saline","0"," 5 ",x'),
    "semicolon_decimal_comma.csv": b'subject;arm;vas\nP001;dextrose;7,5\nP002;saline;6\nP003;saline;-0,25\n',
    "tab.tsv": b'subject\tarm\tvas\nP001\tdextrose\t7.5\nP002\tsaline\t6\n',
    "types.csv": (b'id,score,code,when,empty,mixed\n'
                  b'1,10,007,2024-02-29,,1\n'
                  b'2,-2.5e1,7.50,2024-03-01,NA,2\n'
                  b'3,NA,A12,,,two\n'),
}

for folder, files in (("malformed", MALFORMED), ("wellformed", WELLFORMED)):
    os.makedirs(folder, exist_ok=True)
    for name, content in files.items():
        with open(os.path.join(folder, name), "wb") as handle:
            handle.write(content)
print(len(MALFORMED), "malformed and", len(WELLFORMED), "well-formed files written")
