import { useNavigate, useSearch } from '@tanstack/react-router';
import type { FormEvent } from 'react';
import { useMutation } from 'urql';
import { ErrorPanel } from '../components/ErrorPanel';
import { FlowLinesField } from '../components/forms/FlowLinesField';
import { parseFlowLines } from '../components/forms/flow-lines';
import { GeneratorFields } from '../components/forms/GeneratorFields';
import { EXPECTATIONS, generatorIds, generatorInputs, outsideAddresses } from '../components/forms/generators';
import { compact, searchBool, searchEnum, searchString } from '../components/forms/search-values';
import { SnapshotSelect } from '../components/forms/SnapshotSelect';
import { graphql } from '../gql';
import type { FlowExpectation } from '../gql/graphql';

/** The diff form's state, all in the URL. */
export interface DiffSearch {
  base?: string;
  target?: string;
  gen?: string;
  /** Explicit flows, one per line (see flow-lines.ts). */
  flows?: string;
  outside?: string;
  expect?: FlowExpectation;
  roundTrip?: true;
}

export function diffSearch(search: Record<string, unknown>): DiffSearch {
  return compact({
    base: searchString(search['base']),
    target: searchString(search['target']),
    gen: searchString(search['gen']),
    flows: searchString(search['flows']),
    outside: searchString(search['outside']),
    expect: searchEnum(search['expect'], EXPECTATIONS),
    roundTrip: searchBool(search['roundTrip']),
  });
}

const SubmitDiffMutation = graphql(`
  mutation SubmitDiff($input: DiffInput!) {
    submitDiff(input: $input) {
      id
    }
  }
`);

/** Two snapshots compared: what changed, and which flows behave differently because of it. */
export function DiffPage() {
  const search = useSearch({ from: '/diff' });
  const navigate = useNavigate();
  const [submitted, submit] = useMutation(SubmitDiffMutation);
  const change = (patch: Partial<DiffSearch>) =>
    void navigate({ to: '/diff', search: (prev: DiffSearch) => ({ ...prev, ...patch }), replace: true });
  const ids = generatorIds(search.gen);
  const explicit = parseFlowLines(search.flows);
  const same = search.base !== undefined && search.base === search.target;
  const run = (event: FormEvent) => {
    event.preventDefault();
    if (search.base === undefined || search.target === undefined || explicit.errors.length > 0) return;
    const input = {
      baseSnapshotId: search.base,
      targetSnapshotId: search.target,
      ...(explicit.flows.length === 0 ? {} : { flows: explicit.flows }),
      ...(ids.length === 0 ? {} : { generators: generatorInputs(ids, outsideAddresses(search.outside)) }),
      ...(search.expect === undefined ? {} : { expect: search.expect }),
      ...(search.roundTrip === true ? { roundTrip: true } : {}),
    };
    void submit({ input }).then((result) => {
      const id = result.data?.submitDiff.id;
      if (id !== undefined) void navigate({ to: '/jobs/$jobId', params: { jobId: id } });
    });
  };
  return (
    <section className="panel">
      <h1>Compare two snapshots</h1>
      <form className="trace-form" onSubmit={run} aria-label="Snapshots to compare">
        <div className="field wide">
          <label htmlFor="df-base">Base snapshot (before)</label>
          <SnapshotSelect id="df-base" value={search.base} onChange={(base) => change({ base })} />
        </div>
        <div className="field wide">
          <label htmlFor="df-target">Target snapshot (after)</label>
          <SnapshotSelect id="df-target" value={search.target} onChange={(target) => change({ target })} />
          {same && <span className="field-error">The same snapshot on both sides: nothing will differ.</span>}
        </div>
        <div className="field">
          <label htmlFor="df-expect">Every flow should be</label>
          <select
            id="df-expect"
            value={search.expect ?? ''}
            onChange={(e) => change({ expect: e.target.value === '' ? undefined : (e.target.value as FlowExpectation) })}
          >
            <option value="">no expectation</option>
            {EXPECTATIONS.map((e) => (
              <option key={e} value={e}>
                {e === 'SAME_AS_BASE' ? 'the same as on the base' : e}
              </option>
            ))}
          </select>
        </div>
        <div className="field check">
          <input
            id="df-roundtrip"
            type="checkbox"
            checked={search.roundTrip === true}
            onChange={(e) => change({ roundTrip: e.target.checked ? true : undefined })}
          />
          <label htmlFor="df-roundtrip">Round trip (trace the replies too)</label>
        </div>
        <FlowLinesField id="df-flows" value={search.flows} onChange={(flows) => change({ flows })} />
        <GeneratorFields
          idPrefix="df"
          gen={search.gen}
          outside={search.outside}
          onChange={change}
          legend="Flows to generate (with no explicit flow and no generator: every generator, on the base snapshot)"
        />
        <div className="form-actions">
          <button
            type="submit"
            className="primary"
            disabled={submitted.fetching || search.base === undefined || search.target === undefined || explicit.errors.length > 0}
          >
            {submitted.fetching ? 'Submitting…' : 'Compare'}
          </button>
        </div>
      </form>
      {submitted.error !== undefined && <ErrorPanel error={submitted.error} />}
    </section>
  );
}
