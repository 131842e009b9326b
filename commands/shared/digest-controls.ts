import type { DigestMessage } from '../../src/digest/types.ts';
import type { ViewControls } from '../../src/views.ts';
import { discussControl, discussPicker } from './discuss-controls.ts';
import { digestFeedbackControls } from './feedback-controls.ts';

/**
 * Every control on a digest message (all styles), the one place features add theirs: a message of
 * up to five papers has a row per paper (👍 / 👎 / Not interested, then Discuss); a longer list
 * has menus (Rate a paper…, Discuss a paper…), one row each.
 */
export function digestControls(message: DigestMessage): ViewControls | undefined {
  const feedback = digestFeedbackControls(message);
  const papers = message.kind === 'thread' ? [message.paper] : 'papers' in message ? message.papers : [];
  if (papers.length === 0) return feedback;
  if (feedback?.rows) {
    const shared = papers.length > 1;
    return {
      ...feedback,
      rows: feedback.rows.map((row, i) => {
        const paper = papers[i];
        return paper ? [...row, ...discussControl(paper, { shared })] : row;
      }),
    };
  }
  return { ...feedback, selects: [...(feedback?.selects ?? []), discussPicker(papers)] };
}
