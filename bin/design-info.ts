// What a design file exports, read from its source with ts-morph WITHOUT
// running it: for every exported `design(name, defaults, body, { doc })` call,
// the export and design names, the doc comment, and each parameter's name,
// type, default and doc comment. The parameter type comes from
// `design<P>(...)`, `defaults as P` / `satisfies P`, or the body's `p: P`
// annotation, resolved through interfaces, aliases and imports by the type
// checker; without one it is inferred from the defaults.
import {
  Node,
  Project,
  ts,
  type CallExpression,
  type Expression,
  type ObjectLiteralExpression,
  type SourceFile,
  type Symbol as TsSymbol,
  type Type,
  type TypeNode,
} from 'ts-morph';
import { UserError } from './errors.ts';
import { displayPath } from './user-frames.ts';

export interface ParamInfo {
  name: string;
  /** The declared type as written (e.g. 'number', 'readonly number[]'). */
  type: string;
  optional: boolean;
  /** The default as a value when it is a literal (bigints as "123n"); absent otherwise. */
  default?: unknown;
  /** The default as written in the source; absent when the defaults leave it out. */
  defaultText?: string;
  doc?: string;
}

export interface DesignInfo {
  /** Export name ('default' for a default export). */
  export: string;
  /** The design name (first argument of design()); null when it is not a constant string. */
  name: string | null;
  /** file:line of the design() call. */
  loc: string;
  /** The JSDoc comment above the export, else the `doc` option. */
  doc?: string;
  /** The `doc` option, when given and different from `doc`. */
  docOption?: string;
  /** Further export names of the same design (`export const B = A`). */
  alsoExportedAs?: string[];
  /** Name of the parameter type when one is declared (e.g. 'CounterParams'). */
  paramsType?: string;
  params: ParamInfo[];
}

export interface FileInfo {
  file: string;
  designs: DesignInfo[];
}

function makeProject(): Project {
  return new Project({
    compilerOptions: {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      allowImportingTsExtensions: true,
      noEmit: true,
      strict: true,
      skipLibCheck: true,
      // Only the declarations matter here; leaving out @types keeps this fast.
      types: [],
      lib: ['lib.es5.d.ts'],
    },
    skipAddingFilesFromTsConfig: true,
  });
}

/** Comment text as one line per paragraph: JSDoc line breaks inside a paragraph become spaces. */
function cleanDoc(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const paragraphs = text
    .replace(/\r/g, '')
    .split(/\n\s*\n/)
    .map((p) =>
      p
        .split('\n')
        .map((l) => l.trim())
        .join(' ')
        .replace(/\s+/g, ' ')
        .trim(),
    )
    .filter((p) => p.length > 0);
  return paragraphs.length ? paragraphs.join('\n') : undefined;
}

function jsDocOf(node: Node | undefined): string | undefined {
  if (!node) return undefined;
  if (Node.isJSDocable(node)) {
    const docs = node.getJsDocs();
    const last = docs[docs.length - 1];
    if (last) return cleanDoc(last.getDescription());
  }
  // Nodes that are not JSDocable (e.g. `export default`): read a /** */ comment before them.
  const ranges = node.getLeadingCommentRanges().filter((r) => r.getText().startsWith('/**'));
  const last = ranges[ranges.length - 1];
  if (!last) return undefined;
  const body = last
    .getText()
    .replace(/^\/\*\*|\*\/$/g, '')
    .split('\n')
    .map((l) => l.replace(/^\s*\* ?/, ''))
    .join('\n');
  return cleanDoc(body.replace(/(^|\n)@[\s\S]*$/, ''));
}

function unwrap(e: Expression): Expression {
  let x: Expression = e;
  for (;;) {
    if (Node.isParenthesizedExpression(x) || Node.isNonNullExpression(x)) x = x.getExpression();
    else if (Node.isAsExpression(x) || Node.isSatisfiesExpression(x) || Node.isTypeAssertion(x)) x = x.getExpression();
    else return x;
  }
}

