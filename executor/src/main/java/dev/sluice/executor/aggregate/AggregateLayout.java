package dev.sluice.executor.aggregate;

import static java.util.Objects.requireNonNull;

import dev.sluice.executor.expression.ArrowTypes;
import dev.sluice.planner.plan.proto.Aggregate;
import dev.sluice.planner.plan.proto.AggregateCall;
import dev.sluice.planner.plan.proto.ColumnDefinition;
import dev.sluice.planner.plan.proto.DataType;
import dev.sluice.planner.plan.proto.OutputMode;
import dev.sluice.planner.plan.proto.WindowSpec;
import dev.sluice.state.KeyGroups;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * An aggregate of the plan, checked once, with everything its operators derive from it: the column types, the
 * windows, the calls and the three schemas (input, partial, output) with the positions of their columns.
 *
 * <p>Partial schema (what a scan task's {@link PartialAggregateOperator} emits, one row per group it saw, plus one
 * row per distinct value of a COUNT(DISTINCT) call):
 * {@code key_group INT NOT NULL, [window_start, window_end TIMESTAMP NOT NULL,] group keys...,
 * accumulator columns per call..., [distinct_call INT NOT NULL, one value column per COUNT(DISTINCT) call]}.
 * A row with {@code distinct_call = -1} carries accumulators; a row with {@code distinct_call = c} carries one
 * distinct value of call c (its accumulator columns are empty).
 */
final class AggregateLayout {
    static final String KEY_GROUP = "key_group";
    static final String WINDOW_START = "window_start";
    static final String WINDOW_END = "window_end";
    static final String WINDOW_TIME = "window_time";
    static final String DISTINCT_CALL = "distinct_call";

    private final String operatorId;
    private final OutputMode mode;
    private final int keyGroups;
    private final Schema inputSchema;
    private final List<DataType> inputTypes;
    private final List<String> inputNames;
    private final WindowAssigner window;
    private final WindowSpec.Kind windowKind;
    private final int timeColumn;
    private final int eventTimeColumn;
    private final int[] groupKeys;
    private final DataType.Kind[] keyKinds;
    private final List<CallDefinition> calls;
    private final boolean hasDistinct;
    private final Schema partialSchema;
    private final int firstPartialKeyColumn;
    private final int[] partialColumnOfCall;
    private final int distinctCallColumn;
    private final int[] distinctValueColumnOfCall;
    private final Schema outputSchema;
    private final int firstOutputKeyColumn;
    private final int firstOutputCallColumn;
    private final long partialMemoryBytes;

