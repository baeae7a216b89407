// Differential fuzzing from the command line:
//
//   npm run fuzz -- --designs 1000 --seed 1 [--batch 50] [--cycles 200] [--ops 30]
//                   [--backends builtin,builtin-opt,verilator,iverilog] [--no-save]
//                   [--regressions test/fuzz/regressions] [--replay <regression.json>]
//
// Prints progress per batch and a summary; a disagreement is saved under
// test/fuzz/regressions/ (unless --no-save) and makes the exit code 1.
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { availableBackends } from '../backends.ts';
import { runCampaign, type Finding } from './campaign.ts';
import { runDifferential, type ConfigRun, type Disagreement, type FuzzConfig } from './differential.ts';
import { classifyFinding, KNOWN_BUGS, type KnownBug } from './known-bugs.ts';
import { loadRegression } from './regression.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const DEFAULT_REGRESSIONS = join(ROOT, 'test', 'fuzz', 'regressions');
const CONFIGS: readonly FuzzConfig[] = ['builtin', 'builtin-opt', 'verilator', 'iverilog'];

interface Args {
  designs: number;
  seed: number;
  batch: number;
  cycles: number;
  ops: number;
  configs: FuzzConfig[];
  save: boolean;
  regressions: string;
  replay?: string;
  cacheDir: string;
}

const HELP = `usage: npm run fuzz -- [options]
  --designs N        random designs to generate and run (default 100)
  --seed S           campaign seed (default 1)
  --batch B          designs per top module, i.e. per Verilator build (default 50)
  --cycles C         stimulus cycles per batch (default 200)
  --ops N            operations per design (default 30)
  --backends LIST    configurations: builtin, builtin-opt (built-in on the folded and pruned IR),
                     verilator, iverilog (default: every installed one, plus builtin-opt)
  --no-save          do not save disagreeing designs as regressions
  --regressions DIR  where regressions go (default test/fuzz/regressions)
  --replay FILE      run one saved regression and print what each configuration shows
  --cache DIR        compile cache (default: $TMPDIR/spikeforge-fuzz-cache)`;

