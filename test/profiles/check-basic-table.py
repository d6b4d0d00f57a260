"""Checks files anonymized under the basic profile against PS3.15 Table E.1-1, read from the
reference JSON here (not from dicomveil's generated rules): for every attribute of the table,
at the top level and inside a sequence item, the output must show the action the table and the
given options call for. The keyed UIDs and date shifts are recomputed with Python's hmac.

argv: reference.json key_hex patient_id container_tag cases.json
cases.json: [{"input": path, "output": path, "retain": [...], "clean": [...]}]
Prints one line per failure, then "checked N".
"""
import datetime, hashlib, hmac, json, sys, warnings
import pydicom
from pydicom.tag import Tag

warnings.simplefilter('ignore')
reference, key_hex, patient_id, container_hex, cases_path = sys.argv[1:6]
rows = json.load(open(reference))
key = bytes.fromhex(key_hex)
container = Tag(int(container_hex, 16))
COLUMN = {'full-dates': 'rtnLongFullDatesOpt', 'modified-dates': 'rtnLongModifDatesOpt', 'patient-characteristics': 'rtnPatCharsOpt',
          'device': 'rtnDevIdOpt', 'institution': 'rtnInstIdOpt', 'uids': 'rtnUIDsOpt', 'descriptors': 'cleanDescOpt',
          'structured-content': 'cleanStructContOpt'}

def digest(message):
    return hmac.new(key, message.encode('utf-8'), hashlib.sha256).digest()

def keyed_uid(uid):
    return '2.25.' + str(int.from_bytes(digest('dicomveil/uid/v1\0' + uid)[:16], 'big'))

shift_days = int.from_bytes(digest('dicomveil/date-shift/v1\0' + patient_id)[:8], 'big') % 365 + 1

def shifted(date):
    return (datetime.date(int(date[:4]), int(date[4:6]), int(date[6:8])) - datetime.timedelta(days=shift_days)).strftime('%Y%m%d')

def effective(row, options):
    given = [o for o in options if COLUMN.get(o) in row]
    if not given:
        return row['basicProfile'], None
    if any(row[COLUMN[o]] == 'K' for o in given):
        return 'K', None
    return 'C', given[0]

def text(value):
    # Attributes newer than pydicom's dictionary read as raw bytes in implicit VR.
    if isinstance(value, bytes):
        return value.decode('latin1').rstrip('\0 ')
    return '' if value is None else str(value)

def empty(elem):
    return elem.VR == 'SQ' and len(elem.value) == 0 or elem.VR != 'SQ' and elem.is_empty

def same(a, b):
    return a.VR == 'SQ' and len(a.value) == len(b.value) and all(x == y for x, y in zip(a.value, b.value)) or a.VR != 'SQ' and a.value == b.value

def dummy_ok(out, orig):
    if out.VR == 'SQ':
        item = out.value[0] if len(out.value) == 1 else None
        return item is not None and all(e.tag not in item or item[e.tag].value != e.value for e in orig.value[0])
    return not out.is_empty and out.value != orig.value

def check(code, option, out, orig, tag):
    if tag in (0x00100010, 0x00100020):
        return out is not None and text(out.value) == patient_id
    present = out is not None
    if code == 'X': return not present
    if code == 'Z': return present and empty(out)
    if code == 'D':
        if orig.VR == 'UI': return present and text(out.value) == keyed_uid(text(orig.value))
        return present and dummy_ok(out, orig)
    if code == 'U': return present and text(out.value) == keyed_uid(text(orig.value))
    if code in ('X/Z', 'X/D', 'Z/D', 'X/Z/D'):
        allowed = set(code.split('/'))
        if not present: return 'X' in allowed
        if empty(out): return 'Z' in allowed
        return 'D' in allowed and (dummy_ok(out, orig) if orig.VR != 'UI' else text(out.value) == keyed_uid(text(orig.value)))
    if code == 'X/Z/U*':
        if not present or empty(out): return True
        if orig.VR == 'UI': return text(out.value) == keyed_uid(text(orig.value))
        return orig.VR == 'SQ' and len(out.value) == len(orig.value)
    if code == 'K': return present and same(out, orig)
    if code == 'C':
        if option == 'modified-dates' and orig.VR == 'DA': return present and text(out.value) == shifted(text(orig.value))
        if option == 'modified-dates' and orig.VR == 'DT':
            return present and text(out.value) == shifted(text(orig.value)[:8]) + text(orig.value)[8:]
        return present and same(out, orig)
    return False

checked = 0
for case in json.load(open(cases_path)):
    source = pydicom.dcmread(case['input'])
    result = pydicom.dcmread(case['output'])
    options = case['retain'] + case['clean']
    for place, src, res in (('top', source, result), ('nested', source[container].value[0], result[container].value[0] if container in result and len(result[container].value) else pydicom.Dataset())):
        for row in rows:
            tag_text = row['tag']
            if 'X' in tag_text[1:5] or 'G' in tag_text:
                tag_text = tag_text.replace('XX', '00', 1) if tag_text.startswith('(60XX') else None
            if tag_text is None: continue
            tag = Tag(int(tag_text[1:5] + tag_text[6:10], 16))
            if tag not in src: continue
            code, option = effective(row, options)
            out = res[tag] if tag in res else None
            checked += 1
            if not check(code, option, out, src[tag], tag):
                print(f"{'+'.join(options) or 'basic'} {place} {row['tag']} {row['name']}: {code} expected, got {'absent' if out is None else repr(out.value)[:60]} (was {repr(src[tag].value)[:40]})")
print('checked', checked)