    AggregateLayout(Aggregate spec, OutputMode mode, int keyGroups, long partialMemoryBytes) {
        requireNonNull(spec, "spec is null");
        requireNonNull(mode, "mode is null");
        this.operatorId = spec.getOperatorId();
        if (operatorId.isEmpty()) {
            throw new IllegalArgumentException("aggregate without an operator_id");
        }
        if (mode != OutputMode.APPEND && mode != OutputMode.UPDATE && mode != OutputMode.COMPLETE) {
            throw error("output mode " + mode + " is not one of APPEND, UPDATE, COMPLETE");
        }
        this.mode = mode;
        if (keyGroups < 1 || keyGroups > KeyGroups.MAX_KEY_GROUPS) {
            throw error("the number of key groups must be in [1, " + KeyGroups.MAX_KEY_GROUPS + "]: " + keyGroups);
        }
        this.keyGroups = keyGroups;
        if (partialMemoryBytes < 1) {
            throw error("the partial aggregation's memory bound must be positive: " + partialMemoryBytes);
        }
        this.partialMemoryBytes = partialMemoryBytes;

        List<DataType> types = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<Field> inputFields = new ArrayList<>();
        for (int i = 0; i < spec.getInputColumnsCount(); i++) {
            ColumnDefinition column = spec.getInputColumns(i);
            types.add(column.getType());
            names.add(column.getName());
            inputFields.add(new Field(column.getName(), new FieldType(column.getType().getNullable(),
                    columnType(column.getType(), "input column " + i + " '" + column.getName() + "'"), null), null));
        }
        if (types.isEmpty()) {
            throw error("no input columns");
        }
        this.inputTypes = List.copyOf(types);
        this.inputNames = List.copyOf(names);
        this.inputSchema = new Schema(inputFields);

        if (spec.hasWindow()) {
            WindowSpec windowSpec = spec.getWindow();
            checkWindow(windowSpec);
            this.window = new WindowAssigner(windowSpec);
            this.windowKind = windowSpec.getKind();
            this.timeColumn = windowSpec.getTimeColumn();
        } else {
            this.window = null;
            this.windowKind = null;
            this.timeColumn = -1;
        }
        this.eventTimeColumn = spec.getEventTimeColumn();
        if (eventTimeColumn != -1) {
            checkColumn(eventTimeColumn, "event_time_column");
            if (inputTypes.get(eventTimeColumn).getKind() != DataType.Kind.TIMESTAMP) {
                throw error("the event-time column " + describeColumn(eventTimeColumn) + " has type "
                        + inputTypes.get(eventTimeColumn).getKind() + ", not TIMESTAMP");
            }
        }
        if (mode == OutputMode.APPEND && (window == null || eventTimeColumn < 0)) {
            // Spark's rule: append mode emits a group once, when it is final, which only a watermark can say.
            throw error("append output mode needs a window over an event-time column with a watermark;"
                    + " use update or complete mode" + (window == null ? " for a GROUP BY without a window"
                    : " for a window without a watermark"));
        }

        this.groupKeys = spec.getGroupKeysList().stream().mapToInt(Integer::intValue).toArray();
        this.keyKinds = new DataType.Kind[groupKeys.length];
        for (int k = 0; k < groupKeys.length; k++) {
            checkColumn(groupKeys[k], "group key " + k);
            keyKinds[k] = inputTypes.get(groupKeys[k]).getKind();
        }

        List<CallDefinition> callList = new ArrayList<>();
        boolean anyDistinct = false;
        for (int i = 0; i < spec.getCallsCount(); i++) {
            CallDefinition call = checkCall(i, spec.getCalls(i));
            callList.add(call);
            anyDistinct |= call.countsDistinct();
        }
        this.calls = List.copyOf(callList);
        this.hasDistinct = anyDistinct;

        // the partial schema
        List<Field> partial = new ArrayList<>();
        partial.add(new Field(KEY_GROUP, new FieldType(false, new ArrowType.Int(32, true), null), null));
        if (window != null) {
            partial.add(timestampField(WINDOW_START));
            partial.add(timestampField(WINDOW_END));
        }
        this.firstPartialKeyColumn = partial.size();
        for (int key : groupKeys) {
            partial.add(new Field(inputNames.get(key), ArrowTypes.fieldType(inputTypes.get(key)), null));
        }
        this.partialColumnOfCall = new int[calls.size()];
        for (CallDefinition call : calls) {
            partialColumnOfCall[call.index()] = partial.size();
            partial.addAll(newAccumulator(call).partialFields());
        }
        this.distinctValueColumnOfCall = new int[calls.size()];
        if (hasDistinct) {
            this.distinctCallColumn = partial.size();
            partial.add(new Field(DISTINCT_CALL, new FieldType(false, new ArrowType.Int(32, true), null), null));
            for (CallDefinition call : calls) {
                distinctValueColumnOfCall[call.index()] = -1;
                if (call.countsDistinct()) {
                    distinctValueColumnOfCall[call.index()] = partial.size();
                    partial.add(new Field("call" + call.index() + "_distinct",
                            ArrowTypes.fieldType(call.argumentType()), null));
                }
            }
        } else {
            this.distinctCallColumn = -1;
        }
        this.partialSchema = new Schema(partial);

        // the output schema
        List<Field> output = new ArrayList<>();
        if (window != null) {
            output.add(timestampField(WINDOW_START));
            output.add(timestampField(WINDOW_END));
            output.add(timestampField(WINDOW_TIME));
        }
        this.firstOutputKeyColumn = output.size();
        for (int key : groupKeys) {
            output.add(inputSchema.getFields().get(key));
        }
        this.firstOutputCallColumn = output.size();
        for (CallDefinition call : calls) {
            output.add(new Field(call.name(), new FieldType(call.resultType().getNullable(),
                    ArrowTypes.arrowType(call.resultType()), null), null));
        }
        this.outputSchema = new Schema(output);
    }

