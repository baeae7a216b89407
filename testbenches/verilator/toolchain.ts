// The outside programs and files the Verilator back end builds with: verilator
// itself (its version and include directory), g++, and the Node-API headers.
// Looked up once per process; a missing verilator is a MissingToolError.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { requireTool } from '../tools.ts';

export interface Toolchain {
  verilator: string;
  /** `verilator --version` first line, e.g. 'Verilator 5.006 2023-01-22 rev (Debian 5.006-3)'. */
  verilatorVersion: string;
  /** VERILATOR_ROOT/include. */
  verilatorInclude: string;
  cxx: string;
  /** `g++ --version` first line. */
  cxxVersion: string;
  /** Directory holding node_api.h. */
  nodeInclude: string;
}

let cached: Toolchain | undefined;

/** Where Node's own headers are: the running node's prefix first, then the usual system places. */
export function findNodeInclude(): string | null {
  const candidates: string[] = [];
  const prefix = (process.config as { variables?: { node_prefix?: string } }).variables?.node_prefix;
  if (prefix) candidates.push(join(prefix, 'include', 'node'));
  candidates.push(join(process.execPath, '..', '..', 'include', 'node'), '/usr/include/node', '/usr/local/include/node');
  return candidates.find((dir) => existsSync(join(dir, 'node_api.h'))) ?? null;
}

function firstLine(cmd: string, args: string[]): string {
  return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).split('\n')[0]!.trim();
}

export function toolchain(): Toolchain {
  if (cached) return cached;
  const verilator = requireTool('verilator');
  const verilatorVersion = firstLine(verilator, ['--version']);
  const root = firstLine(verilator, ['--getenv', 'VERILATOR_ROOT']);
  const verilatorInclude = join(root, 'include');
  if (!existsSync(join(verilatorInclude, 'verilated.h')))
    throw new Error(`verilator is installed but its runtime headers are missing (no ${join(verilatorInclude, 'verilated.h')})`);
  const cxx = process.env.CXX || 'g++';
  let cxxVersion: string;
  try {
    cxxVersion = firstLine(cxx, ['--version']);
  } catch {
    throw new Error(`the Verilator back end needs a C++ compiler: '${cxx}' was not found (install it with: apt-get install g++)`);
  }
  const nodeInclude = findNodeInclude();
  if (!nodeInclude)
    throw new Error('the Verilator back end needs the Node-API headers (node_api.h); none found under the node prefix, /usr/include/node or /usr/local/include/node (install them with: apt-get install libnode-dev)');
  cached = { verilator, verilatorVersion, verilatorInclude, cxx, cxxVersion, nodeInclude };
  return cached;
}
