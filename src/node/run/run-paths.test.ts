import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { UsageError } from '../../core/errors.ts';
import { optionsFor, tempDir } from '../../../test/e2e/support.ts';
import { checkRunPaths, TEMP_DIR_NAME } from './run-paths.ts';

describe('checkRunPaths', () => {
  const dir = tempDir('paths');
  after(() => dir.remove());
  const input = join(dir.path, 'in');
  mkdirSync(input);
  const refused = (written: Parameters<typeof optionsFor>[0], own?: string) => {
    try {
      checkRunPaths(optionsFor(written), own);
      return undefined;
    } catch (error) {
      assert.ok(error instanceof UsageError);
      return error.code;
    }
  };

  it('accepts a new output beside the input', () => {
    assert.equal(refused({ input, output: join(dir.path, 'out') }), undefined);
  });

  it('refuses a missing input, outputs inside the input or around it, a private dir inside the output', () => {
    assert.equal(refused({ input: join(dir.path, 'missing'), output: join(dir.path, 'out') }), 'E_INPUT_MISSING');
    assert.equal(refused({ input, output: join(input, 'out') }), 'E_OUTPUT_IN_INPUT');
    assert.equal(refused({ input, output: dir.path }), 'E_OUTPUT_IN_INPUT');
    assert.equal(refused({ input, output: join(dir.path, 'out'), privateDir: join(dir.path, 'out', 'p') }), 'E_PRIVATE_IN_OUTPUT');
  });

  it('refuses a demographics sheet or links file inside the output, not beside it', () => {
    const output = join(dir.path, 'out');
    assert.equal(refused({ input, output, demographics: join(output, 'people.csv') }), 'E_NAMES_IN_OUTPUT');
    assert.equal(refused({ input, output, links: join(output, 'sub', 'links.csv') }), 'E_NAMES_IN_OUTPUT');
    assert.equal(refused({ input, output, demographics: join(dir.path, 'people.csv'), links: join(dir.path, 'links.csv') }), undefined);
  });

  it('refuses a links file inside the input, where the GUI would write the choices; a sheet there is only read', () => {
    const output = join(dir.path, 'out');
    assert.equal(refused({ input, output, links: join(input, 'links.csv') }), 'E_LINKS_IN_INPUT');
    assert.equal(refused({ input, output, demographics: join(input, 'people.csv') }), undefined);
  });

  it('refuses a non-empty folder unless it carries this private dir\'s dataset id', () => {
    const output = join(dir.path, 'used');
    mkdirSync(join(output, TEMP_DIR_NAME), { recursive: true });
    writeFileSync(join(output, 'other.txt'), 'x');
    assert.equal(refused({ input, output }), 'E_FOREIGN_OUTPUT');
    writeFileSync(join(output, TEMP_DIR_NAME, 'dataset'), 'abc\n');
    assert.equal(refused({ input, output }, 'abc'), undefined);
    assert.equal(refused({ input, output }, 'xyz'), 'E_FOREIGN_OUTPUT');
    writeFileSync(join(output, 'report.json'), JSON.stringify({ dataset: 'def' }));
    assert.equal(refused({ input, output }, 'def'), undefined);
  });
});
