package io.skillforge.skills.grading;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Optional;

/**
 * An exact number of the form {@code (numerator / denominator) * sqrt(radicand)}: a reduced
 * fraction with a positive denominator times the square root of a square-free positive integer.
 * Zero is always {@code 0/1 * sqrt(1)}, so equal values have equal components.
 *
 * <p>This set is closed under multiplication, division and negation, which is all a final answer
 * like {@code \frac{\sqrt{3}}{2}} or {@code -0.25} needs; sums are left to text comparison.
 */
record Surd(BigInteger numerator, BigInteger denominator, BigInteger radicand) {

  /** Roots of larger non-squares are not reduced (trial division would be slow) but rejected. */
  private static final BigInteger MAX_RADICAND = BigInteger.TEN.pow(12);

  Surd {
    if (denominator.signum() <= 0 || radicand.signum() <= 0) {
      throw new IllegalArgumentException(
          "denominator and radicand must be positive: " + denominator + ", " + radicand);
    }
  }

  /** The fraction {@code numerator / denominator}. */
  static Surd of(BigInteger numerator, BigInteger denominator) {
    return reduced(numerator, denominator, BigInteger.ONE);
  }

  /** The exact value of a decimal: {@code 0.25} is {@code 1/4}. */
  static Surd of(BigDecimal decimal) {
    BigInteger unscaled = decimal.unscaledValue();
    int scale = decimal.scale();
    return scale >= 0
        ? of(unscaled, BigInteger.TEN.pow(scale))
        : of(unscaled.multiply(BigInteger.TEN.pow(-scale)), BigInteger.ONE);
  }

  Surd negate() {
    return new Surd(numerator.negate(), denominator, radicand);
  }

  Surd times(Surd other) {
    // Both radicands are square-free, so their product is g^2 times a square-free rest.
    BigInteger g = radicand.gcd(other.radicand);
    return reduced(
        numerator.multiply(other.numerator).multiply(g),
        denominator.multiply(other.denominator),
        radicand.divide(g).multiply(other.radicand.divide(g)));
  }

  /** @throws ArithmeticException when {@code other} is zero */
  Surd dividedBy(Surd other) {
    if (other.numerator.signum() == 0) {
      throw new ArithmeticException("division by zero");
    }
    // 1 / (n/d * sqrt(r)) = d / (n*r) * sqrt(r)
    return times(
        reduced(other.denominator, other.numerator.multiply(other.radicand), other.radicand));
  }

  /**
   * The square root, when it is again of this form: the value must be a non-negative fraction,
   * and {@code numerator * denominator} must be a perfect square or small enough to factor.
   */
  Optional<Surd> sqrt() {
    if (numerator.signum() < 0 || !radicand.equals(BigInteger.ONE)) {
      return Optional.empty();
    }
    // sqrt(n/d) = sqrt(n*d) / d
    BigInteger product = numerator.multiply(denominator);
    BigInteger root = product.sqrt();
    if (root.multiply(root).equals(product)) {
      return Optional.of(of(root, denominator));
    }
    if (product.compareTo(MAX_RADICAND) > 0) {
      return Optional.empty();
    }
    long outside = 1;
    long inside = product.longValueExact();
    for (long p = 2; p * p <= inside; p++) {
      while (inside % (p * p) == 0) {
        inside /= p * p;
        outside *= p;
      }
    }
    return Optional.of(
        reduced(BigInteger.valueOf(outside), denominator, BigInteger.valueOf(inside)));
  }

  /** Normalises sign and common factors; {@code radicand} must already be square-free. */
  private static Surd reduced(BigInteger numerator, BigInteger denominator, BigInteger radicand) {
    if (denominator.signum() == 0) {
      throw new ArithmeticException("division by zero");
    }
    if (numerator.signum() == 0) {
      return new Surd(BigInteger.ZERO, BigInteger.ONE, BigInteger.ONE);
    }
    if (denominator.signum() < 0) {
      numerator = numerator.negate();
      denominator = denominator.negate();
    }
    BigInteger gcd = numerator.gcd(denominator);
    return new Surd(numerator.divide(gcd), denominator.divide(gcd), radicand);
  }

  /** {@code 3}, {@code -1/2}, {@code sqrt(3)}, {@code -3/2*sqrt(2)}. */
  @Override
  public String toString() {
    String fraction =
        denominator.equals(BigInteger.ONE) ? numerator.toString() : numerator + "/" + denominator;
    if (radicand.equals(BigInteger.ONE)) {
      return fraction;
    }
    String root = "sqrt(" + radicand + ")";
    if (denominator.equals(BigInteger.ONE) && numerator.abs().equals(BigInteger.ONE)) {
      return (numerator.signum() < 0 ? "-" : "") + root;
    }
    return fraction + "*" + root;
  }
}
