package io.skillforge.skills.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits a byte stream into UTF-8 lines without ever holding more than one line (capped) in
 * memory. Works on bytes, not chars, so that an invalid UTF-8 sequence or an over-long line is
 * reported for that line alone instead of failing the whole stream. Not thread-safe.
 */
final class LineSplitter {

  /** One line: its text, or why it has none. */
  record Line(long number, String text, String problem) {}

  private final InputStream in;
  private final int maxLineBytes;
  private final CharsetDecoder decoder =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);
  private final byte[] chunk = new byte[1 << 16];
  private int chunkPos;
  private int chunkLen;
  private byte[] line = new byte[1024];
  private long number;

  LineSplitter(InputStream in, int maxLineBytes) {
    this.in = in;
    this.maxLineBytes = maxLineBytes;
  }

  /** The next line, or null at end of stream. */
  Line next() throws IOException {
    int len = 0;
    long total = 0;
    boolean sawAny = false;
    while (true) {
      if (chunkPos == chunkLen) {
        chunkLen = in.read(chunk);
        chunkPos = 0;
        if (chunkLen <= 0) {
          chunkLen = 0;
          if (!sawAny) {
            return null;
          }
          break;
        }
      }
      sawAny = true;
      int start = chunkPos;
      int end = start;
      while (end < chunkLen && chunk[end] != '\n') {
        end++;
      }
      int n = end - start;
      total += n;
      if (total <= maxLineBytes) {
        if (len + n > line.length) {
          line = Arrays.copyOf(line, Math.max(len + n, line.length * 2));
        }
        System.arraycopy(chunk, start, line, len, n);
        len += n;
      }
      chunkPos = end;
      if (end < chunkLen) {
        chunkPos++; // consume the newline
        break;
      }
    }
    number++;
    if (total > maxLineBytes) {
      return new Line(number, null,
          "line is " + total + " bytes, over the limit of " + maxLineBytes + " bytes");
    }
    if (len > 0 && line[len - 1] == '\r') {
      len--;
    }
    try {
      CharBuffer chars = decoder.reset().decode(ByteBuffer.wrap(line, 0, len));
      String text = chars.toString();
      if (number == 1 && text.startsWith("\uFEFF")) {
        text = text.substring(1);
      }
      return new Line(number, text, null);
    } catch (MalformedInputException e) {
      int at = firstBadByte(len);
      return new Line(number, null, at < 0 ? "invalid UTF-8" : "invalid UTF-8 at byte " + (at + 1));
    } catch (CharacterCodingException e) {
      return new Line(number, null, "invalid UTF-8: " + e.getMessage());
    }
  }

  /** Offset of the first byte that starts no valid UTF-8 sequence; -1 if the scan finds none. */
  private int firstBadByte(int len) {
    int i = 0;
    while (i < len) {
      int b = line[i] & 0xff;
      int extra = b < 0x80 ? 0 : b >= 0xc2 && b < 0xe0 ? 1 : b >= 0xe0 && b < 0xf0 ? 2 : b >= 0xf0 && b < 0xf5 ? 3 : -1;
      if (extra < 0) {
        return i;
      }
      for (int k = 1; k <= extra; k++) {
        if (i + k >= len || (line[i + k] & 0xc0) != 0x80) {
          return i;
        }
      }
      i += extra + 1;
    }
    return -1;
  }
}
