import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { identityPredicate } from './identity-text.ts';

describe('identityPredicate', () => {
  const contains = identityPredicate([
    { names: ['DUPONT^Jean', 'Dupont Jean-Marc'], ids: ['PAT-0042'] },
    { names: ['Lefèvre Zoé'], ids: ['77'] },
  ]);
  const found = [
    'seen by dupont',
    'DUPONTJEAN',
    'jean_dupont 2019',
    'Mme LEFEVRE',
    'lefevre-zoe',
    'zoelefevre',
    'id PAT-0042 in notes',
    'pat0042',
    'PAT 0042',
    // Every name word of four letters or more counts alone, given names included.
    'Jean',
  ];
  for (const text of found) it(`finds a name or id in ${JSON.stringify(text)}`, () => assert.equal(contains(text), true));
  const clean = ['dupontel', 'Zoé', 'normal follow-up', '77 kg', 'PAT-00421', '-1.5', ''];
  for (const text of clean) it(`finds nothing in ${JSON.stringify(text)}`, () => assert.equal(contains(text), false));
});
