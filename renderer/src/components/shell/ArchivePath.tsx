// The archive's folder in the toolbar, shortened in the middle when space is short
// ("/home/me/Docu…/Khorog archive"): the last folder, the part that tells archives apart, stays
// readable; the whole path is in the tooltip. Paths always read left to right.
import './toolbar.css';

export function ArchivePath({ path, prefix }: { path: string; prefix?: string }) {
  const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  const head = cut > 0 ? path.slice(0, cut) : '';
  const tail = cut > 0 ? path.slice(cut) : path;
  return (
    <span className="archive-path" title={path} dir="ltr" aria-label={`Archive: ${path}`}>
      {prefix && <span className="archive-path-prefix">{prefix}</span>}
      <span className="archive-path-head">{head}</span>
      <span className="archive-path-tail">{tail}</span>
    </span>
  );
}
