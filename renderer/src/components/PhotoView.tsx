// One photo large, with everything the archive knows about it and the tools to annotate it:
// regions drawn on the preview, tags, descriptive metadata, history. Arrows move, Esc returns to
// the grid (after cancelling a drawing or a selection).
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Geometry, PhotoDetail, PhotoSummary } from '../../../shared/api';
import type { Host } from '../host';
import { MetadataPanel } from './MetadataPanel';
import { ClockShiftButton } from './clock/ClockShiftButton';
import { MissingBanner } from './MissingBanner';
import { AnnotatePanel } from './annotate/AnnotatePanel';
import { HistoryList } from './annotate/HistoryList';
import { CustodyReportButton } from './custody/CustodyReportButton';
import { hasCommandModifier, keyBelongsToControl } from './annotate/keys';
import { MetaForm } from './annotate/MetaForm';
import { RegionEditor, type EditorKeys, type Shape } from './annotate/RegionEditor';
import { UNCLASSIFIED_COLOUR } from './annotate/RegionList';
import { shortcutAction } from './annotate/shortcuts';
import { shortLabel, termColour } from './annotate/terms';
import { useAnnotations } from './annotate/useAnnotations';
import { useArchiveChanges } from './annotate/useArchiveChanges';
import { useVocabulary } from './annotate/useVocabulary';
import { InvestigatePanel } from './investigate/InvestigatePanel';
import { ReviewBar } from './review/ReviewBar';
import { SensitiveVeil } from './review/SensitiveVeil';
import { useReview } from './review/useReview';
import { useSensitiveView } from './review/sensitiveView';
import { PhotoSitesPanel } from './sites/PhotoSitesPanel';

interface Props {
  host: Host;
  photos: PhotoSummary[];
  index: number;
  onIndex(i: number): void;
  onClose(): void;
  /** The app's Undo/Redo, shown in the viewer's bar too (the toolbar is hidden behind the viewer). */
  editControls?: React.ReactNode;
}

type Tab = 'annotate' | 'metadata' | 'history' | 'investigate' | 'sites';
const TABS: Array<{ id: Tab; label: string }> = [
  { id: 'annotate', label: 'Annotate' },
  { id: 'metadata', label: 'Metadata' },
  { id: 'history', label: 'History' },
  { id: 'investigate', label: 'Investigate' },
  { id: 'sites', label: 'Sites' },
];
const TAB_KEY = 'viewer.tab';

function savedTab(): Tab {
  const t = localStorage.getItem(TAB_KEY);
  return TABS.some((x) => x.id === t) ? (t as Tab) : 'metadata';
}

