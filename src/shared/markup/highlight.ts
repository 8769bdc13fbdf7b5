// Syntax highlighting for fenced code blocks, by highlight.js's grammars through lowlight (which returns a tree, not
// HTML). Only when the author names the language: guessing runs every grammar over the code. A language list chosen
// for a developer team's chat keeps the web app's lazily loaded chunk small.
import { createLowlight } from 'lowlight';
import type { Element, ElementContent, Root } from 'hast';
import bash from 'highlight.js/lib/languages/bash';
import c from 'highlight.js/lib/languages/c';
import cpp from 'highlight.js/lib/languages/cpp';
import csharp from 'highlight.js/lib/languages/csharp';
import css from 'highlight.js/lib/languages/css';
import diff from 'highlight.js/lib/languages/diff';
import dockerfile from 'highlight.js/lib/languages/dockerfile';
import go from 'highlight.js/lib/languages/go';
import java from 'highlight.js/lib/languages/java';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import kotlin from 'highlight.js/lib/languages/kotlin';
import markdown from 'highlight.js/lib/languages/markdown';
import php from 'highlight.js/lib/languages/php';
import python from 'highlight.js/lib/languages/python';
import ruby from 'highlight.js/lib/languages/ruby';
import rust from 'highlight.js/lib/languages/rust';
import shell from 'highlight.js/lib/languages/shell';
import sql from 'highlight.js/lib/languages/sql';
import swift from 'highlight.js/lib/languages/swift';
import typescript from 'highlight.js/lib/languages/typescript';
import xml from 'highlight.js/lib/languages/xml';
import yaml from 'highlight.js/lib/languages/yaml';
import type { CodeNode, Highlighter } from './nodes.js';

const lowlight = createLowlight({
  bash, c, cpp, csharp, css, diff, dockerfile, go, java, javascript, json, kotlin, markdown, php, python, ruby, rust,
  shell, sql, swift, typescript, xml, yaml,
});

export const highlight: Highlighter = (lang, code) => {
  if (!lowlight.registered(lang)) return null;
  return toCodeNodes(lowlight.highlight(lang, code));
};

function toCodeNodes(parent: Root | Element): CodeNode[] {
  const out: CodeNode[] = [];
  for (const child of parent.children as ElementContent[]) {
    if (child.type === 'text') {
      if (typeof out[out.length - 1] === 'string') out[out.length - 1] += child.value;
      else out.push(child.value);
    } else if (child.type === 'element') {
      const cls = ((child.properties.className as string[] | undefined) ?? []).filter((c) => /^hljs-[\w-]+$/.test(c)).join(' ');
      out.push(cls ? { cls, children: toCodeNodes(child) } : ''.concat(...toCodeNodes(child).map(flatten)));
    }
  }
  return out;
}

const flatten = (node: CodeNode): string => (typeof node === 'string' ? node : node.children.map(flatten).join(''));
