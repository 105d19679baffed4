/** Photos from the phone's camera or album, listed by name before they are sent. */
export function PhotoPicker({ label, files, onChange }: { label: string; files: File[]; onChange: (files: File[]) => void }) {
  return (
    <label>
      {label}
      <input
        type="file"
        accept="image/*,video/*"
        multiple
        onChange={(e) => onChange([...files, ...Array.from(e.target.files ?? [])].slice(0, 9))}
      />
      {files.length ? (
        <ul className="h5-files">
          {files.map((f, i) => (
            <li key={`${f.name}-${i}`}>{f.name}</li>
          ))}
        </ul>
      ) : null}
    </label>
  );
}
