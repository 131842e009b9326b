import {
  ApplicationCommandOptionType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';

// Command definitions that exercise every option kind, shared by the parser and type tests.

export const demoDefinition = {
  name: 'demo',
  description: 'Demo',
  options: [
    {
      name: 'query',
      description: 'What to find',
      type: ApplicationCommandOptionType.String,
      required: true,
      max_length: 10,
    },
    { name: 'limit', description: 'l', type: ApplicationCommandOptionType.Integer, min_value: 1, max_value: 10 },
    { name: 'ratio', description: 'r', type: ApplicationCommandOptionType.Number },
    { name: 'exact', description: 'e', type: ApplicationCommandOptionType.Boolean },
    {
      name: 'since',
      description: 's',
      type: ApplicationCommandOptionType.String,
      choices: [
        { name: 'Past day', value: 'day' },
        { name: 'Past week', value: 'week' },
      ],
    },
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

export const feedDefinition = {
  name: 'feed',
  description: 'Feeds',
  options: [
    {
      name: 'add',
      description: 'Add a feed',
      type: ApplicationCommandOptionType.Subcommand,
      options: [
        { name: 'channel', description: 'Where', type: ApplicationCommandOptionType.Channel, required: true },
        { name: 'max', description: 'm', type: ApplicationCommandOptionType.Integer, min_value: 1, max_value: 10 },
      ],
    },
    { name: 'list', description: 'List feeds', type: ApplicationCommandOptionType.Subcommand },
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;
