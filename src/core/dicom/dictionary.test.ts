import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { pydicom, pydicomUnavailable } from '../../../test/support/checkers.ts';
import { UsageError } from '../errors.ts';
import { dictionaryEntry, dictionaryVrs, formatTag, keywordForTag, parseTagOrKeyword, tagForKeyword, vrForTag } from './dictionary.ts';

describe('vrForTag', () => {
  // [tag, VR, why] — expectations read from PS3.5 and PS3.6.
  const cases: [number, string | undefined, string][] = [
    [0x00100010, 'PN', 'PatientName'],
    [0x00080005, 'CS', 'SpecificCharacterSet'],
    [0x00081040, 'LO', 'InstitutionalDepartmentName'],
    [0x00080017, 'UI', 'AcquisitionUID, new in the 2022b edition'],
    [0x00020000, 'UL', 'meta group length'],
    [0x00180000, 'UL', 'any group length is UL'],
    [0x00090000, 'UL', 'private group length is UL'],
    [0x00090010, 'LO', 'private creator'],
    [0x7fe100ff, 'LO', 'last private creator slot'],
    [0x00091000, undefined, 'private data element: unknown'],
    [0x00090100, undefined, 'past the private creator range'],
    [0x7fe00010, 'OW', 'PixelData: OB or OW is OW in implicit VR'],
    [0x00280106, 'US', 'SmallestImagePixelValue: US or SS'],
    [0x60000010, 'US', 'OverlayRows, first overlay group'],
    [0x601e3000, 'OW', 'OverlayData, last overlay group'],
    [0x60010010, 'LO', 'odd 60xx group is private: creator'],
    [0x60203000, undefined, 'overlay groups stop at 601E'],
    [0x50100005, 'US', 'CurveDimensions in a curve group'],
    [0x002031ab, 'CS', 'SourceImageIDs, element range 31xx'],
    [0x00280410, 'US', 'RowsForNthOrderCoefficients, 04x0'],
    [0x10000005, 'US', 'ShiftTableTriplet, 1000xxx5'],
    [0xfffee000, undefined, 'Item has no VR'],
    [0xfffee0dd, undefined, 'SequenceDelimitationItem has no VR'],
  ];
  for (const [tag, vr, why] of cases) {
    test(`${formatTag(tag)} is ${vr ?? 'unknown'} (${why})`, () => assert.equal(vrForTag(tag), vr));
  }

  test('keeps the alternatives in the entry for callers that resolve them', () => {
    assert.equal(dictionaryEntry(0x7fe00010)?.vr, 'OB|OW');
    assert.equal(dictionaryEntry(0x00280106)?.vr, 'US|SS');
  });

  test('tags above 0x7FFFFFFF work whether given signed or unsigned', () => {
    assert.equal(vrForTag(0xfffa0000 | 0), 'UL');
    assert.equal(keywordForTag(0xfffafffa | 0), 'DigitalSignaturesSequence');
    assert.equal(keywordForTag(0xfffafffa), 'DigitalSignaturesSequence');
  });
});

describe('dictionaryVrs', () => {
  test('every VR the standard allows, for checking what a file declares', () => {
    assert.deepEqual(dictionaryVrs(0x00081030), ['LO']);
    assert.deepEqual(dictionaryVrs(0x00280106), ['US', 'SS']);
    assert.deepEqual(dictionaryVrs(0x00180000), ['UL']);
  });

  test('nothing for private tags, items and tags the standard does not define', () => {
    assert.equal(dictionaryVrs(0x00091001), undefined);
    assert.equal(dictionaryVrs(0x00090010), undefined);
    assert.equal(dictionaryVrs(0xfffee000), undefined);
    assert.equal(dictionaryVrs(0x60203000), undefined);
  });
});

describe('keywords', () => {
  test('tag ↔ keyword', () => {
    assert.equal(keywordForTag(0x00100020), 'PatientID');
    assert.equal(tagForKeyword('PatientID'), 0x00100020);
    assert.equal(tagForKeyword('OverlayData'), 0x60003000);
    assert.equal(keywordForTag(0x60023000), 'OverlayData');
    assert.equal(tagForKeyword('patientid'), undefined, 'keywords are case-sensitive');
    assert.equal(keywordForTag(0x00091010), undefined);
  });

  test('retired flag', () => {
    assert.equal(dictionaryEntry(0x00100010)?.retired, false);
    assert.equal(dictionaryEntry(0x00081000)?.retired, true, 'NetworkID is retired');
  });

  test('every keyword pydicom knows maps to the same tag and VR', { skip: pydicomUnavailable() }, () => {
    const script = `
import json
from pydicom.datadict import DicomDictionary, RepeatersDictionary, keyword_dict
print(json.dumps([[k, t, DicomDictionary[t][0]] for k, t in keyword_dict.items() if k]))`;
    const rows = JSON.parse(pydicom(script)) as [string, number, string][];
    assert.ok(rows.length > 4000);
    const wrong = rows.filter(([keyword, tag, vr]) => tagForKeyword(keyword) !== tag || dictionaryEntry(tag)?.vr !== vr.replaceAll(' or ', '|'));
    assert.deepEqual(wrong, []);
  });
});

describe('formatTag and parseTagOrKeyword', () => {
  test('formats with upper-case hex', () => {
    assert.equal(formatTag(0x00100010), '(0010,0010)');
    assert.equal(formatTag(0x7fe0000f), '(7FE0,000F)');
    assert.equal(formatTag(0xfffee000 | 0), '(FFFE,E000)');
  });

  for (const text of ['InstitutionName', '(0008,0080)', '00080080', '0008,0080', ' (0008, 0080) ', '0x00080080', '(0008,0080)'.toLowerCase()]) {
    test(`reads ${JSON.stringify(text)}`, () => assert.equal(parseTagOrKeyword(text), 0x00080080));
  }

  test('reads private and high tags unsigned', () => {
    assert.equal(parseTagOrKeyword('(0029,1010)'), 0x00291010);
    assert.equal(parseTagOrKeyword('FFFEE000'), 0xfffee000);
  });

  const bad: [string, RegExp][] = [
    ['institutionname', /Did you mean InstitutionName\?/],
    ['NoSuchKeyword', /"NoSuchKeyword" is neither a DICOM keyword nor a tag/],
    ['(0008,008)', /neither a DICOM keyword nor a tag/],
    ['0008008G', /neither/],
    ['', /An empty attribute name/],
  ];
  for (const [text, message] of bad) {
    test(`rejects ${JSON.stringify(text)} with a UsageError`, () => {
      assert.throws(
        () => parseTagOrKeyword(text),
        (error: unknown) => error instanceof UsageError && error.code === 'bad-attribute' && message.test(error.message) && /\(0008,1040\)/.test(error.message),
      );
    });
  }
});
