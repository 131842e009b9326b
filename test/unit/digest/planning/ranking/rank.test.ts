import { describe, expect, it } from 'vitest';
import { indexCandidates } from '../../../../../src/digest/planning/ranking/candidate-index.ts';
import { rankCandidates, rankPapers } from '../../../../../src/digest/planning/ranking/rank.ts';
import { makePaper } from '../../../../support/builders.ts';

const base = { exclude: [], minUpvotes: 0 };
const reasoning = makePaper({
  id: 'arxiv:2501.00001',
  title: 'Reasoning Models Trained with Reinforcement Learning',
  abstract: 'We show that reinforcement learning improves the reasoning of language models.',
  upvotes: 5,
});
const decoding = makePaper({
  id: 'arxiv:2501.00002',
  title: 'Speculative Decoding at Scale',
  abstract: 'A draft model proposes tokens and the target model verifies them.',
  upvotes: 50,
});
const mention = makePaper({
  id: 'arxiv:2501.00003',
  title: 'Image Segmentation Benchmarks',
  abstract: 'We also discuss reasoning about occlusion.',
  upvotes: 5,
});

describe('rankPapers', () => {
  it('ranks by relevance of title and abstract to the topics', () => {
    const ranked = rankPapers([mention, decoding, reasoning], {
      ...base,
      topics: ['reasoning', 'reinforcement learning'],
    });
    expect(ranked.map((r) => r.paper.id)).toEqual(['arxiv:2501.00001', 'arxiv:2501.00003']);
  });

  it('says which topic words matched, as the user wrote them', () => {
    const [top] = rankPapers([reasoning], { ...base, topics: ['LLM reasoning', 'RL', 'reinforcement learning'] });
    expect(top?.matchedTerms).toEqual(['reasoning', 'reinforcement', 'learning']);
  });

  it('matches word forms through stemming', () => {
    const [top] = rankPapers([reasoning], { ...base, topics: ['reasons trained'] });
    expect(top?.matchedTerms).toEqual(['reasons', 'trained']);
  });

  it('removes papers containing an exclude keyword', () => {
    const ranked = rankPapers([reasoning, mention], { ...base, topics: ['reasoning'], exclude: ['segmentation'] });
    expect(ranked.map((r) => r.paper.id)).toEqual(['arxiv:2501.00001']);
  });

  it('matches a multi-word exclude keyword only as a phrase', () => {
    const ranked = rankPapers([reasoning], { ...base, topics: ['reasoning'], exclude: ['learning reinforcement'] });
    expect(ranked).toHaveLength(1);
  });

  it('drops papers under min_upvotes, counting unknown upvotes as 0', () => {
    const unknown = makePaper({ ...decoding, id: 'arxiv:2501.00004', upvotes: undefined });
    const ranked = rankPapers([decoding, unknown], { ...base, topics: ['decoding'], minUpvotes: 10 });
    expect(ranked.map((r) => r.paper.id)).toEqual(['arxiv:2501.00002']);
  });

  it('lets upvotes lift an equally relevant paper', () => {
    const popular = makePaper({ ...decoding, id: 'arxiv:2501.00005', upvotes: 500 });
    const quiet = makePaper({ ...decoding, id: 'arxiv:2501.00006', upvotes: 0 });
    const ranked = rankPapers([quiet, popular], { ...base, topics: ['speculative decoding'] });
    expect(ranked.map((r) => r.paper.id)).toEqual(['arxiv:2501.00005', 'arxiv:2501.00006']);
  });

  it('keeps the best `limit` entries', () => {
    expect(rankPapers([reasoning, mention], { ...base, topics: ['reasoning'], limit: 1 })).toHaveLength(1);
  });

  it('returns nothing for topics made only of stopwords', () => {
    expect(rankPapers([reasoning], { ...base, topics: ['the of and'] })).toEqual([]);
  });
});