function parse(argv: string[]): Args {
  const a: Args = {
    designs: 100,
    seed: 1,
    batch: 50,
    cycles: 200,
    ops: 30,
    configs: CONFIGS.filter((c) => c === 'builtin-opt' || availableBackends().includes(c as 'builtin')),
    save: true,
    regressions: DEFAULT_REGRESSIONS,
    cacheDir: join(tmpdir(), 'spikeforge-fuzz-cache'),
  };
  const int = (name: string, v: string | undefined): number => {
    if (v === undefined || !/^\d+$/.test(v)) throw new Error(`--${name} needs a whole number, got '${v ?? ''}'`);
    return Number(v);
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [name, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(2, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg.replace(/^--/, ''), undefined];
    const value = (): string | undefined => inline ?? argv[++i];
    switch (name) {
      case 'designs':
        a.designs = int(name, value());
        break;
      case 'seed':
        a.seed = int(name, value());
        break;
      case 'batch':
        a.batch = Math.max(1, int(name, value()));
        break;
      case 'cycles':
        a.cycles = Math.max(1, int(name, value()));
        break;
      case 'ops':
        a.ops = Math.max(1, int(name, value()));
        break;
      case 'backends': {
        const list = (value() ?? '').split(',').map((s) => s.trim()).filter(Boolean);
        for (const c of list) if (!CONFIGS.includes(c as FuzzConfig)) throw new Error(`unknown configuration '${c}' (configurations: ${CONFIGS.join(', ')})`);
        a.configs = list as FuzzConfig[];
        break;
      }
      case 'no-save':
        a.save = false;
        break;
      case 'regressions':
        a.regressions = value() ?? a.regressions;
        break;
      case 'replay':
        a.replay = value();
        break;
      case 'cache':
        a.cacheDir = value() ?? a.cacheDir;
        break;
      case 'help':
      case 'h':
        console.log(HELP);
        process.exit(0);
        break;
      default:
        throw new Error(`unknown option '${arg}'\n${HELP}`);
    }
  }
  return a;
}

function showDisagreement(d: Disagreement): string {
  const values = Object.entries(d.values).map(([k, v]) => `${k}=${v}`).join(' ');
  return `'${d.signal}' at cycle ${d.cycle}: ${values}${d.suspects.length ? ` (odd one${d.suspects.length > 1 ? 's' : ''} out: ${d.suspects.join(', ')})` : ''}`;
}

function showRuns(runs: ConfigRun[]): string {
  return runs.map((r) => `${r.config} ${r.error !== undefined ? 'ERROR' : `${r.createSeconds.toFixed(1)}+${r.runSeconds.toFixed(1)}s`}`).join(', ');
}

function hex(seed: number): string {
  return `0x${(seed >>> 0).toString(16).padStart(8, '0')}`;
}

function main(): number {
  const args = parse(process.argv.slice(2));
  if (args.replay) {
    const reg = loadRegression(args.replay);
    const r = runDifferential(reg.design, reg.stimulus, { configs: args.configs, resetCycles: reg.file.resetCycles, cacheDir: args.cacheDir });
    console.log(`${reg.file.name} (${reg.file.status}): ${reg.stimulus.rows.length} cycles on ${args.configs.join(', ')}`);
    for (const run of r.runs) if (run.error !== undefined) console.log(`  ${run.config}: ERROR ${run.error.split('\n')[0]}`);
    for (const d of r.disagreements) console.log(`  ${showDisagreement(d)}`);
    if (r.disagreements.length === 0 && r.runs.every((x) => x.error === undefined)) console.log('  all configurations agree');
    else {
      const suspects = [...new Set([...r.disagreements.flatMap((d) => d.suspects), ...r.runs.filter((x) => x.error !== undefined).map((x) => x.config)])];
      const known = classifyFinding(reg.design, reg.stimulus, suspects, { resetCycles: reg.file.resetCycles, cacheDir: args.cacheDir });
      console.log(known ? `  explained by known bug(s): ${known.join(', ')}` : '  not explained by a known bug');
    }
    return r.disagreements.length > 0 || r.runs.some((x) => x.error !== undefined) ? 1 : 0;
  }

  console.log(`fuzz: ${args.designs} designs, seed ${args.seed}, ${args.batch} per batch, ${args.cycles} cycles, ${args.ops} ops per design`);
  console.log(`configurations: ${args.configs.join(', ')}`);
  const findings: Finding[] = [];
  const result = runCampaign({
    designs: args.designs,
    seed: args.seed,
    batch: args.batch,
    cycles: args.cycles,
    ops: args.ops,
    configs: args.configs,
    cacheDir: args.cacheDir,
    ...(args.save ? { saveDir: args.regressions } : {}),
    onEvent: (e) => {
      switch (e.kind) {
        case 'batch-done':
          console.log(`[batch ${e.batch + 1}/${e.batches}] ${e.disagreements === 0 ? 'agree' : `${e.disagreements} disagreeing design(s)`} (${showRuns(e.runs)}; ${e.seconds.toFixed(1)}s)`);
          break;
        case 'finding':
          findings.push(e.finding);
          {
            const f = e.finding;
            const shown = f.alone ?? f.inBatch;
            const what = shown ? `${showDisagreement(shown)}${f.alone ? '' : ' [only in the batch]'}` : 'no disagreement alone';
            console.log(`  design ${f.index} (seed ${hex(f.seed)}): ${what}${f.known ? ` [known bug: ${f.known.join(' + ')}]` : ' [NEW]'}`);
            for (const err of f.aloneErrors) console.log(`    ${err.config} failed on it alone: ${err.message.split('\n')[0]}`);
          }
          if (e.finding.saved) console.log(`    saved ${relative(process.cwd(), e.finding.saved)}`);
          break;
        case 'generator-error':
          console.log(`  generator error, design ${e.index} (seed ${hex(e.seed)}): ${e.message}`);
          break;
        case 'config-error':
          console.log(`  ${e.config} failed on batch ${e.batch + 1}: ${e.message.split('\n').slice(0, 3).join(' | ')}`);
          break;
        case 'progress':
          break;
      }
    },
  });
  console.log('');
  console.log(`summary: ${result.designs} designs in ${result.batches} batch(es), ${result.cycles} cycles per configuration, ${result.seconds.toFixed(0)}s`);
  for (const [c, t] of Object.entries(result.timing)) console.log(`  ${c.padEnd(12)} build/start ${t.create.toFixed(1)}s, simulate ${t.run.toFixed(1)}s`);
  const fresh = result.findings.filter((f) => f.known === null);
  console.log(`  disagreeing designs: ${result.findings.length} (${fresh.length} not explained by a known bug); generator errors: ${result.generatorErrors.length}; configuration failures on batches: ${result.configErrors.length}`);
  for (const [bug, n] of Object.entries(result.known)) console.log(`  known bug ${bug}: ${n} design(s) — ${KNOWN_BUGS[bug as KnownBug]}`);
  for (const f of fresh) console.log(`  NEW: design ${f.index} (seed ${hex(f.seed)})${f.saved ? `, saved ${relative(process.cwd(), f.saved)}` : ''}`);
  return result.findings.length + result.generatorErrors.length > 0 ? 1 : 0;
}

try {
  process.exitCode = main();
} catch (e) {
  console.error(`fuzz: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 2;
}
