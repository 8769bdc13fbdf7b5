// docs/bench-latency.svg: p99 latency (log scale) against offered deliveries/s, one line per target.
// Hand-written SVG, no dependencies. Failed steps are hollow markers.
import { P99_LIMIT_MS } from '../config.js';
import type { TargetKind } from '../load/client.js';
import type { RateStep } from '../scenarios/max-rate.js';
import { TARGET_NAMES } from './results.js';

const COLORS: Record<TargetKind, string> = { 'raw-ws': '#7f7f7f', 'bare-socketio': '#1f77b4', flack: '#d62728' };
const W = 720;
const H = 420;
const M = { left: 64, right: 160, top: 36, bottom: 52 };

export function latencyChart(series: Partial<Record<TargetKind, RateStep[]>>, title: string): string {
  const all = Object.values(series).flat();
  const maxX = niceCeil(Math.max(1, ...all.map((s) => s.offeredDeliveriesPerSec)));
  const maxY = 10 ** Math.ceil(Math.log10(Math.max(P99_LIMIT_MS * 10, ...all.map((s) => s.latency.p99))));
  const minY = 0.1;
  const x = (v: number) => M.left + (v / maxX) * (W - M.left - M.right);
  const y = (v: number) =>
    H - M.bottom - ((Math.log10(Math.max(minY, v)) - Math.log10(minY)) / (Math.log10(maxY) - Math.log10(minY))) * (H - M.top - M.bottom);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="#fff"/>`,
    `<text x="${W / 2 - M.right / 2 + M.left / 2}" y="20" text-anchor="middle" font-size="14">${escape(title)}</text>`,
  ];
  for (let v = minY; v <= maxY; v *= 10) {
    out.push(`<line x1="${M.left}" x2="${W - M.right}" y1="${y(v)}" y2="${y(v)}" stroke="#eee"/>`);
    out.push(`<text x="${M.left - 6}" y="${y(v) + 4}" text-anchor="end">${v < 1 ? v : v.toLocaleString('en')}</text>`);
  }
  for (let i = 0; i <= 5; i++) {
    const v = (maxX / 5) * i;
    out.push(`<line x1="${x(v)}" x2="${x(v)}" y1="${M.top}" y2="${H - M.bottom}" stroke="#eee"/>`);
    out.push(`<text x="${x(v)}" y="${H - M.bottom + 16}" text-anchor="middle">${(v / 1000).toLocaleString('en')}k</text>`);
  }
  out.push(
    `<line x1="${M.left}" x2="${W - M.right}" y1="${y(P99_LIMIT_MS)}" y2="${y(P99_LIMIT_MS)}" stroke="#999" stroke-dasharray="4 4"/>`,
    `<text x="${W - M.right - 4}" y="${y(P99_LIMIT_MS) - 4}" text-anchor="end" fill="#666">${P99_LIMIT_MS} ms limit</text>`,
    `<rect x="${M.left}" y="${M.top}" width="${W - M.left - M.right}" height="${H - M.top - M.bottom}" fill="none" stroke="#333"/>`,
    `<text x="${(M.left + W - M.right) / 2}" y="${H - 12}" text-anchor="middle">offered deliveries/s (rooms of 20)</text>`,
    `<text transform="translate(16 ${(M.top + H - M.bottom) / 2}) rotate(-90)" text-anchor="middle">p99 send → delivery (ms, log)</text>`,
  );
  let legendY = M.top + 10;
  for (const [kind, steps] of Object.entries(series) as [TargetKind, RateStep[]][]) {
    const color = COLORS[kind];
    const points = decidingSteps(steps);
    if (points.length) {
      const path = points.map((s) => `${x(s.offeredDeliveriesPerSec).toFixed(1)},${y(s.latency.p99).toFixed(1)}`).join(' ');
      out.push(`<polyline points="${path}" fill="none" stroke="${color}" stroke-width="2"/>`);
      for (const s of points) {
        const fill = s.passed ? color : '#fff';
        out.push(`<circle cx="${x(s.offeredDeliveriesPerSec).toFixed(1)}" cy="${y(s.latency.p99).toFixed(1)}" r="4" fill="${fill}" stroke="${color}" stroke-width="2"/>`);
      }
    }
    out.push(`<line x1="${W - M.right + 14}" x2="${W - M.right + 34}" y1="${legendY}" y2="${legendY}" stroke="${color}" stroke-width="2"/>`);
    out.push(`<text x="${W - M.right + 40}" y="${legendY + 4}">${escape(TARGET_NAMES[kind])}</text>`);
    legendY += 20;
  }
  out.push(`<text x="${W - M.right + 14}" y="${legendY + 8}" fill="#666">hollow: step failed</text>`);
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

/** Per offered rate, the attempt that decided it: the passing one, else the last. */
export function decidingSteps(steps: RateStep[]): RateStep[] {
  const byRate = new Map<number, RateStep>();
  for (const step of steps) {
    const seen = byRate.get(step.offeredDeliveriesPerSec);
    if (!seen || !seen.passed) byRate.set(step.offeredDeliveriesPerSec, step);
  }
  return [...byRate.values()].sort((a, b) => a.offeredDeliveriesPerSec - b.offeredDeliveriesPerSec);
}

function niceCeil(v: number): number {
  const step = 10 ** Math.floor(Math.log10(v)) / 2;
  return Math.ceil(v / step) * step;
}

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;');
