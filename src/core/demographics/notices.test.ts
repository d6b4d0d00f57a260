import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeDemographics } from './notices.ts';
import { parseDemographicsCsv } from './read-csv.ts';

describe('describeDemographics', () => {
  const sheet = 'Nom;Prénom;DDN;Sexe\nDupont;Jean;1980-01-01;M\nDUPONT;Jean;;M\nMartin;Léa;1990-01-01;F\nMartin;Lea;1991-01-01;F\n;;;M\n';
  const table = parseDemographicsCsv(new TextEncoder().encode(sheet), 'people.csv');
  const { info, warnings } = describeDemographics(table);

  it('sums up how the file was read', () => {
    assert.deepEqual(info, ['people.csv: 4 patient row(s) (UTF-8, semicolon-separated), header on line 1, name from "Nom" + "Prénom", birth date from "DDN", sex from "Sexe"']);
  });

  it('reports duplicates and ignored lines by line number, never by name', () => {
    assert.deepEqual(warnings, [
      'people.csv: lines 2 and 3 have the same name and nothing tells them apart: a patient matching them is left ambiguous until links.csv says which row is theirs',
      'people.csv: lines 4 and 5 have the same name; their birth dates or sexes tell them apart',
      'people.csv, line 6: has no name in "Nom" or "Prénom"; the row is ignored',
    ]);
    assert.doesNotMatch([...info, ...warnings].join('\n'), /dupont|martin|jean|l[eé]a/i);
  });
});
