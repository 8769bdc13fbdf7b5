// Draws a formatted body (src/shared/markup) as DOM nodes: user text only ever becomes text nodes, and the only
// elements are the ones below. test/browser/markup.test.ts compares this DOM with test/fixtures/markup.json.
import type { ComponentChildren } from 'preact';
import type { CodeNode, MarkupNode } from '../../shared/markup/nodes.js';
import { openChannelNamed } from '../state/channelLinks.js';

const EVERYONE = new Set(['here', 'channel', 'everyone']);

export function Markup({ nodes, myName }: { nodes: readonly MarkupNode[]; myName: string | null }) {
  return <>{nodes.map((n, i) => draw(n, i, myName?.toLowerCase() ?? null))}</>;
}

function draw(node: MarkupNode, key: number, me: string | null): ComponentChildren {
  const kids = () => ('children' in node ? (node.children as MarkupNode[]).map((c, i) => draw(c, i, me)) : null);
  switch (node.t) {
    case 'text':
      return node.text;
    case 'br':
      // A newline in a body that keeps white space (`pre-wrap`): the text reads, copies and searches as typed.
      return '\n';
    case 'p':
      return <p key={key}>{kids()}</p>;
    case 'blockquote':
      return <blockquote key={key}>{kids()}</blockquote>;
    case 'ul':
      return <ul key={key}>{kids()}</ul>;
    case 'ol':
      return (
        <ol key={key} start={node.start === 1 ? undefined : node.start}>
          {kids()}
        </ol>
      );
    case 'li':
      return <li key={key}>{kids()}</li>;
    case 'strong':
      return <strong key={key}>{kids()}</strong>;
    case 'em':
      return <em key={key}>{kids()}</em>;
    case 'del':
      return <del key={key}>{kids()}</del>;
    case 'code':
      return <code key={key}>{node.text}</code>;
    case 'pre':
      return (
        <pre key={key}>
          <code class={node.lang ? `language-${node.lang}` : undefined}>{node.children.map(drawCode)}</code>
        </pre>
      );
    case 'link':
      return (
        <a key={key} href={node.href} target="_blank" rel="noopener noreferrer nofollow">
          <bdi>{kids()}</bdi>
          {node.host !== null && (
            <span class="link-host" dir="ltr">
              {node.host}
            </span>
          )}
        </a>
      );
    case 'mention': {
      const classes = ['mention', EVERYONE.has(node.name) && 'everyone', node.name === me && 'you'];
      return (
        <span key={key} class={classes.filter(Boolean).join(' ')} data-mention={node.name}>
          {node.text}
        </span>
      );
    }
    case 'channel':
      return (
        <button key={key} type="button" class="channel-ref" onClick={() => openChannelNamed(node.name)}>
          #{node.name}
        </button>
      );
    case 'emoji':
      return (
        <span key={key} class="emoji" title={node.shortcode}>
          {node.emoji}
        </span>
      );
  }
}

function drawCode(node: CodeNode, key: number): ComponentChildren {
  if (typeof node === 'string') return node;
  return (
    <span key={key} class={node.cls}>
      {node.children.map(drawCode)}
    </span>
  );
}
