// An array of `n` holes, for tables indexed by net or cell. Not `new Array(n)`
// in a hot function: optimised code allocates that in place only up to 16376
// elements and throws the whole function's optimised code away the first
// time it meets a longer one (a big module, or a big design after small ones
// warmed the code up), to compile it all again.
export function holeyArray<T>(n: number): T[] {
  const a: T[] = [];
  a.length = n;
  return a;
}
