// How a flow reports its long steps. The command line passes one that prints
// "label..." and "label: done in 3.1s" on stderr; tests and benchmarks pass
// `silent` or their own.
export interface Progress {
  step<T>(label: string, work: () => Promise<T> | T): Promise<T>;
  note(text: string): void;
}

export const silent: Progress = {
  step: async (_label, work) => work(),
  note: () => {},
};