/** The type written on an expression (`x as T`, `x satisfies T`, `<T>x`), outermost first. */
function assertedType(e: Expression): TypeNode | undefined {
  let x: Expression = e;
  for (;;) {
    if (Node.isAsExpression(x) || Node.isSatisfiesExpression(x) || Node.isTypeAssertion(x)) {
      const t = x.getTypeNode();
      if (t && t.getText() !== 'const') return t;
      x = x.getExpression();
    } else if (Node.isParenthesizedExpression(x) || Node.isNonNullExpression(x)) x = x.getExpression();
    else return undefined;
  }
}

function isDesignCallee(callee: Node): boolean {
  if (Node.isPropertyAccessExpression(callee)) return callee.getName() === 'design';
  if (!Node.isIdentifier(callee)) return false;
  if (callee.getText() === 'design') return true;
  // `import { design as d } from ...`
  const sym = callee.getSymbol();
  const target = sym?.getAliasedSymbol() ?? sym;
  return target?.getName() === 'design';
}

/** The design() call an exported declaration stands for, following `export const B = A` aliases. */
function designCallOf(node: Node, depth = 0): CallExpression | undefined {
  if (depth > 8) return undefined;
  let expr: Expression | undefined;
  if (Node.isVariableDeclaration(node)) expr = node.getInitializer();
  else if (Node.isExportAssignment(node)) expr = node.getExpression();
  else if (Node.isExpression(node)) expr = node;
  if (!expr) return undefined;
  const inner = unwrap(expr);
  if (Node.isCallExpression(inner)) return isDesignCallee(inner.getExpression()) ? inner : undefined;
  if (Node.isIdentifier(inner)) {
    const sym = inner.getSymbol();
    const target = sym?.getAliasedSymbol() ?? sym;
    for (const d of target?.getDeclarations() ?? []) {
      const c = designCallOf(d, depth + 1);
      if (c) return c;
    }
  }
  return undefined;
}

/** The statement whose JSDoc documents an exported declaration. */
function docHost(node: Node): Node | undefined {
  if (Node.isVariableDeclaration(node)) return node.getVariableStatement();
  if (Node.isExportAssignment(node)) return node;
  return node.getParentWhile((p) => !Node.isStatement(p)) ?? node;
}

type Literal = { ok: true; value: unknown } | { ok: false };

