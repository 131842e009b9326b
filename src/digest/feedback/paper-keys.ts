import type { Paper } from '../../papers/paper.ts';
import { withoutVersion } from '../../sources/same-paper.ts';

// "Not interested" hides a paper in every form the channel may meet it again: any arXiv version
// (the canonical id has none; an id that kept a vN loses it here), and the same paper from HF,
// arXiv or Semantic Scholar, which merge under one canonical id or, failing that, share a DOI.

/** The keys a hidden paper is remembered by: its versionless id, and `doi:<doi>` when it has one. */
export function paperKeys(paper: Pick<Paper, 'id' | 'doi'>): string[] {
  const keys = [withoutVersion(paper.id)];
  const doi = paper.doi?.toLowerCase();
  if (doi && !keys.includes(`doi:${doi}`)) keys.push(`doi:${doi}`);
  return keys;
}

/** Whether any of the paper's keys is in the channel's hidden set. */
export function isHidden(paper: Pick<Paper, 'id' | 'doi'>, hidden: ReadonlySet<string>): boolean {
  return hidden.size > 0 && paperKeys(paper).some((key) => hidden.has(key));
}
