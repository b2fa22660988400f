import type { FormEvent } from 'react';
import { SnapshotSelect } from '../../components/forms/SnapshotSelect';
import { inputInt } from '../../components/forms/search-values';
import { usePlaces } from '../../components/forms/use-places';
import { parseMark, PROTOCOLS, type Proto, type TraceSearch } from './trace-search';

const IPV4_PATTERN = '\\d{1,3}(\\.\\d{1,3}){3}';

export type TraceFormValues = Omit<TraceSearch, 'job' | 'tab'>;

/**
 * The packet to trace. Every field is the URL's (each change replaces the search), so the form survives
 * a reload and a shared link fills it in.
 */
export function TraceForm({
  values,
  onChange,
  onSubmit,
  submitting,
}: {
  values: TraceFormValues;
  onChange: (patch: Partial<TraceFormValues>) => void;
  onSubmit: () => void;
  submitting: boolean;
}) {
  const { places, addresses } = usePlaces(values.snapshot);
  const sources = places.find((p) => p.value === values.from)?.addresses ?? [];
  const icmp = values.proto === 'icmp';
  const ported = values.proto !== 'icmp';
  const markInvalid = values.mark !== undefined && parseMark(values.mark) === undefined;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!markInvalid) onSubmit();
  };
  return (
    <form className="trace-form" onSubmit={submit} aria-label="Packet to trace">
      <div className="field wide">
        <label htmlFor="tf-snapshot">Snapshot</label>
        <SnapshotSelect id="tf-snapshot" value={values.snapshot} onChange={(snapshot) => onChange({ snapshot })} />
      </div>
      <div className="field wide">
        <label htmlFor="tf-from">From</label>
        <input
          id="tf-from"
          list="tf-places"
          required
          autoComplete="off"
          placeholder="host, host:iface or ovn:port"
          value={values.from ?? ''}
          onChange={(e) => onChange({ from: e.target.value === '' ? undefined : e.target.value })}
        />
        <datalist id="tf-places">
          {places.map((p) => (
            <option key={p.value} value={p.value}>
              {p.label}
              {p.addresses.length > 0 ? ` (${p.addresses.join(', ')})` : ''}
            </option>
          ))}
        </datalist>
      </div>
      <div className="field">
        <label htmlFor="tf-src">Source IP</label>
        <input
          id="tf-src"
          list="tf-sources"
          required
          pattern={IPV4_PATTERN}
          autoComplete="off"
          value={values.src ?? ''}
          onChange={(e) => onChange({ src: e.target.value === '' ? undefined : e.target.value })}
        />
        <datalist id="tf-sources">
          {sources.map((a) => (
            <option key={a} value={a} />
          ))}
        </datalist>
      </div>
      <div className="field">
        <label htmlFor="tf-dst">Destination IP</label>
        <input
          id="tf-dst"
          list="tf-addresses"
          required
          pattern={IPV4_PATTERN}
          autoComplete="off"
          value={values.dst ?? ''}
          onChange={(e) => onChange({ dst: e.target.value === '' ? undefined : e.target.value })}
        />
        <datalist id="tf-addresses">
          {addresses.map((a) => (
            <option key={a} value={a} />
          ))}
        </datalist>
      </div>
      <div className="field">
        <label htmlFor="tf-proto">Protocol</label>
        <select
          id="tf-proto"
          value={values.proto ?? ''}
          onChange={(e) => onChange({ proto: e.target.value === '' ? undefined : (e.target.value as Proto) })}
        >
          <option value="">tcp with ports, else icmp</option>
          {PROTOCOLS.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
      </div>
      <div className="field narrow-field">
        <label htmlFor="tf-sport">Source port</label>
        <input
          id="tf-sport"
          type="number"
          min={1}
          max={65535}
          disabled={!ported}
          value={values.sport ?? ''}
          onChange={(e) => onChange({ sport: inputInt(e.target.value, 1, 65535) })}
        />
      </div>
      <div className="field narrow-field">
        <label htmlFor="tf-dport">Dest. port</label>
        <input
          id="tf-dport"
          type="number"
          min={1}
          max={65535}
          disabled={!ported}
          value={values.dport ?? ''}
          onChange={(e) => onChange({ dport: inputInt(e.target.value, 1, 65535) })}
        />
      </div>
      <div className="field narrow-field">
        <label htmlFor="tf-icmpid">ICMP id</label>
        <input
          id="tf-icmpid"
          type="number"
          min={0}
          max={65535}
          disabled={!icmp && values.proto !== undefined}
          value={values.icmpId ?? ''}
          onChange={(e) => onChange({ icmpId: inputInt(e.target.value, 0, 65535) })}
        />
      </div>
      <div className="field narrow-field">
        <label htmlFor="tf-mark">Mark</label>
        <input
          id="tf-mark"
          placeholder="0x0"
          autoComplete="off"
          aria-invalid={markInvalid}
          aria-describedby={markInvalid ? 'tf-mark-error' : undefined}
          value={values.mark ?? ''}
          onChange={(e) => onChange({ mark: e.target.value === '' ? undefined : e.target.value })}
        />
        {markInvalid && (
          <span id="tf-mark-error" className="field-error">
            0x… or a decimal up to 4294967295
          </span>
        )}
      </div>
      <div className="field">
        <label htmlFor="tf-backend">Backend</label>
        <input
          id="tf-backend"
          placeholder="ip:port (IPVS or OVN LB)"
          autoComplete="off"
          value={values.backend ?? ''}
          onChange={(e) => onChange({ backend: e.target.value === '' ? undefined : e.target.value })}
        />
      </div>
      <div className="field">
        <label htmlFor="tf-choose">Choose next hop</label>
        <input
          id="tf-choose"
          placeholder="OVN ECMP / reroute next hop"
          pattern={IPV4_PATTERN}
          autoComplete="off"
          value={values.choose ?? ''}
          onChange={(e) => onChange({ choose: e.target.value === '' ? undefined : e.target.value })}
        />
      </div>
      <div className="field check">
        <input
          id="tf-roundtrip"
          type="checkbox"
          checked={values.roundTrip === true}
          onChange={(e) => onChange({ roundTrip: e.target.checked ? true : undefined })}
        />
        <label htmlFor="tf-roundtrip">Round trip (trace the reply too)</label>
      </div>
      <div className="form-actions">
        <button type="submit" className="primary" disabled={submitting}>
          {submitting ? 'Submitting…' : 'Trace'}
        </button>
      </div>
    </form>
  );
}
