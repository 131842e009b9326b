import { THREAD_PERMISSIONS, type ThreadPermission } from '../../src/discussions/types.ts';
import { UserInputError } from '../../src/errors/index.ts';
import type { CommandContext } from '../../src/interactions/types.ts';
import { threadName } from '../../src/render/digest-text.ts';
import type { View } from '../../src/views.ts';
import { resolvePaper } from './resolve-paper.ts';
import { routes } from './routes.ts';
import { DEFAULT_LANGUAGE, summaryView } from './summarize-paper.ts';

// How Discord's permission settings name what a Discuss thread needs.
const PERMISSION_NAMES: Readonly<Record<ThreadPermission, string>> = {
  CreatePublicThreads: 'Create Public Threads',
  SendMessagesInThreads: 'Send Messages in Threads',
};

/**
 * Discuss: opens a public thread about the paper under the message that offered it (named after
 * the paper, its summary as the first message), or points to the one already opened. Answered
 * privately: only the clicker needs the link.
 */
export async function discussPaper(
  paperId: string,
  ctx: CommandContext,
  options: { readonly adoptExisting: boolean },
): Promise<View> {
  const { discussions, startThread } = ctx.services;
  const { channelId, messageId } = ctx;
  if (!discussions || !startThread || !channelId || !messageId) {
    return {
      kind: 'message',
      tone: 'info',
      private: true,
      text: 'Discussion threads are a Discord feature; this paper can be discussed from a server channel.',
    };
  }
  const known = await discussions.byMessage(messageId, paperId);
  if (known) return threadLink('This paper is already being discussed in', known.threadId);
  if (!ctx.guildId) return NOT_HERE;
  // Checked before any work: a missing permission should cost no lookup and no summary.
  const granted = ctx.botPermissions;
  const missing = granted ? THREAD_PERMISSIONS.filter((name) => !granted.includes(name)) : [];
  if (missing.length > 0) return missingPermissions(missing);
  const paper = await resolvePaper(paperId, ctx);
  const result = await startThread({
    channelId,
    messageId,
    name: threadName(paper),
    // Written only once the thread exists, so a missing permission costs no summary.
    firstMessage: async () =>
      withoutDiscuss(await summaryView(paper, { style: 'tldr', language: DEFAULT_LANGUAGE }, ctx)),
    adoptExisting: options.adoptExisting,
  });
  if (result.kind === 'missing-permissions') return missingPermissions(result.missing);
  if (result.kind === 'not-here') return NOT_HERE;
  const stored = await discussions.record({
    threadId: result.threadId,
    channelId,
    messageId,
    paperId: paper.id,
    createdBy: ctx.user.id,
    createdAt: new Date(ctx.clock.now()).toISOString(),
  });
  return result.kind === 'started' && stored.threadId === result.threadId
    ? threadLink('Started a thread about this paper:', stored.threadId, 'success')
    : threadLink('This paper is already being discussed in', stored.threadId);
}

/** The paper picked in a Discuss menu (the value is its id; Discord sends exactly one). */
export function pickedPaper(values: readonly string[]): string {
  const [paperId] = values;
  if (values.length !== 1 || !paperId) throw new UserInputError('Pick one paper to discuss.');
  return paperId;
}

const NOT_HERE: View = {
  kind: 'message',
  tone: 'info',
  private: true,
  text: 'Threads cannot be started here (a thread or a direct message). Use Discuss on a message in a text channel.',
};

function missingPermissions(missing: readonly ThreadPermission[]): View {
  const names = missing.map((name) => `**${PERMISSION_NAMES[name]}**`).join(' and ');
  return {
    kind: 'message',
    tone: 'warning',
    private: true,
    text: `I can't open a discussion thread here: I need the ${names} permission in this channel. Ask a moderator to grant it.`,
  };
}

/** The summary as the thread's first message: Discuss inside the thread would have nowhere to go. */
function withoutDiscuss(view: View): View {
  if (view.kind !== 'summary' || !view.controls) return view;
  const buttons = view.controls.buttons?.filter((action) => action.route !== routes.paperDiscuss.name);
  return { ...view, controls: { ...view.controls, ...(buttons ? { buttons } : {}) } };
}

function threadLink(lead: string, threadId: string, tone: 'info' | 'success' = 'info'): View {
  // A channel link notifies nobody; it opens the thread. Ask there with /ask.
  return { kind: 'message', tone, private: true, text: `${lead} <#${threadId}>. Ask about it there with /ask.` };
}
