// Activity probes of ip/dense's DenseNetwork, from the hardware's own
// signals (docs/ip/dense.md): in layer k, `rd_valid` is high in the cycle a
// weight row reaches the M accumulators (M synaptic operations) and `update`
// in the cycle all M neurons update; M is the width of the layer's `spikes`
// port in the IR. The memories and their enables come from the IR.
import type { IrDesign } from '../../hdl/ir.ts';
import { memoryProbes, type ActivityProbes } from './activity-counter.ts';

export function denseNetworkProbes(design: IrDesign): ActivityProbes {
  const mods = new Map(design.modules.map((m) => [m.name, m]));
  const top = mods.get(design.top)!;
  const layers = top.instances.filter((i) => /^layer\d+$/.test(i.name));
  if (layers.length === 0) throw new Error(`${design.top} has no layer<k> instances: not a DenseNetwork`);
  const probes: ActivityProbes = { synapticOps: [], neuronUpdates: [], memories: memoryProbes(design) };
  for (const inst of layers) {
    const mod = mods.get(inst.module)!;
    const port = mod.ports.find((p) => p.name === 'spikes');
    if (!port) throw new Error(`${inst.name} (${inst.module}) has no spikes port`);
    const M = mod.nets[port.net]!.width;
    probes.synapticOps.push({ signal: `${inst.name}.rd_valid`, per: M });
    probes.neuronUpdates.push({ signal: `${inst.name}.update`, per: M });
  }
  return probes;
}
