// Layering (README "Architecture"): data flows sources → library → search → llm → commands →
// renderers, never back. `npm run lint:deps` checks it; .ci/run runs it.
const notAbove = (name, comment, layer, above) => ({
  name,
  comment,
  severity: 'error',
  from: { path: layer },
  to: { path: above },
});

// Leaves every layer may use: they import nothing but each other.
const LEAVES = '^src/(text|papers|errors|sqlite)/|^src/(clock|mask-secrets|version)\\.ts$';
const APP = '^src/(app|cli)\\.ts$|^src/cli/';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'A cycle (type-only ones included) means two modules are one; move the shared part down.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'discord-js-only-in-src-discord',
      comment: 'Only src/discord/ talks to discord.js; definitions may use discord-api-types.',
      severity: 'error',
      from: { path: '^(src|commands)/', pathNot: '^src/discord/' },
      to: { path: '^node_modules/(discord\\.js|@discordjs)/' },
    },
    {
      name: 'leaves-import-no-layer',
      comment: 'src/text, papers, errors, sqlite and the clock are leaves: they import only each other.',
      severity: 'error',
      from: { path: LEAVES },
      to: { path: '^(src|commands)/', pathNot: LEAVES },
    },
    notAbove(
      'cache-below-sources',
      'The cache serves every layer; it knows none of them.',
      '^src/cache/',
      `^src/(sources|library|ingest|search|llm|digest|interactions|discord|terminal)/|^commands/|${APP}`,
    ),
    notAbove(
      'sources-below-library',
      'Sources fetch papers; they know nothing of the library, search or anything above.',
      '^src/sources/',
      `^src/(library|ingest|search|llm|digest|interactions|discord|terminal)/|^src/views\\.ts$|^commands/|${APP}`,
    ),
    notAbove(
      'library-below-search',
      'The library stores and finds papers; search, the LLM and commands build on it.',
      '^src/(library|ingest)/',
      `^src/(search|llm|digest|interactions|discord|terminal)/|^src/views\\.ts$|^commands/|${APP}`,
    ),
    notAbove(
      'search-below-llm',
      'Search ranks papers; it does not summarize, post or render.',
      '^src/search/',
      `^src/(llm|digest|interactions|discord|terminal)/|^src/views\\.ts$|^commands/|${APP}`,
    ),
    notAbove(
      'llm-below-commands',
      'The LLM layer answers from papers; commands and renderers call it, never the other way.',
      '^src/llm/',
      `^src/(digest|interactions|discord|terminal)/|^src/views\\.ts$|^commands/|${APP}`,
    ),
    notAbove(
      'digest-below-renderers',
      'The digest plans and records posts; it posts through a function it is given and renders nothing.',
      '^src/digest/',
      `^src/(interactions|discord|terminal)/|^commands/|${APP}`,
    ),
    notAbove(
      'discussions-below-renderers',
      'Discuss threads store the thread-paper mapping and name the capability the bot supplies; they call no renderer.',
      '^src/discussions/',
      `^src/(discord|terminal)/|^commands/|${APP}`,
    ),
    notAbove(
      'interactions-below-commands',
      'Command plumbing (types, options, routes, the runner) is given the command list; it never imports it.',
      '^src/(interactions/|views\\.ts$)',
      `^src/(discord|terminal)/|^commands/|${APP}`,
    ),
    notAbove(
      'commands-below-renderers',
      'Commands return Views; they never render, and know neither Discord nor the terminal.',
      '^commands/',
      `^src/(discord|terminal)/|${APP}`,
    ),
    notAbove(
      'shared-text-below-renderers',
      'src/render/ holds plain-text forms both renderers use; it knows neither of them.',
      '^src/render/',
      `^src/(discord|terminal)/|^commands/|${APP}`,
    ),
    notAbove(
      'discord-not-into-terminal',
      'The two renderers share through src/render/, not sideways.',
      '^src/discord/',
      '^src/terminal/',
    ),
    notAbove(
      'terminal-not-into-discord',
      'The two renderers share through src/render/, not sideways.',
      '^src/terminal/',
      '^src/discord/',
    ),
    notAbove(
      'renderers-get-commands-passed-in',
      'The bot and the chat receive the command list and route table from the composition root.',
      '^src/(discord|terminal)/',
      `^commands/|${APP}`,
    ),
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // swc parses TypeScript here (typescript 7 has no JS API yet) and, unlike a compile step,
    // keeps type-only imports: a type cycle couples modules as much as a value cycle.
    parser: 'swc',
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
