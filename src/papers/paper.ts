/** Where a paper's data came from; a merged paper lists every source. */
export type PaperSource = 'huggingface' | 'arxiv' | 'semanticscholar' | 'local';

export interface PaperLinks {
  readonly abs?: string;
  readonly pdf?: string;
  readonly hf?: string;
  readonly code?: string;
  readonly project?: string;
}

/**
 * A paper as every layer sees it. `id` is canonical (`arxiv:2401.12345`, `doi:…`, `s2:…`,
 * `local:…`) and never carries a version; `version` is the arXiv version number when known.
 * Dates are ISO-8601 UTC strings.
 */
export interface Paper {
  readonly id: string;
  readonly version?: number;
  readonly title: string;
  readonly abstract: string;
  readonly authors: readonly string[];
  readonly published: string;
  readonly updated?: string;
  readonly categories: readonly string[];
  readonly links: PaperLinks;
  readonly upvotes?: number;
  readonly aiSummary?: string;
  readonly keywords: readonly string[];
  readonly sources: readonly PaperSource[];
  /** The day a listing (HF daily papers, arXiv RSS) announced it, YYYY-MM-DD. */
  readonly listedOn?: string;
  readonly citationCount?: number;
  /** Semantic Scholar's one-sentence TLDR. */
  readonly tldr?: string;
  readonly comment?: string;
  readonly journalRef?: string;
  readonly doi?: string;
}

/** arXiv links for a canonical arXiv id, or none for other ids. */
export function arxivLinks(id: string): PaperLinks {
  const arxivId = id.startsWith('arxiv:') ? id.slice('arxiv:'.length) : undefined;
  if (!arxivId) return {};
  return { abs: `https://arxiv.org/abs/${arxivId}`, pdf: `https://arxiv.org/pdf/${arxivId}` };
}

/** The best public link to a paper: arXiv abstract page, then HF, then DOI. */
export function paperUrl(paper: Pick<Paper, 'id' | 'links'>): string | undefined {
  if (paper.links.abs) return paper.links.abs;
  if (paper.links.hf) return paper.links.hf;
  if (paper.id.startsWith('doi:')) return `https://doi.org/${paper.id.slice(4)}`;
  return arxivLinks(paper.id).abs;
}
