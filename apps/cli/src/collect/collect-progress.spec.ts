import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { CollectProgress, type ProgressStream } from './collect-progress';

/** A stream that keeps what is written, a terminal or not, and a clock the test moves. */
function stream(isTTY: boolean, columns = 100): ProgressStream & { text: string } {
  const s = {
    text: '',
    isTTY,
    columns,
    write(chunk: string) {
      s.text += chunk;
      return true;
    },
  };
  return s;
}

describe('collect progress', () => {
  it('on a terminal: one line redrawn in place with hosts, nodes, phase and time, cleared at the end', () => {
    let now = 0;
    const tty = stream(true);
    const progress = new CollectProgress(tty, { quiet: false, now: () => now, tickMs: 0 });
    progress.line('collecting 2 nodes');
    assert.equal(tty.text, 'collecting 2 nodes\n', 'no bar before the work is known');
    progress.start(2, 5);
    progress.setPhase('capturing');
    now = 3000;
    progress.nodeDone('worker-1', 3, 1);
    assert.equal(progress.render(), '[############        ] 3/5 hosts, 1/2 nodes, capturing, 3 s');
    progress.line('warning: something');
    progress.end();
    const writes = tty.text.split('\r\x1b[K');
    assert.equal(writes.at(-1), '', 'the bar is cleared at the end');
    assert.ok(writes.includes('[############        ] 3/5 hosts, 1/2 nodes, capturing, 3 s'), JSON.stringify(writes));
    assert.ok(writes.includes('warning: something\n'), 'a line of its own is printed on a cleared line');
    assert.ok(!tty.text.includes('\n[') && !/node worker-1:/.test(tty.text), 'no line per node on a terminal');
    progress.line('after the end');
    assert.ok(tty.text.endsWith('after the end\n'), 'nothing is drawn after the end');
  });

  it('the bar fits the terminal width', () => {
    const narrow = stream(true, 30);
    const progress = new CollectProgress(narrow, { quiet: false, now: () => 0, tickMs: 0 });
    progress.start(10, 100);
    progress.setPhase('writing the snapshot');
    assert.equal(progress.render().length, 29);
    progress.end();
  });

  it('elsewhere: a plain line per node finished, no control characters; --quiet: nothing', () => {
    let now = 0;
    const log = stream(false);
    const progress = new CollectProgress(log, { quiet: false, now: () => now });
    progress.start(2, 5);
    progress.setPhase('capturing');
    now = 12_400;
    progress.nodeDone('worker-1', 3, 1);
    progress.nodeDone('worker-2', 2, 0);
    progress.end();
    assert.equal(
      log.text,
      'node worker-1: 2/3 hosts captured (1/2 nodes, 3/5 hosts, 12 s)\nnode worker-2: 2/2 hosts captured (2/2 nodes, 5/5 hosts, 12 s)\n',
    );
    const quiet = stream(true);
    const silent = new CollectProgress(quiet, { quiet: true });
    silent.start(1, 1);
    silent.line('collecting');
    silent.nodeDone('worker-1', 1, 0);
    silent.end();
    assert.equal(quiet.text, '');
  });
});
