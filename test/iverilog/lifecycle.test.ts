// The compiled-testbench cache on disk, and the life of the vvp child:
// close() ends it and removes its files; neither an uncaught exception, a
// SIGTERM nor a SIGKILL of the controlling process leaves a vvp running.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { elaborate } from '../../hdl/index.ts';
import { Counter } from '../../examples/counter.ts';
import { cacheRoot, createIcarusSimulator } from '../../testbenches/iverilog/index.ts';
import { haveIcarus, running, runScript, testCache, vvpChildren } from './helpers.ts';

const repo = path.resolve(import.meta.dirname, '../..');

function waitGone(pid: number): boolean {
  const until = Date.now() + 5000;
  while (running(pid) && Date.now() < until) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
  return !running(pid);
}

const childScript = (ending: string): string => `
  import { createIcarusSimulator } from ${JSON.stringify(path.join(repo, 'testbenches/iverilog/index.ts'))};
  import { elaborate } from ${JSON.stringify(path.join(repo, 'hdl/index.ts'))};
  import { Counter } from ${JSON.stringify(path.join(repo, 'examples/counter.ts'))};
  const sim = createIcarusSimulator(elaborate(Counter, {}));
  sim.reset();
  sim.step(3);
  console.log(JSON.stringify({ pid: sim.startInfo.pid, dir: sim.startInfo.workDir, count: String(sim.peek('count')) }));
  ${ending}
`;

describe.skipIf(!haveIcarus)('Icarus back end: cache and process life', () => {
  const cache = testCache();

  it('compiles once per design and reuses the .vvp from the cache', () => {
    const d = elaborate(Counter, { width: 5 });
    const a = createIcarusSimulator(d, { cacheDir: cache });
    expect(a.startInfo.cached).toBe(false);
    expect(a.startInfo.compileSeconds).toBeGreaterThan(0);
    expect(a.startInfo.vvp).toBe(path.join(cache, 'iverilog', a.startInfo.hash, 'sim.vvp'));
    expect(fs.existsSync(a.startInfo.vvp)).toBe(true);
    const b = createIcarusSimulator(d, { cacheDir: cache });
    expect(b.startInfo.cached).toBe(true);
    expect(b.startInfo.hash).toBe(a.startInfo.hash);
    // Two simulators of one design are independent.
    a.reset();
    b.reset();
    a.poke('en', 1);
    a.step(4);
    b.step(2);
    expect(a.peek('count')).toBe(4n);
    expect(b.peek('count')).toBe(0n);
    a.close();
    b.close();
    // A different design is another entry; no temporary build directories stay behind.
    createIcarusSimulator(elaborate(Counter, { width: 6 }), { cacheDir: cache }).close();
    const entries = fs.readdirSync(path.join(cache, 'iverilog'));
    expect(entries.filter((e) => /^[0-9a-f]{64}$/.test(e)).length).toBe(2);
    expect(entries.filter((e) => e.startsWith('.tmp'))).toEqual([]);
  });

  it('uses $SPIKEFORGE_CACHE, and no cache at all with cache: false', () => {
    const saved = process.env.SPIKEFORGE_CACHE;
    const root = path.join(cache, 'env-root');
    process.env.SPIKEFORGE_CACHE = root;
    try {
      expect(cacheRoot()).toBe(root);
      const sim = createIcarusSimulator(elaborate(Counter, { width: 7 }));
      expect(sim.startInfo.vvp.startsWith(path.join(root, 'iverilog'))).toBe(true);
      sim.close();
      const off = path.join(cache, 'unused');
      const tmp = createIcarusSimulator(elaborate(Counter, { width: 7 }), { cache: false, cacheDir: off });
      expect(tmp.startInfo.cached).toBe(false);
      expect(fs.existsSync(off)).toBe(false);
      expect(fs.existsSync(tmp.startInfo.vvp)).toBe(false); // the temporary build is gone once vvp runs
      tmp.reset();
      expect(tmp.peek('count')).toBe(0n);
      tmp.close();
    } finally {
      if (saved === undefined) delete process.env.SPIKEFORGE_CACHE;
      else process.env.SPIKEFORGE_CACHE = saved;
    }
  });

  it('close() ends vvp and removes its files; no vvp child is left over', () => {
    const before = vvpChildren().length;
    const sims = [1, 2, 3].map(() => createIcarusSimulator(elaborate(Counter, {}), { cacheDir: cache }));
    expect(vvpChildren().length).toBe(before + 3);
    for (const s of sims) {
      expect(running(s.startInfo.pid)).toBe(true);
      expect(fs.existsSync(s.startInfo.workDir)).toBe(true);
      s.close();
      expect(running(s.startInfo.pid)).toBe(false);
      expect(fs.existsSync(s.startInfo.workDir)).toBe(false);
    }
    expect(vvpChildren().length).toBe(before);
  });

  for (const [what, ending] of [
    ['an uncaught exception', "throw new Error('boom');"],
    ['SIGTERM', "process.kill(process.pid, 'SIGTERM');"],
    ['SIGKILL', "process.kill(process.pid, 'SIGKILL');"],
  ] as const) {
    it(`leaves no vvp running after ${what} in the controlling process`, () => {
      const out = runScript(childScript(ending), { SPIKEFORGE_CACHE: cache });
      const info = JSON.parse(out.trim().split('\n')[0]!) as { pid: number; dir: string; count: string };
      expect(info.count).toBe('0'); // it really ran: reset, no enable
      expect(waitGone(info.pid)).toBe(true);
      // With SIGKILL no handler runs, so the temporary directory stays (vvp still ends on its own).
      if (what !== 'SIGKILL') expect(fs.existsSync(info.dir)).toBe(false);
      else fs.rmSync(info.dir, { recursive: true, force: true });
    });
  }
});
