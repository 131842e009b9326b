/**
 * Words that ask for an ordering rather than a topic: "latest speculative decoding papers" means
 * recent papers about speculative decoding, not papers containing "latest".
 */
export interface QueryIntent {
  /** The query without the intent words. */
  readonly text: string;
  readonly recent: boolean;
  readonly popular: boolean;
}

const RECENT = /\b(?:recent(?:ly)?|newest|new|latest|fresh|this (?:week|month|year)|today'?s?)\b/giu;
const POPULAR = /\b(?:popular|trending|hot|top|most (?:upvoted|liked|popular)|best)\b/giu;
// Filler that is left dangling once the intent words are gone ("the latest papers on X" → "X").
const FILLER = /\b(?:papers?|articles?|works?|on|about|in)\b/giu;

export function parseIntent(query: string): QueryIntent {
  const recent = RECENT.test(query);
  RECENT.lastIndex = 0;
  const popular = POPULAR.test(query);
  POPULAR.lastIndex = 0;
  if (!recent && !popular) return { text: query, recent, popular };
  let text = query.replace(RECENT, ' ').replace(POPULAR, ' ');
  text = text.replace(FILLER, ' ').replace(/\s+/g, ' ').trim();
  return { text, recent, popular };
}
