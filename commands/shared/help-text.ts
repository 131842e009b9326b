/** What /help lists, in this order; a test checks that every command has an entry. */
export const HELP_ENTRIES = [
  {
    name: 'papers',
    description: 'Search for papers (plain text in the terminal chat does this too).',
    example: '/papers query: speculative decoding limit: 3 since: month',
  },
  {
    name: 'summarize',
    description: 'Summarize a paper by id, URL or title.',
    example: '/summarize paper: 2401.12345 style: eli5',
  },
  {
    name: 'compare',
    description: 'Compare 2–5 papers side by side.',
    example: '/compare papers: 2401.12345 2312.00752',
  },
  {
    name: 'ask',
    description: 'Ask a question, answered from abstracts with citations.',
    example: '/ask question: How is draft quality measured?',
  },
  { name: 'paper', description: "Show a paper's details and links.", example: '/paper id: arxiv.org/abs/2401.12345' },
  {
    name: 'digest',
    description:
      'A daily digest of new papers in a channel, ranked by its topics (needs Manage Server). 👍 / 👎 / Not interested ' +
      'on any paper teach it; /digest tune shows what it learned, /digest forget deletes the votes (Manage Channel).',
    example: '/digest subscribe channel: #papers topics: LLM reasoning, RL time: 09:00 timezone: Europe/Berlin',
  },
  {
    name: 'reading',
    description: 'Your private reading list: press Save on a paper, then list, remove or export it as BibTeX.',
    example: '/reading export',
  },
  {
    name: 'trending',
    description: "Hugging Face's most upvoted papers of the day, week or month, optionally on a topic.",
    example: '/trending period: week topic: speech',
  },
  { name: 'status', description: 'Sources, language model and cache status.', example: '/status' },
  { name: 'help', description: 'This list.', example: '/help' },
  {
    name: 'Find related papers',
    description: 'Message menu (Apps → Find related papers): search with a message’s text.',
    example: 'right-click a message → Apps → Find related papers (terminal: /find-related-papers <text>)',
  },
] as const;
