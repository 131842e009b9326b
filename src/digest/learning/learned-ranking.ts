import type { Paper } from '../../papers/paper.ts';
import { featuresOf } from './features.ts';
import type { DigestLearner } from './learner.ts';
import { likelihood } from './train.ts';

/**
 * `/trending`'s "For this channel": the papers in the order the subscription's learned model likes
 * them (ties keep the given order), or as given while it has learned nothing. A listing is a few
 * dozen papers, so each is scored directly rather than through a digest's candidate index.
 */
export function createLearnedRanking(learner: Pick<DigestLearner, 'profile'>) {
  return {
    async rankFor(subscriptionId: string, papers: readonly Paper[]): Promise<readonly Paper[]> {
      const profile = await learner.profile(subscriptionId);
      if (!profile || profile.model.stage === 'topics') return [...papers];
      const scored = papers.map((paper, at) => ({ paper, at, score: likelihood(profile.model, featuresOf(paper)) }));
      scored.sort((a, b) => b.score - a.score || a.at - b.at);
      return scored.map((entry) => entry.paper);
    },
  };
}