    private void checkWindow(WindowSpec window) {
        checkColumn(window.getTimeColumn(), "the window's time column");
        if (inputTypes.get(window.getTimeColumn()).getKind() != DataType.Kind.TIMESTAMP) {
            throw error("the window's time column " + describeColumn(window.getTimeColumn()) + " has type "
                    + inputTypes.get(window.getTimeColumn()).getKind() + ", not TIMESTAMP");
        }
        switch (window.getKind()) {
            case TUMBLE -> requirePositive(window.getSizeMs(), "TUMBLE size");
            case HOP -> {
                requirePositive(window.getSizeMs(), "HOP size");
                requirePositive(window.getSlideMs(), "HOP slide");
                long windows = (window.getSizeMs() + window.getSlideMs() - 1) / window.getSlideMs();
                if (windows > MAX_WINDOWS_PER_ROW) {
                    throw error("HOP of size " + window.getSizeMs() + " ms and slide " + window.getSlideMs()
                            + " ms puts each row in " + windows + " windows; at most " + MAX_WINDOWS_PER_ROW);
                }
            }
            case CUMULATE -> {
                requirePositive(window.getSizeMs(), "CUMULATE max size");
                requirePositive(window.getSlideMs(), "CUMULATE step");
                if (window.getSizeMs() % window.getSlideMs() != 0) {
                    throw error("CUMULATE max size " + window.getSizeMs() + " ms is not a multiple of its step "
                            + window.getSlideMs() + " ms");
                }
                if (window.getSizeMs() / window.getSlideMs() > MAX_WINDOWS_PER_ROW) {
                    throw error("CUMULATE of max size " + window.getSizeMs() + " ms and step "
                            + window.getSlideMs() + " ms puts a row in up to "
                            + window.getSizeMs() / window.getSlideMs() + " windows; at most " + MAX_WINDOWS_PER_ROW);
                }
            }
            case SESSION -> requirePositive(window.getGapMs(), "SESSION gap");
            case KIND_UNSPECIFIED, UNRECOGNIZED -> throw error("a window without a kind");
        }
    }

    /** A bound on the windows of one row, so that a mistyped slide cannot multiply the input by millions. */
    static final int MAX_WINDOWS_PER_ROW = 10_000;

    private void requirePositive(long value, String what) {
        if (value <= 0) {
            throw error(what + " must be positive: " + value + " ms");
        }
    }

