"""Checks a basic-profile output of make-referenced-dataset.py against its input, independently of
dicomveil: every reference resolves to an output file; no original UID remains in any output byte
or path; each output file is its input's keyed UIDs (recomputed with Python's hmac) with every
DA/DT moved back by the patient's date_shift_days of mapping.csv and every TM kept; pydicom reads
every file. argv: input output private_dir. Prints one line per failure, then "checked N"."""
import csv, datetime, hashlib, hmac, os, re, sys, warnings
import pydicom

warnings.simplefilter('ignore')
source_root, output_root, private_dir = sys.argv[1:4]
key = bytes.fromhex(open(os.path.join(private_dir, 'key')).read().strip())

def keyed_uid(uid):
    digest = hmac.new(key, ('dicomveil/uid/v1\0' + uid).encode(), hashlib.sha256).digest()
    return '2.25.' + str(int.from_bytes(digest[:16], 'big'))

def files(root):
    return sorted(os.path.join(d, f) for d, _, names in os.walk(root) for f in names if f.endswith('.dcm'))

def walk(ds, visit, path=''):
    for elem in ds:
        visit(elem, path)
        if elem.VR == 'SQ':
            for i, item in enumerate(elem.value):
                walk(item, visit, f'{path}{elem.keyword}[{i}].')

failures, checked = [], 0
with open(os.path.join(private_dir, 'mapping.csv'), encoding='utf-8-sig') as handle:
    mapping = {row['name']: row for row in csv.DictReader(handle, delimiter=';')}

originals, by_new_uid = set(), {}
inputs = {}
for path in files(source_root):
    ds = pydicom.dcmread(path)
    inputs[keyed_uid(ds.SOPInstanceUID)] = ds
    walk(ds, lambda e, _: originals.add(str(e.value)) if e.VR == 'UI' and not str(e.value).startswith('1.2.840.10008.') else None)
    originals.add(ds.file_meta.MediaStorageSOPInstanceUID)

outputs = {}
for path in files(output_root):
    ds = pydicom.dcmread(path)
    outputs[ds.SOPInstanceUID] = (path, ds)
    raw = open(path, 'rb').read().decode('latin1') + '\n' + os.path.relpath(path, output_root)
    for uid in originals:
        if re.search(r'(?<![0-9.])' + re.escape(uid) + r'(?![0-9])', raw):
            failures.append(f'{path}: original UID {uid} left')
    checked += 1

if sorted(outputs) != sorted(inputs):
    failures.append(f'output SOP instances {len(outputs)} do not match the keyed UIDs of the inputs {len(inputs)}')

for new_uid, (path, out) in outputs.items():
    src = inputs.get(new_uid)
    if src is None:
        continue
    if os.path.basename(path) != new_uid + '.dcm' or os.path.basename(os.path.dirname(path)) != out.SeriesInstanceUID:
        failures.append(f'{path}: not named by its new UIDs')
    def refs(elem, where):
        global checked
        if elem.keyword == 'ReferencedSOPInstanceUID':
            checked += 1
            if str(elem.value) not in outputs:
                failures.append(f'{path}: {where}{elem.keyword} {elem.value} resolves to no output file')
    walk(out, refs)
    shift = int(mapping[str(src.PatientName)]['date_shift_days'])
    if not 1 <= shift <= 365:
        failures.append(f'{path}: date_shift_days {shift}')
    flat_src, flat_out = {}, {}
    walk(src, lambda e, where: flat_src.__setitem__(where + e.keyword, e))
    walk(out, lambda e, where: flat_out.__setitem__(where + e.keyword, e))
    for where, elem in flat_src.items():
        got = flat_out.get(where)
        if elem.VR in ('DA', 'DT') and got is not None and where != 'PatientBirthDate':
            checked += 1
            value = str(elem.value)
            day = datetime.datetime.strptime(value[:8], '%Y%m%d') - datetime.timedelta(days=shift)
            if str(got.value) != day.strftime('%Y%m%d') + value[8:]:
                failures.append(f'{path}: {where} {got.value}, expected {value} moved back {shift} days')
        elif elem.VR in ('DA', 'DT') and got is None and where not in ('PatientBirthDate',):
            failures.append(f'{path}: {where} removed')
        if elem.VR == 'TM' and got is not None and str(got.value) != str(elem.value):
            failures.append(f'{path}: {where} time changed')
        if elem.VR == 'UI' and got is not None and not str(elem.value).startswith('1.2.840.10008.'):
            checked += 1
            if str(got.value) != keyed_uid(str(elem.value)):
                failures.append(f'{path}: {where} is not the keyed UID of its original')
    if str(out.PatientBirthDate or '') != '':
        failures.append(f'{path}: PatientBirthDate kept')

for line in failures:
    print(line)
print('checked', checked)
