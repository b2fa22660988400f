import type { OvnMatchExpr, OvnMatchField, OvnMatchRelop, OvnMatchValue } from '@hookpath/model';

const TURNED: Record<OvnMatchRelop, OvnMatchRelop> = { '==': '==', '!=': '!=', '<': '>', '<=': '>=', '>': '<', '>=': '<=' };

function fieldText(f: OvnMatchField): string {
  if (!f.bits) return f.name;
  return f.bits.low === f.bits.high ? `${f.name}[${f.bits.low}]` : `${f.name}[${f.bits.low}..${f.bits.high}]`;
}

function valueText(v: OvnMatchValue): string {
  switch (v.kind) {
    case 'integer': {
      const num = (s: string): string => (v.format === 'hex' ? `0x${BigInt(s).toString(16)}` : s);
      return v.mask === undefined ? num(v.value) : `${num(v.value)}/${num(v.mask)}`;
    }
    case 'ipv4':
    case 'ipv6':
      return v.prefixLength !== undefined ? `${v.address}/${v.prefixLength}` : v.mask !== undefined ? `${v.address}/${v.mask}` : v.address;
    case 'mac':
      return v.mask === undefined ? v.address : `${v.address}/${v.mask}`;
    case 'string':
      return JSON.stringify(v.value);
    case 'addressSet':
      return `$${v.name}`;
    case 'portGroup':
      return `@${v.name}`;
  }
}

/** Whether OVN accepts the expression as the operand of `!` without parentheses. */
function atomic(e: OvnMatchExpr): boolean {
  return e.kind === 'boolean' || e.kind === 'field' || e.kind === 'call';
}

/** Prints a match in OVN's syntax; parsing the text gives the same tree back. */
export function matchText(e: OvnMatchExpr): string {
  switch (e.kind) {
    case 'boolean':
      return e.value ? '1' : '0';
    case 'and':
    case 'or':
      return e.operands
        .map((o) => (o.kind === 'and' || o.kind === 'or' ? `(${matchText(o)})` : matchText(o)))
        .join(e.kind === 'and' ? ' && ' : ' || ');
    case 'not':
      return atomic(e.operand) ? `!${matchText(e.operand)}` : `!(${matchText(e.operand)})`;
    case 'cmp': {
      const values = e.braces ? `{${e.values.map(valueText).join(', ')}}` : e.values.map(valueText).join(', ');
      return e.constantFirst ? `${values} ${TURNED[e.op]} ${fieldText(e.field)}` : `${fieldText(e.field)} ${e.op} ${values}`;
    }
    case 'range':
      return `${valueText(e.left)} ${e.leftOp} ${fieldText(e.field)} ${e.rightOp} ${valueText(e.right)}`;
    case 'field':
      return fieldText(e.field);
    case 'call':
      return `${e.function}(${JSON.stringify(e.port)})`;
  }
}
