import { describe, expect, it } from 'vitest';
import { renderMarkup } from '../../shared/markup/render.js';
import type { MarkupNode } from '../../shared/markup/nodes.js';
import { SHRUG, actionBody, commandAt, insertCommand, parseCommand, shrugBody } from './slash.js';

/** `|` marks the caret. */
const at = (marked: string) => commandAt(marked.replace('|', ''), marked.indexOf('|'));

/** What a body shows: its text, with `_…_` around what is in italics. */
const shown = (nodes: readonly MarkupNode[]): string =>
  nodes
    .map((n) => (n.t === 'text' ? n.text : n.t === 'em' ? `_${shown(n.children)}_` : n.t === 'br' ? '\n' : 'children' in n && n.t !== 'pre' ? shown(n.children as MarkupNode[]) : ''))
    .join('');

describe('parseCommand', () => {
  it('reads "/name args" at the very start, the name lower-cased and the arguments trimmed', () => {
    expect(parseCommand('/shrug')).toEqual({ name: 'shrug', args: '' });
    expect(parseCommand('/topic  Deploy day ')).toEqual({ name: 'topic', args: 'Deploy day' });
    expect(parseCommand('/ME waves\nand smiles')).toEqual({ name: 'me', args: 'waves\nand smiles' });
    expect(parseCommand('/invite @bob\n')).toEqual({ name: 'invite', args: '@bob' });
    expect(parseCommand('/no-pe_2 x')).toEqual({ name: 'no-pe_2', args: 'x' });
  });

  it('is nothing for a message that only looks like one: escaped, indented, a path, a bare or numeric slash', () => {
    for (const text of ['//shrug', ' /shrug', 'hi /shrug', '/usr/bin/env', '/', '/ shrug', '/50 people', '', '\n/me x']) {
      expect(parseCommand(text), JSON.stringify(text)).toBeNull();
    }
  });
});

describe('commandAt', () => {
  it('is the "/name" while the caret is in the first word', () => {
    expect(at('/|')).toEqual({ end: 1, prefix: '' });
    expect(at('/sh|')).toEqual({ end: 3, prefix: 'sh' });
    expect(at('/s|hr')).toEqual({ end: 4, prefix: 's' });
    expect(at('/To|pic Deploy')).toEqual({ end: 6, prefix: 'to' });
  });

  it('is nothing once past the name, before the slash, or where no command can be', () => {
    for (const marked of ['/shrug |', '/topic x|', '|/sh', 'a /sh|', '//|', '/usr/b|in', ' /sh|', '|']) expect(at(marked), marked).toBeNull();
  });
});

describe('insertCommand', () => {
  it('puts "/name " in place of the typed name and the caret after the space, reusing one that follows', () => {
    expect(insertCommand('/sh', { end: 3, prefix: 'sh' }, 'shrug')).toEqual({ text: '/shrug ', caret: 7 });
    expect(insertCommand('/to Deploy', { end: 3, prefix: 'to' }, 'topic')).toEqual({ text: '/topic Deploy', caret: 7 });
  });
});

describe('shrugBody', () => {
  it('shows ¯\\_(ツ)_/¯ whole, after the text, through the renderer', () => {
    expect(shown(renderMarkup(shrugBody('')))).toBe(SHRUG);
    expect(shown(renderMarkup(shrugBody('no idea')))).toBe(`no idea ${SHRUG}`);
    expect(shown(renderMarkup(shrugBody('it *was* fine')))).toBe(`it _was_ fine ${SHRUG}`); // the text is still markup
  });
});

describe('actionBody', () => {
  it('puts the whole action in italics', () => {
    expect(actionBody('waves')).toBe('_waves_');
    for (const text of ['waves', 'likes snake_case', 'waves at @bob!', 'types foo_', 'says *hi*', 'waves\nagain']) {
      const nodes = renderMarkup(actionBody(text));
      expect(nodes, text).toHaveLength(1);
      expect((nodes[0] as { children: MarkupNode[] }).children.map((n) => n.t), text).toEqual(['em']);
    }
  });

  it('posts it as written when italics cannot hold it whole', () => {
    expect(actionBody('quotes\n> this')).toBe('quotes\n> this');
    expect(actionBody('```\ncode\n```')).toBe('```\ncode\n```');
  });
});
