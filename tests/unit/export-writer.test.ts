// The rule every export shares: nothing at the destination until complete, and nothing overwritten.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeAtomically } from '../../electron/catalog/export/writer';
import { tempDir } from '../helpers/fixtures';

describe('writeAtomically', () => {
  it('puts the finished file in place and leaves no temporary behind', async () => {
    const dir = tempDir('writer-');
    const out = path.join(dir, 'new folder', 'photos.csv');
    await writeAtomically(out, async (tmp) => {
      expect(fs.existsSync(out)).toBe(false); // not there while being written
      fs.writeFileSync(tmp, 'complete');
    });
    expect(fs.readFileSync(out, 'utf8')).toBe('complete');
    expect(fs.readdirSync(path.dirname(out))).toEqual(['photos.csv']);
  });

  it('refuses to replace what appeared at the destination while the export was running', async () => {
    const dir = tempDir('writer-');
    const out = path.join(dir, 'bag');
    await expect(
      writeAtomically(out, async (tmp) => {
        fs.mkdirSync(tmp);
        fs.writeFileSync(path.join(tmp, 'bagit.txt'), 'ours');
        fs.mkdirSync(out); // someone else's (empty) folder, made meanwhile: rename would silently replace it
        fs.writeFileSync(path.join(dir, 'other.txt'), 'theirs');
      }),
    ).rejects.toThrow(/already exists; choose a new name/);
    expect(fs.readdirSync(out)).toEqual([]);
    expect(fs.readdirSync(dir).sort()).toEqual(['bag', 'other.txt']);
  });

  it('removes the temporary when the writer fails', async () => {
    const dir = tempDir('writer-');
    await expect(
      writeAtomically(path.join(dir, 'x.json'), async (tmp) => {
        fs.writeFileSync(tmp, 'half');
        throw new Error('disk full');
      }),
    ).rejects.toThrow('disk full');
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});
