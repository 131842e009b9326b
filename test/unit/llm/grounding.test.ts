import { describe, expect, it } from 'vitest';
import { checkCitations, cleanOutput, findUnverifiedNumbers, neutralizeMentions } from '../../../src/llm/grounding.ts';

describe('checkCitations', () => {
  it('removes a citation that names no given paper', () => {
    expect(checkCitations('A [1]. B [3].', 2)).toEqual({ text: 'A [1]. B.', cited: [1], dropped: [3] });
  });

  it('keeps the valid numbers of a grouped citation', () => {
    expect(checkCitations('A [2, 5, 1].', 2)).toEqual({ text: 'A [2, 1].', cited: [2, 1], dropped: [5] });
  });

  it('drops [0] as well', () => {
    expect(checkCitations('Zero [0] here.', 3).text).toBe('Zero here.');
  });
});

describe('findUnverifiedNumbers', () => {
  it('returns numbers missing from the source, once each', () => {
    expect(
      findUnverifiedNumbers(['+15 points, 94.3% and 94.3 again', 'on 1,000 tasks'], 'gains of 15 on 1000 tasks'),
    ).toEqual(['94.3']);
  });

  it('returns nothing when every number occurs in the source', () => {
    expect(findUnverifiedNumbers(['2.5x faster'], 'speeds up decoding by 2.5x.')).toEqual([]);
  });
});

describe('neutralizeMentions', () => {
  it('defangs mass, user, role and channel mentions', () => {
    expect(neutralizeMentions('@everyone @here <@123> <@!456> <@&789> <#1011>')).toBe(
      'everyone here @user @user @role #channel',
    );
  });
});

describe('cleanOutput', () => {
  it('defangs before trimming to the limit', () => {
    expect(cleanOutput('Hi @everyone. Next sentence is long.', 14)).toBe('Hi everyone.');
  });
});
