// The output folder appears whole or not at all: a build writes into a hidden
// sibling and renames it at the end; a failed build becomes <out>.failed; a
// folder that is not an earlier build is never replaced.
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BoardError } from '../../boards/errors.ts';
import { BuildDir, REPORT_FILE, REPORT_TOOL } from '../../boards/flows/build-dir.ts';
import { removeWorkDirs, workDir } from '../cli/harness.ts';

afterAll(removeWorkDirs);

const report = JSON.stringify({ tool: REPORT_TOOL, ok: true });

describe('BuildDir', () => {
  it('shows nothing under the output name until commit, then exactly what was written', () => {
    const root = workDir();
    const out = join(root, 'sub', 'out');
    const d = BuildDir.open(out);
    d.write('a.txt', 'A');
    d.write(REPORT_FILE, report);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(join(root, 'sub'))).toEqual([expect.stringMatching(/^\.out\.\d+\.[0-9a-f]{8}\.tmp$/)]);
    expect(d.commit()).toBe(out);
    expect(readdirSync(join(root, 'sub'))).toEqual(['out']);
    expect(readdirSync(out).sort()).toEqual(['a.txt', REPORT_FILE]);
  });

  it('replaces an earlier build and removes a stale .failed', () => {
    const root = workDir();
    const out = join(root, 'out');
    const first = BuildDir.open(out);
    first.write('old.txt', 'old');
    first.write(REPORT_FILE, report);
    first.fail();
    const second = BuildDir.open(out);
    second.write('old.txt', 'old');
    second.write(REPORT_FILE, report);
    second.commit();
    const third = BuildDir.open(out);
    third.write('new.txt', 'new');
    third.write(REPORT_FILE, report);
    third.commit();
    expect(readdirSync(root)).toEqual(['out']);
    expect(readdirSync(out).sort()).toEqual(['new.txt', REPORT_FILE]);
  });

  it('keeps a failed build as <out>.failed and leaves an earlier good build alone', () => {
    const root = workDir();
    const out = join(root, 'out');
    const good = BuildDir.open(out);
    good.write(REPORT_FILE, report);
    good.commit();
    const bad = BuildDir.open(out);
    bad.write('yosys.log', 'ERROR: x');
    expect(bad.fail()).toBe(`${out}.failed`);
    expect(readdirSync(root).sort()).toEqual(['out', 'out.failed']);
    expect(readFileSync(join(out, REPORT_FILE), 'utf8')).toBe(report);
    expect(readdirSync(`${out}.failed`)).toEqual(['yosys.log']);
  });

  it('leaves nothing, not even a created parent folder, when discarded', () => {
    const root = workDir();
    const d = BuildDir.open(join(root, 'a', 'b', 'out'));
    d.write('x', 'y');
    d.discard();
    expect(readdirSync(root)).toEqual([]);
  });

  it('refuses to replace a folder that is not an earlier build, or a file', () => {
    const root = workDir();
    const src = join(root, 'src');
    mkdirSync(src);
    writeFileSync(join(src, 'design.ts'), 'keep me');
    expect(() => BuildDir.open(src)).toThrow(BoardError);
    expect(() => BuildDir.open(src)).toThrow(/will not replace '.*src': it is not empty and has no report.json from an earlier spikeforge build/);
    writeFileSync(join(root, 'file'), 'x');
    expect(() => BuildDir.open(join(root, 'file'))).toThrow(/it is a file/);
    expect(readFileSync(join(src, 'design.ts'), 'utf8')).toBe('keep me');
    expect(readdirSync(root).sort()).toEqual(['file', 'src']);
  });
});
