import { BlockModel, Pos, PipelineModel } from './parse';

/**
 * The main DAG: references, their symmetry, cycles and a topological order. Everything here is
 * linear in blocks + edges and iterative (a 10k-block chain must not overflow the stack).
 */

export type GraphIssue =
  | { kind: 'dangling'; block: BlockModel; key: 'upstream_blocks' | 'downstream_blocks'; uuid: string; pos: Pos }
  | { kind: 'asymmetric'; block: BlockModel; key: 'upstream_blocks' | 'downstream_blocks'; uuid: string; pos: Pos }
  | { kind: 'cycle'; path: string[]; pos: Pos };

export interface GraphResult {
  issues: GraphIssue[];
  /** Unique `[upstream, downstream]` pairs between main blocks, in declaration order. */
  edges: [string, string][];
  /** Main-block uuids in an order where every block follows its upstreams; null with a cycle. */
  topologicalOrder: string[] | null;
  /** Cycles found beyond the reported ones (reporting stops at MAX_CYCLES). */
  moreCycles: number;
}

const MAX_CYCLES = 20;

export function analyseGraph(model: PipelineModel): GraphResult {
  const issues: GraphIssue[] = [];

  // The first block of a uuid wins (duplicates are reported elsewhere).
  const mainIndex = new Map<string, number>();
  const mainUuids: string[] = [];
  for (const block of model.blocks) {
    if (block.uuid !== undefined && !mainIndex.has(block.uuid)) {
      mainIndex.set(block.uuid, mainUuids.length);
      mainUuids.push(block.uuid);
    }
  }
  // Mage resolves references against main, callback and widget blocks alike.
  const known = new Set<string>(mainUuids);
  for (const block of model.side) if (block.uuid !== undefined) known.add(block.uuid);

  const n = mainUuids.length;
  const ownerOf: (BlockModel | undefined)[] = new Array(n);
  for (const block of model.blocks) {
    if (block.uuid === undefined) continue;
    const i = mainIndex.get(block.uuid)!;
    if (ownerOf[i] === undefined) ownerOf[i] = block;
  }

  const upSets: Set<string>[] = ownerOf.map((b) => new Set((b?.upstream ?? []).map((r) => r.uuid)));
  const downSets: Set<string>[] = ownerOf.map((b) => new Set((b?.downstream ?? []).map((r) => r.uuid)));

  const edgeKeys = new Map<string, number>();
  const edges: [string, string][] = [];
  const edgePos: Pos[] = [];
  const adjacency: number[][] = Array.from({ length: n }, () => []);
  const addEdge = (from: number, to: number, pos: Pos) => {
    const key = `${from}:${to}`;
    if (edgeKeys.has(key)) return;
    edgeKeys.set(key, edges.length);
    edges.push([mainUuids[from], mainUuids[to]]);
    edgePos.push(pos);
    adjacency[from].push(to);
  };

  const checkRefs = (block: BlockModel, key: 'upstream_blocks' | 'downstream_blocks', isMain: boolean) => {
    const refs = key === 'upstream_blocks' ? block.upstream : block.downstream;
    for (const ref of refs) {
      if (!known.has(ref.uuid)) {
        issues.push({ kind: 'dangling', block, key, uuid: ref.uuid, pos: ref.pos });
        continue;
      }
      const self = block.uuid !== undefined ? mainIndex.get(block.uuid) : undefined;
      const other = mainIndex.get(ref.uuid);
      if (!isMain || self === undefined || other === undefined || ownerOf[self] !== block) continue;
      if (key === 'downstream_blocks') {
        addEdge(self, other, ref.pos);
        if (!upSets[other].has(block.uuid!)) issues.push({ kind: 'asymmetric', block, key, uuid: ref.uuid, pos: ref.pos });
      } else {
        addEdge(other, self, ref.pos);
        if (!downSets[other].has(block.uuid!)) issues.push({ kind: 'asymmetric', block, key, uuid: ref.uuid, pos: ref.pos });
      }
    }
  };
  for (const block of model.blocks) {
    checkRefs(block, 'upstream_blocks', true);
    checkRefs(block, 'downstream_blocks', true);
  }
  for (const block of model.side) {
    checkRefs(block, 'upstream_blocks', false);
    checkRefs(block, 'downstream_blocks', false);
  }

  // Iterative DFS over the union of both edge lists; each back edge closes one cycle.
  const WHITE = 0;
  const GREY = 1;
  const BLACK = 2;
  const colour = new Uint8Array(n);
  const stackPos = new Int32Array(n).fill(-1);
  const path: number[] = [];
  const nextEdge: number[] = [];
  let cycles = 0;
  for (let start = 0; start < n; start++) {
    if (colour[start] !== WHITE) continue;
    colour[start] = GREY;
    stackPos[start] = 0;
    path.push(start);
    nextEdge.push(0);
    while (path.length > 0) {
      const top = path.length - 1;
      const node = path[top];
      const out = adjacency[node];
      if (nextEdge[top] < out.length) {
        const target = out[nextEdge[top]++];
        if (colour[target] === WHITE) {
          colour[target] = GREY;
          stackPos[target] = path.length;
          path.push(target);
          nextEdge.push(0);
        } else if (colour[target] === GREY) {
          cycles++;
          if (cycles <= MAX_CYCLES) {
            const cyclePath = path.slice(stackPos[target]).map((i) => mainUuids[i]);
            cyclePath.push(mainUuids[target]);
            issues.push({ kind: 'cycle', path: cyclePath, pos: edgePos[edgeKeys.get(`${node}:${target}`)!] });
          }
        }
      } else {
        colour[node] = BLACK;
        stackPos[node] = -1;
        path.pop();
        nextEdge.pop();
      }
    }
  }

  return {
    issues,
    edges,
    topologicalOrder: cycles > 0 ? null : kahn(n, adjacency, mainUuids),
    moreCycles: Math.max(0, cycles - MAX_CYCLES),
  };
}

/** Kahn's algorithm, seeded in declaration order so the result is stable. */
function kahn(n: number, adjacency: number[][], uuids: string[]): string[] | null {
  const indegree = new Int32Array(n);
  for (const out of adjacency) for (const t of out) indegree[t]++;
  const queue: number[] = [];
  for (let i = 0; i < n; i++) if (indegree[i] === 0) queue.push(i);
  for (let head = 0; head < queue.length; head++) {
    for (const t of adjacency[queue[head]]) if (--indegree[t] === 0) queue.push(t);
  }
  return queue.length === n ? queue.map((i) => uuids[i]) : null;
}
