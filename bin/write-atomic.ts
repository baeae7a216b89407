// Writing an output file so that a reader never sees half of it and a failure
// leaves nothing behind: write a temporary file in the same directory, then
// rename it over the target. A directory created for it is removed again when
// the write fails.
import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export function writeFileAtomic(path: string, content: string): void {
  const dir = dirname(path);
  const created = mkdirSync(dir, { recursive: true });
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    writeFileSync(tmp, content, { flag: 'wx' });
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    if (created) rmSync(created, { recursive: true, force: true });
    throw e;
  }
}
