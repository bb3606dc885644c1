// An error the user must see, above everything, until dismissed.
export function ErrorBanner({ error, onDismiss }: { error: string; onDismiss(): void }) {
  return (
    <div className="error-banner" role="alert">
      {error}
      <button type="button" aria-label="Dismiss" onClick={onDismiss}>
        ×
      </button>
    </div>
  );
}
