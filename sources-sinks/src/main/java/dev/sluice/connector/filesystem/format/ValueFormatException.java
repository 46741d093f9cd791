package dev.sluice.connector.filesystem.format;

/**
 * A value's text is not a value of its column type. Checked, so that every decoder has to turn it into a
 * {@link dev.sluice.connector.MalformedRecordException} with the record's position. Thrown only on bad input,
 * so it skips the stack trace: a reader that fails does so once.
 */
public final class ValueFormatException extends Exception {
    /**
     * @param reason why the text is not a value, or null when "cannot parse" says it all ("out of range for INT")
     */
    public ValueFormatException(String reason) {
        super(reason, null, false, false);
    }

    /** Why the text is not a value, or null. */
    public String reason() {
        return getMessage();
    }
}
