// Where the outside simulators live, and what a test does when one is missing:
// skip with a visible reason, or fail when SPIKEFORGE_REQUIRE_TOOLS=1 (CI).
import { execFileSync } from 'node:child_process';

export type ToolName = 'verilator' | 'iverilog' | 'vvp';

const INSTALL_HINT: Record<ToolName, string> = {
  verilator: 'apt-get install verilator',
  iverilog: 'apt-get install iverilog',
  vvp: 'apt-get install iverilog',
};

const found = new Map<ToolName, string | null>();

/** Absolute path of a tool on PATH, or null. */
export function findTool(name: ToolName): string | null {
  if (!found.has(name)) {
    let path: string | null = null;
    try {
      path = execFileSync('which', [name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || null;
    } catch {
      path = null;
    }
    found.set(name, path);
  }
  return found.get(name) ?? null;
}

export function toolsRequired(): boolean {
  return process.env.SPIKEFORGE_REQUIRE_TOOLS === '1';
}

export class MissingToolError extends Error {
  constructor(readonly tool: ToolName) {
    super(`${tool} is not installed (install it with: ${INSTALL_HINT[tool]})`);
    this.name = 'MissingToolError';
  }
}

/** Path of a tool, or a MissingToolError naming the install command. */
export function requireTool(name: ToolName): string {
  const p = findTool(name);
  if (!p) throw new MissingToolError(name);
  return p;
}

/**
 * For tests: whether a tool is there. When it is not and tools are required,
 * this throws, so CI cannot pass by skipping.
 */
export function haveTool(name: ToolName): boolean {
  if (findTool(name)) return true;
  if (toolsRequired()) throw new MissingToolError(name);
  console.warn(`[spikeforge] skipping ${name} tests: ${new MissingToolError(name).message}`);
  return false;
}
