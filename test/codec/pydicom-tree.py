# Lists, per file, every element pydicom (force=True) reads: tag path -> SHA-1 of the raw value
# bytes as stored, or "SQ <items>" for sequences. stdin: one path per line; stdout: JSON lines.
import hashlib, json, sys, warnings
import pydicom
from pydicom.dataelem import RawDataElement
from pydicom.datadict import dictionary_VR

warnings.simplefilter('ignore')

def tag_text(tag):
    return '(%04X,%04X)' % (tag.group, tag.element)

def walk(dataset, prefix, out):
    for tag in list(dataset.keys()):
        raw = dataset.get_item(tag)
        key = prefix + tag_text(tag)
        try:
            known_sq = dictionary_VR(tag) == 'SQ'
        except KeyError:
            known_sq = False
        if isinstance(raw, RawDataElement) and raw.VR != 'SQ' and not known_sq and raw.length != 0xFFFFFFFF:
            out[key] = hashlib.sha1(raw.value or b'').hexdigest()
            continue
        element = dataset[tag]
        if element.VR == 'SQ':
            out[key] = 'SQ %d' % len(element.value)
            for index, item in enumerate(element.value):
                walk(item, '%s[%d].' % (key, index), out)
        else:
            out[key] = None  # converted value: raw bytes no longer known

for line in sys.stdin:
    path = line.strip()
    out = {}
    try:
        dataset = pydicom.dcmread(path, force=True)
        walk(dataset.file_meta, '', out)
        walk(dataset, '', out)
        print(json.dumps({'path': path, 'elements': out}), flush=True)
    except Exception as error:
        print(json.dumps({'path': path, 'error': str(error)}), flush=True)
