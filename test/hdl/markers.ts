// Finds the line of a `// @mark name` comment in a test file, so tests can
// assert that an error names the user's source line without hard-coding it.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export function markerLines(fileUrl: string): (name: string) => number {
  const lines = readFileSync(fileURLToPath(fileUrl), 'utf8').split('\n');
  return (name: string) => {
    const i = lines.findIndex((l) => l.includes(`// @mark ${name}`) && !l.includes('markerLines'));
    if (i < 0) throw new Error(`no marker ${name}`);
    return i + 1;
  };
}
