// What the grid shows when the search and filters find nothing, with a way back to everything.
export function NoResults({ text, onClear }: { text: string; onClear(): void }) {
  return (
    <div className="no-results" role="status">
      <p>No photos match{text.trim() ? ` “${text.trim()}”` : ''} with these filters.</p>
      <button type="button" onClick={onClear}>
        Clear search and filters
      </button>
    </div>
  );
}
