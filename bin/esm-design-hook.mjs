// A module resolve hook (plain JavaScript: it runs in Node's loader thread
// before any TypeScript support). tsx treats a .ts file as CommonJS when no
// package.json above it says "type": "module". A design file written with
// import/export in such a folder would then load its own CommonJS copy of
// hdl/, apart from the ESM copy the command line uses, and classes such as
// Flip would not be recognised across the two. Like Node's own
// --experimental-detect-module, this loads such ambiguous .ts files that use
// ES module syntax as ES modules, so there is one copy of everything.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const TS_FILE = /\.(?:ts|tsx)$/;
const ESM_SYNTAX = /^\s*(?:import\s*[\w{*'"]|export\s)/m;
const scopeHasType = new Map();

/** Whether the nearest package.json above `file` has a "type" field. */
function packageTypeDeclared(file) {
  let dir = dirname(file);
  for (;;) {
    if (scopeHasType.has(dir)) return scopeHasType.get(dir);
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      let declared = false;
      try {
        declared = typeof JSON.parse(readFileSync(pkg, 'utf8')).type === 'string';
      } catch {
        declared = false;
      }
      scopeHasType.set(dir, declared);
      return declared;
    }
    const up = dirname(dir);
    if (up === dir) return false;
    dir = up;
  }
}

export async function resolve(specifier, context, nextResolve) {
  const r = await nextResolve(specifier, context);
  if (!r.url.startsWith('file:') || (r.format !== 'commonjs' && r.format !== 'commonjs-typescript' && r.format != null)) return r;
  const file = fileURLToPath(r.url.split('?')[0]);
  if (!TS_FILE.test(file) || file.includes('/node_modules/') || packageTypeDeclared(file)) return r;
  let source;
  try {
    source = readFileSync(file, 'utf8');
  } catch {
    return r;
  }
  return ESM_SYNTAX.test(source) ? { ...r, format: 'module' } : r;
}
