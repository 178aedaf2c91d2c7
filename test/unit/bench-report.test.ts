/**
 * The benchmark's judgement of issue 23's per-line goals (bench/report.mjs): which goal is met on which
 * Node line, the floor measured beside a goal, and when that floor blocks it. Pure functions over a
 * results object shaped like the one bench/run.mjs writes; nothing is timed here.
 */
import { describe, expect, it } from 'vitest';
import { COLD_ROWS, evaluateLineGoals, renderMarkdown, statusText, targetText, type LineGoal, type NodeLine, type ProcessRow, type Results } from '../../bench/report.mjs';

/** A row whose every run took `wallMs` and peaked at `rssMiB`. */
function row(id: string, wallMs: number, rssMiB: number): ProcessRow {
  const one = (v: number) => ({ median: v, min: v, max: v, n: 1 });
  return { id, label: id, wall: one(wallMs), rss: one(rssMiB * 1024), cpu: one(wallMs) };
}

/** One Node line: `node -e 0` takes 100 ms and 40 MiB; the other rows are given as [wall ms, MiB]. */
function line(major: string, rows: Record<string, [number, number]>): NodeLine {
  return { line: major, version: `v${major}.0.0`, rows: [row('node', 100, 40), ...Object.entries(rows).map(([id, [wall, rss]]) => row(id, wall, rss))] };
}

function results(nodeLines: NodeLine[]): Results {
  return {
    meta: { date: '2026-12-07T00:00:00.000Z', node: '20.0.0', os: 'linux', cpus: 2, cpuModel: 'cpu', quick: true, processRounds: 1, processWarmup: 0, lineRounds: 1 },
    processes: [],
    processNotes: [],
    library: [],
    libraryNotes: [],
    provider: { skipped: 'not run in this test' },
    nodeLines,
  };
}

const NODE_20 = line('20', {
  help: [120, 45], // 1.20 ≤ 1.25
  complete: [130, 45], // 1.30 > 1.25
  'cache-hit': [119, 48], // 1.19 ≤ 1.2
  'cli-fake': [160, 50], // 1.60 > 1.5; peak memory 1.25 ≤ 1.3
  'script-undici': [170, 80], // floor 1.70 above the goal, but the CLI runs below it
  'script-fetch': [150, 70],
  'script-sts-creds': [400, 90],
  'script-aws-sdk': [200, 60],
});
const NODE_24 = line('24', {
  help: [136, 45], // 1.36 > 1.35
  complete: [130, 45], // 1.30 ≤ 1.35
  'cache-hit': [130, 48], // 1.30 ≤ 1.3
  'cli-fake': [300, 56], // 3.00 > 2.5, and 1.07× a floor of 2.80: blocked; memory 1.40 > 1.3, floor 1.2
  'script-undici': [280, 48],
  'script-sts-creds': [230, 75], // 1.15 ≤ 1.2 the SDK's wall; memory 1.25 > 1.2
  'script-aws-sdk': [200, 60],
});

const goalsOf = (lines: NodeLine[]) => evaluateLineGoals(results(lines));
const find = (goals: LineGoal[], lineName: string, id: string) => {
  const goal = goals.find((g) => g.line === lineName && g.id === id);
  if (!goal) throw new Error(`no goal ${id} on Node ${lineName}`);
  return goal;
};

