/**
 * Hands a URL or a folder to the desktop: the default browser for the GUI's address, the file
 * manager for the output and private folders. Failure is not an error: the URL is printed anyway.
 */
import { spawn } from 'node:child_process';

/** The platform's opener command and its arguments for `target`. */
export function openerCommand(target: string, platform: NodeJS.Platform = process.platform): [string, string[]] {
  if (platform === 'darwin') return ['open', [target]];
  // `start` is a cmd built-in; its first quoted argument is a window title, hence the empty one.
  // Quoted, a folder with spaces stays one argument and `&` in a URL is not a command separator.
  if (platform === 'win32') return ['cmd', ['/c', 'start', '""', `"${target.replaceAll('"', '')}"`]];
  return ['xdg-open', [target]];
}

/** Opens `target` without waiting for it; resolves false when no opener could be started. */
export function openExternal(target: string): Promise<boolean> {
  const [command, args] = openerCommand(target);
  return new Promise((resolve) => {
    try {
      // cmd parses its own command line: Node's quoting of `""` would reach it mangled.
      const child = spawn(command, args, { detached: true, stdio: 'ignore', windowsHide: true, windowsVerbatimArguments: process.platform === 'win32' });
      child.once('error', () => resolve(false));
      child.once('spawn', () => {
        child.unref();
        resolve(true);
      });
    } catch {
      resolve(false);
    }
  });
}
