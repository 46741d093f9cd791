package dev.sluice.executor.expression;

import static java.util.Objects.requireNonNull;

import dev.sluice.planner.plan.proto.Call;
import dev.sluice.planner.plan.proto.Call.Function;
import dev.sluice.planner.plan.proto.DataType;
import dev.sluice.planner.plan.proto.DataType.Kind;
import dev.sluice.planner.plan.proto.Expression;
import dev.sluice.planner.plan.proto.Literal;
import java.math.BigDecimal;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Turns plan {@link Expression}s over one input schema into {@link VectorExpression} trees: checks operand types
 * once, inserts the implicit conversions (INT to BIGINT needs none, integers to DOUBLE or DECIMAL, DATE to
 * TIMESTAMP), resolves literal flags (time units, LIKE patterns, DATE_FORMAT patterns) and folds casts of
 * literals. One compiler per operator; all expressions compiled by it share the slot numbering of one
 * {@link EvaluationContext}, which {@link #newContext()} creates for each operator instance.
 */
public final class ExpressionCompiler {
    private final Schema inputSchema;
    private final List<DataType> inputTypes;
    private int slots;

    public ExpressionCompiler(Schema inputSchema) {
        this.inputSchema = requireNonNull(inputSchema, "inputSchema is null");
        List<DataType> types = new ArrayList<>();
        for (Field field : inputSchema.getFields()) {
            types.add(ArrowTypes.sqlType(field.getType(), field.getName()));
        }
        this.inputTypes = List.copyOf(types);
    }

    /** The number of node slots the compiled expressions use. */
    public int slotCount() {
        return slots;
    }

    /** A fresh context for one operator instance evaluating the expressions compiled so far. */
    public EvaluationContext newContext() {
        return new EvaluationContext(slots);
    }

    /** Compiles a plan expression; errors name the expression. */
    public VectorExpression compile(Expression expression) {
        requireNonNull(expression, "expression is null");
        return compile(expression, null);
    }

    /** Compiles a condition: its type must be BOOLEAN. */
    public VectorExpression compileCondition(Expression expression) {
        VectorExpression condition = compile(expression);
        if (condition.type().getKind() != Kind.BOOLEAN) {
            throw new ExpressionException("condition " + condition.text() + " has type " + condition.type().getKind()
                    + ", not BOOLEAN");
        }
        return condition;
    }

    private int nextSlot() {
        return slots++;
    }

    /** {@code nullType}: the type an untyped NULL literal takes here (from its context), or null. */
    private VectorExpression compile(Expression expression, DataType nullType) {
        return switch (expression.getKindCase()) {
            case INPUT_REF -> inputReference(expression);
            case LITERAL -> literal(expression.getType(), expression.getLiteral(), nullType);
            case CALL -> call(expression);
            case KIND_NOT_SET -> throw new ExpressionException("expression without input_ref, literal or call: "
                    + expression.toString().replace('\n', ' '));
        };
    }

    private VectorExpression inputReference(Expression expression) {
        int index = expression.getInputRef();
        if (index < 0 || index >= inputTypes.size()) {
            throw new ExpressionException("input_ref " + index + " is out of range: the input has "
                    + inputTypes.size() + " columns " + inputSchema.getFields().stream().map(Field::getName).toList());
        }
        String name = inputSchema.getFields().get(index).getName();
        DataType actual = inputTypes.get(index);
        DataType declared = expression.hasType() ? expression.getType() : actual;
        if (declared.getKind() != actual.getKind()) {
            throw new ExpressionException("input_ref " + index + " (" + name + ") is declared " + declared.getKind()
                    + " but the input column is " + actual.getKind());
        }
        VectorExpression reference = new InputReference(actual, name, nextSlot(), index);
        if (actual.getKind() == Kind.DECIMAL && (actual.getPrecision() != declared.getPrecision()
                || actual.getScale() != declared.getScale())) {
            return new Cast(declared, name, nextSlot(), reference);
        }
        return reference;
    }

    private VectorExpression literal(DataType type, Literal literal, DataType nullType) {
        DataType effective = type;
        if (type.getKind() == Kind.NULL || type.getKind() == Kind.KIND_UNSPECIFIED) {
            if (!literal.getIsNull()) {
                throw new ExpressionException("literal of type " + type.getKind() + " must be NULL");
            }
            effective = nullType != null ? nullType : DataType.newBuilder().setKind(Kind.BOOLEAN).setNullable(true)
                    .build();
        }
        if (effective.getKind() == Kind.TIME_UNIT) {
            throw new ExpressionException("time unit " + literal.getStringValue() + " used as a value");
        }
        Storage storage = Storage.of(effective);
        if (literal.getIsNull()) {
            return new Constant(effective, "NULL", nextSlot(), storage, null);
        }
        Object value = switch (storage) {
            case BOOLEAN -> literal.getBooleanValue();
            case LONG -> literal.getLongValue();
            case DOUBLE -> literal.getValueCase() == Literal.ValueCase.LONG_VALUE
                    ? (double) literal.getLongValue() : literal.getDoubleValue();
            case DECIMAL -> decimalLiteral(literal, effective);
            case STRING -> literal.getStringValue();
        };
        return new Constant(effective, literalText(effective, value), nextSlot(), storage, value);
    }

    private static BigDecimal decimalLiteral(Literal literal, DataType type) {
        BigDecimal value = switch (literal.getValueCase()) {
            case DECIMAL_VALUE -> new BigDecimal(literal.getDecimalValue());
            case LONG_VALUE -> BigDecimal.valueOf(literal.getLongValue());
            case DOUBLE_VALUE -> BigDecimal.valueOf(literal.getDoubleValue());
            case STRING_VALUE -> new BigDecimal(literal.getStringValue());
            case BOOLEAN_VALUE, VALUE_NOT_SET -> throw new ExpressionException("DECIMAL literal without a value");
        };
        return value.setScale(type.getScale(), java.math.RoundingMode.HALF_UP);
    }

    private static String literalText(DataType type, Object value) {
        return switch (type.getKind()) {
            case VARCHAR -> "'" + ((String) value).replace("'", "''") + "'";
            case BOOLEAN -> ((Boolean) value) ? "TRUE" : "FALSE";
            case DECIMAL -> ((BigDecimal) value).toPlainString();
            case DATE -> "DATE '" + DateTimeText.formatDate((Long) value) + "'";
            case TIMESTAMP -> "TIMESTAMP '" + DateTimeText.formatTimestamp((Long) value) + "'";
            case INTERVAL_DAY_TIME -> "INTERVAL '" + value + "' MILLISECOND";
            case INTERVAL_YEAR_MONTH -> "INTERVAL '" + value + "' MONTH";
            case INT, BIGINT, DOUBLE -> String.valueOf(value);
            case NULL, TIME_UNIT, KIND_UNSPECIFIED, UNRECOGNIZED -> String.valueOf(value);
        };
    }

    private VectorExpression call(Expression expression) {
        Call call = expression.getCall();
        DataType type = expression.getType();
        List<Expression> operands = call.getOperandsList();
        Function function = call.getFunction();
        return switch (function) {
            case PLUS, MINUS, TIMES, DIVIDE, MOD -> arithmetic(function, type, operands);
            case NEGATE, ABS -> {
                checkArity(function, operands, 1, 1);
                VectorExpression operand = coerce(compile(operands.get(0), type), type);
                yield new NumericFunction(type, text(function, List.of(operand)), nextSlot(), function, operand);
            }
            case EQUALS, NOT_EQUALS, LESS_THAN, LESS_THAN_OR_EQUAL, GREATER_THAN, GREATER_THAN_OR_EQUAL,
                    IS_DISTINCT_FROM, IS_NOT_DISTINCT_FROM -> {
                checkArity(function, operands, 2, 2);
                yield comparison(function, operands.get(0), operands.get(1));
            }
            case AND, OR -> {
                checkArity(function, operands, 1, Integer.MAX_VALUE);
                List<VectorExpression> compiled = new ArrayList<>();
                for (Expression operand : operands) {
                    compiled.add(booleanOperand(function, operand));
                }
                yield new Logic(booleanType(), text(function, compiled), nextSlot(), function == Function.AND,
                        compiled);
            }
            case NOT -> {
                checkArity(function, operands, 1, 1);
                VectorExpression operand = booleanOperand(function, operands.get(0));
                yield new Not(booleanType(), text(function, List.of(operand)), nextSlot(), operand);
            }
            case IS_NULL, IS_NOT_NULL, IS_TRUE, IS_NOT_TRUE, IS_FALSE, IS_NOT_FALSE -> {
                checkArity(function, operands, 1, 1);
                VectorExpression operand = function == Function.IS_NULL || function == Function.IS_NOT_NULL
                        ? compile(operands.get(0), null) : booleanOperand(function, operands.get(0));
                yield new NullTest(booleanType(), text(function, List.of(operand)), nextSlot(), function, operand);
            }
            case CASE -> caseWhen(type, operands);
            case COALESCE -> {
                checkArity(function, operands, 1, Integer.MAX_VALUE);
                List<VectorExpression> compiled = new ArrayList<>();
                for (Expression operand : operands) {
                    compiled.add(coerceResult(compile(operand, type), type));
                }
                yield new Conditional(type, text(function, compiled), nextSlot(), true, compiled);
            }
            case NULLIF -> nullIf(type, operands);
            case IN -> in(operands);
            case BETWEEN -> between(operands);
            case CAST -> {
                checkArity(function, operands, 1, 1);
                VectorExpression operand = compile(operands.get(0), type);
                yield cast(operand, type, "CAST(" + operand.text() + " AS " + typeText(type) + ")");
            }
            case LIKE -> like(type, operands);
            case UPPER, LOWER, CHAR_LENGTH -> {
                checkArity(function, operands, 1, 1);
                yield stringFunction(function, type, operands);
            }
            case SUBSTRING, POSITION -> {
                checkArity(function, operands, 2, 3);
                yield stringFunction(function, type, operands);
            }
            case TRIM_BOTH, TRIM_LEADING, TRIM_TRAILING -> {
                checkArity(function, operands, 2, 2);
                yield stringFunction(function, type, operands);
            }
            case CONCAT -> {
                checkArity(function, operands, 1, Integer.MAX_VALUE);
                yield stringFunction(function, type, operands);
            }
            case EXTRACT -> {
                checkArity(function, operands, 2, 2);
                TimeUnit unit = timeUnit(operands.get(0), function);
                VectorExpression value = temporalOperand(function, operands.get(1));
                yield new TemporalFunction(type, "EXTRACT(" + unit + " FROM " + value.text() + ")", nextSlot(),
                        function, unit, new VectorExpression[] {value}, null);
            }
            case FLOOR, CEIL -> floorOrCeil(function, type, operands);
            case TIMESTAMPADD -> {
                checkArity(function, operands, 3, 3);
                TimeUnit unit = timeUnit(operands.get(0), function);
                VectorExpression amount = compile(operands.get(1), bigintType());
                requireKind(function, amount, Kind.INT, Kind.BIGINT);
                VectorExpression value = temporalOperand(function, operands.get(2));
                yield new TemporalFunction(type, "TIMESTAMPADD(" + unit + ", " + amount.text() + ", " + value.text()
                        + ")", nextSlot(), function, unit, new VectorExpression[] {amount, value}, null);
            }
            case TIMESTAMPDIFF -> {
                checkArity(function, operands, 3, 3);
                TimeUnit unit = timeUnit(operands.get(0), function);
                VectorExpression start = temporalOperand(function, operands.get(1));
                VectorExpression end = temporalOperand(function, operands.get(2));
                yield new TemporalFunction(type, "TIMESTAMPDIFF(" + unit + ", " + start.text() + ", " + end.text()
                        + ")", nextSlot(), function, unit, new VectorExpression[] {start, end}, null);
            }
            case DATE_FORMAT -> {
                checkArity(function, operands, 2, 2);
                VectorExpression value = temporalOperand(function, operands.get(0));
                value = coerce(value, timestampType());
                String pattern = stringLiteral(operands.get(1), function, "pattern");
                DateTimeFormatter formatter;
                try {
                    formatter = DateTimeFormatter.ofPattern(pattern, Locale.ROOT);
                } catch (IllegalArgumentException e) {
                    throw new ExpressionException("invalid DATE_FORMAT pattern '" + pattern + "': " + e.getMessage(),
                            e);
                }
                yield new TemporalFunction(type, "DATE_FORMAT(" + value.text() + ", '" + pattern + "')", nextSlot(),
                        function, null, new VectorExpression[] {value}, formatter);
            }
            case FUNCTION_UNSPECIFIED, UNRECOGNIZED -> throw new ExpressionException("unknown function "
                    + call.getFunctionValue() + " in plan expression");
        };
    }

    private VectorExpression arithmetic(Function function, DataType type, List<Expression> operands) {
        checkArity(function, operands, 2, 2);
        VectorExpression left = compile(operands.get(0), type);
        VectorExpression right = compile(operands.get(1), type);
        String text = text(function, List.of(left, right));
        Kind leftKind = left.type().getKind();
        Kind rightKind = right.type().getKind();
        Arithmetic.Mode mode = null;
        switch (type.getKind()) {
            case INT, BIGINT -> {
                requireKind(function, left, Kind.INT, Kind.BIGINT);
                requireKind(function, right, Kind.INT, Kind.BIGINT);
                mode = Arithmetic.Mode.EXACT_LONG;
            }
            case DOUBLE -> {
                left = coerce(left, type);
                right = coerce(right, type);
                mode = Arithmetic.Mode.DOUBLE;
            }
            case DECIMAL -> {
                left = coerce(left, decimalOf(left.type()));
                right = coerce(right, decimalOf(right.type()));
                mode = Arithmetic.Mode.DECIMAL;
            }
            case TIMESTAMP, DATE -> {
                boolean isDate = type.getKind() == Kind.DATE;
                if (function == Function.PLUS && isInterval(leftKind)) {
                    VectorExpression swap = left;
                    left = right;
                    right = swap;
                    Kind swapKind = leftKind;
                    leftKind = rightKind;
                    rightKind = swapKind;
                }
                if ((function != Function.PLUS && function != Function.MINUS) || !isInterval(rightKind)
                        || leftKind != type.getKind()) {
                    throw new ExpressionException("unsupported operand types " + leftKind + " and " + rightKind
                            + " in " + text);
                }
                if (rightKind == Kind.INTERVAL_YEAR_MONTH) {
                    mode = Arithmetic.Mode.PLUS_MONTHS;
                } else {
                    mode = isDate ? Arithmetic.Mode.DATE_PLUS_MILLISECONDS : Arithmetic.Mode.EXACT_LONG;
                }
            }
            case INTERVAL_DAY_TIME, INTERVAL_YEAR_MONTH -> {
                boolean timestamps = leftKind == Kind.TIMESTAMP && rightKind == Kind.TIMESTAMP
                        && function == Function.MINUS && type.getKind() == Kind.INTERVAL_DAY_TIME;
                boolean intervals = (isInterval(leftKind) || leftKind == Kind.INT || leftKind == Kind.BIGINT)
                        && (isInterval(rightKind) || rightKind == Kind.INT || rightKind == Kind.BIGINT);
                if (!timestamps && !intervals) {
                    throw new ExpressionException("unsupported operand types " + leftKind + " and " + rightKind
                            + " in " + text);
                }
                mode = Arithmetic.Mode.EXACT_LONG;
            }
            case BOOLEAN, VARCHAR, NULL, TIME_UNIT, KIND_UNSPECIFIED, UNRECOGNIZED ->
                    throw new ExpressionException("arithmetic with result type " + type.getKind() + " in " + text);
        }
        return new Arithmetic(type, text, nextSlot(), function, mode, left, right);
    }

    private static boolean isInterval(Kind kind) {
        return kind == Kind.INTERVAL_DAY_TIME || kind == Kind.INTERVAL_YEAR_MONTH;
    }

    private VectorExpression comparison(Function function, Expression leftExpression, Expression rightExpression) {
        VectorExpression left = compile(leftExpression, nullTypeOf(rightExpression));
        VectorExpression right = compile(rightExpression, left.type());
        String text = text(function, List.of(left, right));
        DataType common = commonType(left.type(), right.type(), text);
        return new Comparison(booleanType(), text, nextSlot(), function, coerce(left, common), coerce(right, common));
    }

    /** The type of a non-null expression, as a hint for a NULL literal on the other side. */
    private DataType nullTypeOf(Expression other) {
        if (other.hasType() && other.getType().getKind() != Kind.NULL && Storage.isValueKind(other.getType().getKind())) {
            return other.getType();
        }
        return null;
    }

    /** The type both sides of a comparison (or IN) convert to. */
    private static DataType commonType(DataType a, DataType b, String text) {
        Kind x = a.getKind();
        Kind y = b.getKind();
        if (x == y) {
            return x == Kind.DECIMAL ? decimalType(Math.max(a.getScale(), b.getScale())) : a;
        }
        if (isIntegral(x) && isIntegral(y)) {
            return bigintType();
        }
        if (isNumeric(x) && isNumeric(y)) {
            if (x == Kind.DOUBLE || y == Kind.DOUBLE) {
                return doubleType();
            }
            return decimalType(Math.max(a.getScale(), b.getScale()));
        }
        if ((x == Kind.DATE && y == Kind.TIMESTAMP) || (x == Kind.TIMESTAMP && y == Kind.DATE)) {
            return timestampType();
        }
        if (x == Kind.VARCHAR && y != Kind.VARCHAR && Storage.isValueKind(y)) {
            return b;
        }
        if (y == Kind.VARCHAR && Storage.isValueKind(x)) {
            return a;
        }
        throw new ExpressionException("cannot compare " + x + " with " + y + " in " + text);
    }

    private static boolean isIntegral(Kind kind) {
        return kind == Kind.INT || kind == Kind.BIGINT;
    }

    private static boolean isNumeric(Kind kind) {
        return kind == Kind.INT || kind == Kind.BIGINT || kind == Kind.DOUBLE || kind == Kind.DECIMAL;
    }

    /**
     * {@code expression} converted to {@code target}'s storage: nothing for same storage (INT and BIGINT share
     * longs), a {@link Cast} otherwise, folded at plan time when the operand is a literal.
     */
    private VectorExpression coerce(VectorExpression expression, DataType target) {
        Kind from = expression.type().getKind();
        Kind to = target.getKind();
        if (from == to && to != Kind.DECIMAL) {
            return expression;
        }
        if (to == Kind.DECIMAL && from == Kind.DECIMAL) {
            // decimal arithmetic and comparison work on any scale: no rescale needed to compute
            return expression;
        }
        if (isIntegral(from) && isIntegral(to)) {
            return expression;
        }
        if (isInterval(from) || isInterval(to)) {
            return expression;
        }
        return cast(expression, target, expression.text());
    }

    private VectorExpression cast(VectorExpression operand, DataType target, String text) {
        Kind from = operand.type().getKind();
        if (from == target.getKind() && from != Kind.DECIMAL) {
            return operand;
        }
        if (operand.isConstant() && ((Constant) operand).value() == null) {
            return new Constant(target, operand.text(), nextSlot(), Storage.of(target), null);
        }
        Cast cast = new Cast(target, text, nextSlot(), operand);
        if (operand.isConstant()) {
            return fold(cast);
        }
        return cast;
    }

    /** Evaluates a node over literals once, at plan time. */
    private VectorExpression fold(VectorExpression expression) {
        EvaluationContext context = new EvaluationContext(slots);
        Column column = expression.evaluate(context, null, 1);
        return new Constant(expression.type(), expression.text(), nextSlot(), column.storage(), column.valueAt(0));
    }

    private static DataType decimalOf(DataType type) {
        return switch (type.getKind()) {
            case INT -> DataType.newBuilder().setKind(Kind.DECIMAL).setPrecision(10).setScale(0).setNullable(true)
                    .build();
            case BIGINT -> DataType.newBuilder().setKind(Kind.DECIMAL).setPrecision(19).setScale(0).setNullable(true)
                    .build();
            case DECIMAL -> type;
            case BOOLEAN, DOUBLE, VARCHAR, DATE, TIMESTAMP, NULL, INTERVAL_DAY_TIME, INTERVAL_YEAR_MONTH, TIME_UNIT,
                    KIND_UNSPECIFIED, UNRECOGNIZED -> throw new ExpressionException("cannot use " + type.getKind()
                    + " in DECIMAL arithmetic");
        };
    }

    private VectorExpression booleanOperand(Function function, Expression operand) {
        VectorExpression compiled = compile(operand, booleanType());
        if (compiled.type().getKind() != Kind.BOOLEAN) {
            throw new ExpressionException(function + " needs BOOLEAN operands, not " + compiled.type().getKind()
                    + " (" + compiled.text() + ")");
        }
        return compiled;
    }

    private VectorExpression caseWhen(DataType type, List<Expression> operands) {
        if (operands.size() < 2) {
            throw new ExpressionException("CASE needs at least a WHEN and a THEN operand, got " + operands.size());
        }
        List<VectorExpression> compiled = new ArrayList<>();
        StringBuilder text = new StringBuilder("CASE");
        for (int i = 0; i < operands.size(); i++) {
            boolean isCondition = i % 2 == 0 && i < operands.size() - 1;
            VectorExpression operand = isCondition ? booleanOperand(Function.CASE, operands.get(i))
                    : coerceResult(compile(operands.get(i), type), type);
            compiled.add(operand);
            text.append(isCondition ? " WHEN " : i % 2 == 1 ? " THEN " : " ELSE ").append(operand.text());
        }
        text.append(" END");
        return new Conditional(type, text.toString(), nextSlot(), false, compiled);
    }

    /** A branch value converted to the CASE / COALESCE result type (DECIMAL rescaled too). */
    private VectorExpression coerceResult(VectorExpression value, DataType type) {
        if (type.getKind() == Kind.DECIMAL && value.type().getKind() == Kind.DECIMAL
                && value.type().getScale() == type.getScale()) {
            return value;
        }
        return value.type().getKind() == type.getKind() && type.getKind() != Kind.DECIMAL ? value
                : cast(value, type, value.text());
    }

    private VectorExpression nullIf(DataType type, List<Expression> operands) {
        checkArity(Function.NULLIF, operands, 2, 2);
        VectorExpression equal = comparison(Function.EQUALS, operands.get(0), operands.get(1));
        VectorExpression value = coerceResult(compile(operands.get(0), type), type);
        VectorExpression nullValue = new Constant(type, "NULL", nextSlot(), Storage.of(type), null);
        String text = "NULLIF(" + value.text() + ", " + compileText(operands.get(1)) + ")";
        return new Conditional(type, text, nextSlot(), false, List.of(equal, nullValue, value));
    }

    private VectorExpression in(List<Expression> operands) {
        checkArity(Function.IN, operands, 2, Integer.MAX_VALUE);
        VectorExpression value = compile(operands.get(0), nullTypeOf(operands.get(1)));
        List<VectorExpression> list = new ArrayList<>();
        DataType common = value.type();
        StringBuilder text = new StringBuilder(value.text()).append(" IN (");
        for (int i = 1; i < operands.size(); i++) {
            VectorExpression element = compile(operands.get(i), value.type());
            list.add(element);
            text.append(i > 1 ? ", " : "").append(element.text());
        }
        text.append(')');
        for (VectorExpression element : list) {
            common = commonType(common, element.type(), text.toString());
        }
        boolean allConstant = list.stream().allMatch(VectorExpression::isConstant);
        if (allConstant) {
            Object[] elements = new Object[list.size()];
            for (int i = 0; i < list.size(); i++) {
                VectorExpression element = coerce(list.get(i), common);
                elements[i] = ((Constant) element).value();
            }
            return new InList(booleanType(), text.toString(), nextSlot(), coerce(value, common), Storage.of(common),
                    elements);
        }
        // Elements computed per row: value = e1 OR value = e2 ..., with SQL's NULL rules falling out of OR.
        List<VectorExpression> equals = new ArrayList<>();
        for (int i = 1; i < operands.size(); i++) {
            equals.add(comparison(Function.EQUALS, operands.get(0), operands.get(i)));
        }
        return new Logic(booleanType(), text.toString(), nextSlot(), false, equals);
    }

    private VectorExpression between(List<Expression> operands) {
        checkArity(Function.BETWEEN, operands, 3, 3);
        VectorExpression low = comparison(Function.GREATER_THAN_OR_EQUAL, operands.get(0), operands.get(1));
        VectorExpression high = comparison(Function.LESS_THAN_OR_EQUAL, operands.get(0), operands.get(2));
        String value = compileText(operands.get(0));
        String text = value + " BETWEEN " + compileText(operands.get(1)) + " AND " + compileText(operands.get(2));
        return new Logic(booleanType(), text, nextSlot(), true, List.of(low, high));
    }

    /** The text of an expression (compiles it into a throwaway node). */
    private String compileText(Expression expression) {
        int saved = slots;
        String text = compile(expression, null).text();
        slots = saved;
        return text;
    }

    private VectorExpression like(DataType type, List<Expression> operands) {
        checkArity(Function.LIKE, operands, 2, 3);
        VectorExpression value = stringOperand(Function.LIKE, operands.get(0));
        VectorExpression pattern = stringOperand(Function.LIKE, operands.get(1));
        VectorExpression escape = operands.size() > 2 ? stringOperand(Function.LIKE, operands.get(2)) : null;
        String text = value.text() + " LIKE " + pattern.text() + (escape == null ? "" : " ESCAPE " + escape.text());
        boolean constantPattern = pattern.isConstant() && (escape == null || escape.isConstant());
        if (constantPattern && (((Constant) pattern).value() == null
                || (escape != null && ((Constant) escape).value() == null))) {
            return new Constant(booleanType(), text, nextSlot(), Storage.BOOLEAN, null);
        }
        return new Like(booleanType(), text, nextSlot(), value, pattern, escape,
                constantPattern ? (String) ((Constant) pattern).value() : null,
                constantPattern && escape != null ? (String) ((Constant) escape).value() : null);
    }

    private VectorExpression stringOperand(Function function, Expression operand) {
        VectorExpression compiled = compile(operand, varcharType());
        if (compiled.type().getKind() != Kind.VARCHAR) {
            throw new ExpressionException(function + " needs VARCHAR operands, not " + compiled.type().getKind()
                    + " (" + compiled.text() + ")");
        }
        return compiled;
    }

    private VectorExpression stringFunction(Function function, DataType type, List<Expression> operands) {
        VectorExpression[] compiled = new VectorExpression[operands.size()];
        for (int i = 0; i < compiled.length; i++) {
            boolean numeric = (function == Function.SUBSTRING && i > 0) || (function == Function.POSITION && i > 1);
            if (numeric) {
                compiled[i] = compile(operands.get(i), bigintType());
                requireKind(function, compiled[i], Kind.INT, Kind.BIGINT);
            } else if (function == Function.CONCAT) {
                VectorExpression operand = compile(operands.get(i), varcharType());
                compiled[i] = coerce(operand, varcharType());
            } else {
                compiled[i] = stringOperand(function, operands.get(i));
            }
        }
        String text = switch (function) {
            case TRIM_BOTH, TRIM_LEADING, TRIM_TRAILING -> "TRIM(" + function.name().substring(5) + " "
                    + compiled[0].text() + " FROM " + compiled[1].text() + ")";
            case POSITION -> "POSITION(" + compiled[0].text() + " IN " + compiled[1].text()
                    + (compiled.length > 2 ? " FROM " + compiled[2].text() : "") + ")";
            default -> text(function, List.of(compiled));
        };
        return new StringFunction(type, text, nextSlot(), function, compiled);
    }

    private VectorExpression floorOrCeil(Function function, DataType type, List<Expression> operands) {
        checkArity(function, operands, 1, 2);
        if (operands.size() == 1) {
            VectorExpression value = compile(operands.get(0), type);
            requireKind(function, value, Kind.INT, Kind.BIGINT, Kind.DOUBLE, Kind.DECIMAL);
            return new NumericFunction(type, text(function, List.of(value)), nextSlot(), function, value);
        }
        VectorExpression value = temporalOperand(function, operands.get(0));
        TimeUnit unit = timeUnit(operands.get(1), function);
        if (unit == TimeUnit.DOW || unit == TimeUnit.DOY) {
            throw new ExpressionException(function + " TO " + unit + " is not supported");
        }
        return new TemporalFunction(type, function + "(" + value.text() + " TO " + unit + ")", nextSlot(), function,
                unit, new VectorExpression[] {value}, null);
    }

    private VectorExpression temporalOperand(Function function, Expression operand) {
        VectorExpression compiled = compile(operand, timestampType());
        requireKind(function, compiled, Kind.TIMESTAMP, Kind.DATE);
        return compiled;
    }

    private static TimeUnit timeUnit(Expression operand, Function function) {
        if (operand.getKindCase() != Expression.KindCase.LITERAL
                || operand.getLiteral().getValueCase() != Literal.ValueCase.STRING_VALUE) {
            throw new ExpressionException(function + " needs a time unit literal, got "
                    + operand.toString().replace('\n', ' '));
        }
        return TimeUnit.parse(operand.getLiteral().getStringValue(), function.name());
    }

    private static String stringLiteral(Expression operand, Function function, String what) {
        if (operand.getKindCase() != Expression.KindCase.LITERAL
                || operand.getLiteral().getValueCase() != Literal.ValueCase.STRING_VALUE) {
            throw new ExpressionException(function + " needs a literal " + what);
        }
        return operand.getLiteral().getStringValue();
    }

    private static void requireKind(Function function, VectorExpression operand, Kind... kinds) {
        for (Kind kind : kinds) {
            if (operand.type().getKind() == kind) {
                return;
            }
        }
        throw new ExpressionException(function + " does not accept " + operand.type().getKind() + " ("
                + operand.text() + ")");
    }

    private static void checkArity(Function function, List<Expression> operands, int minimum, int maximum) {
        if (operands.size() < minimum || operands.size() > maximum) {
            throw new ExpressionException(function + " takes " + (minimum == maximum ? String.valueOf(minimum)
                    : minimum + " to " + (maximum == Integer.MAX_VALUE ? "any number of" : maximum))
                    + " operands, got " + operands.size());
        }
    }

    private static String text(Function function, List<VectorExpression> operands) {
        String infix = switch (function) {
            case PLUS -> " + ";
            case MINUS -> " - ";
            case TIMES -> " * ";
            case DIVIDE -> " / ";
            case EQUALS -> " = ";
            case NOT_EQUALS -> " <> ";
            case LESS_THAN -> " < ";
            case LESS_THAN_OR_EQUAL -> " <= ";
            case GREATER_THAN -> " > ";
            case GREATER_THAN_OR_EQUAL -> " >= ";
            case IS_DISTINCT_FROM -> " IS DISTINCT FROM ";
            case IS_NOT_DISTINCT_FROM -> " IS NOT DISTINCT FROM ";
            case AND -> " AND ";
            case OR -> " OR ";
            case CONCAT -> " || ";
            default -> null;
        };
        if (infix != null && operands.size() > 1) {
            StringBuilder builder = new StringBuilder();
            for (int i = 0; i < operands.size(); i++) {
                builder.append(i > 0 ? infix : "").append(parenthesised(operands.get(i)));
            }
            return builder.toString();
        }
        String postfix = switch (function) {
            case IS_NULL -> " IS NULL";
            case IS_NOT_NULL -> " IS NOT NULL";
            case IS_TRUE -> " IS TRUE";
            case IS_NOT_TRUE -> " IS NOT TRUE";
            case IS_FALSE -> " IS FALSE";
            case IS_NOT_FALSE -> " IS NOT FALSE";
            default -> null;
        };
        if (postfix != null) {
            return parenthesised(operands.get(0)) + postfix;
        }
        if (function == Function.NEGATE) {
            return "-" + parenthesised(operands.get(0));
        }
        if (function == Function.NOT) {
            return "NOT " + parenthesised(operands.get(0));
        }
        StringBuilder builder = new StringBuilder(function.name()).append('(');
        for (int i = 0; i < operands.size(); i++) {
            builder.append(i > 0 ? ", " : "").append(operands.get(i).text());
        }
        return builder.append(')').toString();
    }

    private static String parenthesised(VectorExpression operand) {
        String text = operand.text();
        boolean isInfix = operand instanceof Arithmetic || operand instanceof Comparison || operand instanceof Logic
                || (operand instanceof StringFunction && text.contains(" || "));
        return isInfix ? "(" + text + ")" : text;
    }

    static String typeText(DataType type) {
        return switch (type.getKind()) {
            case DECIMAL -> "DECIMAL(" + type.getPrecision() + ", " + type.getScale() + ")";
            case TIMESTAMP -> "TIMESTAMP(3)";
            default -> type.getKind().name();
        };
    }

    private static DataType booleanType() {
        return DataType.newBuilder().setKind(Kind.BOOLEAN).setNullable(true).build();
    }

    private static DataType bigintType() {
        return DataType.newBuilder().setKind(Kind.BIGINT).setNullable(true).build();
    }

    private static DataType doubleType() {
        return DataType.newBuilder().setKind(Kind.DOUBLE).setNullable(true).build();
    }

    private static DataType varcharType() {
        return DataType.newBuilder().setKind(Kind.VARCHAR).setNullable(true).build();
    }

    private static DataType timestampType() {
        return DataType.newBuilder().setKind(Kind.TIMESTAMP).setNullable(true).build();
    }

    private static DataType decimalType(int scale) {
        return DataType.newBuilder().setKind(Kind.DECIMAL).setPrecision(38).setScale(scale).setNullable(true).build();
    }
}