describe('bench/report.mjs: the per-line goals of issue 23', () => {
  const goals = goalsOf([NODE_20, NODE_24]);

  it.each([
    ['20', 'help', 1.25, true],
    ['20', 'complete', 1.25, false],
    ['20', 'cache-hit', 1.2, true],
    ['20', 'cli-fake', 1.5, false],
    ['20', 'rss', 1.3, true],
    ['24', 'help', 1.35, false],
    ['24', 'complete', 1.35, true],
    ['24', 'cache-hit', 1.3, true],
    ['24', 'cli-fake', 2.5, false],
    ['24', 'rss', 1.3, false],
    ['24', 'script-wall', 1.2, true],
    ['24', 'script-rss', 1.2, false],
  ] as const)('Node %s, %s: target %s, met %s', (lineName, id, target, met) => {
    const goal = find(goals, lineName, id);
    expect(goal.target).toBe(target);
    expect(goal.met).toBe(met);
  });

  it('takes the 22+ targets for every line after 20', () => {
    const later = goalsOf([{ ...NODE_24, line: '26', version: 'v26.0.0' }, { ...NODE_24, line: '22', version: 'v22.0.0' }]);
    for (const lineName of ['22', '26']) {
      expect(find(later, lineName, 'help').target).toBe(1.35);
      expect(find(later, lineName, 'cli-fake').target).toBe(2.5);
      expect(find(later, lineName, 'script-wall').target).toBe(1.2);
    }
  });

  it('reports the script on Node 20 against the floor, with no number to meet', () => {
    const goal = find(goals, '20', 'script-wall');
    expect(goal.measured).toBeCloseTo(2, 6);
    expect(goal.met).toBeUndefined();
    expect(goal.aboveFloor).toBeCloseTo(400 / 170, 6);
    expect(targetText(goal)).toBe('Node 20: come close to the floor');
    expect(statusText(goal)).toBe('reported');
  });

  it('shows the floor beside a goal and says when it blocks the goal', () => {
    const blocked = find(goals, '24', 'cli-fake');
    expect(blocked.floor).toBeCloseTo(2.8, 6);
    expect(blocked.aboveFloor).toBeCloseTo(300 / 280, 6);
    expect(blocked.blocked).toBe(true);
    expect(statusText(blocked)).toBe('**not met**: blocked by the floor (2.80×, above the goal)');

    // The floor is above the goal, but the CLI runs below it: the floor does not excuse the goal.
    const under = find(goals, '20', 'cli-fake');
    expect(under.floor).toBeCloseTo(1.7, 6);
    expect(under.aboveFloor).toBeLessThan(1);
    expect(under.blocked).toBe(false);
    expect(statusText(under)).toMatch(/^\*\*not met\*\* \(the floor, 1\.70×, is above the goal, but this row runs below it\)$/);

    // Memory: floor 1.2 is under the goal of 1.3, so a miss is the project's own.
    const memory = find(goals, '24', 'rss');
    expect(memory.floor).toBeCloseTo(1.2, 6);
    expect(memory.blocked).toBe(false);
    expect(statusText(memory)).toBe('**not met**');
    expect(statusText(find(goals, '20', 'help'))).toBe('met');
  });

  it('leaves out a goal whose rows a line did not measure', () => {
    const bare = goalsOf([line('26', { help: [120, 45] })]);
    expect(bare.map((g) => g.id)).toEqual(['help']);
    expect(bare[0]?.floor).toBeUndefined();
  });

  it('renders one column per line, the floor rows under their goal, and a cold-start row per script', () => {
    const markdown = renderMarkdown(results([NODE_20, NODE_24]));
    expect(markdown).toContain('| goal | Node v20.0.0 | Node v24.0.0 |');
    expect(markdown).toContain('| `assume-role -o json`, one request ÷ `node -e 0`, wall | 1.60× (≤ 1.5): **not met** (the floor, 1.70×, is above the goal, but this row runs below it) | 3.00× (≤ 2.5): **not met**: blocked by the floor (2.80×, above the goal) |');
    expect(markdown).toContain('| ↳ floor: raw undici script ÷ `node -e 0`, wall | 1.70× | 2.80× |');
    expect(markdown).toContain('| ↳ the CLI ÷ floor | 0.94× | 1.07× |');
    // Built-in fetch is shown beside the floor where a line measured it, and judged by nothing.
    expect(markdown).toContain('| ↳ for reference: built-in `fetch` script (the undici inside Node) ÷ `node -e 0`, wall | 1.50× | n/a |');
    expect(find(evaluateLineGoals(results([NODE_20])), '20', 'rss').reference).toBeCloseTo(70 / 40, 6);
    expect(markdown).toContain('| a script\'s cold start: sts-creds ÷ AWS SDK v3, wall | 2.00× (Node 20: come close to the floor): reported | 1.15× (≤ 1.2): met |');
    expect(markdown).toContain('| v24.0.0 | script-sts-creds | 230 | 130 | 1.15× | 75.0 | 1.25× | 230 |');
    // Rows the lines did not measure are left out, not shown as n/a.
    expect(markdown).not.toContain('import-aws-sdk');
    expect(COLD_ROWS.map((c) => c.id)).toContain('script-undici');
  });
});