    private CallDefinition checkCall(int index, AggregateCall call) {
        String where = "call " + index + " '" + call.getName() + "'";
        if (call.getName().isEmpty()) {
            throw error(where + " has no name");
        }
        AggregateCall.Function function = call.getFunction();
        DataType result = call.getType();
        DataType argumentType = null;
        String argumentName = "";
        if (function == AggregateCall.Function.FUNCTION_UNSPECIFIED
                || function == AggregateCall.Function.UNRECOGNIZED) {
            throw error(where + " has no function");
        }
        if (function == AggregateCall.Function.COUNT_STAR) {
            if (call.getArgument() != -1) {
                throw error(where + ": COUNT(*) takes no argument, not column " + call.getArgument());
            }
            if (call.getDistinct()) {
                throw error(where + ": COUNT(*) cannot be DISTINCT");
            }
        } else {
            checkColumn(call.getArgument(), where + ": the argument");
            argumentType = inputTypes.get(call.getArgument());
            argumentName = inputNames.get(call.getArgument());
        }
        if (call.getFilterColumn() != -1) {
            checkColumn(call.getFilterColumn(), where + ": the FILTER column");
            if (inputTypes.get(call.getFilterColumn()).getKind() != DataType.Kind.BOOLEAN) {
                throw error(where + ": the FILTER column " + describeColumn(call.getFilterColumn()) + " has type "
                        + inputTypes.get(call.getFilterColumn()).getKind() + ", not BOOLEAN");
            }
        }
        columnType(result, where + ": the result type");
        DataType.Kind resultKind = result.getKind();
        DataType.Kind argumentKind = argumentType == null ? null : argumentType.getKind();
        boolean accepted = switch (function) {
            case COUNT_STAR, COUNT -> resultKind == DataType.Kind.BIGINT;
            case SUM -> switch (argumentKind) {
                case INT, BIGINT -> resultKind == DataType.Kind.INT || resultKind == DataType.Kind.BIGINT
                        || resultKind == DataType.Kind.DECIMAL;
                case DECIMAL -> resultKind == DataType.Kind.DECIMAL && result.getScale() >= argumentType.getScale();
                case DOUBLE -> resultKind == DataType.Kind.DOUBLE;
                case BOOLEAN, VARCHAR, DATE, TIMESTAMP, NULL, INTERVAL_DAY_TIME, INTERVAL_YEAR_MONTH, TIME_UNIT,
                        KIND_UNSPECIFIED, UNRECOGNIZED -> false;
            };
            case AVG -> switch (argumentKind) {
                case INT, BIGINT -> resultKind == DataType.Kind.INT || resultKind == DataType.Kind.BIGINT
                        || resultKind == DataType.Kind.DOUBLE || resultKind == DataType.Kind.DECIMAL;
                case DECIMAL -> resultKind == DataType.Kind.DECIMAL || resultKind == DataType.Kind.DOUBLE;
                case DOUBLE -> resultKind == DataType.Kind.DOUBLE;
                case BOOLEAN, VARCHAR, DATE, TIMESTAMP, NULL, INTERVAL_DAY_TIME, INTERVAL_YEAR_MONTH, TIME_UNIT,
                        KIND_UNSPECIFIED, UNRECOGNIZED -> false;
            };
            case MIN, MAX -> resultKind == argumentKind && (argumentKind != DataType.Kind.DECIMAL
                    || (result.getScale() == argumentType.getScale()
                    && result.getPrecision() >= argumentType.getPrecision()));
            case FUNCTION_UNSPECIFIED, UNRECOGNIZED -> false;
        };
        if (!accepted) {
            throw error(where + ": " + function + " of " + (argumentType == null ? "rows" : typeName(argumentType))
                    + " cannot have the result type " + typeName(result));
        }
        if (call.getDistinct() && (function == AggregateCall.Function.SUM
                || function == AggregateCall.Function.AVG)) {
            throw new UnsupportedOperationException("aggregate " + operatorId + ": " + where + ": " + function
                    + "(DISTINCT ...) is not supported; COUNT(DISTINCT ...), MIN and MAX are");
        }
        return new CallDefinition(index, function, call.getArgument(), argumentType, argumentName,
                call.getDistinct(), result, call.getName(), call.getFilterColumn());
    }

    Accumulator newAccumulator(CallDefinition call) {
        return switch (call.function()) {
            case COUNT_STAR -> new CountAccumulator(call);
            case COUNT -> call.distinct() ? new DistinctCountAccumulator(call) : new CountAccumulator(call);
            case SUM, AVG -> call.argumentType().getKind() == DataType.Kind.DOUBLE
                    ? new DoubleSumAccumulator(call) : new ExactSumAccumulator(call);
            case MIN, MAX -> switch (call.argumentType().getKind()) {
                case BOOLEAN, INT, DATE, BIGINT, TIMESTAMP -> new LongExtremeAccumulator(call);
                case DOUBLE -> new DoubleExtremeAccumulator(call);
                case DECIMAL -> new DecimalExtremeAccumulator(call);
                case VARCHAR -> new VarcharExtremeAccumulator(call);
                case NULL, INTERVAL_DAY_TIME, INTERVAL_YEAR_MONTH, TIME_UNIT, KIND_UNSPECIFIED, UNRECOGNIZED ->
                        throw new IllegalStateException(call.describe());
            };
            case FUNCTION_UNSPECIFIED, UNRECOGNIZED -> throw new IllegalStateException(call.describe());
        };
    }

