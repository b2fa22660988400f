import { OVN_TABLES, type OvnChassis, type OvnMacBinding, type OvnTable, type ParseIssue } from '@hookpath/model';
import { fileIssue, splitLines } from '../issue';
import { parseOvnNbJson } from '../ovn-nb-json/parse-ovn-nb-json';
import { parseOvnNbctlList } from '../ovn-nbctl-list/parse-ovn-nbctl-list';
import { parseOvnNbctlShow, type OvnNbctlShow } from '../ovn-nbctl-show/parse-ovn-nbctl-show';
import { parseOvnSbctlShow } from '../ovn-sbctl-show/parse-ovn-sbctl-show';
import { macBindingsFrom } from './mac-bindings';
import { uuidOf, type NbTable } from './nb-table';

/** One file of a snapshot's ovn/ folder; `path` is the snapshot path (`ovn/nb-NAT.txt`). */
export interface OvnFile {
  path: string;
  content: string;
}

/** Tables read only to complete rows of the model's tables (HA group members, LB health checks). */
const HELPER_TABLES: readonly string[] = ['HA_Chassis', 'Load_Balancer_Health_Check'];
const USED = new Set<string>([...OVN_TABLES, ...HELPER_TABLES]);

export interface OvnSources {
  /** Per table, the richest source holding it in full: nb.json, else nb-<Table>.txt. */
  tables: Map<string, NbTable>;
  show: OvnNbctlShow | null;
  chassis: OvnChassis[] | null;
  /** SB MAC_Binding rows from sb-MAC_Binding.txt. */
  macBindings: OvnMacBinding[] | null;
  errors: ParseIssue[];
  warnings: ParseIssue[];
}

/** Parses every ovn/ file with its own parser and picks, per table, the source that wins. */
export function collectSources(files: readonly OvnFile[]): OvnSources {
  const out: OvnSources = { tables: new Map(), show: null, chassis: null, macBindings: null, errors: [], warnings: [] };
  const lists: NbTable[] = [];
  for (const f of files) {
    const name = f.path.slice(f.path.lastIndexOf('/') + 1);
    const listed = /^nb-([A-Za-z_]+)\.txt$/.exec(name)?.[1];
    // read once: a stored file's text is inflated each time it is read
    const content = f.content;
    if (name === 'nbctl-show.txt') {
      const show = parseOvnNbctlShow(content, f.path);
      out.errors.push(...show.errors);
      out.show = show.value;
    } else if (name === 'sbctl-show.txt') {
      const sb = parseOvnSbctlShow(content, f.path);
      out.errors.push(...sb.errors);
      out.chassis = sb.value;
    } else if (name === 'sb-MAC_Binding.txt') {
      const list = parseOvnNbctlList(content, f.path);
      out.errors.push(...list.errors);
      out.macBindings = macBindingsFrom(list.value);
    } else if (listed !== undefined) {
      const list = parseOvnNbctlList(content, f.path);
      out.errors.push(...list.errors);
      if (USED.has(listed)) lists.push({ table: listed, file: f.path, format: 'list', lines: splitLines(content), rows: list.value });
      else out.warnings.push(fileIssue(f.path, `table ${listed} is not used by the OVN model; ignored`));
    } else if (name === 'nb.json') {
      const dump = parseOvnNbJson(content, f.path);
      out.errors.push(...dump.errors);
      const lines = content.split('\n');
      // NB_Global (one row in every database: options, sequence numbers) says nothing about paths.
      for (const t of dump.value) {
        if (USED.has(t.table)) out.tables.set(t.table, { table: t.table, file: f.path, format: 'json', lines, rows: t.rows });
        else if (t.rows.length > 0 && t.table !== 'NB_Global') {
          out.warnings.push({
            file: f.path,
            line: t.line,
            column: 1,
            message: `table ${t.table} (${t.rows.length} rows) is not used by the OVN model; ignored`,
            text: '',
          });
        }
      }
    } else {
      out.warnings.push(
        fileIssue(
          f.path,
          'not an OVN file of the snapshot layout (nbctl-show.txt, nb-<Table>.txt, nb.json, sbctl-show.txt, sb-MAC_Binding.txt); ignored',
        ),
      );
    }
  }
  for (const list of lists) {
    const json = out.tables.get(list.table);
    if (json === undefined) {
      out.tables.set(list.table, list);
      continue;
    }
    // nb.json holds the table too and wins; say which rows only the list had.
    const inJson = new Set(json.rows.map(uuidOf));
    for (const r of list.rows) {
      if (!inJson.has(uuidOf(r))) {
        out.warnings.push({
          file: list.file,
          line: r.line,
          column: 1,
          message: `${list.table} row ${uuidOf(r) ?? '?'} is not in ${json.file}, which holds the table and wins; ignored`,
          text: list.lines[r.line - 1] ?? '',
        });
      }
    }
  }
  return out;
}

/** The model's tables the sources hold in full (nbctl-show.txt holds none in full). */
export function capturedTables(tables: ReadonlyMap<string, NbTable>): OvnTable[] {
  return OVN_TABLES.filter((t) => tables.has(t));
}
