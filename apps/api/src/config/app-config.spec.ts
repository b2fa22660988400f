import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resolve } from 'node:path';
import { ConfigError, DEFAULT_WEB_ROOT, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('defaults every variable', () => {
    assert.deepEqual(loadConfig({}), {
      databaseUrl: 'postgresql://postgres@127.0.0.1:5432/hookpath',
      redisUrl: 'redis://127.0.0.1:6379',
      port: 3000,
      limits: { maxCompressedBytes: 64 * 1024 * 1024, maxUnpackedBytes: 512 * 1024 * 1024, maxFiles: 20_000 },
      logLevel: 'info',
      queuePrefix: 'hookpath',
      maxRequestBytes: 32 * 1024 * 1024,
      webRoot: DEFAULT_WEB_ROOT,
      reportTtlDays: 30,
    });
    assert.ok(DEFAULT_WEB_ROOT.endsWith('/apps/web/dist'), DEFAULT_WEB_ROOT);
  });

  it('reads every variable; an empty one takes the default', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://u:p@db:5433/x',
      REDIS_URL: 'rediss://cache:6380/1',
      PORT: '8080',
      HOOKPATH_MAX_UPLOAD_BYTES: '1024',
      HOOKPATH_MAX_UNPACKED_BYTES: '4096',
      HOOKPATH_MAX_FILES: '10',
      LOG_LEVEL: '',
      HOOKPATH_QUEUE_PREFIX: 'staging-1',
      HOOKPATH_MAX_REQUEST_BYTES: '2048',
      HOOKPATH_WEB_ROOT: 'web/build',
    });
    assert.equal(config.webRoot, resolve('web/build'));
    assert.equal(config.queuePrefix, 'staging-1');
    assert.equal(config.maxRequestBytes, 2048);
    assert.equal(config.databaseUrl, 'postgres://u:p@db:5433/x');
    assert.equal(config.redisUrl, 'rediss://cache:6380/1');
    assert.equal(config.port, 8080);
    assert.deepEqual(config.limits, { maxCompressedBytes: 1024, maxUnpackedBytes: 4096, maxFiles: 10 });
    assert.equal(config.logLevel, 'info');
  });

  it('report links: HOOKPATH_PUBLIC_URL (without a trailing slash) and HOOKPATH_REPORT_TTL_DAYS (1-365)', () => {
    const config = loadConfig({ HOOKPATH_PUBLIC_URL: 'https://hookpath.example.com/tools/', HOOKPATH_REPORT_TTL_DAYS: '7' });
    assert.equal(config.publicUrl, 'https://hookpath.example.com/tools');
    assert.equal(config.reportTtlDays, 7);
    assert.equal(loadConfig({ HOOKPATH_PUBLIC_URL: '' }).publicUrl, undefined);
    assert.throws(
      () => loadConfig({ HOOKPATH_PUBLIC_URL: 'ftp://x', HOOKPATH_REPORT_TTL_DAYS: '366' }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.match(error.message, /HOOKPATH_PUBLIC_URL="ftp:\/\/x": expected a URL starting with http:\/\/ or https:\/\//);
        assert.match(error.message, /HOOKPATH_REPORT_TTL_DAYS="366"/);
        return true;
      },
    );
    assert.throws(() => loadConfig({ HOOKPATH_PUBLIC_URL: 'https://x.example/?a=1' }), /without \?query/);
  });

  it('names every bad variable and its value', () => {
    assert.throws(
      () =>
        loadConfig({
          PORT: 'eighty',
          DATABASE_URL: 'mysql://x/y',
          HOOKPATH_MAX_FILES: '0',
          LOG_LEVEL: 'loud',
          HOOKPATH_QUEUE_PREFIX: 'a b',
          HOOKPATH_MAX_REQUEST_BYTES: '-1',
        }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.equal(error.problems.length, 6);
        assert.match(error.message, /HOOKPATH_QUEUE_PREFIX="a b": expected letters/);
        assert.match(error.message, /HOOKPATH_MAX_REQUEST_BYTES="-1"/);
        assert.match(error.message, /PORT="eighty"/);
        assert.match(error.message, /DATABASE_URL="mysql:\/\/x\/y": expected a URL starting with postgresql:\/\/ or postgres:\/\//);
        assert.match(error.message, /HOOKPATH_MAX_FILES="0"/);
        assert.match(error.message, /LOG_LEVEL="loud"/);
        return true;
      },
    );
  });
});
