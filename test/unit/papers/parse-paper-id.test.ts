import { describe, expect, it } from 'vitest';
import { InvalidPaperIdError } from '../../../src/errors/index.ts';
import { parsePaperId, tryParsePaperId } from '../../../src/papers/parse-paper-id.ts';

describe('parsePaperId', () => {
  it.each([
    ['2401.12345', 'arxiv:2401.12345', undefined],
    ['2401.12345v2', 'arxiv:2401.12345', 2],
    ['arXiv:2401.12345', 'arxiv:2401.12345', undefined],
    ['ARXIV: 2401.12345v7', 'arxiv:2401.12345', 7],
    ['https://arxiv.org/abs/2401.12345v3', 'arxiv:2401.12345', 3],
    ['https://arxiv.org/pdf/2401.12345v1', 'arxiv:2401.12345', 1],
    ['https://arxiv.org/pdf/2401.12345v1.pdf', 'arxiv:2401.12345', 1],
    ['https://arxiv.org/pdf/2401.12345.pdf', 'arxiv:2401.12345', undefined],
    ['https://arxiv.org/html/2401.12345v1', 'arxiv:2401.12345', 1],
    ['http://export.arxiv.org/abs/2401.12345', 'arxiv:2401.12345', undefined],
    ['export.arxiv.org/abs/2401.12345v4', 'arxiv:2401.12345', 4],
    ['arxiv.org/abs/2401.12345?context=cs#sec', 'arxiv:2401.12345', undefined],
    ['https://www.arxiv.org/abs/1706.03762/', 'arxiv:1706.03762', undefined],
    ['hep-th/9901001', 'arxiv:hep-th/9901001', undefined],
    ['hep-th/9901001v1', 'arxiv:hep-th/9901001', 1],
    ['math.CA/0611800v2', 'arxiv:math/0611800', 2],
    ['solv-int/9901001', 'arxiv:solv-int/9901001', undefined],
    ['solv-int/9901001v3', 'arxiv:solv-int/9901001', 3],
    ['cond-mat.mes-hall/0102536', 'arxiv:cond-mat/0102536', undefined],
    ['https://arxiv.org/abs/hep-th/9901001v2', 'arxiv:hep-th/9901001', 2],
    ['https://huggingface.co/papers/2401.12345', 'arxiv:2401.12345', undefined],
    ['huggingface.co/papers/2401.12345', 'arxiv:2401.12345', undefined],
    ['10.48550/arXiv.2401.12345', 'arxiv:2401.12345', undefined],
    ['https://doi.org/10.48550/arXiv.2401.12345', 'arxiv:2401.12345', undefined],
    ['0704.0001', 'arxiv:0704.0001', undefined],
    ['1412.9999', 'arxiv:1412.9999', undefined],
  ])('parses %s as %s (version %s)', (input, id, version) => {
    const parsed = parsePaperId(input);
    expect(parsed.id).toBe(id);
    expect(parsed.kind === 'arxiv' ? parsed.version : undefined).toBe(version);
  });

  it('keeps the arXiv id without prefix or version in arxivId', () => {
    expect(parsePaperId('https://arxiv.org/abs/2401.12345v3')).toEqual({
      kind: 'arxiv',
      id: 'arxiv:2401.12345',
      arxivId: '2401.12345',
      version: 3,
    });
  });

  it('lower-cases other DOIs into a doi: id', () => {
    expect(parsePaperId('https://doi.org/10.1145/3442188.3445922')).toEqual({
      kind: 'doi',
      id: 'doi:10.1145/3442188.3445922',
      doi: '10.1145/3442188.3445922',
    });
    expect(parsePaperId('10.1038/NATURE14539').id).toBe('doi:10.1038/nature14539');
  });

  it('accepts canonical ids back', () => {
    expect(parsePaperId('arxiv:hep-th/9901001').id).toBe('arxiv:hep-th/9901001');
    expect(parsePaperId('doi:10.1038/nature14539').id).toBe('doi:10.1038/nature14539');
    expect(parsePaperId('s2:649def34f8be52c8b66281af98ae884c09aef38b').id).toBe(
      's2:649def34f8be52c8b66281af98ae884c09aef38b',
    );
  });

  it.each([
    ['angle brackets', '<https://arxiv.org/abs/2401.12345>'],
    ['backticks', '`2401.12345`'],
    ['quotes', '"2401.12345"'],
    ['a markdown link', '[Attention](https://arxiv.org/abs/2401.12345)'],
    ['surrounding whitespace', '  \t2401.12345\n'],
    ['full-width digits', '２４０１．１２３４５'],
  ])('unwraps %s', (_label, input) => {
    expect(parsePaperId(input).id).toBe('arxiv:2401.12345');
  });

  it.each([
    ['empty', ''],
    ['whitespace', '   \n\t '],
    ['10 kB of text', '2401.12345 '.repeat(1000)],
    ['Arabic-Indic look-alike digits', '٢٤٠١.١٢٣٤٥'],
    ['Devanagari look-alike digits', '२४०१.१२३४५'],
    ['a mention', '@everyone'],
    ['a mention next to an id', '@everyone 2401.12345'],
    ['markdown emphasis', '**2401.12345**'],
    ['a month 13', '2413.12345'],
    ['a five-digit serial before 2015', '1401.12345'],
    ['a four-digit serial after 2015', '2401.1234'],
    ['a pre-2007 new-style id', '0612.1234'],
    ['an unknown host', 'https://example.com/abs/2401.12345'],
    ['an arXiv listing page', 'https://arxiv.org/list/cs.LG/recent'],
    ['a title', 'Attention Is All You Need'],
    ['a javascript URL', 'javascript:alert(1)'],
    ['an old-style id with a short serial', 'hep-th/990100'],
    ['a trailing v without digits', '2401.12345v'],
  ])('rejects %s with InvalidPaperIdError', (_label, input) => {
    expect(() => parsePaperId(input)).toThrow(InvalidPaperIdError);
  });

  it('lists the accepted forms in the user message and never echoes the input', () => {
    const error = (() => {
      try {
        parsePaperId('@everyone look');
      } catch (caught) {
        return caught as InvalidPaperIdError;
      }
    })();
    expect(error?.code).toBe('invalid_paper_id');
    expect(error?.userMessage).toContain('arXiv:2401.12345');
    expect(error?.userMessage).toContain('huggingface.co/papers');
    expect(error?.userMessage).not.toContain('@everyone');
  });
});

describe('tryParsePaperId', () => {
  it('returns undefined for a title, so callers can fall back to a title search', () => {
    expect(tryParsePaperId('Speculative decoding with draft models')).toBeUndefined();
  });
});

describe('tryParsePaperId on malformed percent escapes', () => {
  it.each(['https://arxiv.org/abs/%E0%A4%A', 'https://huggingface.co/papers/%', 'https://doi.org/10.1000/%ZZ'])(
    'returns undefined for %s instead of throwing URIError',
    (input) => {
      expect(tryParsePaperId(input)).toBeUndefined();
    },
  );

  it('makes parsePaperId throw InvalidPaperIdError for it, not URIError', () => {
    expect(() => parsePaperId('https://arxiv.org/abs/%E0%A4%A')).toThrow(InvalidPaperIdError);
  });
});
