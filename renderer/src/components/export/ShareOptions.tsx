// The export profile: "Share" (the default: only these photos' own data, no paths or account names,
// the fields ticked here removed, regions marked "redact" hidden) or "Full record" (everything, for
// the organisation's own archive). Lists, before anything is written, exactly what will be left out.
import type { ExportLeftOut, ExportProfileName, ShareOptions as Share, ShareRemovable } from '../../../../shared/api';

const REMOVABLE: ReadonlyArray<{ key: ShareRemovable; label: string }> = [
  { key: 'gps', label: 'GPS position' },
  { key: 'serials', label: 'camera and lens serial numbers' },
  { key: 'creator', label: 'creator' },
  { key: 'camera', label: 'camera make, model, lens' },
  { key: 'captureTime', label: 'capture time' },
  { key: 'notes', label: 'region notes' },
  { key: 'caption', label: 'caption' },
  { key: 'title', label: 'title' },
  { key: 'credit', label: 'credit line' },
  { key: 'copyright', label: 'copyright' },
  { key: 'sublocation', label: 'sublocation' },
  { key: 'city', label: 'city' },
  { key: 'region', label: 'region' },
  { key: 'country', label: 'country' },
  { key: 'countryCode', label: 'country code' },
  { key: 'event', label: 'event' },
  { key: 'source', label: 'source' },
  { key: 'provenance', label: 'provenance' },
];

interface Props {
  /** The "images" format writes a shared copy of every photo, whatever the profile. */
  allCopies: boolean;
  profile: ExportProfileName;
  share: Share;
  preview: ExportLeftOut | null;
  previewError: string | null;
  onProfile(p: ExportProfileName): void;
  onShare(s: Share): void;
}

export function ShareOptions({ allCopies, profile, share, preview, previewError, onProfile, onShare }: Props) {
  const toggle = (key: ShareRemovable, on: boolean) => onShare({ ...share, remove: on ? [...share.remove, key] : share.remove.filter((k) => k !== key) });
  return (
    <fieldset className="share-options">
      <legend>Profile</legend>
      <label>
        <input type="radio" name="profile" checked={profile === 'share'} onChange={() => onProfile('share')} /> <strong>Share</strong>
        <span className="muted"> · for anyone outside: only these photos' own data; no folder paths or account names</span>
      </label>
      <label>
        <input type="radio" name="profile" checked={profile === 'full'} onChange={() => onProfile('full')} /> <strong>Full record</strong>
        <span className="muted"> · for your organisation's own archive: everything, with paths and the whole history</span>
      </label>
      {profile === 'share' && (
        <>
          <div className="row">
            <span>People in the history:</span>
            <label>
              <input type="radio" name="actors" checked={share.actors === 'names'} onChange={() => onShare({ ...share, actors: 'names' })} /> the names they gave
            </label>
            <label>
              <input type="radio" name="actors" checked={share.actors === 'pseudonyms'} onChange={() => onShare({ ...share, actors: 'pseudonyms' })} /> pseudonyms
              (Annotator 1, 2…)
            </label>
          </div>
          <div className="row">
            <span>Regions marked “redact”:</span>
            <label>
              <input type="radio" name="redaction" checked={share.redaction === 'blur'} onChange={() => onShare({ ...share, redaction: 'blur' })} /> blurred
            </label>
            <label>
              <input type="radio" name="redaction" checked={share.redaction === 'black'} onChange={() => onShare({ ...share, redaction: 'black' })} /> blacked out
            </label>
          </div>
          <details>
            <summary>Also remove… {share.remove.length > 0 && `(${share.remove.length})`}</summary>
            <div className="checks share-remove">
              {REMOVABLE.map((r) => (
                <label key={r.key}>
                  <input type="checkbox" checked={share.remove.includes(r.key)} onChange={(e) => toggle(r.key, e.target.checked)} /> {r.label}
                </label>
              ))}
            </div>
          </details>
        </>
      )}
      <div className="left-out" aria-live="polite" data-testid="left-out">
        {previewError && <p className="error">{previewError}</p>}
        {preview && preview.profile === 'full' && <p>Nothing is left out: folder paths, account names and the whole history go with it.</p>}
        {preview && preview.profile === 'share' && (
          <>
            <strong>Left out of this export:</strong>
            {preview.items.length === 0 ? (
              <p className="muted">Nothing beyond what only concerns other photos.</p>
            ) : (
              <ul>
                {preview.items.map((i) => (
                  <li key={i}>{i}</li>
                ))}
              </ul>
            )}
            {(allCopies || preview.copies > 0) && (
              <p>
                {allCopies ? preview.photos : preview.copies} photo{(allCopies ? preview.photos : preview.copies) === 1 ? '' : 's'} go{(allCopies ? preview.photos : preview.copies) === 1 ? 'es' : ''} out as a re-rendered copy (redacted regions hidden,
                file metadata stripped) instead of the original; each copy records its original's SHA-256.
              </p>
            )}
            {preview.actors.some((a) => a.actor !== a.as) && (
              <p className="muted">{preview.actors.filter((a) => a.actor !== a.as).map((a) => `${a.actor} → ${a.as}`).join('; ')}</p>
            )}
          </>
        )}
      </div>
    </fieldset>
  );
}
