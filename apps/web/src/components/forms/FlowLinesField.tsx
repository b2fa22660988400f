import { parseFlowLines } from './flow-lines';

/** A textarea of explicit flows, one per line, with the lines that do not parse named under it. */
export function FlowLinesField({
  id,
  value,
  onChange,
}: {
  id: string;
  value: string | undefined;
  onChange: (value: string | undefined) => void;
}) {
  const { flows, errors } = parseFlowLines(value);
  return (
    <div className="field flow-lines">
      <label htmlFor={id}>
        Explicit flows, one per line: <code>&lt;from&gt; &lt;src&gt; &lt;dst&gt; [tcp|udp|icmp] [dport]</code>
      </label>
      <textarea
        id={id}
        rows={3}
        spellCheck={false}
        placeholder="pod-a 10.0.0.5 10.96.0.10 udp 53"
        aria-invalid={errors.length > 0}
        aria-describedby={`${id}-status`}
        value={value ?? ''}
        onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)}
      />
      <span id={`${id}-status`} className={errors.length > 0 ? 'field-error' : 'muted small'}>
        {errors.length > 0
          ? errors.map((e) => `line ${e.line}: ${e.message}`).join('; ')
          : `${flows.length} ${flows.length === 1 ? 'flow' : 'flows'}`}
      </span>
    </div>
  );
}
