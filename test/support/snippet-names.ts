// Which names a README snippet uses without defining, importing or getting them from the platform:
// each snippet is compiled alone by TypeScript (DOM and Node globals; imports are not followed, an
// imported name is in scope whatever its module) and only "Cannot find name" diagnostics are kept.
// Type errors are not this check's business: the examples' builds and tests cover the code.
import { resolve } from 'node:path';
import ts from 'typescript';

/** TypeScript codes for a name that is not in scope. */
const UNKNOWN_NAME = new Set([2304, 2552, 2663, 18004]);


/** A snippet as a file TypeScript can check: a Vue SFC's `<script setup>` with its compiler macros declared. */
function asSource(language: string, code: string): { name: string; text: string } {
  if (language !== 'vue') return { name: `snippet.${language === 'js' ? 'js' : language === 'tsx' ? 'tsx' : 'ts'}`, text: code };
  const script = /<script setup[^>]*>([\s\S]*?)<\/script>/.exec(code)?.[1] ?? '';
  return { name: 'snippet.ts', text: `declare function defineProps<T>(): T;\n${script}` };
}

/** The names each snippet uses but never gets, as "name (line)". */
export function unknownNames(snippets: Array<{ language: string; code: string }>): string[][] {
  const files = snippets.map((snippet, i) => {
    const { name, text } = asSource(snippet.language, snippet.code);
    return { path: resolve(`.readme-snippets/${i}/${name}`), text };
  });
  const options: ts.CompilerOptions = {
    noEmit: true, allowJs: true, checkJs: true, skipLibCheck: true, strict: false,
    target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler,
    jsx: ts.JsxEmit.ReactJSX, lib: ['lib.es2023.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'], types: ['node'],
    experimentalDecorators: true, noResolve: true,
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
  return files.map((file) =>
    ts
      .getPreEmitDiagnostics(program, program.getSourceFile(file.path))
      .filter((d) => d.file?.fileName === file.path && UNKNOWN_NAME.has(d.code))
      .map((d) => `${ts.flattenDiagnosticMessageText(d.messageText, '\n')} (line ${d.file!.getLineAndCharacterOfPosition(d.start!).line + 1})`),
  );
}
