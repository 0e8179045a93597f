package io.skillforge.synthesis.teacher.cache;

import java.util.Optional;

/**
 * Where the response cache keeps its answers beyond memory: a directory on this machine, or a
 * database that the nodes of a cluster share. Entries are opaque bytes under their key's hash; the
 * cache encodes and checks them. Thread-safe. A failure to write is reported by the tier and
 * costs only a later call, never the answer in hand.
 */
public interface AnswerTier {
  /** The entry stored under {@code hash}; empty when there is none or it cannot be read. */
  Optional<byte[]> read(String hash);

  /** Stores {@code entry} under {@code hash}, replacing any earlier one; whole or not at all. */
  void write(String hash, byte[] entry);

  /** Forgets the entry under {@code hash}. */
  void delete(String hash);

  /** Where the entries live, for messages. */
  String describe();
}
