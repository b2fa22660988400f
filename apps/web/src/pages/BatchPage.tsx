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

const BATCH_EXPECTATIONS = EXPECTATIONS.filter((e) => e !== 'SAME_AS_BASE');

/** The batch form's state, all in the URL. */
export interface BatchSearch {
  snapshot?: string;
  gen?: string;
  /** Explicit flows, one per line (see flow-lines.ts). */
  flows?: string;
  outside?: string;
  expect?: FlowExpectation;
  roundTrip?: true;
}

export function batchSearch(search: Record<string, unknown>): BatchSearch {
  return compact({
    snapshot: searchString(search['snapshot']),
    gen: searchString(search['gen']),
    flows: searchString(search['flows']),
    outside: searchString(search['outside']),
    expect: searchEnum(search['expect'], BATCH_EXPECTATIONS),
    roundTrip: searchBool(search['roundTrip']),
  });
}

const SubmitBatchMutation = graphql(`
  mutation SubmitTraceBatch($input: TraceBatchInput!) {
    submitTraceBatch(input: $input) {
      id
    }
  }
`);

/** A batch of explicit and generated flows on one snapshot, with an optional expectation; the result is the job page. */
export function BatchPage() {
  const search = useSearch({ from: '/batch' });
  const navigate = useNavigate();
  const [submitted, submit] = useMutation(SubmitBatchMutation);
  const change = (patch: Partial<BatchSearch>) =>
    void navigate({ to: '/batch', search: (prev: BatchSearch) => ({ ...prev, ...patch }), replace: true });
  const ids = generatorIds(search.gen);
  const explicit = parseFlowLines(search.flows);
  const ready = explicit.errors.length === 0 && (explicit.flows.length > 0 || ids.length > 0);
  const run = (event: FormEvent) => {
    event.preventDefault();
    if (search.snapshot === undefined || !ready) return;
    const input = {
      snapshotId: search.snapshot,
      ...(explicit.flows.length === 0 ? {} : { flows: explicit.flows }),
      ...(ids.length === 0 ? {} : { generators: generatorInputs(ids, outsideAddresses(search.outside)) }),
      ...(search.expect === undefined ? {} : { expect: search.expect }),
      ...(search.roundTrip === true ? { roundTrip: true } : {}),
    };
    void submit({ input }).then((result) => {
      const id = result.data?.submitTraceBatch.id;
      if (id !== undefined) void navigate({ to: '/jobs/$jobId', params: { jobId: id } });
    });
  };
  return (
    <section className="panel">
      <h1>Trace a batch of flows</h1>
      <form className="trace-form" onSubmit={run} aria-label="Batch of flows">
        <div className="field wide">
          <label htmlFor="bf-snapshot">Snapshot</label>
          <SnapshotSelect id="bf-snapshot" value={search.snapshot} onChange={(snapshot) => change({ snapshot })} />
        </div>
        <div className="field">
          <label htmlFor="bf-expect">Every flow should be</label>
          <select
            id="bf-expect"
            value={search.expect ?? ''}
            onChange={(e) => change({ expect: e.target.value === '' ? undefined : (e.target.value as FlowExpectation) })}
          >
            <option value="">no expectation</option>
            {BATCH_EXPECTATIONS.map((e) => (
              <option key={e} value={e}>
                {e}
              </option>
            ))}
          </select>
        </div>
        <div className="field check">
          <input
            id="bf-roundtrip"
            type="checkbox"
            checked={search.roundTrip === true}
            onChange={(e) => change({ roundTrip: e.target.checked ? true : undefined })}
          />
          <label htmlFor="bf-roundtrip">Round trip (trace the replies too)</label>
        </div>
        <FlowLinesField id="bf-flows" value={search.flows} onChange={(flows) => change({ flows })} />
        <GeneratorFields
          idPrefix="bf"
          gen={search.gen}
          outside={search.outside}
          onChange={change}
          legend="Flows to generate (at least one generator or explicit flow)"
        />
        <div className="form-actions">
          <button type="submit" className="primary" disabled={submitted.fetching || search.snapshot === undefined || !ready}>
            {submitted.fetching ? 'Submitting…' : 'Run batch'}
          </button>
        </div>
      </form>
      {submitted.error !== undefined && <ErrorPanel error={submitted.error} />}
    </section>
  );
}
