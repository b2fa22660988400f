import { ruleText } from '@hookpath/engine';
import type { IpRule, Route } from '@hookpath/model';

/** Identity of a route in the kernel's FIB: table, type, prefix and metric (the model has no tos). */
export const routeKey = (route: Route): string => `${route.table}|${route.type}|${route.dst}|${route.metric ?? 0}`;

/** A rule as `ip rule show` prints it. */
export const ipRuleLine = (rule: IpRule): string => `${rule.priority}:\t${ruleText(rule)}`;
