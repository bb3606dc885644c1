// Driver for the crash tests: a burst of annotation edits through the real API (ArchiveSession), one
// after another as fast as they go. After each call resolves it prints "confirmed <n> <kind> ...",
// so the parent knows which edits the app had reported as saved when it killed this process.
//   node --import tsx tests/helpers/crash-annotate.ts <archive> <first n> <edits>
// Every edit writes the marker "n=<n>" (a region note or a caption), unique to that edit.
import { ArchiveSession } from '../../electron/service/session';

const [archiveDir, firstArg, editsArg] = process.argv.slice(2);
if (!archiveDir || !firstArg || !editsArg) {
  console.error('usage: crash-annotate.ts <archive> <first n> <edits>');
  process.exit(2);
}
const first = Number(firstArg);
const edits = Number(editsArg);
const session = new ArchiveSession(archiveDir, { host: 'web' });
const { api } = session;
const photos = await api.listPhotos({});
const terms = await api.getVocabulary({});
const classes = terms.filter((t) => t.kind === 'class' && !t.mergedInto);
const damage = terms.filter((t) => t.kind === 'damage' && !t.mergedInto);
const tags = terms.filter((t) => !t.mergedInto);
if (photos.length === 0 || classes.length === 0 || damage.length < 2) throw new Error('the archive needs photos and the default vocabulary');

let lastRegion: { id: number; photoId: number } | null = null;
for (let n = first; n < first + edits; n++) {
  const photo = photos[n % photos.length]!;
  const step = n % 3;
  if (step === 0 || lastRegion === null) {
    const x = (n % 7) / 10;
    const region = await api.createRegion({
      photoId: photo.id,
      geometry: n % 2 ? { type: 'rect', x, y: 0.1, w: 0.2, h: 0.3 } : { type: 'polygon', points: [[x, 0.1], [x + 0.2, 0.15], [x + 0.1, 0.4]] },
      classId: classes[n % classes.length]!.id,
      damageIds: [damage[n % damage.length]!.id],
      severity: (n % 5) as 0 | 1 | 2 | 3 | 4,
      confidence: n % 2 ? 'certain' : 'possible',
      note: `n=${n}`,
    });
    lastRegion = { id: region.id, photoId: region.photoId };
    console.log(`confirmed ${n} create ${region.id} ${region.photoId}`);
  } else if (step === 1) {
    const region = await api.updateRegion({ id: lastRegion.id, note: `n=${n}`, severity: 'na', damageIds: [damage[(n + 1) % damage.length]!.id] });
    console.log(`confirmed ${n} update ${region.id} ${region.photoId}`);
  } else {
    const tag = tags[n % tags.length]!;
    await api.applyBatch({ photoIds: [photo.id], addTagIds: [tag.id], removeTagIds: [], fields: { caption: `n=${n}` } });
    console.log(`confirmed ${n} batch ${tag.id} ${photo.id}`);
  }
}
session.close();
console.log('finished');
