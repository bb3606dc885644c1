// Every keyboard shortcut of the app on one sheet ('?'), including the term keys the vocabulary
// currently assigns, so it never goes out of date.
import type { Term } from '../../../shared/api';
import { Modal } from './shell/Modal';
import { MOD_LABEL } from './shell/keys';
import { KIND_NAMES, byIdMap, termPath } from './vocabulary/terms';

type Row = [keys: string, what: string];

const GRID: Row[] = [
  ['← → ↑ ↓', 'Move'],
  ['Page Up, Page Down', 'Move a screen up / down'],
  ['Home, End', 'First / last photo'],
  ['Shift + arrows', 'Extend the selection'],
  ['Click', 'Select one photo'],
  ['Shift + click', 'Select a range'],
  [`${MOD_LABEL} + click`, 'Add a photo to the selection, or take it out'],
  [`${MOD_LABEL} + arrows, ${MOD_LABEL} + Space`, 'Move without selecting; add or take out the photo there'],
  [`${MOD_LABEL} + A`, 'Select all'],
  ['Esc', 'Clear the selection'],
  ['Enter, double-click', 'Open the photo'],
];

const VIEWER: Row[] = [
  ['← →', 'Previous / next photo'],
  ['=, +', 'Zoom in'],
  ['-', 'Zoom out'],
  ['0, Shift + F', 'Fit the photo to the window'],
  ['1, 2', 'Zoom to 1:1 (one image pixel per screen pixel) or 2:1 (with no region selected)'],
  ['Z', 'Toggle Fit and 1:1'],
  ['Wheel', 'Zoom at the pointer'],
  ['Space + drag, drag the background', 'Pan a zoomed photo'],
  ['Esc', 'Cancel the drawing, then deselect, then back to the grid'],
];

const ANNOTATION: Row[] = [
  ['R', 'Draw a rectangle region'],
  ['P', 'Draw a polygon region'],
  ['Enter, double-click', 'Close the polygon (or click its first corner)'],
  ['Backspace', 'Remove the polygon\'s last corner while drawing'],
  ['Delete', 'Delete the selected region'],
  ['0 1 2 3 4', 'Severity of the selected region: none, slight, moderate, severe, destroyed'],
  ['N', 'Severity of the selected region: not assessable'],
];

const FINDING: Row[] = [
  [`${MOD_LABEL} + F, /`, 'Search'],
  ['Enter', 'Search now (in the search field)'],
  ['Esc', 'Clear the search (in the search field); again to leave it'],
  ['Drag tiles', 'Add the selected photos to an album in the sidebar'],
];

const MAP: Row[] = [
  ['Drag, ← → ↑ ↓', 'Move the map'],
  ['Wheel, +, -', 'Zoom'],
  ['Shift + drag', 'Draw a box: show only the photos inside it'],
  ['Click a point, Enter', 'Open the photo (a cluster: zoom in on it)'],
];

const EVERYWHERE: Row[] = [
  [`${MOD_LABEL} + Z`, 'Undo'],
  [`${MOD_LABEL} + Shift + Z, ${MOD_LABEL} + Y`, 'Redo'],
  ['?', 'This sheet'],
  ['Esc', 'Close a dialog'],
];

function Section({ title, note, rows }: { title: string; note?: string; rows: Row[] }) {
  return (
    <section>
      <h3>{title}</h3>
      {note && <p className="muted small">{note}</p>}
      <dl className="shortcut-list">
        {rows.map(([keys, what]) => (
          <div key={keys + what}>
            <dt>
              {keys.split(', ').map((k) => (
                <kbd key={k}>{k}</kbd>
              ))}
            </dt>
            <dd>{what}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

export function ShortcutsSheet({ terms, onClose }: { terms: Term[]; onClose(): void }) {
  const byId = byIdMap(terms);
  const termKeys: Row[] = terms
    .filter((t) => t.shortcut && t.mergedInto === null && !t.hidden)
    .sort((a, b) => a.shortcut!.localeCompare(b.shortcut!))
    .map((t) => [t.shortcut!.toUpperCase(), `${termPath(t, byId)} (${KIND_NAMES[t.kind]})`]);
  return (
    <Modal title="Keyboard shortcuts" onClose={onClose} className="shortcuts" closeKeys={['?']}>
      <div className="shortcuts-head">
        <h2>Keyboard shortcuts</h2>
        <span className="spacer" />
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      <div className="shortcuts-body">
        <Section title="Grid" rows={GRID} />
        <Section title="Photo view" rows={VIEWER} />
        <Section title="Annotating a photo" rows={ANNOTATION} />
        <Section title="Finding photos" rows={FINDING} />
        <Section title="Map" rows={MAP} />
        <Section
          title="Term keys"
          note="Set in Vocabulary. In the photo view, on the selected region: a class key sets its class, a damage key toggles that damage type."
          rows={termKeys.length ? termKeys : [['–', 'No term has a key yet']]}
        />
        <Section title="Everywhere" rows={EVERYWHERE} />
      </div>
    </Modal>
  );
}
