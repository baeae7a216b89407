// Every IP timing diagram, in the order `npm run docs` draws them.
import type { IpDiagram } from './diagram.ts';
import { neuronDiagram } from './neuron.ts';
import { synapseDelayDiagram } from './synapse-delay.ts';
import { coreDiagram } from './core.ts';
import { denseDiagram } from './dense.ts';
import { attentionDiagram } from './attention.ts';
import { aerDecoderDiagram, aerEncoderDiagram } from './aer.ts';
import { uartBridgeDiagram, uartRxDiagram, uartTxDiagram } from './uart.ts';

export const ipDiagrams: readonly IpDiagram[] = [
  neuronDiagram,
  synapseDelayDiagram,
  coreDiagram,
  denseDiagram,
  attentionDiagram,
  aerEncoderDiagram,
  aerDecoderDiagram,
  uartRxDiagram,
  uartTxDiagram,
  uartBridgeDiagram,
];
