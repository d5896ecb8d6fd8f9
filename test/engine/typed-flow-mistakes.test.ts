import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const ROOT = path.join(__dirname, '../..');
const FILE = path.join(__dirname, 'typed-flow-mistakes.ts');
const DIRECTIVE = /\/\/ @ts-expect-error "([^"]+)": (.*)$/;

interface Planted {
  /** 1-based line of the mistake (the line after its directive). */
  line: number;
  /** What its error must name, quoted as tsc quotes it. */
  names: string;
  why: string;
}

/**
 * `tsc` already fails when a `@ts-expect-error` line compiles; it does not say *why* the others fail.
 * Here the file is compiled without its directives: every error must sit on a planted line and name
 * its mistake, so a line that fails for some other reason (a typo in the test itself) is caught.
 */
describe('typed flows: the mistakes tsc refuses', () => {
  const source = readFileSync(FILE, 'utf8');
  const lines = source.split('\n');
  const planted: Planted[] = lines.flatMap((text, index) => {
    const match = DIRECTIVE.exec(text);
    return match ? [{ line: index + 2, names: match[1] ?? '', why: match[2] ?? '' }] : [];
  });
  const errors = compileWithoutDirectives(lines.map((l) => l.replace('@ts-expect-error', 'planted:')));

  it('finds every planted mistake in the file', () => {
    expect(planted.length).toBe(source.split('// @ts-expect-error').length - 1);
    expect(planted.length).toBeGreaterThanOrEqual(20);
  });

  it('has no error other than the planted ones', () => {
    const stray = errors.filter((e) => !planted.some((p) => p.line === e.line));
    expect(stray).toEqual([]);
  });

  it.each(planted.map((p) => [p.names, p.why, p] as const))('refuses %s (%s)', (names, _why, { line }) => {
    const here = errors.filter((e) => e.line === line).map((e) => e.message);
    expect(here.length).toBeGreaterThan(0);
    const quoted = new RegExp(`['"]${names.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}['"]`);
    expect(here.some((message) => quoted.test(message))).toBe(true);
  });
});

/** The file's type errors, with the project's compiler options, as (1-based line, flattened message). */
function compileWithoutDirectives(lines: string[]): { line: number; message: string }[] {
  const config = ts.getParsedCommandLineOfConfigFile(
    path.join(ROOT, 'tsconfig.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  );
  if (!config) throw new Error('tsconfig.json could not be read');
  const options = { ...config.options, noEmit: true };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const text = lines.join('\n');
  host.readFile = (name) => (path.resolve(name) === FILE ? text : readFile(name));
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, language, onError) =>
    path.resolve(name) === FILE
      ? ts.createSourceFile(name, text, language, true)
      : getSourceFile(name, language, onError);
  const program = ts.createProgram([FILE], options, host);
  const file = program.getSourceFile(FILE);
  if (!file) throw new Error(`${FILE} was not compiled`);
  return ts.getPreEmitDiagnostics(program, file).map((d) => ({
    line: d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : 0,
    message: ts.flattenDiagnosticMessageText(d.messageText, '\n'),
  }));
}
