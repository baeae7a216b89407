// Golden text of the IR dump for the examples: any change to elaboration,
// naming or source locations shows up here as a readable diff. Regenerate with
// SPIKEFORGE_UPDATE_GOLDEN=1 after checking the diff by eye.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { elaborate, type Design } from '../../hdl/index.ts';
import { dumpIr } from '../../hdl/passes/index.ts';
import { Counter } from '../../examples/counter.ts';
import { LifNeuron } from '../../examples/lif-neuron.ts';
import { Fifo } from '../../examples/fifo.ts';
import { PipelineStage } from '../../examples/pipeline-stage.ts';
import { NeuronPair } from '../../examples/neuron-pair.ts';

const GOLDEN = join(import.meta.dirname, 'golden');
const update = process.env.SPIKEFORGE_UPDATE_GOLDEN === '1';

describe('IR dump of the examples', () => {
  for (const d of [Counter, LifNeuron, Fifo, PipelineStage, NeuronPair] as Design[]) {
    it(`${d.name} matches test/hdl/golden/${d.name}.ir`, () => {
      const text = dumpIr(elaborate(d));
      const file = join(GOLDEN, `${d.name}.ir`);
      if (update || !existsSync(file)) writeFileSync(file, text);
      expect(text).toBe(readFileSync(file, 'utf8'));
    });
  }
});
