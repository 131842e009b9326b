import { appState } from './001-app-state.ts';
import { papers } from './002-papers.ts';
import { digest } from './003-digest.ts';
import { digestClaims } from './004-digest-claims.ts';
import { digestDelivery } from './005-digest-delivery.ts';
import { paperImports } from './006-paper-imports.ts';
import { feedback } from './007-feedback.ts';
import { digestLearning } from './008-digest-learning.ts';
import { discussionThreads } from './009-discussion-threads.ts';
import { readingList } from './010-reading-list.ts';

import type { Migration } from './migration.ts';

export type { Migration } from './migration.ts';

/** Every schema change, in order. Append only. */
export const MIGRATIONS: readonly Migration[] = [
  appState,
  papers,
  digest,
  digestClaims,
  digestDelivery,
  paperImports,
  feedback,
  digestLearning,
  discussionThreads,
  readingList,
];
