package dev.sluice.planner;

import static java.util.Objects.requireNonNull;

import dev.sluice.planner.plan.proto.OutputMode;
import dev.sluice.planner.sql.SqlSetting;
import dev.sluice.planner.sql.SqlSource;
import dev.sluice.planner.sql.Suggestions;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * The settings of a script's query ({@code SET 'key' = 'value';}, before the INSERT), checked: each key is known
 * and each value one it takes. Keys match ignoring case; a key set twice takes the later value (as in Flink's SQL
 * client). The planner puts them into {@code QueryPlan.settings}, so they are part of the fingerprint: a restart
 * with other settings is refused like a changed query.
 *
 * <ul>
 *   <li>{@code output-mode}: {@code append}, {@code update} or {@code complete} (Spark's output modes; what each
 *       query allows is the planner's to check);</li>
 *   <li>{@code state.key-groups}: how many key groups stateful keys hash into, 1 to 32768 (default 128); fixed at
 *       the query's first run.</li>
 *   <li>{@code late-rows.table}: a table of the script that receives the rows a windowed aggregation finds behind
 *       the watermark (instead of only counting them); its columns must be the source's physical columns. The
 *       planner checks the table.</li>
 * </ul>
 */
public final class QuerySettings {
    public static final String OUTPUT_MODE = "output-mode";
    public static final String STATE_KEY_GROUPS = "state.key-groups";
    public static final String LATE_ROWS_TABLE = "late-rows.table";
    /** Every key, in the order messages list them. */
    public static final List<String> KEYS = List.of(OUTPUT_MODE, STATE_KEY_GROUPS, LATE_ROWS_TABLE);
    public static final List<String> OUTPUT_MODES = List.of("append", "update", "complete");
    /** A key group is stored in two bytes ahead of each key, so there are at most 2^15. */
    public static final int MAX_KEY_GROUPS = 1 << 15;

    /** No SET statements. */
    public static final QuerySettings NONE = new QuerySettings(Map.of());

    /**
     * One checked setting.
     *
     * @param key one of {@link #KEYS}
     * @param value the value in its canonical form (lower-case mode, plain decimal number)
     * @param position where the SET statement is, for messages that refer back to it
     */
    public record Setting(String key, String value, SqlParserPos position) {
        public Setting {
            requireNonNull(key, "key is null");
            requireNonNull(value, "value is null");
            requireNonNull(position, "position is null");
        }
    }

    private final Map<String, Setting> settings;

    private QuerySettings(Map<String, Setting> settings) {
        this.settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }

    /**
     * The settings of a script's SET statements, in order; each was checked with {@link #check}.
     */
    static QuerySettings of(List<SqlSetting> statements, SqlSource source) {
        Map<String, Setting> settings = new LinkedHashMap<>();
        for (SqlSetting statement : statements) {
            Setting setting = check(statement, source);
            settings.remove(setting.key());   // the later SET wins, and is the one messages point at
            settings.put(setting.key(), setting);
        }
        return new QuerySettings(settings);
    }

    /**
     * Checks one SET statement.
     *
     * @throws dev.sluice.planner.sql.SqlScriptException at the key or the value that is wrong
     */
    static Setting check(SqlSetting statement, SqlSource source) {
        String key = text(statement.keyText(), statement.key(), source);
        String value = text(statement.valueText(), statement.value(), source);
        String canonicalKey = KEYS.stream().filter(known -> known.equalsIgnoreCase(key.strip())).findFirst()
                .orElseThrow(() -> source.error(statement.key().getParserPosition(), "unknown setting '" + key
                        + "'" + Suggestions.didYouMean(key.strip(), KEYS) + "; the settings are "
                        + String.join(", ", KEYS)));
        String canonicalValue = switch (canonicalKey) {
            case OUTPUT_MODE -> outputMode(value, statement.value(), source);
            case STATE_KEY_GROUPS -> keyGroups(value, statement.value(), source);
            case LATE_ROWS_TABLE -> value.strip();
            default -> throw new IllegalStateException("a key without a check: " + canonicalKey);
        };
        return new Setting(canonicalKey, canonicalValue, statement.getParserPosition());
    }

    private static String text(String text, SqlNode literal, SqlSource source) {
        if (text == null) {
            throw source.error(literal.getParserPosition(), "SET takes a quoted key and value, such as SET"
                    + " 'output-mode' = 'update'");
        }
        return text;
    }

    private static String outputMode(String value, SqlNode literal, SqlSource source) {
        String mode = value.strip().toLowerCase(Locale.ROOT);
        if (!OUTPUT_MODES.contains(mode)) {
            throw source.error(literal.getParserPosition(), "unknown output mode '" + value + "'"
                    + Suggestions.didYouMean(mode, OUTPUT_MODES) + "; use append, update or complete");
        }
        return mode;
    }

    private static String keyGroups(String value, SqlNode literal, SqlSource source) {
        int keyGroups;
        try {
            keyGroups = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            keyGroups = -1;
        }
        if (keyGroups < 1 || keyGroups > MAX_KEY_GROUPS) {
            throw source.error(literal.getParserPosition(), STATE_KEY_GROUPS + " must be a whole number from 1 to "
                    + MAX_KEY_GROUPS + ", not '" + value + "'");
        }
        return Integer.toString(keyGroups);
    }

    /** The settings as the plan carries them: canonical key to canonical value, sorted by key. */
    public Map<String, String> values() {
        Map<String, String> values = new TreeMap<>();
        settings.forEach((key, setting) -> values.put(key, setting.value()));
        return Collections.unmodifiableMap(values);
    }

    public Optional<Setting> get(String key) {
        return Optional.ofNullable(settings.get(key));
    }

    /** The output mode a SET asks for, if any. */
    public Optional<OutputMode> outputMode() {
        return get(OUTPUT_MODE).map(setting -> switch (setting.value()) {
            case "append" -> OutputMode.APPEND;
            case "update" -> OutputMode.UPDATE;
            case "complete" -> OutputMode.COMPLETE;
            default -> throw new IllegalStateException("unchecked output mode " + setting.value());
        });
    }

    public boolean isEmpty() {
        return settings.isEmpty();
    }
}
