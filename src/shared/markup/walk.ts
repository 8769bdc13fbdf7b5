import type { MarkupNode } from './nodes.js';

/** Every node of a rendered body, depth first (a code block's highlighted spans are not nodes). */
export function* allNodes(nodes: readonly MarkupNode[]): Generator<MarkupNode> {
  for (const node of nodes) {
    yield node;
    if ('children' in node && node.t !== 'pre') yield* allNodes(node.children as MarkupNode[]);
  }
}

/** The lower-cased names of the body's @mentions, in order ("here", "channel" and "everyone" included). */
export function* mentionNames(nodes: readonly MarkupNode[]): Generator<string> {
  for (const node of allNodes(nodes)) if (node.t === 'mention') yield node.name;
}
