import { describe, expect, it } from 'vitest';
import { UpstreamError } from '../../../src/errors/index.ts';
import { parseAtom } from '../../../src/sources/arxiv.ts';
import { parseRss } from '../../../src/sources/arxiv-rss.ts';
import { loadFixture } from '../../support/recorded-server.ts';

const atom = String(loadFixture('arxiv/search-new-and-old-ids').body);

describe('parseAtom', () => {
  it('reads the total and the entries', () => {
    const page = parseAtom(atom, 200);
    expect([page.totalResults, page.papers.map((p) => p.id)]).toEqual([
      2,
      ['arxiv:1706.03762', 'arxiv:hep-th/9901001'],
    ]);
  });

  it('throws bad_response for truncated XML', () => {
    expect(() => parseAtom(atom.slice(0, 500), 200)).toThrow(UpstreamError);
  });

  it('throws bad_response for a document that is not a feed', () => {
    expect(() => parseAtom('<html><body>Service Unavailable</body></html>', 200)).toThrow(UpstreamError);
  });

  it('reads an empty result as no papers', () => {
    expect(parseAtom(String(loadFixture('arxiv/search-empty').body), 200)).toEqual({
      papers: [],
      totalResults: 0,
      startIndex: 0,
    });
  });

  it('skips an entry without an id and reports it', () => {
    const broken = atom.replace('<id>http://arxiv.org/abs/1706.03762v7</id>', '<id>nonsense</id>');
    const bad: unknown[] = [];
    const page = parseAtom(broken, 200, (e) => bad.push(e));
    expect([page.papers.map((p) => p.id), bad.length]).toEqual([['arxiv:hep-th/9901001'], 1]);
  });
});

describe('parseRss', () => {
  it('reads every announce type', () => {
    const entries = parseRss(String(loadFixture('arxiv/rss-cs.LG+cs.CL').body));
    expect(entries.map((e) => e.announceType)).toEqual(['new', 'new', 'cross', 'replace', 'replace-cross']);
  });

  it('splits dc:creator on commas and "and"', () => {
    const entries = parseRss(String(loadFixture('arxiv/rss-cs.LG+cs.CL').body));
    expect(entries[0]?.paper.authors).toEqual(['Maria Garcia', 'Wei Zhang', 'Tom Müller']);
  });

  it('throws bad_response for malformed XML', () => {
    expect(() => parseRss('<rss><channel><item></channel></rss>')).toThrow(UpstreamError);
  });
});