describe('rankCandidates', () => {
  const many = Array.from({ length: 30 }, (_, i) =>
    makePaper({ id: `arxiv:2501.${String(i).padStart(5, '0')}`, title: `Reasoning study ${i}`, upvotes: (i * 7) % 11 }),
  );

  it('keeps the same best entries as a full ranking, and counts every match', () => {
    const index = indexCandidates(many);
    const top = rankCandidates(index, { ...base, topics: ['reasoning'], limit: 5 });
    const all = rankCandidates(index, { ...base, topics: ['reasoning'] });
    expect(top.entries.map((e) => e.paper.id)).toEqual(all.entries.slice(0, 5).map((e) => e.paper.id));
    expect([top.total, all.total]).toEqual([30, 30]);
  });

  it('gives the same answer when one index serves many subscriptions', () => {
    const index = indexCandidates([reasoning, decoding, mention]);
    const first = rankCandidates(index, { ...base, topics: ['reasoning'], exclude: ['segmentation'] });
    rankCandidates(index, { ...base, topics: ['speculative decoding'] });
    expect(rankCandidates(index, { ...base, topics: ['reasoning'], exclude: ['segmentation'] })).toEqual(first);
  });
});

describe('rankPapers with dense scores', () => {
  const keyword = makePaper({
    id: 'arxiv:2501.00011',
    title: 'Decoding Brain Signals',
    abstract: 'We read decoding targets from fMRI recordings.',
  });
  const related = makePaper({
    id: 'arxiv:2501.00012',
    title: 'Swift Generation',
    abstract: 'Drafts make generation swift.',
  });
  const unrelated = makePaper({ id: 'arxiv:2501.00013', title: 'Protein Folding', abstract: 'Structures.' });
  const papers = [keyword, related, unrelated];
  const topics = { ...base, topics: ['decoding'] };

  it('ranks exactly as lexically when the dense map is empty', () => {
    expect(rankPapers(papers, { ...topics, dense: new Map() })).toEqual(rankPapers(papers, topics));
  });

  it('adds a paper no topic word matches when it is as close to the topics as the keyword matches', () => {
    const dense = new Map([
      [keyword.id, 0.3],
      [related.id, 0.8],
      [unrelated.id, 0.1],
    ]);
    const ranked = rankPapers(papers, { ...topics, dense });
    expect(ranked.map((r) => [r.paper.id, r.matchedTerms, r.similarity])).toEqual([
      [keyword.id, ['decoding'], 0.3],
      [related.id, [], 0.8],
    ]);
  });

  it('lets similarity reorder keyword matches', () => {
    const weak = makePaper({ id: 'arxiv:2501.00014', title: 'A survey', abstract: 'Decoding, briefly, among others.' });
    const lexical = rankPapers([keyword, weak], topics).map((r) => r.paper.id);
    const dense = new Map([
      [keyword.id, 0.1],
      [weak.id, 0.9],
    ]);
    const fused = rankPapers([keyword, weak], { ...topics, dense }).map((r) => r.paper.id);
    expect([lexical, fused]).toEqual([
      [keyword.id, weak.id],
      [weak.id, keyword.id],
    ]);
  });

  it('adds nothing by similarity on a day without any keyword match', () => {
    const dense = new Map([
      [related.id, 0.9],
      [unrelated.id, 0.1],
    ]);
    expect(rankPapers([related, unrelated], { ...topics, dense })).toEqual([]);
  });

  it('keeps exclude keywords and min_upvotes for papers added by similarity', () => {
    const dense = new Map([
      [keyword.id, 0.3],
      [related.id, 0.8],
    ]);
    const excluded = rankPapers([keyword, related], { ...topics, exclude: ['drafts'], dense });
    const unpopular = rankPapers([{ ...keyword, upvotes: 5 }, related], { ...topics, minUpvotes: 1, dense });
    expect([excluded, unpopular].map((ranked) => ranked.map((r) => r.paper.id))).toEqual([[keyword.id], [keyword.id]]);
  });
});
