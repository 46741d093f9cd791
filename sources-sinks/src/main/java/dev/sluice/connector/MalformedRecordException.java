package dev.sluice.connector;

import static java.util.Objects.requireNonNull;

/**
 * A record that cannot be read as the table's schema says (a wrong field count, an unparsable number or
 * timestamp). Carries the record's position and its raw text, so the message reads like a compiler's:
 * <pre>
 * data/in/orders-7.csv:12:3: column 'price' (BIGINT): cannot parse "12x" as a number
 *   raw record: 7,apple,12x
 * </pre>
 * Unchecked, so that it passes through Arrow and engine code unchanged; a later skip/dead-letter policy catches
 * it with its position.
 */
public final class MalformedRecordException extends RuntimeException {
    private final RecordPosition position;
    private final String problem;
    private final String rawText;

    public MalformedRecordException(RecordPosition position, String problem, String rawText) {
        super(message(position, problem, rawText));
        this.position = position;
        this.problem = problem;
        this.rawText = rawText;
    }

    public RecordPosition position() {
        return position;
    }

    /** What is wrong, without the position. */
    public String problem() {
        return problem;
    }

    /** The record as it appears in the source (abbreviated if very long), or null if not available. */
    public String rawText() {
        return rawText;
    }

    private static String message(RecordPosition position, String problem, String rawText) {
        requireNonNull(position, "position is null");
        requireNonNull(problem, "problem is null");
        StringBuilder text = new StringBuilder().append(position).append(": ");
        if (position.columnName() != null) {
            text.append("column '").append(position.columnName()).append("': ");
        }
        text.append(problem);
        if (rawText != null) {
            String shown = rawText.length() > 200 ? rawText.substring(0, 200) + "..." : rawText;
            text.append("\n  raw record: ").append(shown.replace("\r", "\\r").replace("\n", "\\n"));
        }
        return text.toString();
    }
}