export function PhotoView({ host, photos, index, onIndex, onClose, editControls }: Props) {
  const summary = photos[index]!;
  const [loaded, setLoaded] = useState<{ detail: PhotoDetail | null; error: string | null; id: number } | null>(null);
  const [brokenPreview, setBrokenPreview] = useState<number | null>(null);
  const [tab, setTabState] = useState<Tab>(savedTab);
  const [selection, setSelection] = useState<{ photoId: number; regionId: number } | null>(null);
  const editorKeys = useRef<EditorKeys>(null);
  const warm = useRef<HTMLImageElement[]>([]);

  const changes = useArchiveChanges(host, summary.id);
  const { vocab, error: vocabError } = useVocabulary(host, changes.vocabulary);
  const annotations = useAnnotations(host, summary.id, changes.annotations);
  const review = useReview(host, summary.id, changes.annotations);
  // Sealed: annotations are read-only here (the core refuses such edits whatever the UI does).
  const sealed = review.data?.status === 'sealed';
  const veil = useSensitiveView(host);
  const veiled = veil.veiled({ id: summary.id, sensitive: review.data ? review.data.sensitive : summary.sensitive });
  const regions = annotations.data?.regions ?? [];
  const selectedId = selection?.photoId === summary.id && regions.some((r) => r.id === selection.regionId) ? selection.regionId : null;
  const selected = regions.find((r) => r.id === selectedId) ?? null;

  const setTab = useCallback((t: Tab) => {
    localStorage.setItem(TAB_KEY, t);
    setTabState(t);
  }, []);

  const select = useCallback(
    (id: number | null) => {
      setSelection(id === null ? null : { photoId: summary.id, regionId: id });
      // Selecting a region is the start of classifying it.
      if (id !== null) setTab('annotate');
    },
    [summary.id, setTab],
  );

  useEffect(() => {
    let live = true;
    host.api
      .getPhoto({ id: summary.id })
      .then((d) => live && setLoaded({ detail: d, error: null, id: summary.id }))
      .catch((e: Error) => live && setLoaded({ detail: null, error: e.message, id: summary.id }));
    // Warm the neighbours' previews so stepping through is instant (the next two ahead, since
    // stepping is mostly forwards). The images are held until the next step so they are not
    // collected, and their fetch dropped, before they arrive.
    warm.current = [photos[index + 1], photos[index - 1], photos[index + 2]]
      .filter((n): n is PhotoSummary => !!n?.hasThumb)
      .map((n) => {
        const img = new Image();
        img.decoding = 'async';
        img.src = host.mediaUrl(n.id, 'preview');
        return img;
      });
    return () => {
      live = false;
    };
    // changes.annotations: an edit to this photo (a clock correction) changes its details too.
  }, [host, summary.id, photos, index, changes.annotations]);

  useEffect(() => {
    const annotationKey = (key: string): boolean => {
      const action = shortcutAction(key, selected, vocab, annotations.data?.tagIds ?? []);
      if (action?.type === 'deselect') select(null);
      else if (action?.type === 'delete') {
        select(null);
        void annotations.deleteRegion(action.id);
      } else if (action?.type === 'region') void annotations.updateRegion(action.id, action.patch);
      else if (action?.type === 'tags') void annotations.changeTags(action.add, action.remove);
      return action !== null;
    };
    const viewerKey = (key: string): boolean => {
      if (key === 'Escape') onClose();
      else if (key === 'ArrowRight' && index < photos.length - 1) onIndex(index + 1);
      else if (key === 'ArrowLeft' && index > 0) onIndex(index - 1);
      else return false;
      return true;
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || keyBelongsToControl(e) || hasCommandModifier(e)) return;
      // Drawing keys first: Esc cancels a drawing before it deselects, and deselects before it closes the viewer.
      if (editorKeys.current?.handleKey(e) || (!sealed && annotationKey(e.key)) || viewerKey(e.key)) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [index, photos.length, onIndex, onClose, selected, vocab, annotations, select, sealed]);

  const onCreate = useCallback(
    async (geometry: Geometry) => {
      const r = await annotations.createRegion(geometry);
      if (r) select(r.id);
    },
    [annotations, select],
  );

  const shapes: Shape[] = regions.map((r) => {
    const cls = r.classId === null ? undefined : vocab?.byId.get(r.classId);
    const severity = r.severity === null ? null : r.severity === 'na' ? 'n/a' : String(r.severity);
    const label = [cls && shortLabel(cls.label), severity].filter(Boolean).join(' · ');
    return { id: r.id, geometry: r.geometry, colour: (vocab && termColour(vocab, r.classId)) ?? UNCLASSIFIED_COLOUR, label: label || null };
  });

  const current = loaded?.id === summary.id ? loaded : null;
  const canDraw = summary.hasThumb && brokenPreview !== summary.id;
  const error = annotations.error ?? vocabError;
  return (
    <div className="viewer" role="dialog" aria-label={`Photo ${summary.fileName}`}>
      <div className="viewer-bar">
        <button type="button" onClick={onClose} title="Back to the grid (Esc)">
          ← Grid
        </button>
        <span className="viewer-title">{summary.fileName}</span>
        <span className="viewer-count">
          {index + 1} / {photos.length}
        </span>
        <button type="button" disabled={index === 0} onClick={() => onIndex(index - 1)} title="Previous (←)">
          ‹
        </button>
        <button type="button" disabled={index === photos.length - 1} onClick={() => onIndex(index + 1)} title="Next (→)">
          ›
        </button>
        {editControls}
      </div>
      {summary.missing && current?.detail && <MissingBanner host={host} photoId={summary.id} path={current.detail.sourcePath} />}
      <div className="viewer-body">
        <div className={`viewer-image${veiled ? ' veiled' : ''}`}>
          {veiled && summary.hasThumb && <SensitiveVeil large sensitive={review.data?.sensitive ?? summary.sensitive === true} onShow={() => veil.reveal(summary.id)} />}
          {summary.hasThumb && brokenPreview === summary.id ? (
            <div className="no-preview large">
              The preview could not be made: the original is not reachable or has changed since import. Check its drive, or run verify.
            </div>
          ) : summary.hasThumb ? (
            <RegionEditor
              key={summary.id}
              src={host.mediaUrl(summary.id, 'preview')}
              fullSrc={summary.status === 'ok' ? host.mediaUrl(summary.id, 'full') : null}
              alt={summary.fileName}
              width={summary.width}
              height={summary.height}
              shapes={shapes}
              selectedId={selectedId}
              onSelect={select}
              onCreate={onCreate}
              onReshape={(id, geometry) => void annotations.updateRegion(id, { geometry })}
              onImageError={() => setBrokenPreview(summary.id)}
              keys={editorKeys}
              readOnly={sealed}
            />
          ) : summary.mediaKind === 'video' ? (
            <div className="no-preview large video-tile">▶ Video: catalogued with its hash and metadata; no poster frame can be made on this machine.</div>
          ) : (
            <div className="no-preview large">No preview: this file's format cannot be shown and it carries no embedded preview.</div>
          )}
          {current?.detail?.warning && (
            <div className="file-warning" role="note">
              ⚠ {current.detail.warning}
            </div>
          )}
        </div>
        <aside className="metadata viewer-side" aria-label="Photo details">
          <ReviewBar review={review} />
          <div className="viewer-tabs" role="tablist">
            {TABS.map((t) => (
              <button key={t.id} type="button" role="tab" id={`tab-${t.id}`} aria-selected={tab === t.id} aria-controls="viewer-tabpanel" onClick={() => setTab(t.id)}>
                {t.label}
              </button>
            ))}
          </div>
          <div className="viewer-tab" role="tabpanel" id="viewer-tabpanel" aria-labelledby={`tab-${tab}`}>
            {error && (
              <div className="annot-error" role="alert">
                <span>{error}</span>
                <button type="button" aria-label="Dismiss" onClick={annotations.dismissError}>
                  ×
                </button>
              </div>
            )}
            {tab === 'annotate' && annotations.data && vocab && (
              <fieldset className="sealed-readonly" disabled={sealed} aria-label={sealed ? 'Annotations (sealed: read-only)' : undefined}>
                <AnnotatePanel host={host} data={annotations.data} vocab={vocab} edits={annotations} selectedId={selectedId} canDraw={canDraw && !sealed} onSelect={select} />
              </fieldset>
            )}
            {tab === 'metadata' && (
              <>
                {annotations.data && (
                  <fieldset className="sealed-readonly" disabled={sealed}>
                    <MetaForm photoId={summary.id} meta={annotations.data.meta} fromFile={annotations.data.fromFile} gps={current?.detail?.gps ?? null} onSave={annotations.setField} />
                  </fieldset>
                )}
                {current?.error && <p className="error">{current.error}</p>}
                {current?.detail && <MetadataPanel photo={current.detail} />}
                {current?.detail?.capture && <ClockShiftButton host={host} photoIds={[summary.id]} label="Correct camera clock…" />}
              </>
            )}
            {tab === 'history' && (
              <>
                <CustodyReportButton host={host} photoIds={[summary.id]} onError={(m) => window.alert(m)} />
                <HistoryList host={host} photoId={summary.id} version={changes.annotations} />
              </>
            )}
            {tab === 'sites' && <PhotoSitesPanel host={host} photoId={summary.id} regions={regions} version={changes.annotations} />}
            {tab === 'investigate' && (
              <InvestigatePanel
                host={host}
                photoId={summary.id}
                version={changes.annotations}
                openable={(id) => photos.some((p) => p.id === id)}
                onOpen={(id) => onIndex(photos.findIndex((p) => p.id === id))}
              />
            )}
          </div>
        </aside>
      </div>
    </div>
  );
}
