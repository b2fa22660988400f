import { GENERATORS, generatorIds, outsideAddresses } from './generators';

/** Checkboxes of the flow generators and the outside addresses of "pods to outside"; values are the URL's. */
export function GeneratorFields({
  idPrefix,
  gen,
  outside,
  onChange,
  legend,
}: {
  idPrefix: string;
  gen: string | undefined;
  outside: string | undefined;
  onChange: (patch: { gen?: string; outside?: string }) => void;
  legend: string;
}) {
  const ids = generatorIds(gen);
  const toggle = (id: string, on: boolean) => {
    const next = on ? [...ids, id] : ids.filter((x) => x !== id);
    onChange({ gen: next.length === 0 ? undefined : generatorIds(next.join(',')).join(',') });
  };
  const typed = outside ?? '';
  const invalid = typed.trim() !== '' && outsideAddresses(typed).length !== typed.split(/[\s,]+/).filter((s) => s !== '').length;
  return (
    <fieldset>
      <legend>{legend}</legend>
      <div className="generator-list">
        {GENERATORS.map((g) => (
          <div key={g.id} className="field check">
            <input
              id={`${idPrefix}-gen-${g.id}`}
              type="checkbox"
              checked={ids.includes(g.id)}
              onChange={(e) => toggle(g.id, e.target.checked)}
              aria-describedby={`${idPrefix}-gen-${g.id}-hint`}
            />
            <label htmlFor={`${idPrefix}-gen-${g.id}`}>{g.label}</label>
            <span id={`${idPrefix}-gen-${g.id}-hint`} className="muted small">
              {g.hint}
            </span>
          </div>
        ))}
      </div>
      <div className="field">
        <label htmlFor={`${idPrefix}-outside`}>
          Outside addresses for “pods to outside” (default: the snapshot’s external hosts, else 1.1.1.1)
        </label>
        <input
          id={`${idPrefix}-outside`}
          placeholder="1.1.1.1, 8.8.8.8"
          autoComplete="off"
          disabled={!ids.includes('pods-to-outside')}
          aria-invalid={invalid}
          value={typed}
          onChange={(e) => onChange({ outside: e.target.value === '' ? undefined : e.target.value })}
        />
        {invalid && <span className="field-error">IPv4 addresses separated by commas or spaces</span>}
      </div>
    </fieldset>
  );
}
