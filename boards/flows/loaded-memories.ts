// Memories whose contents a host writes after configuration: the weight banks
// of an ip/core NeurosynapticCore built with `weightLoad: 'runtime'` (loaded
// over the UART, docs/board-top.md). In the IR every memory starts from its
// `init` or from 0 (two-state), and the Verilog generator writes those zeros
// as `initial` statements; synthesis would keep them as power-up contents,
// and a memory with power-up contents cannot be iCE40 UltraPlus SPRAM (SPRAM
// has no initialisation). The board flow drops the power-up contents of these
// memories only (Yosys: `delete` their `$meminit_v2` cells before synthesis),
// so their contents on the board are undefined until the host loads them.
import { verilogModuleNames, verilogNames } from '../../generators/verilog/index.ts';
import type { IrDesign } from '../../hdl/ir.ts';
import { weightMemoryName } from '../../ip/core/index.ts';

export interface LoadedMemory {
  /** Verilog module name. */
  module: string;
  /** Verilog memory name in that module. */
  memory: string;
}

/** The runtime-loaded memories of a design, by their Verilog names, in design order. */
export function runtimeLoadedMemories(ir: IrDesign): LoadedMemory[] {
  const moduleNames = verilogModuleNames(ir);
  const out: LoadedMemory[] = [];
  for (const mod of ir.modules) {
    const o = mod.origin;
    if (o?.design !== 'NeurosynapticCore' || o.params.weightLoad !== 'runtime') continue;
    const lanes = typeof o.params.lanes === 'number' ? o.params.lanes : 1;
    const banks = new Set(Array.from({ length: lanes }, (_, l) => weightMemoryName(l)));
    const names = verilogNames(mod, ir);
    mod.memories.forEach((m, i) => {
      // A bank with contents of its own is not runtime-loaded, whatever its name.
      if (banks.has(m.name) && m.init === undefined) out.push({ module: moduleNames.get(mod.name) ?? mod.name, memory: names.memories[i]! });
    });
  }
  return out;
}

/** Yosys commands, between read_verilog and synthesis, that drop the power-up contents of `mems`. */
export function dropPowerUpContents(mems: readonly LoadedMemory[]): string[] {
  return mems.map((x) => `delete ${x.module}/t:$meminit_v2 ${x.module}/r:MEMID=\\${x.memory} %i`);
}
