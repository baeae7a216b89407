// From an IR design to its built model. The model cache is keyed by the
// emitted Verilog (build.ts), but emitting Verilog for a large design takes a
// noticeable fraction of a second, so a second, cheaper key leads to it: a hash
// of the IR (source locations, origins and docs left out, as they only change
// comments), the Verilog generator's own source files and the build settings.
// `<cache root>/index/<that key>` holds the model hash; on a hit the Verilog is
// never emitted. Within one process the same IR object is resolved once.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { IrDesign } from '../../hdl/ir.ts';
import { emitVerilog } from '../../generators/verilog/index.ts';
import { designHash } from '../builtin/canonical-hash.ts';
import {
  buildModel,
  defaultCacheRoot,
  DEFAULT_OPT_FAST,
  runtimeEntry,
  modelEntry,
  nativeSource,
  sha256,
  VERILATOR_FLAGS,
  type BuildOptions,
  type BuiltModel,
} from './build.ts';
import { mapDesign, type DesignMap } from './design-map.ts';
import { toolchain } from './toolchain.ts';

const GENERATOR_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'generators', 'verilog');

let generatorPrint: string | undefined;
/** A hash of the Verilog generator's sources: the Verilog of an IR can only change with them. */
function generatorFingerprint(): string {
  if (generatorPrint === undefined) {
    const files = readdirSync(GENERATOR_DIR).filter((f) => f.endsWith('.ts')).sort();
    generatorPrint = sha256(...files.flatMap((f) => [f, readFileSync(join(GENERATOR_DIR, f), 'utf8')]));
  }
  return generatorPrint;
}

export interface DesignModel {
  map: DesignMap;
  model: BuiltModel;
}

const resolved = new WeakMap<IrDesign, Map<string, DesignModel>>();

/** The model of `design`: from this process, from the disk cache, or built now. */
export function designModel(design: IrDesign, opts: BuildOptions = {}): DesignModel {
  const t0 = performance.now();
  const root = opts.cacheDir ?? defaultCacheRoot();
  const settings = `${root}\n${opts.optFast ?? DEFAULT_OPT_FAST}`;
  const known = resolved.get(design)?.get(settings);
  if (known && existsSync(join(known.model.dir, 'complete'))) {
    return { map: known.map, model: { ...known.model, cached: true, seconds: (performance.now() - t0) / 1000 } };
  }

  const tc = toolchain();
  const runtime = runtimeEntry(tc, root); // built with the model when needed
  const map = mapDesign(design);
  const irKey = sha256(
    'ir-index-1',
    designHash(design),
    map.config,
    generatorFingerprint(),
    nativeSource('glue.cpp'),
    runtime.key,
    opts.optFast ?? DEFAULT_OPT_FAST,
    VERILATOR_FLAGS.join(' '),
  ).slice(0, 32);
  const index = join(root, 'index', irKey);

  let model: BuiltModel | undefined;
  if (existsSync(index)) {
    const hash = readFileSync(index, 'utf8').trim();
    const dir = join(root, hash.slice(0, 32));
    if (/^[0-9a-f]{64}$/.test(hash) && existsSync(join(dir, 'complete')))
      model = { hash, dir, addon: join(dir, 'model.node'), cached: true, seconds: (performance.now() - t0) / 1000, runtime };
  }
  if (!model) {
    const src = { verilog: emitVerilog(design), config: map.config, top: map.topVerilog };
    model = buildModel(src, opts);
    model.seconds = (performance.now() - t0) / 1000;
    mkdirSync(dirname(index), { recursive: true });
    const tmp = `${index}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
    writeFileSync(tmp, model.hash + '\n');
    renameSync(tmp, index);
  }
  let perDesign = resolved.get(design);
  if (!perDesign) resolved.set(design, (perDesign = new Map()));
  perDesign.set(settings, { map, model });
  return { map, model };
}

/** Where the model of `design` is (or would be) cached, without building it. */
export function designModelEntry(design: IrDesign, opts: BuildOptions = {}): { hash: string; dir: string } {
  const map = mapDesign(design);
  const { hash, dir } = modelEntry({ verilog: emitVerilog(design), config: map.config, top: map.topVerilog }, opts);
  return { hash, dir };
}
