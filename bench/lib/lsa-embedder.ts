import type { CachedEmbedder } from '../../src/search/cached-embedder.ts';
import { stemmedTerms } from '../../src/text/index.ts';
import { seededRandom } from './random.ts';

// A deterministic stand-in for an embeddings model (benchmarks run offline): latent semantic
// analysis, i.e. a truncated SVD of the corpus's TF-IDF matrix, computed by randomized subspace
// iteration (Halko, Martinsson & Tropp 2011, "Finding structure with randomness", alg. 4.4 + 5.1).

export interface LsaEmbedderOptions {
  /** Output length (default 64); components past the corpus's rank are zero. */
  readonly dimensions?: number;
  /** Seed of the Gaussian test matrix: same corpus and seed, identical vectors. */
  readonly seed?: number;
}

export type LsaEmbedder = CachedEmbedder & { readonly dimensions: number };

// Halko et al. §4.2 and §4.5: p = 10 extra samples and q = 2 power iterations. Term-document
// spectra decay slowly: on the 2,000 arXiv abstracts σ₆₄ comes out 9% under q = 8's (q = 3: 5%),
// but the same- against cross-category similarity barely moves (AUC 0.80 vs 0.79).
const OVERSAMPLING = 10;
const POWER_ITERATIONS = 2;
// Relative size below which a column or singular value counts as zero (rank-deficient corpora).
const EPSILON = 1e-10;

/** Rows (documents) in compressed sparse row form. */
interface SparseMatrix {
  readonly rows: number;
  readonly cols: number;
  readonly rowStart: Int32Array;
  readonly col: Int32Array;
  readonly value: Float64Array;
}

/** A row of TF-IDF weights, L2-normalised; terms outside the vocabulary are ignored. */
interface SparseRow {
  readonly col: readonly number[];
  readonly value: Float64Array;
}

/**
 * Fits LSA on `corpus` and returns an embedder of any text into `dimensions` dimensions.
 * Vectors are unit length, or all zero for a text with no term in the vocabulary.
 */
export function createLsaEmbedder(corpus: readonly string[], options: LsaEmbedderOptions = {}): LsaEmbedder {
  const dimensions = options.dimensions ?? 64;
  const docs = corpus.map(stemmedTerms);
  const { vocabulary, idf } = fitVocabulary(docs);
  const weigh = (terms: readonly string[]): SparseRow => tfidf(terms, vocabulary, idf);
  const matrix = toSparse(docs.map(weigh), vocabulary.size);
  const basis = rightSingularVectors(matrix, dimensions, seededRandom(options.seed ?? 1));

  // Projections are left unscaled (coordinates U·Σ, not U): on the arXiv abstracts, same- against
  // cross-category pair AUC is 0.80 unscaled and 0.64 divided by σ, which inflates the noisy tail.
  const embedOne = (text: string): number[] => {
    const row = weigh(stemmedTerms(text));
    const out = new Float64Array(dimensions);
    for (let i = 0; i < row.col.length; i++) {
      const offset = (row.col[i] ?? 0) * dimensions;
      const weight = row.value[i] ?? 0;
      for (let j = 0; j < dimensions; j++) out[j] = (out[j] ?? 0) + weight * (basis[offset + j] ?? 0);
    }
    normalise(out);
    return Array.from(out);
  };

  return {
    dimensions,
    async embed(texts, signal) {
      signal?.throwIfAborted();
      return texts.map(embedOne);
    },
  };
}

/** Term ids and idf = log(N/df) for terms in at least two documents (a term in one relates nothing). */
function fitVocabulary(docs: readonly string[][]): { vocabulary: Map<string, number>; idf: Float64Array } {
  const df = new Map<string, number>();
  for (const terms of docs) for (const term of new Set(terms)) df.set(term, (df.get(term) ?? 0) + 1);
  const vocabulary = new Map<string, number>();
  const weights: number[] = [];
  for (const [term, count] of df) {
    // A term in every document has idf 0 and would only add empty columns.
    if (count < 2 || count === docs.length) continue;
    vocabulary.set(term, weights.length);
    weights.push(Math.log(docs.length / count));
  }
  return { vocabulary, idf: Float64Array.from(weights) };
}

