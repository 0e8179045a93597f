package io.skillforge.skills.dataset;

import java.util.List;

/**
 * What a dataset read did.
 *
 * @param accepted lines turned into examples and handed to the sink
 * @param rejected lines refused; at least {@code rejections.size()}
 * @param rejections the first refused lines with their reasons, in file order (capped, see
 *     {@link DatasetReader#MAX_REPORTED_REJECTIONS})
 */
public record ReadReport(long accepted, long rejected, List<Rejection> rejections) {
  public ReadReport {
    rejections = List.copyOf(rejections);
  }

  public boolean anyRejected() {
    return rejected > 0;
  }
}
