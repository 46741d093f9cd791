package dev.sluice.driver.query;

/** A restart whose plan differs from the one the checkpoint was written with. */
public final class PlanChangedException extends RuntimeException {
    public PlanChangedException(String message) {
        super(message);
    }
}
