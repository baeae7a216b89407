// Where the MNIST scripts keep the converted network that the tests and the demo read.
import { fileURLToPath } from 'node:url';

/** The committed converted network (784-128-10, 8-bit weights). */
export const DEFAULT_NETWORK_FILE = fileURLToPath(new URL('./mnist-784-128-10.snn.json', import.meta.url));
