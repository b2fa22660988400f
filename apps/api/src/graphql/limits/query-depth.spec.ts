import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'graphql';
import { queryDepth } from './query-depth';

describe('queryDepth', () => {
  it('counts nested fields, leaves included', () => {
    assert.equal(queryDepth(parse('{ snapshot(id: "x") { name } }')), 2);
    assert.equal(queryDepth(parse('{ a { b { c } } d }')), 3);
  });

  it('counts fragments as the fields they hold', () => {
    const document = parse(`
      query Q { snapshot(id: "x") { ...S ... on Snapshot { hosts { name } } } }
      fragment S on Snapshot { hosts { iptables { format } } }
    `);
    assert.equal(queryDepth(document, 'Q'), 4);
  });

  it('measures the named operation and ignores introspection', () => {
    const document = parse('query A { a { b } } query B { a { b { c { d } } } __schema { types { fields { name } } } }');
    assert.equal(queryDepth(document, 'A'), 2);
    assert.equal(queryDepth(document, 'B'), 4);
  });

  it('does not loop on a fragment cycle', () => {
    assert.equal(queryDepth(parse('{ a { ...F } } fragment F on T { b { ...F } }')), 2);
  });
});
