import type { PacketField, PacketFields } from './step-model';

function Field({ name, fields, changed }: { name: PacketField; fields: PacketFields; changed: ReadonlySet<PacketField> }) {
  const value = fields[name];
  if (value === undefined) return null;
  return changed.has(name) ? <mark className="changed">{value}</mark> : <>{value}</>;
}

const hasPort = (fields: PacketFields, name: 'sport' | 'dport') => fields[name] !== undefined && fields[name] !== '0';

/** A header on one line: src:sport → dst:dport, mark, ttl, then the frame's MACs; changed fields marked. */
export function PacketHeader({ fields, changed }: { fields: PacketFields; changed: ReadonlySet<PacketField> }) {
  return (
    <span className="pkt">
      <Field name="src" fields={fields} changed={changed} />
      {hasPort(fields, 'sport') && (
        <>
          :<Field name="sport" fields={fields} changed={changed} />
        </>
      )}
      {' → '}
      <Field name="dst" fields={fields} changed={changed} />
      {hasPort(fields, 'dport') && (
        <>
          :<Field name="dport" fields={fields} changed={changed} />
        </>
      )}
      {fields.mark !== undefined && (fields.mark !== '0x0' || changed.has('mark')) && (
        <>
          {' '}
          mark <Field name="mark" fields={fields} changed={changed} />
        </>
      )}
      {changed.has('ttl') && (
        <>
          {' '}
          ttl <Field name="ttl" fields={fields} changed={changed} />
        </>
      )}
      {(changed.has('ethSrc') || changed.has('ethDst')) && (
        <span className="pkt-l2">
          {' '}
          <Field name="ethSrc" fields={fields} changed={changed} /> → <Field name="ethDst" fields={fields} changed={changed} />
        </span>
      )}
    </span>
  );
}

/** The packet before → after a step, the changed fields highlighted; "unchanged" when the step kept it. */
export function PacketChange({
  before,
  after,
  changed,
  first,
}: {
  before: PacketFields;
  after: PacketFields;
  changed: ReadonlySet<PacketField>;
  first: boolean;
}) {
  if (changed.size === 0) {
    return first ? <PacketHeader fields={after} changed={changed} /> : <span className="muted small">unchanged</span>;
  }
  return (
    <span className="pkt-change">
      <span className="pkt-before">
        <PacketHeader fields={before} changed={changed} />
      </span>
      <span className="pkt-arrow" aria-label="becomes">
        ⇣
      </span>
      <PacketHeader fields={after} changed={changed} />
    </span>
  );
}
