# Reads pairs of DICOM files with pydicom (force=True) and says, per pair, whether the edited file
# holds the expected PatientName and every other element unchanged (group lengths aside).
# stdin: JSON lines {"original", "edited", "name"}; stdout: one JSON line per pair.
import hashlib, json, sys, warnings
import pydicom

warnings.simplefilter('ignore')

def dump(dataset, prefix=''):
    lines = {}
    for element in dataset:
        if element.tag.element == 0:
            continue
        key = prefix + str(element.tag)
        if element.VR == 'SQ':
            for index, item in enumerate(element.value):
                lines.update(dump(item, f'{key}[{index}].'))
        else:
            lines[key] = hashlib.sha1(repr((element.VR, element.value)).encode()).hexdigest()
    return lines

TOP_NAME = str(pydicom.tag.Tag(0x0010, 0x0010))
originals = {}

def full_dump(path):
    dataset = pydicom.dcmread(path, force=True)
    lines = dump(dataset)
    lines.update({'meta.' + k: v for k, v in dump(dataset.file_meta).items()})
    name = dataset.get((0x0010, 0x0010))
    lines.pop(TOP_NAME, None)
    return dataset, lines, None if name is None else str(name.value)

for line in sys.stdin:
    job = json.loads(line)
    result = {'edited': job['edited']}
    try:
        if job['original'] not in originals:
            originals[job['original']] = full_dump(job['original'])[1]
        old = originals[job['original']]
        _, new, result['name'] = full_dump(job['edited'])
        result['changed'] = sorted(k for k in old.keys() | new.keys() if old.get(k) != new.get(k))
    except Exception as error:
        result['error'] = f'{type(error).__name__}: {error}'
    print(json.dumps(result), flush=True)
