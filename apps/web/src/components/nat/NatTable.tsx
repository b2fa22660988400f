import { useMemo, useRef } from 'react';
import {
  createColumnHelper,
  flexRender,
  getCoreRowModel,
  getFilteredRowModel,
  getSortedRowModel,
  useReactTable,
  type FilterFn,
  type SortingState,
} from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { formatCount } from '../format';
import { NAT_COLUMNS, type NatColumn, type NatRow } from './nat-rows';

const HEADERS: Record<NatColumn, string> = {
  source: 'Source',
  place: 'Host / datapath',
  kind: 'Kind',
  match: 'Match',
  from: 'From',
  to: 'To',
  text: 'Rule / row',
  owner: 'Owner',
};

const helper = createColumnHelper<NatRow>();
const columns = NAT_COLUMNS.map((id) => helper.accessor(id, { id, header: HEADERS[id] }));

/** Every word of the search must appear somewhere in the row. */
const everyWord: FilterFn<NatRow> = (row, _columnId, value: string) => {
  const haystack = NAT_COLUMNS.map((c) => row.original[c])
    .join('\u0000')
    .toLowerCase();
  return value
    .toLowerCase()
    .split(/\s+/)
    .filter((w) => w !== '')
    .every((w) => haystack.includes(w));
};

/** `-kind` sorts by kind descending. */
export function sortingOf(sort: string | undefined): SortingState {
  if (sort === undefined || sort === '') return [];
  const desc = sort.startsWith('-');
  const id = desc ? sort.slice(1) : sort;
  return (NAT_COLUMNS as readonly string[]).includes(id) ? [{ id, desc }] : [];
}

/** The NAT rows, filtered, sorted and virtualised (only the rows on screen are in the page). */
export function NatTable({
  rows,
  q,
  sort,
  onSort,
}: {
  rows: NatRow[] | null;
  q: string;
  sort?: string;
  onSort: (sort: string | undefined) => void;
}) {
  const sorting = useMemo(() => sortingOf(sort), [sort]);
  const data = useMemo(() => rows ?? [], [rows]);
  const table = useReactTable({
    data,
    columns,
    state: { sorting, globalFilter: q },
    onSortingChange: (updater) => {
      const next = typeof updater === 'function' ? updater(sorting) : updater;
      const first = next[0];
      onSort(first === undefined ? undefined : `${first.desc ? '-' : ''}${first.id}`);
    },
    globalFilterFn: everyWord,
    getCoreRowModel: getCoreRowModel(),
    getFilteredRowModel: getFilteredRowModel(),
    getSortedRowModel: getSortedRowModel(),
    getRowId: (row) => row.id,
    enableSortingRemoval: true,
  });
  const shown = table.getRowModel().rows;
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: shown.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => 34,
    overscan: 10,
  });
  return (
    <>
      <p className="muted nat-count" aria-live="polite">
        {rows === null
          ? '\u00a0'
          : shown.length === rows.length
            ? `${formatCount(rows.length)} translations`
            : `${formatCount(shown.length)} of ${formatCount(rows.length)} translations`}
      </p>
      <div className="nat-table" data-testid="nat-table" role="table" aria-label="Address translations" aria-rowcount={shown.length + 1}>
        <div role="rowgroup" className="nat-head">
          {table.getHeaderGroups().map((group) => (
            <div role="row" key={group.id} className="nat-row">
              {group.headers.map((header) => {
                const dir = header.column.getIsSorted();
                return (
                  <div key={header.id} role="columnheader" aria-sort={dir === 'asc' ? 'ascending' : dir === 'desc' ? 'descending' : 'none'}>
                    <button type="button" className="sort" onClick={header.column.getToggleSortingHandler()}>
                      {flexRender(header.column.columnDef.header, header.getContext())}
                      <span aria-hidden="true">{dir === 'asc' ? ' ▲' : dir === 'desc' ? ' ▼' : ''}</span>
                    </button>
                  </div>
                );
              })}
            </div>
          ))}
        </div>
        <div ref={scroller} className="nat-scroller" role="rowgroup" tabIndex={0} aria-label="Translations (scroll)">
          {rows === null ? (
            <div className="skeleton-block tall" aria-busy="true" />
          ) : shown.length === 0 ? (
            <p className="muted nat-empty">
              {rows.length === 0 ? 'This snapshot translates no addresses.' : 'No translation matches the search.'}
            </p>
          ) : (
            <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
              {virtualizer.getVirtualItems().map((item) => {
                const row = shown[item.index];
                if (row === undefined) return null;
                return (
                  <div
                    key={row.id}
                    role="row"
                    aria-rowindex={item.index + 2}
                    data-index={item.index}
                    ref={virtualizer.measureElement}
                    className={`nat-row nat-virtual source-${row.original.source}`}
                    style={{ transform: `translateY(${item.start}px)` }}
                  >
                    {row.getVisibleCells().map((cell) => (
                      <div key={cell.id} role="cell" className={`cell-${cell.column.id}`}>
                        {flexRender(cell.column.columnDef.cell, cell.getContext())}
                      </div>
                    ))}
                  </div>
                );
              })}
            </div>
          )}
        </div>
      </div>
    </>
  );
}
