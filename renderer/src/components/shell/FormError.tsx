// A form's error, read out when it appears (role="alert"); nothing when there is none.
export function FormError({ error }: { error: string | null }) {
  if (!error) return null;
  return (
    <p className="error" role="alert">
      {error}
    </p>
  );
}
