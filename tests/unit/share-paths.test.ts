// The share profile's path scrubbing: absolute paths become relative to their import folder, or a
// bare file name; URLs and ordinary slashes in text are left alone.
import { describe, expect, it } from 'vitest';
import { PathScrubber } from '../../electron/catalog/export/profile';

describe('PathScrubber', () => {
  const s = new PathScrubber(['/home/olena/Field work/Kharkiv', '/media/usb/DCIM/100/IMG_1.JPG'], ['/home/olena']);
  it('makes paths relative to the import folder that holds them', () => {
    expect(s.path('/home/olena/Field work/Kharkiv/day 2/a.jpg')).toBe('day 2/a.jpg');
    expect(s.path('/media/usb/DCIM/100/IMG_1.JPG')).toBe('IMG_1.JPG');
    expect(s.path('/srv/other/secret/b.jpg')).toBe('b.jpg');
    expect(s.path('C:\\Users\\olena\\x.jpg')).toBe('x.jpg');
  });
  it('finds paths inside text, and leaves URLs and slashes in prose', () => {
    expect(s.text('Sidecar /home/olena/Field work/Kharkiv/a.jpg.xmp not used: bad XML')).toBe('Sidecar a.jpg.xmp not used: bad XML');
    expect(s.text('moved to /mnt/backup/olena/b.jpg, ok')).toBe('moved to b.jpg, ok');
    expect(s.text('see https://example.org/a/b and damage 1/2, Kharkiv / Saltivka')).toBe('see https://example.org/a/b and damage 1/2, Kharkiv / Saltivka');
    expect(s.text('notes in /home/olena/private.txt')).toBe('notes in private.txt');
  });
});
