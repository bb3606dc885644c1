// The export command's profile options: --profile full|share (share unless told), --pseudonyms,
// --remove gps,serials,… and --redaction blur|black.
import { ExportProfileName, SHARE_REMOVABLE, ShareRemovable, type ExportOptions } from '../../shared/api';

export const PROFILE_ARGS = {
  profile: { type: 'string' },
  pseudonyms: { type: 'boolean', default: false },
  remove: { type: 'string' },
  redaction: { type: 'string' },
} as const;

export const PROFILE_USAGE = `         [--profile full|share] [--pseudonyms] [--remove ${SHARE_REMOVABLE.slice(0, 4).join(',')},…] [--redaction blur|black]`;

/** Turns the flags into ExportOptions' profile part; a bad value is a usage error (thrown with `usage`). */
export function profileOptions(
  v: { profile?: string; pseudonyms?: boolean; remove?: string; redaction?: string },
  usage: (message: string) => Error,
): Pick<ExportOptions, 'profile' | 'share'> {
  const profile = ExportProfileName.safeParse(v.profile ?? 'share');
  if (!profile.success) throw usage(`--profile is full or share, not ${JSON.stringify(v.profile)}.`);
  const remove = (v.remove ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  for (const r of remove) if (!ShareRemovable.safeParse(r).success) throw usage(`--remove takes ${SHARE_REMOVABLE.join(', ')}; not ${JSON.stringify(r)}.`);
  const redaction = v.redaction ?? 'blur';
  if (redaction !== 'blur' && redaction !== 'black') throw usage(`--redaction is blur or black, not ${JSON.stringify(redaction)}.`);
  if (profile.data === 'full' && (remove.length || v.pseudonyms)) throw usage('--remove and --pseudonyms apply to the share profile, not --profile full.');
  return { profile: profile.data, share: { actors: v.pseudonyms ? 'pseudonyms' : 'names', remove: remove as ShareRemovable[], redaction } };
}
