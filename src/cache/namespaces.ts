/** One namespace per use, so that clearing or sizing one never touches another. */
export const CACHE_NAMESPACES = ['llm', 'sources', 'search', 'embeddings', 'components'] as const;
export type CacheNamespace = (typeof CACHE_NAMESPACES)[number];

/** One value per namespace, made by `make`. */
export function byNamespace<T>(make: (namespace: CacheNamespace) => T): Record<CacheNamespace, T> {
  return Object.fromEntries(CACHE_NAMESPACES.map((name) => [name, make(name)])) as Record<CacheNamespace, T>;
}
