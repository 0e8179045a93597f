package io.skillforge.student.builtin;

import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;

/**
 * Byte-level tokenizer: a token is one UTF-8 byte (ids 0-255) or the end-of-text token
 * {@link #EOS}. Any text round-trips; nothing is ever out of vocabulary. Stateless and thread-safe.
 */
final class ByteTokenizer {
  static final int EOS = 256;
  static final int VOCAB_SIZE = 257;

  private ByteTokenizer() {}

  static int[] encode(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    int[] ids = new int[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      ids[i] = bytes[i] & 0xff;
    }
    return ids;
  }

  /**
   * Decodes byte tokens, stopping at the first {@link #EOS}. A malformed byte sequence (a model can
   * emit one) decodes to U+FFFD rather than failing.
   */
  static String decode(int[] ids, int from, int to) {
    byte[] bytes = new byte[to - from];
    int n = 0;
    for (int i = from; i < to && ids[i] != EOS; i++) {
      bytes[n++] = (byte) ids[i];
    }
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPLACE)
        .onUnmappableCharacter(CodingErrorAction.REPLACE);
    try {
      return decoder.decode(ByteBuffer.wrap(bytes, 0, n)).toString();
    } catch (CharacterCodingException e) {
      throw new IllegalStateException("replacing decoder failed", e);
    }
  }
}
