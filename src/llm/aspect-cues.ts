import type { CompareAspect } from './types.ts';

// Which comparison aspect a sentence of an abstract states, read from cue phrases and from where the
// sentence stands: abstracts run background → problem → contribution ("we propose …") → method,
// data, results → limitations. What comes before the contribution is about earlier work, so there
// a limitation or a failure is the problem, never this paper's limitation or result (issue 15:
// background sentences were filed under Results, a strength under Limitations).
// test/fixtures/extractive/aspects.json scores it (npm run bench:llm).

/** The sentence that says what this paper does. */
const CONTRIBUTION =
  /\b(?:we (?:\w+ )?(?:propose|introduce|present|develop|describe|investigate|design|explore)|here we|in this (?:work|paper|manuscript|study|report)|this (?:paper|work|study|manuscript|report) (?:\w+ )?(?:proposes|introduces|presents|describes|investigates|evaluates|demonstrates|reports)|is proposed)\b/i;

const CUES: Readonly<Record<CompareAspect, RegExp>> = {
  problem:
    /\b(?:problems?|challeng\w*|difficult\w*|struggl\w*|fail\w*|limitations?|limited|lacks?|bottlenecks?|costly|however|despite|insufficient|inefficien\w*|suffers?|drawbacks?|issues?|scarc\w*|sparse|sparsity|absence|unclear|impractical\w*|hungry|remains? (?:an )?open|remains dubious|questionable|raises the question)\b/i,
  method:
    /\b(?:we (?:\w+ )?(?:propose|introduce|present|develop|design|model|leverage|use|describe|build|apply|investigate|study|explore|conduct)|our (?:method|approach|framework|model|system|architecture|algorithm)|is proposed|based on|framework|architecture|algorithm|mechanism|leverages|relies on|incorporat\w*|harnesses|involves|consists of|compris\w*|built on|modules?|components?)\b/i,
  data: /\b(?:datasets?|benchmark\w*|corpus|corpora|collected|curated|annotated|evaluat\w* \w+(?: \w+)? on|experiments on|trained on|tested on)\b/i,
  results:
    /\b(?:outperform\w*|(?<!-)improv\w*|achiev\w*|surpass\w*|state[- ]of[- ]the[- ]art|gains?|speed-?ups?|accuracy|results|findings|experiments? (?:show|demonstrate)|we (?:\w+ )?(?:show|find|demonstrate|observe|reveal)|(?:show|find|reveal)s? that|analysis (?:shows|reveals)|comparable|on par|speed up|\d+ ?times)\b|\d+(?:\.\d+)?\s?(?:\\?%|×|x\b|points\b)/i,
  limitations:
    /\b(?:limitations?|drawbacks?|future work|shortcomings?|at the cost of|trade-?offs?|remains? (?:an )?open|not (?:yet|easily))\b/i,
  novelty:
    /\b(?:novel|first|unlike|in contrast|unique\w*|does not (?:require|need|rely)|do not (?:require|need|rely)|without (?:requiring|the need|relying|any|a need)|no need|nor rely|\w+-free)\b/i,
};

// After the contribution a sentence may carry several cues; the rarer, more telling aspect wins,
// except that "we design …" describes the method whatever it is for ("… to improve performance").
const AFTER_CONTRIBUTION: readonly CompareAspect[] = ['limitations', 'results', 'novelty', 'data', 'method'];
const WE_BUILD =
  /\b(?:we (?:\w+ )?(?:propose|design|introduce|develop|use|apply|model|build|conceptualize|fine-tune\w*|train|employ)|we have (?:\w+ )?(?:designed|developed|built|fine-tuned|trained))\b/i;
// Results that were measured, not intended ("to improve performance" is a method's aim).
const MEASURED =
  /\b(?:outperform\w*|surpass\w*|state[- ]of[- ]the[- ]art|we (?:\w+ )?(?:show|find|demonstrate|observe|reveal))\b|\d+(?:\.\d+)?\s?\\?%/i;
// "… thereby addressing the limitations of earlier models" names others' limitations, not its own.
const OTHERS_LIMITATIONS =
  /\b(?:address\w*|overcom\w*|tackl\w*|alleviat\w*|mitigat\w*|remov\w*)\b[^.;]{0,40}\b(?:limitations?|drawbacks?|shortcomings?)\b/i;

const DATASET_CONTRIBUTION = /\ba (?:new |novel |large-scale |multi-\S+ )?(?:dataset|benchmark|corpus)\b/i;

// "Code is available at …" states none of the aspects, whatever words it uses.
const AVAILABILITY =
  /\b(?:publicly available|available at|can be accessed|publicly accessible|github\.com)|https?:\/\//i;

/** Index of the contribution sentence ("we propose …"), or -1 when no sentence says it. */
export function contributionIndex(sentences: readonly string[]): number {
  return sentences.findIndex((sentence) => CONTRIBUTION.test(sentence));
}

/**
 * The aspect each sentence states, in order; undefined for a sentence with no cue for any aspect
 * (background, availability). Each sentence states at most one aspect.
 */
export function classifySentences(sentences: readonly string[]): Array<CompareAspect | undefined> {
  const contribution = contributionIndex(sentences);
  return sentences.map((sentence, index) => {
    // A paper whose contribution is a dataset states its data there.
    if (index === contribution) return DATASET_CONTRIBUTION.test(sentence) ? 'data' : 'method';
    if (AVAILABILITY.test(sentence)) return undefined;
    if (index < contribution) return CUES.problem.test(sentence) ? 'problem' : undefined;
    // No contribution sentence: what the paper did and found is all there is to read.
    if (contribution < 0 && index === 0 && CUES.problem.test(sentence)) return 'problem';
    const limitation = CUES.limitations.test(sentence) && !OTHERS_LIMITATIONS.test(sentence);
    if (limitation) return 'limitations';
    if (WE_BUILD.test(sentence) && !MEASURED.test(sentence)) return 'method';
    return AFTER_CONTRIBUTION.find((aspect) => aspect !== 'limitations' && CUES[aspect].test(sentence));
  });
}
