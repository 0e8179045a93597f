package io.skillforge.student.builtin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ByteTokenizerTest {
  @Test
  void encodeDecode_utf8_roundTrips() {
    String text = "Q: 47+38=?\nA: café → 85";
    int[] ids = ByteTokenizer.encode(text);
    assertEquals(text, ByteTokenizer.decode(ids, 0, ids.length));
  }

  @Test
  void encode_ascii_isOneTokenPerByte() {
    assertArrayEquals(new int[] {97, 10, 255 & 'Z'}, ByteTokenizer.encode("a\nZ"));
  }

  @Test
  void decode_stopsAtEndOfText() {
    int[] ids = {104, 105, ByteTokenizer.EOS, 106};
    assertEquals("hi", ByteTokenizer.decode(ids, 0, ids.length));
  }

  @Test
  void decode_malformedBytes_becomeReplacementCharacter() {
    int[] ids = {97, 0xC3, 98};
    assertEquals("a\uFFFDb", ByteTokenizer.decode(ids, 0, ids.length));
  }
}
