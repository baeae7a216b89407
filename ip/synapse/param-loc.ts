// Where a bad parameter came from: the first frame outside hdl/ and ip/, i.e.
// the user's elaborate() or instance() call. Cells keep their own (library)
// lines; only parameter errors point at the user.
import { dirname, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { callerLoc, type SourceLoc } from '../../hdl/index.ts';

const HDL_DIR = fileURLToPath(new URL('../../hdl/', import.meta.url));
const IP_DIR = dirname(dirname(fileURLToPath(import.meta.url))) + sep;
const FRAME = /^\s*at (?:.*? \()?(.+?):(\d+):(\d+)\)?$/;

export function paramLoc(): SourceLoc {
  for (const line of (new Error().stack ?? '').split('\n').slice(1)) {
    const f = FRAME.exec(line);
    if (!f) continue;
    const file = f[1]!.startsWith('file://') ? fileURLToPath(f[1]!) : f[1]!;
    if (file.startsWith('node:') || file.includes(`${sep}node_modules${sep}`) || file.startsWith(HDL_DIR) || file.startsWith(IP_DIR)) continue;
    const rel = relative(process.cwd(), file);
    return { file: (rel.startsWith('..') ? file : rel).split(sep).join('/'), line: Number(f[2]), column: Number(f[3]) };
  }
  return callerLoc();
}