/** Sublinear tf, log(1 + tf), times idf, L2-normalised so long abstracts don't dominate. */
function tfidf(terms: readonly string[], vocabulary: ReadonlyMap<string, number>, idf: Float64Array): SparseRow {
  const counts = new Map<number, number>();
  for (const term of terms) {
    const id = vocabulary.get(term);
    if (id !== undefined) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  const col = [...counts.keys()].sort((a, b) => a - b);
  const value = Float64Array.from(col, (id) => Math.log1p(counts.get(id) ?? 0) * (idf[id] ?? 0));
  normalise(value);
  return { col, value };
}

function toSparse(rows: readonly SparseRow[], cols: number): SparseMatrix {
  const rowStart = new Int32Array(rows.length + 1);
  rows.forEach((row, i) => {
    rowStart[i + 1] = (rowStart[i] ?? 0) + row.col.length;
  });
  const nonZeros = rowStart[rows.length] ?? 0;
  const col = new Int32Array(nonZeros);
  const value = new Float64Array(nonZeros);
  rows.forEach((row, i) => {
    col.set(row.col, rowStart[i]);
    value.set(row.value, rowStart[i]);
  });
  return { rows: rows.length, cols, rowStart, col, value };
}

/**
 * The top `k` right singular vectors of `a`, as a cols × k row-major matrix (row t is term t's
 * loadings), columns past the numerical rank left zero.
 */
function rightSingularVectors(a: SparseMatrix, k: number, random: () => number): Float64Array {
  const basis = new Float64Array(a.cols * k);
  const width = Math.min(k + OVERSAMPLING, a.rows, a.cols);
  if (width === 0) return basis;

  // Range finder with power iterations: Q spans the top left singular subspace of A.
  const omega = gaussian(a.cols * width, random);
  let q = orthonormalise(timesDense(a, omega, width), a.rows, width);
  for (let i = 0; i < POWER_ITERATIONS; i++) {
    const z = orthonormalise(transposeTimesDense(a, q, width), a.cols, width);
    q = orthonormalise(timesDense(a, z, width), a.rows, width);
  }

  // Bᵀ = AᵀQ; the eigenvectors W of B·Bᵀ (width × width) give A's right singular vectors BᵀW/σ.
  const bt = transposeTimesDense(a, q, width);
  const { values, vectors } = symmetricEigen(gram(bt, a.cols, width), width);
  const order = [...values.keys()].sort((x, y) => (values[y] ?? 0) - (values[x] ?? 0));
  const largest = Math.max(values[order[0] ?? 0] ?? 0, 0);
  for (let j = 0; j < Math.min(k, width); j++) {
    const e = order[j] ?? 0;
    const lambda = values[e] ?? 0;
    if (lambda <= EPSILON * largest) break;
    const sigma = Math.sqrt(lambda);
    for (let t = 0; t < a.cols; t++) {
      let sum = 0;
      for (let m = 0; m < width; m++) sum += (bt[t * width + m] ?? 0) * (vectors[m * width + e] ?? 0);
      basis[t * k + j] = sum / sigma;
    }
  }
  return basis;
}

/** Standard normal entries by Box–Muller, so the test matrix follows the seed. */
function gaussian(length: number, random: () => number): Float64Array {
  const out = new Float64Array(length);
  for (let i = 0; i < length; i += 2) {
    const radius = Math.sqrt(-2 * Math.log(1 - random()));
    const angle = 2 * Math.PI * random();
    out[i] = radius * Math.cos(angle);
    if (i + 1 < length) out[i + 1] = radius * Math.sin(angle);
  }
  return out;
}

/** A·X, X cols × width row-major, giving rows × width. */
function timesDense(a: SparseMatrix, x: Float64Array, width: number): Float64Array {
  const out = new Float64Array(a.rows * width);
  for (let i = 0; i < a.rows; i++) {
    const base = i * width;
    for (let p = a.rowStart[i] ?? 0; p < (a.rowStart[i + 1] ?? 0); p++) {
      const from = (a.col[p] ?? 0) * width;
      const v = a.value[p] ?? 0;
      for (let j = 0; j < width; j++) out[base + j] = (out[base + j] ?? 0) + v * (x[from + j] ?? 0);
    }
  }
  return out;
}

/** Aᵀ·Y, Y rows × width row-major, giving cols × width. */
function transposeTimesDense(a: SparseMatrix, y: Float64Array, width: number): Float64Array {
  const out = new Float64Array(a.cols * width);
  for (let i = 0; i < a.rows; i++) {
    const base = i * width;
    for (let p = a.rowStart[i] ?? 0; p < (a.rowStart[i + 1] ?? 0); p++) {
      const to = (a.col[p] ?? 0) * width;
      const v = a.value[p] ?? 0;
      for (let j = 0; j < width; j++) out[to + j] = (out[to + j] ?? 0) + v * (y[base + j] ?? 0);
    }
  }
  return out;
}

/**
 * Q of a thin QR by modified Gram–Schmidt, for a rows × width row-major matrix; columns dependent on
 * earlier ones become zero rather than normalised rounding noise.
 */
function orthonormalise(m: Float64Array, rows: number, width: number): Float64Array {
  // Work column by column in contiguous arrays: the row-major layout would stride every dot product.
  const columns = Array.from({ length: width }, (_, j) => {
    const column = new Float64Array(rows);
    for (let i = 0; i < rows; i++) column[i] = m[i * width + j] ?? 0;
    return column;
  });
  for (let j = 0; j < width; j++) {
    const column = columns[j] ?? new Float64Array(rows);
    const before = norm(column);
    for (let k = 0; k < j; k++) {
      const basis = columns[k] ?? new Float64Array(rows);
      const r = dot(basis, column);
      for (let i = 0; i < rows; i++) column[i] = (column[i] ?? 0) - r * (basis[i] ?? 0);
    }
    const after = norm(column);
    const scale = after > EPSILON * before ? 1 / after : 0;
    for (let i = 0; i < rows; i++) column[i] = (column[i] ?? 0) * scale;
  }
  const out = new Float64Array(rows * width);
  columns.forEach((column, j) => {
    for (let i = 0; i < rows; i++) out[i * width + j] = column[i] ?? 0;
  });
  return out;
}

/** MᵀM for a rows × width row-major M. */
function gram(m: Float64Array, rows: number, width: number): Float64Array {
  const out = new Float64Array(width * width);
  for (let i = 0; i < rows; i++) {
    const base = i * width;
    for (let x = 0; x < width; x++) {
      const mx = m[base + x] ?? 0;
      if (mx === 0) continue;
      for (let y = x; y < width; y++) out[x * width + y] = (out[x * width + y] ?? 0) + mx * (m[base + y] ?? 0);
    }
  }
  for (let x = 0; x < width; x++) for (let y = 0; y < x; y++) out[x * width + y] = out[y * width + x] ?? 0;
  return out;
}

/**
 * Eigenvalues and eigenvectors (columns of `vectors`, n × n row-major) of a symmetric matrix by
 * cyclic Jacobi rotations: simple and accurate, and n is only k + 10.
 */
function symmetricEigen(matrix: Float64Array, n: number): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(matrix);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  const total = norm(a);
  // Jacobi converges quadratically; 50 sweeps is a guard, not a budget.
  for (let sweep = 0; sweep < 50; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += (a[p * n + q] ?? 0) ** 2;
    if (Math.sqrt(off) <= 1e-15 * total) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q] ?? 0;
        if (apq === 0) continue;
        // The rotation that zeroes a[p][q]: t = tan θ, the smaller root of t² + 2ζt − 1 = 0.
        const zeta = ((a[q * n + q] ?? 0) - (a[p * n + p] ?? 0)) / (2 * apq);
        const t = (zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + Math.sqrt(zeta * zeta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        rotate(a, n, p, q, c, s, 'columns');
        rotate(a, n, p, q, c, s, 'rows');
        rotate(v, n, p, q, c, s, 'columns');
      }
    }
  }
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = a[i * n + i] ?? 0;
  return { values, vectors: v };
}

/** Applies the Jacobi rotation J(p, q) on the right (columns) or Jᵀ on the left (rows). */
function rotate(m: Float64Array, n: number, p: number, q: number, c: number, s: number, side: 'rows' | 'columns') {
  for (let k = 0; k < n; k++) {
    const ip = side === 'columns' ? k * n + p : p * n + k;
    const iq = side === 'columns' ? k * n + q : q * n + k;
    const mp = m[ip] ?? 0;
    const mq = m[iq] ?? 0;
    m[ip] = c * mp - s * mq;
    m[iq] = s * mp + c * mq;
  }
}

function dot(x: Float64Array, y: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += (x[i] ?? 0) * (y[i] ?? 0);
  return sum;
}

function norm(x: Float64Array): number {
  return Math.sqrt(dot(x, x));
}

function normalise(x: Float64Array): void {
  const length = norm(x);
  if (length > 0) for (let i = 0; i < x.length; i++) x[i] = (x[i] ?? 0) / length;
}