/** The value of a literal expression (numbers, strings, booleans, bigints, arrays and objects of them). */
function literalValue(e: Node): Literal {
  if (Node.isParenthesizedExpression(e) || Node.isAsExpression(e) || Node.isSatisfiesExpression(e)) return literalValue(e.getExpression());
  if (Node.isNumericLiteral(e)) return { ok: true, value: e.getLiteralValue() };
  if (Node.isStringLiteral(e) || Node.isNoSubstitutionTemplateLiteral(e)) return { ok: true, value: e.getLiteralValue() };
  if (Node.isTrueLiteral(e) || Node.isFalseLiteral(e)) return { ok: true, value: e.getLiteralValue() };
  if (Node.isNullLiteral(e)) return { ok: true, value: null };
  if (Node.isBigIntLiteral(e)) return { ok: true, value: `${e.getText().replace(/n$/, '')}n` };
  if (Node.isPrefixUnaryExpression(e)) {
    const v = literalValue(e.getOperand());
    const op = e.getOperatorToken();
    if (v.ok && typeof v.value === 'number' && (op === ts.SyntaxKind.MinusToken || op === ts.SyntaxKind.PlusToken)) {
      return { ok: true, value: op === ts.SyntaxKind.MinusToken ? -v.value : v.value };
    }
    return { ok: false };
  }
  if (Node.isArrayLiteralExpression(e)) {
    const out: unknown[] = [];
    for (const el of e.getElements()) {
      const v = literalValue(el);
      if (!v.ok) return { ok: false };
      out.push(v.value);
    }
    return { ok: true, value: out };
  }
  if (Node.isObjectLiteralExpression(e)) {
    const out: Record<string, unknown> = {};
    for (const p of e.getProperties()) {
      if (!Node.isPropertyAssignment(p)) return { ok: false };
      const v = literalValue(p.getInitializerOrThrow());
      if (!v.ok) return { ok: false };
      out[p.getName().replace(/^['"]|['"]$/g, '')] = v.value;
    }
    return { ok: true, value: out };
  }
  return { ok: false };
}

/** The object literal of the defaults, following a `const defaults = {...}` reference. */
function defaultsLiteral(e: Expression | undefined): ObjectLiteralExpression | undefined {
  if (!e) return undefined;
  const inner = unwrap(e);
  if (Node.isObjectLiteralExpression(inner)) return inner;
  if (Node.isIdentifier(inner)) {
    for (const d of inner.getSymbol()?.getDeclarations() ?? []) {
      if (Node.isVariableDeclaration(d)) {
        const lit = defaultsLiteral(d.getInitializer());
        if (lit) return lit;
      }
    }
  }
  return undefined;
}

function propertyName(p: Node): string | undefined {
  if (Node.isPropertyAssignment(p) || Node.isShorthandPropertyAssignment(p)) return p.getName().replace(/^['"]|['"]$/g, '');
  return undefined;
}

/** Where the parameter type is written: design<P>(), defaults `as P`, or the body's `p: P`. */
function paramsTypeNode(call: CallExpression): TypeNode | undefined {
  const typeArg = call.getTypeArguments()[0];
  if (typeArg) return typeArg;
  const [, defaults, body] = call.getArguments();
  const asserted = defaults && Node.isExpression(defaults) ? assertedType(defaults) : undefined;
  if (asserted) return asserted;
  if (body && (Node.isArrowFunction(body) || Node.isFunctionExpression(body))) return body.getParameters()[1]?.getTypeNode();
  return undefined;
}

function typeText(sym: TsSymbol, at: Node): string {
  const decl = sym.getDeclarations()[0];
  if (decl && (Node.isPropertySignature(decl) || Node.isPropertyDeclaration(decl))) {
    const tn = decl.getTypeNode();
    if (tn) return tn.getText().replace(/\s+/g, ' ');
  }
  const t: Type = sym.getTypeAtLocation(at);
  return t.getBaseTypeOfLiteralType().getText(at, ts.TypeFormatFlags.UseAliasDefinedOutsideCurrentScope);
}

function paramsOf(call: CallExpression): { paramsType?: string; params: ParamInfo[] } {
  const [, defaultsArg] = call.getArguments();
  const literal = defaultsLiteral(defaultsArg as Expression | undefined);
  const given = new Map<string, Node>();
  for (const p of literal?.getProperties() ?? []) {
    const n = propertyName(p);
    if (n !== undefined) given.set(n, p);
  }
  const typeNode = paramsTypeNode(call);
  const type = typeNode ? typeNode.getType() : defaultsArg?.getType();
  const at = typeNode ?? defaultsArg ?? call;
  const params: ParamInfo[] = [];
  const listed = new Set<string>();
  for (const sym of type?.getApparentProperties() ?? []) {
    const name = sym.getName();
    listed.add(name);
    const decl = sym.getDeclarations()[0];
    const info: ParamInfo = { name, type: typeText(sym, at), optional: sym.isOptional() };
    addDefault(info, given.get(name));
    // No doc on the type: a doc comment on the default itself still counts.
    const doc = jsDocOf(decl) ?? (decl !== given.get(name) ? jsDocOf(given.get(name)) : undefined);
    if (doc) info.doc = doc;
    params.push(info);
  }
  // Defaults the type does not declare (TypeScript reports these; list them anyway).
  for (const [name, node] of given) {
    if (listed.has(name)) continue;
    const info: ParamInfo = { name, type: typeText(node.getSymbolOrThrow(), node), optional: false };
    addDefault(info, node);
    const doc = jsDocOf(node);
    if (doc) info.doc = doc;
    params.push(info);
  }
  const out: { paramsType?: string; params: ParamInfo[] } = { params };
  if (typeNode) out.paramsType = typeNode.getText().replace(/\s+/g, ' ');
  return out;
}

function addDefault(info: ParamInfo, prop: Node | undefined): void {
  if (!prop) return;
  if (Node.isPropertyAssignment(prop)) {
    const init = prop.getInitializerOrThrow();
    const v = literalValue(init);
    if (v.ok) info.default = v.value;
    info.defaultText = init.getText().replace(/\s+/g, ' ');
  } else if (Node.isShorthandPropertyAssignment(prop)) {
    info.defaultText = prop.getName();
  }
}

function stringArg(e: Node | undefined): string | null {
  if (!e) return null;
  const v = literalValue(e);
  if (v.ok && typeof v.value === 'string') return v.value;
  const lit = e.getType().getLiteralValue();
  return typeof lit === 'string' ? lit : null;
}

function docOption(call: CallExpression): string | undefined {
  const opts = call.getArguments()[3];
  const lit = opts ? defaultsLiteral(opts as Expression) : undefined;
  const prop = lit?.getProperty('doc');
  if (!prop || !Node.isPropertyAssignment(prop)) return undefined;
  const v = stringArg(prop.getInitializerOrThrow());
  return v === null ? undefined : cleanDoc(v);
}

function syntaxErrors(project: Project, sf: SourceFile): void {
  const diags = project.getProgram().getSyntacticDiagnostics(sf);
  if (diags.length === 0) return;
  const fmt = (d: (typeof diags)[number]): { line: number; text: string } => {
    const line = d.getLineNumber() ?? 0;
    const msg = d.getMessageText();
    return { line, text: typeof msg === 'string' ? msg : msg.getMessageText() };
  };
  const [first, ...rest] = diags.map(fmt);
  const file = displayPath(sf.getFilePath());
  throw new UserError(first!.text, {
    code: 'syntax',
    loc: { file, line: first!.line, column: 0 },
    details: rest.map((r) => `${file}:${r.line}: error[syntax]: ${r.text}`),
  });
}

/** Reads the designs a file exports; UserError when it has none or does not parse. */
export function readDesignInfo(path: string): FileInfo {
  const project = makeProject();
  const sf = project.addSourceFileAtPath(path);
  syntaxErrors(project, sf);
  const found: { info: DesignInfo; order: [number, string, number] }[] = [];
  const seen = new Map<CallExpression, DesignInfo>();
  for (const [exportName, decls] of sf.getExportedDeclarations()) {
    for (const decl of decls) {
      const call = designCallOf(decl);
      if (!call) continue;
      const earlier = seen.get(call);
      if (earlier) {
        if (earlier.export !== exportName) (earlier.alsoExportedAs ??= []).push(exportName);
        continue;
      }
      const args = call.getArguments();
      const callFile = call.getSourceFile();
      const jsdoc = jsDocOf(docHost(decl));
      const option = docOption(call);
      const info: Omit<DesignInfo, 'params'> & { params?: ParamInfo[] } = {
        export: exportName,
        name: stringArg(args[0]),
        loc: `${displayPath(callFile.getFilePath())}:${call.getStartLineNumber()}`,
      };
      const doc = jsdoc ?? option;
      if (doc) info.doc = doc;
      if (option && option !== doc) info.docOption = option;
      const { paramsType, params } = paramsOf(call);
      if (paramsType) info.paramsType = paramsType;
      info.params = params;
      // Designs of this file in source order, then re-exported ones by file and position.
      const own = callFile === sf ? 0 : 1;
      seen.set(call, info as DesignInfo);
      found.push({ info: info as DesignInfo, order: [own, callFile.getFilePath(), call.getStart()] });
    }
  }
  if (found.length === 0) {
    throw new UserError(`'${displayPath(path)}' exports no design`, {
      details: ['info looks for exports made by design(name, defaults, body), e.g. export const Counter = design(\'Counter\', ...)'],
    });
  }
  found.sort((a, b) => a.order[0] - b.order[0] || (a.order[1] < b.order[1] ? -1 : a.order[1] > b.order[1] ? 1 : 0) || a.order[2] - b.order[2]);
  return { file: displayPath(path), designs: found.map((f) => f.info) };
}
