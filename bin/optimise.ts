// The IR the generators get: constants folded, then unused logic removed.
import type { IrDesign } from '../hdl/index.ts';
import { foldConstants, removeDeadLogic } from '../hdl/passes/index.ts';

export function optimise(ir: IrDesign): IrDesign {
  return removeDeadLogic(foldConstants(ir));
}