    private ArrowType columnType(DataType type, String where) {
        try {
            return ArrowTypes.arrowType(type);
        } catch (RuntimeException notAColumnType) {
            throw error(where + " has type " + type.getKind() + ", which no column can have");
        }
    }

    private void checkColumn(int column, String what) {
        if (column < 0 || column >= inputTypes.size()) {
            throw error(what + " is column " + column + ", outside the " + inputTypes.size() + " input columns");
        }
    }

    private String describeColumn(int column) {
        return column + " '" + inputNames.get(column) + "'";
    }

    private static String typeName(DataType type) {
        return type.getKind() == DataType.Kind.DECIMAL
                ? "DECIMAL(" + type.getPrecision() + ", " + type.getScale() + ")" : type.getKind().toString();
    }

    private IllegalArgumentException error(String message) {
        return new IllegalArgumentException("aggregate " + (operatorId == null || operatorId.isEmpty() ? "?"
                : operatorId) + ": " + message);
    }

    private static Field timestampField(String name) {
        return new Field(name, new FieldType(false,
                new ArrowType.Timestamp(org.apache.arrow.vector.types.TimeUnit.MILLISECOND, null), null), null);
    }

    String operatorId() {
        return operatorId;
    }

    OutputMode mode() {
        return mode;
    }

    int keyGroups() {
        return keyGroups;
    }

    Schema inputSchema() {
        return inputSchema;
    }

    List<DataType> inputTypes() {
        return inputTypes;
    }

    /** Null for a GROUP BY without a window. */
    WindowAssigner window() {
        return window;
    }

    boolean windowed() {
        return window != null;
    }

    boolean sessions() {
        return windowKind == WindowSpec.Kind.SESSION;
    }

    boolean cumulate() {
        return windowKind == WindowSpec.Kind.CUMULATE;
    }

    int timeColumn() {
        return timeColumn;
    }

    int eventTimeColumn() {
        return eventTimeColumn;
    }

    boolean usesEventTime() {
        return eventTimeColumn >= 0;
    }

    int keyCount() {
        return groupKeys.length;
    }

    int groupKey(int k) {
        return groupKeys[k];
    }

    DataType.Kind keyKind(int k) {
        return keyKinds[k];
    }

    List<CallDefinition> calls() {
        return calls;
    }

    boolean hasDistinct() {
        return hasDistinct;
    }

    Schema partialSchema() {
        return partialSchema;
    }

    int firstPartialKeyColumn() {
        return firstPartialKeyColumn;
    }

    int partialColumnOfCall(int call) {
        return partialColumnOfCall[call];
    }

    int distinctCallColumn() {
        return distinctCallColumn;
    }

    int distinctValueColumnOfCall(int call) {
        return distinctValueColumnOfCall[call];
    }

    Schema outputSchema() {
        return outputSchema;
    }

    int firstOutputKeyColumn() {
        return firstOutputKeyColumn;
    }

    int firstOutputCallColumn() {
        return firstOutputCallColumn;
    }

    long partialMemoryBytes() {
        return partialMemoryBytes;
    }

    /** Whether every part of a group's key fits in a long, for the partial aggregation's fast table. */
    boolean fixedWidthKeys() {
        if (sessions() || (groupKeys.length == 0 && window == null)) {
            return false;
        }
        for (DataType.Kind kind : keyKinds) {
            if (!ValueEncoding.isLongKind(kind)) {
                return false;
            }
        }
        return true;
    }
}
