import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OPTION_SPECS, validateOptions } from './schema.ts';

const context = { cpuCount: 2 };

describe('validateOptions', () => {
  it('applies the contract defaults once', () => {
    const { options, errors } = validateOptions({ input: 'in', output: 'out/' }, context);
    assert.deepEqual(errors, []);
    assert.deepEqual(options, {
      input: 'in',
      output: 'out/',
      privateDir: 'out-private',
      demographics: undefined,
      links: undefined,
      distance: 0.2,
      idPrefix: 'subj_',
      idLength: 8,
      ids: 'hash',
      profile: 'research',
      retain: [],
      clean: [],
      remove: [],
      privateTags: 'keep',
      onResidue: 'stop',
      documents: 'exclude',
      dropColumns: [],
      jobs: 2,
      dryRun: false,
      json: false,
    });
  });

  it('takes the basic profile with its options, defaulting private tags to remove, and refuses options it has not', () => {
    const basic = validateOptions({ input: 'in', output: 'out', profile: 'basic', retain: 'modified-dates, device', clean: 'descriptors' }, context).options;
    assert.deepEqual([basic?.profile, basic?.retain, basic?.clean, basic?.privateTags], ['basic', ['modified-dates', 'device'], ['descriptors'], 'remove']);
    assert.equal(validateOptions({ input: 'in', output: 'out', profile: 'basic', privateTags: 'keep' }, context).options?.privateTags, 'keep');
    const refused = (written: Record<string, string>) => validateOptions({ input: 'in', output: 'out', ...written }, context).errors.map((e) => e.message).join('; ');
    assert.match(refused({ retain: 'uids' }), /--retain: only with --profile basic/);
    assert.match(refused({ clean: 'descriptors' }), /--clean: only with --profile basic/);
    assert.match(refused({ profile: 'basic', retain: 'full-dates,modified-dates' }), /exclude each other/);
    assert.match(refused({ profile: 'basic', retain: 'everything' }), /unknown "everything"/);
    assert.match(refused({ profile: 'strict' }), /--profile: must be one of research, basic/);
  });

  it('parses strings as the CLI and the form send them', () => {
    const { options } = validateOptions(
      { input: 'in', output: 'out', distance: '0.3', idLength: '10', remove: 'InstitutionName, (0008,1040)', dryRun: 'true' },
      context,
    );
    assert.equal(options?.distance, 0.3);
    assert.equal(options?.idLength, 10);
    assert.deepEqual(options?.remove, ['InstitutionName', '(0008,1040)']);
    assert.equal(options?.dryRun, true);
  });

  it('reads a tag written 0008,1040 in --remove as one item, and leaves other lists split at every comma', () => {
    const { options } = validateOptions({ input: 'in', output: 'out', remove: '0010,1000,InstitutionName,0008, 1040', dropColumns: '2020,2021' }, context);
    assert.deepEqual(options?.remove, ['0010,1000', 'InstitutionName', '0008,1040']);
    assert.deepEqual(options?.dropColumns, ['2020', '2021']);
  });

  it('returns every problem, each naming its flag', () => {
    const { options, errors } = validateOptions({ distance: '1.5', ids: 'random', idLength: '7.5', idPrefix: 'a/b' }, context);
    assert.equal(options, undefined);
    assert.deepEqual(
      errors.map((error) => error.message),
      [
        '<input>: is required',
        '--output: is required',
        '--distance: must be between 0 and 1, got 1.5',
        '--id-length: expected a whole number, got "7.5"',
        '--ids: must be one of hash, order, got "random"',
        '--id-prefix: only letters, digits, "_", "-" and "." are allowed (it becomes a folder name)',
      ],
    );
  });

  it('refuses an id prefix and length whose ids would not fit PatientID (an LO of 64 characters)', () => {
    const base = { input: 'in', output: 'out', idLength: '32' };
    assert.ok(validateOptions({ ...base, idPrefix: 'p'.repeat(32) }, context).options);
    const { errors } = validateOptions({ ...base, idPrefix: 'p'.repeat(33) }, context);
    assert.deepEqual(errors.map((error) => error.message), ['--id-prefix and --id-length: an id of 65 characters does not fit PatientID (at most 64)']);
  });

  it('describes every option field exactly once', () => {
    const keys = OPTION_SPECS.map((spec) => spec.key);
    assert.equal(new Set(keys).size, keys.length);
    const { options } = validateOptions({ input: 'i', output: 'o' }, context);
    assert.deepEqual([...keys].sort(), Object.keys(options ?? {}).sort());
  });
});
