/**
 * The private key behind every pseudonym: 32 random bytes in `<private-dir>/key`, created on the
 * first run with mode 0600 and reused by every later run. Creation is exclusive (`wx`), so two runs
 * starting together end up with one key: the loser reads the winner's.
 */
import { randomBytes } from 'node:crypto';
import { link, mkdir, open, readFile, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '../../core/errors.ts';

/** Size of the key in bytes (HMAC-SHA-256's block of entropy). */
export const KEY_BYTES = 32;
/** Name of the key file inside the private dir. */
export const KEY_FILE = 'key';
const MAX_KEY_FILE_BYTES = 1024;

// Hex text, so a user who opens the file sees it is not a document, and a copy through a text
// tool (e-mail, clipboard) survives.
function encode(key: Uint8Array): string {
  return `${Buffer.from(key).toString('hex')}\n`;
}

function decode(bytes: Uint8Array, path: string): Uint8Array {
  // 32 raw bytes are accepted too: a key restored from a backup tool that stored it binary.
  if (bytes.length === KEY_BYTES) return new Uint8Array(bytes);
  const hex = Buffer.from(bytes).toString('latin1').trim();
  if (!/^[0-9a-f]+$/i.test(hex) || hex.length !== KEY_BYTES * 2) {
    throw new UsageError('E_KEY_MALFORMED', `the private key ${path} is malformed: expected ${KEY_BYTES * 2} hexadecimal characters or ${KEY_BYTES} bytes; restore it from a backup (ids cannot be reproduced without it)`, { file: path });
  }
  return new Uint8Array(Buffer.from(hex, 'hex'));
}

async function readKey(path: string): Promise<Uint8Array> {
  let bytes: Uint8Array;
  try {
    // A key is 65 bytes of text; anything much larger is not one, and is not read whole.
    const info = await stat(path);
    if (!info.isFile()) throw new UsageError('E_KEY_UNREADABLE', `the private key ${path} cannot be read: it is not a file`, { file: path });
    const size = info.size;
    if (size > MAX_KEY_FILE_BYTES) {
      throw new UsageError('E_KEY_MALFORMED', `the private key ${path} is malformed: ${size} bytes, expected ${KEY_BYTES * 2 + 1}; restore it from a backup (ids cannot be reproduced without it)`, { file: path });
    }
    bytes = await readFile(path);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError('E_KEY_UNREADABLE', `the private key ${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`, { file: path }, { cause: error });
  }
  return decode(bytes, path);
}

/**
 * The key of `privateDir`, created (with the folder) when absent.
 * Throws UsageError `E_KEY_UNREADABLE` or `E_KEY_MALFORMED` rather than ever replacing a key (a new
 * key would silently give every known patient a new id), `E_KEY_CREATE` when it cannot be made.
 * @example const key = await loadOrCreateKey('/data/study-private');
 */
export async function loadOrCreateKey(privateDir: string): Promise<Uint8Array> {
  const path = join(privateDir, KEY_FILE);
  try {
    return await readKey(path);
  } catch (error) {
    const cause = (error as UsageError).cause as NodeJS.ErrnoException | undefined;
    if (!(error instanceof UsageError) || error.code !== 'E_KEY_UNREADABLE' || cause?.code !== 'ENOENT') throw error;
  }
  try {
    await createKey(privateDir, path);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError('E_KEY_CREATE', `the private key ${path} cannot be created (${(error as NodeJS.ErrnoException).code ?? String(error)})`, { file: path }, { cause: error });
  }
  return readKey(path);
}

async function createKey(privateDir: string, path: string): Promise<void> {
  await mkdir(privateDir, { recursive: true, mode: 0o700 });
  const key = new Uint8Array(randomBytes(KEY_BYTES));
  // Written whole under a temporary name, then linked in exclusively: a reader never sees half a key.
  const temp = join(privateDir, `.key-${process.pid}-${randomBytes(6).toString('hex')}`);
  const handle = await open(temp, 'wx', 0o600);
  try {
    await handle.writeFile(encode(key));
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await linkExclusive(temp, path);
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

/** Publishes `temp` as `path` unless `path` exists (then the existing key wins). */
async function linkExclusive(temp: string, path: string): Promise<void> {
  try {
    await link(temp, path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return;
    // File systems without hard links (some network and FAT shares): an exclusive create instead.
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP' || code === 'ENOSYS') {
      const handle = await open(path, 'wx', 0o600).catch((openError: NodeJS.ErrnoException) => {
        if (openError.code === 'EEXIST') return undefined;
        throw openError;
      });
      if (handle === undefined) return;
      try {
        await handle.writeFile(await readFile(temp));
        await handle.sync();
      } finally {
        await handle.close();
      }
      return;
    }
    throw error;
  }
}
