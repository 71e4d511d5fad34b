#!/usr/bin/env python3
"""Builds the compact, gzipped code-set resources embedded in Claims.Core from the public CMS/CDC files.

Usage: python3 build_codesets.py SOURCE_DIR   (SOURCE_DIR = the folder holding icd10cm/, mce/, hcpcs/, cms-bfd-codesystems/)
Deterministic: gzip mtime is fixed at 0, so the same inputs give byte-identical outputs. See README.md.
"""
import gzip, hashlib, io, os, re, sys
import xml.etree.ElementTree as ET

src = sys.argv[1]
out = os.path.dirname(os.path.abspath(__file__))

EXPECTED = {  # sha256 of every input (the first 16 hex are those listed in the shared data README)
    'icd10cm/icd10cm-order-Jan-2021.txt': '024c8cdaab815c98',
    'icd10cm/icd10cm_tabular_2021.xml.gz': '0312f0056649ed44',
    'mce/MCE_Simple_Code_Edits_v37.txt': '2b7d226994f70d59',
    'hcpcs/HCPC2020_ANWEB_w_disclaimer.txt': 'e7f6f58b91fa54d0',
    'cms-bfd-codesystems/CodeSystem-ANSI-RSN-CD.fsh': '392cfff51e4d1171',
}
for rel, prefix in EXPECTED.items():
    digest = hashlib.sha256(open(os.path.join(src, rel), 'rb').read()).hexdigest()
    if not digest.startswith(prefix):
        sys.exit(f'{rel}: sha256 {digest} does not match the expected {prefix}...')
    print(f'{digest}  {rel}')

def write(name, lines):
    buf = io.BytesIO()
    with gzip.GzipFile(filename='', mode='wb', fileobj=buf, mtime=0, compresslevel=9) as gz:
        gz.write(('\n'.join(lines) + '\n').encode('utf-8'))
    open(os.path.join(out, name), 'wb').write(buf.getvalue())
    print(f'{name}: {len(lines)} lines, {len(buf.getvalue())} bytes')

def clean(text):
    return re.sub(r'\s+', ' ', (text or '').replace('\t', ' ')).strip()

# ICD-10-CM: C code billable description | X code excludes1-note | S category char definition | I code inclusion-term
lines = ['#\tICD-10-CM\tFY2021\t2020-10-01\t2021-09-30\tCDC/NCHS+CMS icd10cm-order-Jan-2021.txt and icd10cm_tabular_2021.xml']
with open(os.path.join(src, 'icd10cm/icd10cm-order-Jan-2021.txt'), encoding='ascii') as f:
    for raw in f:
        raw = raw.rstrip('\r\n')
        code, billable, long_desc = raw[6:13].strip(), raw[14], raw[77:].strip()
        lines.append(f'C\t{code}\t{billable}\t{clean(long_desc)}')
tree = ET.parse(gzip.open(os.path.join(src, 'icd10cm/icd10cm_tabular_2021.xml.gz')))
for diag in tree.iter('diag'):  # categories and codes only: chapter/section-level notes are too broad to pair-check
    name = diag.findtext('name').replace('.', '')
    for note in diag.findall('excludes1/note'):
        lines.append(f'X\t{name}\t{clean(note.text)}')
    for ext in diag.findall('sevenChrDef/extension'):
        lines.append(f'S\t{name}\t{ext.get("char")}\t{clean(ext.text)}')
    for note in diag.findall('inclusionTerm/note'):
        lines.append(f'I\t{name}\t{clean(note.text)}')
write('icd10cm-fy2021.tsv.gz', lines)

# MCE v37 (FY2020) diagnosis edits that the scrubber uses: code, edit type
keep = {'Newborn_Only', 'Pediatric_Only', 'Maternity_Only', 'Adult_Only', 'Female_Only', 'Male_Only'}
lines = ['#\tMCE\tv37\t2019-10-01\t2020-09-30\tCMS Definition of Medicare Code Edits v37 (MCE_Simple_Code_Edits_v37.txt)']
with open(os.path.join(src, 'mce/MCE_Simple_Code_Edits_v37.txt'), encoding='latin-1') as f:
    next(f)
    for raw in f:
        cols = raw.rstrip('\r\n').split('\t')
        if cols[5] == 'D' and cols[4] in keep:
            lines.append(f'{cols[6]}\t{cols[4]}')
write('mce-v37.tsv.gz', lines)

# HCPCS Level II 2020: record id 3 = a code's first record, 4 = continuation; 7/8 = modifier and continuation.
# Layout: code 1-5, sequence 6-10, record id 11, long description 12-91, short description 92-119.
entries = {}
with open(os.path.join(src, 'hcpcs/HCPC2020_ANWEB_w_disclaimer.txt'), encoding='cp1252') as f:
    for raw in f:
        raw = raw.rstrip('\r\n')
        if len(raw) < 12 or raw[10] not in '3478':
            continue
        code, rid = raw[0:5].strip(), raw[10]
        kind = 'P' if rid in '34' else 'M'
        if rid in '37':
            entries[(kind, code)] = [raw[11:91].rstrip(), raw[91:119].strip()]
        else:
            entries[(kind, code)][0] += ' ' + raw[11:91].strip()
lines = ['#\tHCPCS\t2020\t2020-01-01\t2020-12-31\tCMS 2020 Alpha-Numeric HCPCS file HCPC2020_ANWEB_w_disclaimer.txt']
for (kind, code), (long_desc, short_desc) in entries.items():
    lines.append(f'{kind}\t{code}\t{clean(short_desc)}\t{clean(long_desc)}')
write('hcpcs-2020.tsv.gz', lines)

# CARC from the CMS BFD FHIR Shorthand CodeSystem
lines = ['#\tCARC\tBFD-62b2d2e\t\t\tCMS beneficiary-fhir-data CodeSystem-ANSI-RSN-CD.fsh']
for raw in open(os.path.join(src, 'cms-bfd-codesystems/CodeSystem-ANSI-RSN-CD.fsh'), encoding='utf-8'):
    m = re.match(r'^\* #(\S+) "(.*)"\s*$', raw)
    if m:
        lines.append(f'{m.group(1)}\t{clean(m.group(2))}')
write('carc.tsv.gz', lines)
