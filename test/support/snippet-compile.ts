// README snippets compiled as a reader pastes them, one file each, in one TypeScript program (DOM
// and Node globals; the package's entries resolved to src/, other packages from node_modules).
// TypeScript, TSX and Vue `<script setup>` code is type-checked in full (strict), except imports of
// the reader's own files or of packages not installed here ('./config', '@angular/core'); a Vue
// template is not checked (it needs Vue's compiler). In JavaScript snippets only names out of scope
// count ("Cannot find name"): express is untyped here.
import { resolve } from 'node:path';
import ts from 'typescript';

/** TypeScript codes for a name that is not in scope. */
const UNKNOWN_NAME = new Set([2304, 2552, 2663, 18004]);
const MODULE_NOT_FOUND = 2307;

export interface Snippet {
  language: string;
  code: string;
}

/** A snippet as a file TypeScript can check: of a Vue SFC, its `<script setup>` with the compiler macro declared. */
function asSource(snippet: Snippet): { extension: string; text: string; full: boolean } {
  if (snippet.language === 'vue') {
    const script = /<script setup[^>]*>([\s\S]*?)<\/script>/.exec(snippet.code)?.[1] ?? '';
    return { extension: 'ts', text: `declare function defineProps<T>(): T;\n${script}`, full: true };
  }
  if (snippet.language === 'js') return { extension: 'js', text: snippet.code, full: false };
  return { extension: snippet.language, text: snippet.code, full: true };
}

/** What is wrong with each snippet, as "message (line n)"; empty arrays when all compile. */
export function snippetProblems(snippets: Snippet[]): string[][] {
  const files = snippets.map((snippet, i) => {
    const { extension, text, full } = asSource(snippet);
    return { path: resolve(`.readme-snippets/${i}.${extension}`), text, full };
  });
  const options: ts.CompilerOptions = {
    noEmit: true, allowJs: true, checkJs: true, skipLibCheck: true, strict: true,
    target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler,
    jsx: ts.JsxEmit.ReactJSX, lib: ['lib.es2023.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'], types: ['node'],
    experimentalDecorators: true,
    paths: { 'nutrient-viewer-session': [resolve('src/index.ts')], 'nutrient-viewer-session/*': [resolve('src/*/index.ts')] },
  };
  const host = ts.createCompilerHost(options);
  const virtual = new Map(files.map((f) => [f.path, f.text]));
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, version, ...rest) =>
    virtual.has(name) ? ts.createSourceFile(name, virtual.get(name)!, version, true) : getSourceFile(name, version, ...rest);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => virtual.has(name) || fileExists(name);
  const readFile = host.readFile.bind(host);
  host.readFile = (name) => virtual.get(name) ?? readFile(name);
  const program = ts.createProgram(files.map((f) => f.path), options, host);
  const counts = (file: (typeof files)[number], d: ts.Diagnostic) => {
    const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    if (!file.full) return UNKNOWN_NAME.has(d.code);
    return d.code !== MODULE_NOT_FOUND || message.includes("'nutrient-viewer-session");
  };
  return files.map((file) =>
    ts
      .getPreEmitDiagnostics(program, program.getSourceFile(file.path))
      .filter((d) => d.file?.fileName === file.path && counts(file, d))
      .map((d) => `${ts.flattenDiagnosticMessageText(d.messageText, '\n')} (line ${d.file!.getLineAndCharacterOfPosition(d.start!).line + 1})`),
  );
}
