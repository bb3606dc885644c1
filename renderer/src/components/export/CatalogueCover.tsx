// The HTML catalogue's cover fields in the Export dialog: a title and the organization it is from.
interface Props {
  title: string;
  organization: string;
  onTitle(v: string): void;
  onOrganization(v: string): void;
}

export function CatalogueCover({ title, organization, onTitle, onOrganization }: Props) {
  return (
    <fieldset>
      <legend>Cover page</legend>
      <label className="field">
        <span>Title</span>
        <input type="text" value={title} placeholder="Photo catalogue" maxLength={500} onChange={(e) => onTitle(e.target.value)} />
      </label>
      <label className="field">
        <span>Organization</span>
        <input type="text" value={organization} maxLength={500} onChange={(e) => onOrganization(e.target.value)} />
      </label>
    </fieldset>
  );
}
