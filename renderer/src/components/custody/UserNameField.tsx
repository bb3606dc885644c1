// "Your name": the author the history records with every change, as the first-start dialog and
// Settings both ask for it (one field, so both take the same name the same way).
export const USER_NAME_MAX = 200;

export function UserNameField({ value, onChange }: { value: string; onChange(name: string): void }) {
  return (
    <label className="field">
      <span>Your name</span>
      <input type="text" value={value} maxLength={USER_NAME_MAX} onChange={(e) => onChange(e.target.value)} autoFocus aria-label="Your name" />
    </label>
  );
}
