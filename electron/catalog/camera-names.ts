// Camera names as photo managers list them (digiKam, Lightroom, Apple Photos): the maker's brand
// rather than its legal name ("EASTMAN KODAK COMPANY" -> "Kodak", "NIKON CORPORATION" -> "Nikon"),
// and the model without the maker repeated or boilerplate ("KODAK DC240 ZOOM DIGITAL CAMERA" ->
// "DC240 Zoom"), so one camera is one filter value whatever its firmware wrote. The file's own
// strings stay untouched in the catalogue, the metadata panel and exports.

/** Legal names and spellings -> brand; matched on the folded maker (lower case, punctuation as spaces). */
const BRANDS: Array<[RegExp, string]> = [
  [/^eastman kodak|^kodak/, 'Kodak'],
  [/^nikon/, 'Nikon'],
  [/^canon/, 'Canon'],
  [/^olympus/, 'Olympus'],
  [/^om digital/, 'OM System'],
  [/^fuji/, 'Fujifilm'],
  [/^konica minolta/, 'Konica Minolta'],
  [/^minolta/, 'Minolta'],
  [/^sony/, 'Sony'],
  [/^pentax|^asahi optical/, 'Pentax'],
  [/^ricoh imaging/, 'Ricoh'],
  [/^ricoh/, 'Ricoh'],
  [/^panasonic|^matsushita/, 'Panasonic'],
  [/^samsung/, 'Samsung'],
  [/^sanyo/, 'Sanyo'],
  [/^leica/, 'Leica'],
  [/^casio/, 'Casio'],
  [/^hewlett packard|^hp$/, 'HP'],
  [/^seiko epson|^epson/, 'Epson'],
  [/^sigma/, 'Sigma'],
  [/^hasselblad/, 'Hasselblad'],
  [/^apple/, 'Apple'],
  [/^google/, 'Google'],
  [/^huawei/, 'Huawei'],
  [/^xiaomi/, 'Xiaomi'],
  [/^motorola/, 'Motorola'],
  [/^lg electronics|^lge$/, 'LG'],
  [/^hmd global/, 'HMD Global'],
  [/^dji/, 'DJI'],
  [/^gopro/, 'GoPro'],
];

/** Company-form words dropped from a maker not in the table. */
const COMPANY_WORDS = /\b(corporation|corp|company|co|ltd|limited|inc|incorporated|gmbh|ag|sa|plc|imaging|optical|electric|electronics|camera|computer|international)\b\.?/gi;

const fold = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

/** Words of four capitals or more become Title case ("ZOOM" -> "Zoom"); codes with digits stay. */
function tame(s: string): string {
  return s.replace(/\b[A-Z]{4,}\b/g, (w) => (/\d/.test(w) ? w : w[0] + w.slice(1).toLowerCase()));
}

export function cameraBrand(make: string): string {
  const f = fold(make);
  for (const [re, brand] of BRANDS) if (re.test(f)) return brand;
  const cleaned = make.replace(COMPANY_WORDS, ' ').replace(/[\s,.]+$/g, '').replace(/\s+/g, ' ').trim() || make.trim();
  return /\p{Ll}/u.test(cleaned) ? cleaned : tame(cleaned);
}

/** The model without the maker's name or brand in front and without "Digital Camera" after it. */
export function cameraModel(model: string, make: string | null, brand: string | null): string {
  let m = model.trim();
  const prefixes = [make?.trim() ?? '', brand ?? '', make?.trim().split(/\s+/)[0] ?? ''].filter(Boolean).sort((a, b) => b.length - a.length);
  for (const p of prefixes) {
    if (m.toLowerCase().startsWith(p.toLowerCase() + ' ')) {
      m = m.slice(p.length).trim();
      break;
    }
  }
  // "EASTMAN KODAK COMPANY" + "KODAK DC240": the brand inside the legal name, again in the model.
  if (brand && m.toLowerCase().startsWith(brand.toLowerCase() + ' ')) m = m.slice(brand.length).trim();
  m = m.replace(/\s+digital\s+(still\s+)?camera$/i, '').trim();
  // Only a model written all in capitals is tamed: "Canon DIGITAL IXUS" is how Canon spells it.
  const shouting = !/\p{Ll}/u.test(model);
  return (shouting ? tame(m) : m) || model.trim();
}

/** "Kodak DC240 Zoom", "Nikon D70", "Canon EOS 40D"; the maker or model alone when only one is known. */
export function normalisedCamera(make: string | null, model: string | null): string | null {
  const mk = make?.trim() || '';
  const md = model?.trim() || '';
  if (!mk && !md) return null;
  if (!mk) return /\p{Ll}/u.test(md) ? md : tame(md);
  const brand = cameraBrand(mk);
  if (!md) return brand;
  const m = cameraModel(md, mk, brand);
  return m.toLowerCase() === brand.toLowerCase() ? brand : `${brand} ${m}`;
}
