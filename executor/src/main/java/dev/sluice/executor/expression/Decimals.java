package dev.sluice.executor.expression;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/** DECIMAL(p, s) helpers: rounding to the scale and the precision check. */
final class Decimals {
    private static final BigInteger[] POWERS_OF_TEN = new BigInteger[80];

    static {
        POWERS_OF_TEN[0] = BigInteger.ONE;
        for (int i = 1; i < POWERS_OF_TEN.length; i++) {
            POWERS_OF_TEN[i] = POWERS_OF_TEN[i - 1].multiply(BigInteger.TEN);
        }
    }

    private Decimals() {
    }

    /**
     * {@code value} rounded HALF_UP to {@code scale}; an error naming the expression and the operands when it has
     * more than {@code precision} digits.
     */
    static BigDecimal fit(BigDecimal value, int precision, int scale, VectorExpression expression, String operands) {
        BigDecimal scaled = value.scale() == scale ? value : value.setScale(scale, RoundingMode.HALF_UP);
        if (scaled.unscaledValue().abs().compareTo(POWERS_OF_TEN[precision]) >= 0) {
            throw new ExpressionException("DECIMAL(" + precision + ", " + scale + ") overflow in "
                    + expression.text() + ": " + operands + " = " + value.toPlainString());
        }
        return scaled;
    }
}
