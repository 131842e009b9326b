import { describe, expect, it } from 'vitest';
import { createLsaEmbedder, type LsaEmbedder } from '../../../bench/lib/lsa-embedder.ts';
import { cosine } from '../../../src/search/cached-embedder.ts';
import { stemmedTerms } from '../../../src/text/index.ts';

// Two subjects with disjoint vocabularies, each word recurring across its subject's documents so
// that LSA can learn which words go together.
const SUPERCONDUCTIVITY = [
  'Cuprate superconductors show d-wave pairing below the critical temperature.',
  'Hole doping of the copper oxide planes raises the critical temperature of the cuprate.',
  'The superconducting gap of underdoped cuprates has d-wave symmetry and nodes.',
  'Phonon-mediated pairing cannot explain the high critical temperature of copper oxide superconductors.',
  'Angle-resolved photoemission maps the superconducting gap and the pseudogap in doped cuprates.',
  'Spin fluctuations may provide the pairing glue in high-temperature superconductivity.',
  'Muon spin rotation measures the superfluid density of a hole-doped cuprate superconductor.',
  'Stripe order competes with superconductivity in the underdoped copper oxide phase diagram.',
  'The pseudogap opens above the critical temperature in underdoped superconducting cuprates.',
  'Pairing symmetry in iron and copper superconductors is probed by phase-sensitive junctions.',
];
const COSMOLOGY = [
  'A redshift survey of galaxy clusters constrains the matter density of the universe.',
  'Weak gravitational lensing maps the dark matter halo of a massive galaxy cluster.',
  'The galaxy luminosity function evolves with redshift in a deep spectroscopic survey.',
  'X-ray emission from the intracluster gas traces the mass of galaxy clusters.',
  'Photometric redshifts of distant galaxies from a wide-field imaging survey.',
  'Baryon acoustic oscillations in the galaxy correlation function measure cosmic expansion.',
  'Cluster counts at high redshift test dark energy models and the growth of structure.',
  'The Sunyaev-Zeldovich effect detects galaxy clusters in a millimetre-wave survey.',
  'Dark matter halo masses of luminous galaxies from lensing and clustering.',
  'Spectroscopic survey of cluster galaxies reveals their star formation history with redshift.',
];
const CORPUS = [...SUPERCONDUCTIVITY, ...COSMOLOGY];

async function embedOne(embedder: LsaEmbedder, text: string): Promise<number[]> {
  const [vector] = await embedder.embed([text]);
  return vector ?? [];
}

describe('createLsaEmbedder', () => {
  it('returns identical vectors for the same corpus and seed', async () => {
    const first = await createLsaEmbedder(CORPUS, { dimensions: 4, seed: 7 }).embed(CORPUS);
    const second = await createLsaEmbedder(CORPUS, { dimensions: 4, seed: 7 }).embed(CORPUS);
    expect(second).toEqual(first);
  });

  it('returns one unit vector of the stated dimension per text, in order', async () => {
    const embedder = createLsaEmbedder(CORPUS, { dimensions: 6 });
    const vectors = await embedder.embed(CORPUS);
    expect(embedder.dimensions).toBe(6);
    expect(vectors).toHaveLength(CORPUS.length);
    for (const vector of vectors) {
      expect(vector).toHaveLength(6);
      expect(Math.hypot(...vector)).toBeCloseTo(1, 12);
    }
    expect(vectors[3]).toEqual(await embedOne(embedder, CORPUS[3] ?? ''));
  });

  it('defaults to 64 dimensions, zero past the corpus rank', async () => {
    const vector = await embedOne(createLsaEmbedder(CORPUS), CORPUS[0] ?? '');
    expect(vector).toHaveLength(64);
    expect(vector.slice(CORPUS.length).every((x) => x === 0)).toBe(true);
  });

  it('gives a zero vector for an empty text or one with no known term', async () => {
    const embedder = createLsaEmbedder(CORPUS, { dimensions: 4 });
    expect(await embedder.embed(['', 'quokka marmalade'])).toEqual([
      [0, 0, 0, 0],
      [0, 0, 0, 0],
    ]);
  });

  // Two subjects, so two latent dimensions: with more, a 20-document corpus splits each subject
  // into the few documents that share words, which is not what these tests are about.
  it('places new texts on the same subject closer than texts on different subjects', async () => {
    const embedder = createLsaEmbedder(CORPUS, { dimensions: 2 });
    const cuprate = await embedOne(embedder, 'Doping dependence of the superconducting gap in a cuprate.');
    const pairing = await embedOne(embedder, 'Pairing symmetry of high-temperature superconductors.');
    const lensing = await embedOne(embedder, 'Lensing survey of dark matter in galaxy clusters.');
    expect(cosine(cuprate, pairing)).toBeGreaterThan(0.9);
    expect(Math.abs(cosine(cuprate, lensing))).toBeLessThan(0.2);
    expect(Math.abs(cosine(pairing, lensing))).toBeLessThan(0.2);
  });

  it('relates texts that share no term but the same latent subject', async () => {
    const embedder = createLsaEmbedder(CORPUS, { dimensions: 2 });
    const pseudogapText = 'Photoemission sees the pseudogap.';
    const glueText = 'Spin fluctuations as pairing glue.';
    // The corpus alone links them, through the superconductivity words they each co-occur with.
    const shared = stemmedTerms(pseudogapText).filter((term) => stemmedTerms(glueText).includes(term));
    expect(shared).toEqual([]);
    const pseudogap = await embedOne(embedder, pseudogapText);
    const glue = await embedOne(embedder, glueText);
    const redshift = await embedOne(embedder, 'Photometric redshift of luminous galaxies.');
    expect(cosine(pseudogap, glue)).toBeGreaterThan(0.9);
    expect(Math.abs(cosine(pseudogap, redshift))).toBeLessThan(0.2);
  });
});
