// The output folder of a build, made atomic: everything is written into a
// hidden temporary sibling (`.<name>.<pid>.<random>.tmp`), which is renamed to
// the output folder only when the whole build succeeded. A build that fails
// after its tools ran is renamed to `<name>.failed` instead (logs, partial
// report with "ok": false), replacing an earlier `.failed`; a build that fails
// before any tool ran leaves nothing. An existing output folder is replaced
// only when it is an earlier spikeforge build (its report.json says so) or
// empty, so `--out .` or a source folder is never deleted.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { BoardError } from '../errors.ts';

export const REPORT_FILE = 'report.json';
export const REPORT_TOOL = 'spikeforge build';

/** Is `dir` something a build may replace: missing, empty, or an earlier build? */
function replaceable(dir: string): { ok: boolean; why?: string } {
  if (!existsSync(dir)) return { ok: true };
  if (!statSync(dir).isDirectory()) return { ok: false, why: 'it is a file' };
  const entries = readdirSync(dir);
  if (entries.length === 0) return { ok: true };
  try {
    const r = JSON.parse(readFileSync(join(dir, REPORT_FILE), 'utf8')) as { tool?: unknown };
    if (r.tool === REPORT_TOOL) return { ok: true };
  } catch {
    // Not a build folder.
  }
  return { ok: false, why: `it is not empty and has no ${REPORT_FILE} from an earlier spikeforge build` };
}

export class BuildDir {
  /** The final output folder. */
  readonly out: string;
  /** Where files go while the build runs. */
  readonly tmp: string;
  private readonly createdParent: string | undefined;
  private readonly files = new Set<string>();
  private closed = false;

  private constructor(out: string, tmp: string, createdParent: string | undefined) {
    this.out = out;
    this.tmp = tmp;
    this.createdParent = createdParent;
  }

  /** Checks that `out` may be (re)placed and creates the temporary folder next to it. */
  static open(outDir: string): BuildDir {
    const out = resolve(outDir);
    const r = replaceable(out);
    if (!r.ok) throw new BoardError('output', `will not replace '${outDir}': ${r.why}`, ['choose another --out folder, or remove it']);
    const failed = `${out}.failed`;
    const rf = replaceable(failed);
    if (!rf.ok) throw new BoardError('output', `will not replace '${failed}': ${rf.why}`);
    const createdParent = mkdirSync(dirname(out), { recursive: true });
    const tmp = join(dirname(out), `.${basename(out)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    mkdirSync(tmp);
    return new BuildDir(out, tmp, createdParent);
  }

  write(name: string, content: string | Uint8Array): void {
    if (this.closed) throw new Error(`build folder already closed (writing ${name})`);
    writeFileSync(join(this.tmp, name), content);
    this.files.add(name);
  }

  /** Names written so far, sorted. */
  list(): string[] {
    return [...this.files].sort();
  }

  /** Moves the finished build into place (replacing an earlier build) and drops a stale `.failed`. */
  commit(): string {
    this.closed = true;
    this.swapInto(this.out);
    rmSync(`${this.out}.failed`, { recursive: true, force: true });
    return this.out;
  }

  /** Keeps what the failed build wrote as `<out>.failed`; returns that path. */
  fail(): string {
    this.closed = true;
    const failed = `${this.out}.failed`;
    this.swapInto(failed);
    return failed;
  }

  /** Removes everything the build wrote (bad input found before any tool ran). */
  discard(): void {
    this.closed = true;
    rmSync(this.tmp, { recursive: true, force: true });
    if (this.createdParent) rmSync(this.createdParent, { recursive: true, force: true });
  }

  private swapInto(target: string): void {
    // Renaming over a non-empty folder fails, so an earlier build is moved aside first and removed after.
    let aside: string | undefined;
    if (existsSync(target)) {
      aside = `${this.tmp}.old`;
      renameSync(target, aside);
    }
    try {
      renameSync(this.tmp, target);
    } catch (e) {
      if (aside) renameSync(aside, target);
      throw e;
    }
    if (aside) rmSync(aside, { recursive: true, force: true });
  }
}
