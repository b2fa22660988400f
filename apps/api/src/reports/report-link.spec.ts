import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiException } from '../errors/api.exception';
import { publicBase } from './public-base';
import { parseReportLink, redactReportLink, reportUrl } from './report-link';

const TOKEN = 'A'.repeat(21) + '_-' + 'z9'.repeat(10);

describe('report links', () => {
  it('reads the token and the format from /r/<file>', () => {
    assert.equal(TOKEN.length, 43);
    assert.deepEqual(parseReportLink(TOKEN), { token: TOKEN, format: 'page' });
    assert.deepEqual(parseReportLink(`${TOKEN}.md`), { token: TOKEN, format: 'md' });
    assert.deepEqual(parseReportLink(`${TOKEN}.html`), { token: TOKEN, format: 'html' });
    assert.deepEqual(parseReportLink(`${TOKEN}.json`), { token: TOKEN, format: 'json' });
    for (const bad of [`${TOKEN}.pdf`, `${TOKEN}x`, TOKEN.slice(1), `${TOKEN}.md.md`, '', '../etc/passwd', `${TOKEN.slice(1)}+`])
      assert.equal(parseReportLink(bad), null, bad);
  });

  it('keeps tokens out of the logs', () => {
    assert.equal(redactReportLink(`/r/${TOKEN}`), '/r/<token>');
    assert.equal(redactReportLink(`/r/${TOKEN}.json`), '/r/<token>.json');
    assert.equal(redactReportLink('/api/v1/jobs/x/reports'), '/api/v1/jobs/x/reports');
  });

  it('builds the link on HOOKPATH_PUBLIC_URL, else on the origin the client reached', () => {
    assert.equal(reportUrl('https://hp.example.com/tools/', TOKEN), `https://hp.example.com/tools/r/${TOKEN}`);
    assert.equal(
      publicBase('https://hp.example.com/tools', { headers: { host: 'internal:3000' }, protocol: 'http' }),
      'https://hp.example.com/tools',
    );
    assert.equal(publicBase(undefined, { headers: { host: 'hp.example.com' }, protocol: 'http' }), 'http://hp.example.com');
    assert.equal(
      publicBase(undefined, { headers: { host: 'hp.example.com:8443', 'x-forwarded-proto': 'https, http' }, protocol: 'http' }),
      'https://hp.example.com:8443',
    );
    assert.equal(
      publicBase(undefined, { headers: { host: '[::1]:3000', 'x-forwarded-proto': 'gopher' }, protocol: 'http' }),
      'http://[::1]:3000',
    );
    assert.throws(() => publicBase(undefined, { headers: { host: 'evil.example/<script>' }, protocol: 'http' }), /no usable Host header/);
    assert.throws(
      () => publicBase(undefined, { headers: {}, protocol: 'http' }),
      (error: unknown) =>
        error instanceof ApiException && error.code === 'BAD_REQUEST' && /HOOKPATH_PUBLIC_URL/.test(error.details.fix ?? ''),
    );
  });
});
