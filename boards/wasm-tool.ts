// Runs a YoWASP command (Yosys, nextpnr-ice40, icepack: WebAssembly builds
// with the same calling convention) over in-memory files, collecting its
// output. A non-zero exit is a result, not an exception, so callers can show
// the tool's own log.
export type WasmCommand = (
  args: string[],
  files: Record<string, string | Uint8Array>,
  options: { stdout: (b: Uint8Array | null) => void; stderr: (b: Uint8Array | null) => void },
) => unknown;

export interface WasmToolRun {
  /** Exit code: 0 on success; -1 when the tool trapped (see `trap`). */
  code: number;
  /** The file tree the tool left (strings or bytes). */
  files: Record<string, unknown>;
  log: string;
}

/**
 * `trap`: what to do when the tool stops without an exit code (a WebAssembly
 * trap — nextpnr aborts that way after some errors): 'fail' reports code -1
 * with the message appended to the log, 'throw' rethrows.
 */
export async function runWasmTool(run: WasmCommand, args: string[], files: Record<string, string | Uint8Array>, trap: 'fail' | 'throw'): Promise<WasmToolRun> {
  const chunks: Uint8Array[] = [];
  const collect = (b: Uint8Array | null): void => {
    if (b) chunks.push(Uint8Array.from(b));
  };
  let tree: unknown;
  let code = 0;
  try {
    tree = await run(args, files, { stdout: collect, stderr: collect });
  } catch (e) {
    const exit = e as { code?: unknown; files?: unknown };
    if (typeof exit.code === 'number') {
      code = exit.code;
      tree = exit.files;
    } else if (trap === 'throw') {
      throw e;
    } else {
      code = -1;
      chunks.push(Buffer.from(`\n(the tool stopped: ${e instanceof Error ? e.message : String(e)})\n`));
    }
  }
  return { code, files: (tree ?? {}) as Record<string, unknown>, log: Buffer.concat(chunks).toString('utf8') };
}
