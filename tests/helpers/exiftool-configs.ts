// ExifTool's own config files (reference readers we did not write): from the exiftool-vendored.pl
// npm package when installed, else Debian's libimage-exiftool-perl documentation, where they are
// gzipped (unpacked into a temporary folder, never beside the originals).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT, tempDir } from './fixtures';

const PLACES = [
  path.join(PROJECT_ROOT, 'node_modules', 'exiftool-vendored.pl', 'bin', 'config_files'),
  '/usr/share/doc/libimage-exiftool-perl/config_files',
];

export function exiftoolConfig(name: string): string {
  for (const dir of PLACES) {
    const plain = path.join(dir, name);
    if (fs.existsSync(plain)) return plain;
    const gz = `${plain}.gz`;
    if (fs.existsSync(gz)) {
      const target = path.join(tempDir('exiftool-config-'), name);
      fs.writeFileSync(target, execFileSync('gunzip', ['-c', gz]));
      return target;
    }
  }
  throw new Error(`ExifTool's ${name} was not found (install libimage-exiftool-perl, or exiftool-vendored.pl); it is the reference reader for this test.`);
}
