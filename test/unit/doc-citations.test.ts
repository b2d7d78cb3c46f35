import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';

const ROOT = path.resolve(__dirname, '../..');

function files(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) return files(rel);
    return /\.(ts|mts|mjs|md)$/.test(entry.name) ? [rel] : [];
  });
}

// Landed migrations are immutable.
const NOT_YET = ['test/unit/doc-citations.test.ts', 'migrations/20261127100002_default_ruleset.ts'];

describe('comments and docs cite files in the repository', () => {
  const sources = ['src', 'test', 'reports', 'seeds', 'bench', 'docs'].flatMap(files).filter((f) => !NOT_YET.includes(f));

  it('nothing cites the design document, which is not in the project', () => {
    const citing = sources.filter((f) => /DESIGN\.md|DESIGN §|of the design\b/.test(fs.readFileSync(path.join(ROOT, f), 'utf8')));
    expect(citing).to.deep.equal([]);
  });

  it('every section of docs/domain.md that a comment names exists', () => {
    const headings = new Set([...fs.readFileSync(path.join(ROOT, 'docs/domain.md'), 'utf8').matchAll(/^## (.+)$/gm)].map((m) => m[1].trim()));
    const cited = new Set<string>();
    for (const file of sources) {
      for (const m of fs.readFileSync(path.join(ROOT, file), 'utf8').matchAll(/docs\/domain\.md[,(] ?\(?([A-Z][a-z]+(?: [a-z]+)?)/g)) cited.add(m[1]);
    }
    expect(cited.size).to.be.greaterThan(5);
    expect([...cited].filter((c) => !headings.has(c))).to.deep.equal([]);
  });
});
