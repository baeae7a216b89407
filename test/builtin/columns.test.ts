// runColumns and bind() on the built-in back end (see columns-suite.ts).
import { describe } from 'vitest';
import { createBuiltinSimulator } from '../../testbenches/builtin/index.ts';
import { columnsSuite } from './columns-suite.ts';

describe('built-in back end: runColumns and bind()', () => {
  columnsSuite((ir) => createBuiltinSimulator(ir), 300);
});
