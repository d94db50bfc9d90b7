// The modules under harness/ form a graph without cycles: every relative import (value or type,
// import or re-export, static or dynamic) looks down to a module that does not import it back.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const harnessDir = path.resolve(__dirname, '..', 'harness');

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return tsFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

// `import ... from './x.js'`, `import type ... from`, `export ... from`, `import './x.js'`, `import('./x.js')`
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(?\s*)(['"])(\.{1,2}\/[^'"]+)\1/g;

/** Relative specifiers of one file, comments stripped so an example in a comment is not an edge. */
function relativeImports(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
  return [...code.matchAll(SPECIFIER)].map((m) => m[2]!);
}

function resolveImport(from: string, specifier: string): string {
  const target = path.resolve(path.dirname(from), specifier);
  return target.endsWith('.js') ? target.slice(0, -3) + '.ts' : target.endsWith('.ts') ? target : `${target}.ts`;
}

/** Every cycle's path as module names relative to harness/, each cycle reported once. */
function findCycles(graph: Map<string, string[]>): string[][] {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const seen = new Set<string>();
  const visit = (node: string): void => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') {
        const cycle = [...stack.slice(stack.indexOf(next)), next];
        const key = [...cycle.slice(0, -1)].sort().join('|');
        if (!seen.has(key)) {
          seen.add(key);
          cycles.push(cycle);
        }
      } else if (!state.has(next)) {
        visit(next);
      }
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of [...graph.keys()].sort()) if (!state.has(node)) visit(node);
  return cycles;
}

function harnessGraph(): { graph: Map<string, string[]>; missing: string[] } {
  const files = tsFiles(harnessDir);
  const known = new Set(files);
  const graph = new Map<string, string[]>();
  const missing: string[] = [];
  const name = (file: string): string => path.relative(harnessDir, file);
  for (const file of files) {
    const edges: string[] = [];
    for (const specifier of relativeImports(readFileSync(file, 'utf8'))) {
      const target = resolveImport(file, specifier);
      if (!target.startsWith(harnessDir + path.sep)) continue; // outside harness/ (none today)
      if (!known.has(target)) missing.push(`${name(file)} imports ${specifier}, which does not exist`);
      else edges.push(name(target));
    }
    graph.set(name(file), [...new Set(edges)]);
  }
  return { graph, missing };
}

/**
 * Arrows climbing back up between folders: where two folders import each other, the file arrows of
 * the direction with fewer of them (both directions on a tie). Files directly in harness/ are both
 * the top (cli.ts, commands.ts) and leaves (errors.ts, paths.ts), so they are left out.
 */
function climbingArrows(graph: Map<string, string[]>): string[] {
  const folder = (file: string): string | null => (file.includes('/') ? file.split('/')[0]! : null);
  const edges = new Map<string, string[]>();
  for (const [file, imports] of graph) {
    for (const target of imports) {
      const [a, b] = [folder(file), folder(target)];
      if (a && b && a !== b) edges.set(`${a} → ${b}`, [...(edges.get(`${a} → ${b}`) ?? []), `${file} → ${target}`]);
    }
  }
  const climbing: string[] = [];
  for (const [edge, arrows] of edges) {
    const [a, b] = edge.split(' → ') as [string, string];
    const back = edges.get(`${b} → ${a}`);
    if (back && arrows.length <= back.length) climbing.push(...arrows);
  }
  return climbing.sort();
}

describe('import graph of harness/', () => {
  it('finds the imports of every kind', () => {
    const source = [
      "import { a } from './a.js';",
      "import type { B } from '../b/b.js';",
      "export { c } from './c.js';",
      "export * from './d.js';",
      "import './e.js';",
      "const f = await import('./f.js');",
      "import { z } from 'zod';",
      "// import { g } from './g.js';",
      "/* import { h } from './h.js'; */",
    ].join('\n');
    expect(relativeImports(source)).toEqual(['./a.js', '../b/b.js', './c.js', './d.js', './e.js', './f.js']);
  });

  it('detects a cycle and prints its path', () => {
    const graph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts', 'd.ts']],
      ['d.ts', []],
    ]);
    expect(findCycles(graph)).toEqual([['a.ts', 'b.ts', 'c.ts', 'a.ts']]);
    expect(findCycles(new Map([['a.ts', ['b.ts']], ['b.ts', []]]))).toEqual([]);
  });

  it('finds the arrows that climb back between two folders', () => {
    const graph = new Map([
      ['a/x.ts', ['b/y.ts']],
      ['b/y.ts', []],
      ['b/z.ts', ['a/x.ts']],
      ['b/w.ts', ['a/x.ts', 'c/v.ts']],
      ['c/v.ts', []],
    ]);
    expect(climbingArrows(graph)).toEqual(['a/x.ts → b/y.ts']);
    expect(climbingArrows(new Map([['a/x.ts', ['b/y.ts']], ['b/y.ts', []]]))).toEqual([]);
  });

  it('reads every module and resolves every relative import', () => {
    const { graph, missing } = harnessGraph();
    expect(graph.size).toBeGreaterThan(50);
    expect(graph.get('cli.ts')).toContain('errors.ts');
    expect(missing).toEqual([]);
  });

  it('has no cycle', () => {
    const { graph } = harnessGraph();
    const cycles = findCycles(graph).map((cycle) => cycle.join(' → '));
    const climbing = climbingArrows(graph);
    const arrows = [...graph.values()].reduce((sum, imports) => sum + imports.length, 0);
    console.log(`import graph of harness/: ${graph.size} files, ${arrows} arrows, ${climbing.length} climbing arrows, ${cycles.length} circles`);
    expect(cycles, `import cycles under harness/:\n${cycles.join('\n')}`).toEqual([]);
  });

  it('has no two folders importing each other', () => {
    const climbing = climbingArrows(harnessGraph().graph);
    expect(climbing, `folders that import each other; the arrows against the grain:\n${climbing.join('\n')}`).toEqual([]);
  });
});
