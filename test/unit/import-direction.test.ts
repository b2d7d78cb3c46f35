import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';

const ROOT = path.resolve(__dirname, '../..');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(rel);
    return /\.(ts|mts)$/.test(entry.name) ? [rel] : [];
  });
}

/** Every relative import of a file, as a path from the repository root. */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
  const specifiers = [...text.matchAll(/(?:import|export)\s[^;]*?from\s+'(\.[^']*)'/g)].map((m) => m[1]);
  return specifiers.map((s) => path.relative(ROOT, path.resolve(path.dirname(path.join(ROOT, file)), s)));
}

/** Files of `dir` importing from any of `forbidden` (folders from the root), as `file -> import`. */
function offenders(dir: string, forbidden: readonly string[], exempt: readonly string[] = []): string[] {
  return sourceFiles(dir)
    .filter((file) => !exempt.includes(file))
    .flatMap((file) => importsOf(file).filter((target) => forbidden.some((f) => target === f || target.startsWith(`${f}/`))).map((t) => `${file} -> ${t}`));
}

describe('imports run one way', () => {
  it('the domain imports neither the data, application, http nor report layers', () => {
    expect(offenders('src/domain', ['src/data', 'src/application', 'src/http', 'src/reports', 'reports'])).to.deep.equal([]);
  });

  it('src/data never imports src/application or src/http: store types live with their repositories, backup is given its verify', () => {
    expect(offenders('src/data', ['src/application', 'src/http'])).to.deep.equal([]);
  });

  it('the report engine is given its definitions and never imports the top-level reports/ folder', () => {
    expect(offenders('src/reports', ['reports'])).to.deep.equal([]);
  });

  it('the CSV readers sit in src/import, independent of src/http', () => {
    expect(fs.existsSync(path.join(ROOT, 'src/import/screening-csv.ts'))).to.equal(true);
    // event-csv.ts still borrows the ajv helpers of src/http; it moves with the event registry.
    expect(offenders('src/import', ['src/http'], ['src/import/event-csv.ts'])).to.deep.equal([]);
  });

  it('the seeds form no import circle: steps import their shared types, never the index that lists them', () => {
    expect(offenders('seeds', ['seeds/index'])).to.deep.equal([]);
    expect(importsOf('seeds/demo.ts')).to.not.include('seeds/reference');
  });
});
