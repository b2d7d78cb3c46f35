import fs from 'node:fs';
import path from 'node:path';

/** The package version, found by walking up from this file (works from src/ and from dist/src/). */
export function packageVersion(): string {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'phoenix-fund-ledger') return pkg.version ?? '0.0.0';
    }
  }
  return '0.0.0';
}
