import type { IpRule, ParseIssue, ParseResult } from '@hookpath/model';
import { topLevelObjects } from '../ip-common';
import { parseJsonDocument } from '../json-document';
import { ruleFromJson } from './rule-json';
import { shapeRule } from './rule-shape';

/** `ip -j rule show` (or `ip -j -6 rule show`). */
export function parseIpRuleJson(content: string, file: string): ParseResult<IpRule[]> {
  const document = parseJsonDocument(content, file);
  if (!document.ok) return { value: [], errors: [document.issue] };
  const errors: ParseIssue[] = [];
  const rules = topLevelObjects(document.value, file, errors).map((fields) => shapeRule(ruleFromJson(fields)));
  return { value: rules, errors };
}
