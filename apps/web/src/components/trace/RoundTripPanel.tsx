import { memo } from 'react';
import type { RoundTripOutcome } from './trace-types';

/** Would the connection establish: the round trip's one-line summary and its findings. */
export const RoundTripPanel = memo(function RoundTripPanel({ roundTrip }: { roundTrip: RoundTripOutcome }) {
  return (
    <section className={`round-trip ${roundTrip.established ? 'ok' : 'bad'}`} data-testid="round-trip" aria-label="Round trip">
      <p>
        <strong>{roundTrip.established ? 'Round trip: established' : 'Round trip: not established'}</strong> — {roundTrip.summary}
      </p>
      {roundTrip.findings.length > 0 && (
        <ul className="findings">
          {roundTrip.findings.map((f, i) => (
            <li key={`${f.code}-${i}`}>
              <code className="code">{f.code}</code>
              {f.host !== null && <span className="muted"> on {f.host}</span>} {f.message}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
});
