import type { DayResult } from './learning-sim.ts';

const ROWS = 10;

/** The learning curve in the terminal: nDCG@10 per day, learned (█) over topics only (·). */
export function asciiCurve(days: readonly DayResult[]): string {
  const lines: string[] = [];
  for (let row = ROWS; row >= 1; row--) {
    const level = row / ROWS;
    const cells = days.map((d) => {
      const learned = d.learned.ndcg10 >= level - 0.05;
      const topics = d.topics.ndcg10 >= level - 0.05;
      return learned && topics ? '█▒' : learned ? '█ ' : topics ? ' ▒' : '  ';
    });
    lines.push(`${level.toFixed(1).padStart(4)} │${cells.join(' ')}`);
  }
  lines.push(`     └${days.map(() => '───').join('')}`);
  lines.push(`  day ${days.map((d) => String(d.day).padEnd(3)).join('')}`);
  lines.push('      █ learned   ▒ topics only   (nDCG@10, held-out channels)');
  return lines.join('\n');
}

/** The same curve as a small SVG (no dependencies), for the README. */
export function svgCurve(days: readonly DayResult[]): string {
  const width = 640;
  const height = 320;
  const left = 50;
  const bottom = 40;
  const top = 20;
  const right = 20;
  const x = (day: number) => left + ((day - 1) / Math.max(1, days.length - 1)) * (width - left - right);
  const y = (value: number) => top + (1 - value) * (height - top - bottom);
  const path = (pick: (d: DayResult) => number) =>
    days.map((d, i) => `${i === 0 ? 'M' : 'L'}${x(d.day).toFixed(1)},${y(pick(d)).toFixed(1)}`).join(' ');
  const grid = [0, 0.2, 0.4, 0.6, 0.8, 1]
    .map(
      (v) =>
        `<line x1="${left}" x2="${width - right}" y1="${y(v)}" y2="${y(v)}" stroke="#ddd"/>` +
        `<text x="${left - 8}" y="${y(v) + 4}" text-anchor="end">${v.toFixed(1)}</text>`,
    )
    .join('');
  const ticks = days
    .map((d) => `<text x="${x(d.day)}" y="${height - bottom + 16}" text-anchor="middle">${d.day}</text>`)
    .join('');
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="11" role="img">`,
    '<title>nDCG@10 per submission day: learned ranker against topics only</title>',
    `<rect width="${width}" height="${height}" fill="white"/>`,
    grid,
    ticks,
    `<text x="${(left + width - right) / 2}" y="${height - 6}" text-anchor="middle">submission day</text>`,
    `<path d="${path((d) => d.topics.ndcg10)}" fill="none" stroke="#999" stroke-width="2" stroke-dasharray="5,4"/>`,
    `<path d="${path((d) => d.learned.ndcg10)}" fill="none" stroke="#e8590c" stroke-width="2.5"/>`,
    `<text x="${left + 10}" y="${top + 12}" fill="#e8590c">learned ranker</text>`,
    `<text x="${left + 10}" y="${top + 26}" fill="#777">topics only</text>`,
    `<text x="${width - right}" y="${top + 12}" text-anchor="end">nDCG@10, held-out channels</text>`,
    '</svg>',
    '',
  ].join('\n');
}
