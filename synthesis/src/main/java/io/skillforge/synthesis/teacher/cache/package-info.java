/**
 * The teacher-response cache: Caffeine in memory over a persistent tier (one crash-safe file per
 * request on disk, or a database a cluster shares),
 * keyed by {@link io.skillforge.synthesis.teacher.cache.CacheKey} (provider, model, messages,
 * schema, sampling; not {@code max_tokens}, see {@link
 * io.skillforge.synthesis.teacher.cache.CachedAnswer#serves}).
 */
package io.skillforge.synthesis.teacher.cache;
