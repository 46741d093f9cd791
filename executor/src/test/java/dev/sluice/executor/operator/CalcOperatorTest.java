package dev.sluice.executor.operator;

import static dev.sluice.executor.expression.Expressions.call;
import static dev.sluice.executor.expression.Expressions.lit;
import static dev.sluice.executor.expression.Expressions.ref;
import static dev.sluice.executor.operator.Batches.column;
import static dev.sluice.executor.operator.Batches.decimalColumn;
import static dev.sluice.executor.operator.Batches.row;
import static dev.sluice.executor.operator.Batches.schema;
import static dev.sluice.planner.plan.proto.Call.Function.AND;
import static dev.sluice.planner.plan.proto.Call.Function.CONCAT;
import static dev.sluice.planner.plan.proto.Call.Function.DIVIDE;
import static dev.sluice.planner.plan.proto.Call.Function.EQUALS;
import static dev.sluice.planner.plan.proto.Call.Function.GREATER_THAN;
import static dev.sluice.planner.plan.proto.Call.Function.MOD;
import static dev.sluice.planner.plan.proto.Call.Function.NOT_EQUALS;
import static dev.sluice.planner.plan.proto.Call.Function.PLUS;
import static dev.sluice.planner.plan.proto.Call.Function.TIMES;
import static dev.sluice.planner.plan.proto.Call.Function.UPPER;
import static dev.sluice.planner.plan.proto.DataType.Kind.BIGINT;
import static dev.sluice.planner.plan.proto.DataType.Kind.BOOLEAN;
import static dev.sluice.planner.plan.proto.DataType.Kind.DATE;
import static dev.sluice.planner.plan.proto.DataType.Kind.DOUBLE;
import static dev.sluice.planner.plan.proto.DataType.Kind.INT;
import static dev.sluice.planner.plan.proto.DataType.Kind.TIMESTAMP;
import static dev.sluice.planner.plan.proto.DataType.Kind.VARCHAR;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.executor.expression.ExpressionException;
import dev.sluice.executor.expression.Expressions;
import dev.sluice.planner.plan.proto.Calc;
import dev.sluice.planner.plan.proto.DataType;
import dev.sluice.planner.plan.proto.Expression;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

class CalcOperatorTest {
    private static final Schema INPUT = schema(column("key", BIGINT), column("value", BIGINT), column("name", VARCHAR));
    private static final Expression KEY = ref(0, BIGINT);
    private static final Expression VALUE = ref(1, BIGINT);
    private static final Expression NAME = ref(2, VARCHAR);

    private static Calc calc(Expression condition, List<Expression> projections, List<String> names) {
        Calc.Builder calc = Calc.newBuilder().addAllProjections(projections).addAllOutputNames(names);
        if (condition != null) {
            calc.setCondition(condition);
        }
        return calc.build();
    }

    private static CalcOperator.Factory factory(Expression condition, List<Expression> projections,
            List<String> names) {
        return new CalcOperator.Factory(calc(condition, projections, names), INPUT);
    }

    @Test
    void filtersAndProjectsAcrossBatchesOfDifferentSizes() {
        CalcOperator.Factory factory = factory(call(GREATER_THAN, VALUE, lit(10)),
                List.of(KEY, call(TIMES, VALUE, lit(2)), call(UPPER, NAME)), List.of("k", "doubled", "upper_name"));
        OperatorHarness.assertOutput(factory, INPUT, List.of(
                        List.of(row(1L, 5L, "a"), row(2L, 20L, "b"), row(3L, null, "c"), row(4L, 30L, null)),
                        List.of(),
                        List.of(row(5L, 1L, "e")),
                        List.of(row(6L, 11L, "f")),
                        List.of(row(7L, 12L, "g"), row(8L, 13L, "h"), row(9L, 14L, "i"), row(10L, 15L, "j"),
                                row(11L, 16L, "k"))),
                List.of(row(2L, 40L, "B"), row(4L, 60L, null), row(6L, 22L, "F"), row(7L, 24L, "G"),
                        row(8L, 26L, "H"), row(9L, 28L, "I"), row(10L, 30L, "J"), row(11L, 32L, "K")));
    }

    @Test
    void allRowsFilteredGivesNoOutput() {
        CalcOperator.Factory factory = factory(call(GREATER_THAN, VALUE, lit(100)), List.of(KEY), List.of("k"));
        OperatorHarness.assertOutput(factory, INPUT, List.of(List.of(row(1L, 5L, "a"), row(2L, null, "b"))),
                List.of());
    }

    @Test
    void withoutConditionEveryRowIsKeptAndColumnsAreCopied() {
        CalcOperator.Factory factory = factory(null, List.of(NAME, KEY, KEY), List.of("n", "k1", "k2"));
        OperatorHarness.assertOutput(factory, INPUT, List.of(
                        List.of(row(1L, 5L, "a"), row(null, 6L, null)),
                        List.of(row(3L, 7L, "ccc"))),
                List.of(row("a", 1L, 1L), row(null, null, null), row("ccc", 3L, 3L)));
    }

    @Test
    void projectionsSeeOnlyTheKeptRows() {
        // WHERE value <> 0 SELECT key / value: a filtered row with value = 0 must not divide
        CalcOperator.Factory factory = factory(call(NOT_EQUALS, VALUE, lit(0)), List.of(call(DIVIDE, KEY, VALUE)),
                List.of("q"));
        OperatorHarness.assertOutput(factory, INPUT, List.of(List.of(row(10L, 0L, "a"), row(10L, 5L, "b"))),
                List.of(row(2L)));
    }

    @Test
    void aNullConditionDropsTheRow() {
        CalcOperator.Factory factory = factory(call(AND, call(GREATER_THAN, VALUE, lit(0)), call(EQUALS, NAME,
                lit("a"))), List.of(KEY), List.of("k"));
        OperatorHarness.assertOutput(factory, INPUT, List.of(List.of(row(1L, 5L, "a"), row(2L, 5L, null),
                row(3L, null, "a"), row(4L, 5L, "b"))), List.of(row(1L)));
    }

    @Test
    void outputSchemaMapsEveryType() {
        Schema input = schema(column("b", BOOLEAN), column("i", INT), column("l", BIGINT), column("d", DOUBLE),
                decimalColumn("m", 12, 3), column("s", VARCHAR), column("dt", DATE), column("ts", TIMESTAMP));
        List<Expression> projections = new ArrayList<>();
        List<String> names = new ArrayList<>();
        String[] columns = {"b", "i", "l", "d", "m", "s", "dt", "ts"};
        for (int i = 0; i < columns.length; i++) {
            DataType type = i == 4 ? Expressions.decimal(12, 3) : Expressions.type(
                    new DataType.Kind[] {BOOLEAN, INT, BIGINT, DOUBLE, null, VARCHAR, DATE, TIMESTAMP}[i]);
            projections.add(ref(i, type));
            names.add("out_" + columns[i]);
        }
        CalcOperator.Factory factory = new CalcOperator.Factory(calc(null, projections, names), input);
        List<ArrowType> types = factory.outputSchema().getFields().stream().map(f -> f.getType()).toList();
        assertEquals(input.getFields().stream().map(f -> f.getType()).toList(), types);
        assertEquals(names, factory.outputSchema().getFields().stream().map(f -> f.getName()).toList());
        List<Object> values = row(true, 1, 2L, 3.5, new BigDecimal("4.125"), "x", LocalDate.parse("2024-01-01"),
                LocalDateTime.parse("2024-01-01T01:02:03.004"));
        List<Object> nulls = new ArrayList<>();
        for (int i = 0; i < columns.length; i++) {
            nulls.add(null);
        }
        // with and without a selection (the second batch drops its first row)
        OperatorHarness.assertOutput(factory, input, List.of(List.of(values, nulls)), List.of(values, nulls));
        CalcOperator.Factory filtered = new CalcOperator.Factory(Calc.newBuilder(calc(null, projections, names))
                .setCondition(call(dev.sluice.planner.plan.proto.Call.Function.IS_NULL, ref(0, BOOLEAN))).build(),
                input);
        OperatorHarness.assertOutput(filtered, input, List.of(List.of(values, nulls)), List.of(nulls));
    }

    @Test
    void computedColumnsOfEveryTypeSurviveSelection() {
        Schema input = schema(column("l", BIGINT), column("s", VARCHAR));
        Expression l = ref(0, BIGINT);
        Expression s = ref(1, VARCHAR);
        CalcOperator.Factory factory = new CalcOperator.Factory(calc(call(GREATER_THAN, l, lit(1)), List.of(
                call(PLUS, l, lit(1)), call(CONCAT, s, lit("!")), call(GREATER_THAN, l, lit(2)),
                Expressions.cast(l, Expressions.decimal(5, 1)), Expressions.cast(l, Expressions.type(DOUBLE))),
                List.of("p", "c", "g", "m", "d")), input);
        OperatorHarness.assertOutput(factory, input, List.of(List.of(row(1L, "a"), row(2L, null), row(3L, "c"))),
                List.of(row(3L, null, false, new BigDecimal("2.0"), 2.0), row(4L, "c!", true, new BigDecimal("3.0"),
                        3.0)));
    }

    @Test
    void errorsNameTheQueryBatchAndExpression() {
        CalcOperator.Factory factory = factory(null, List.of(call(PLUS, KEY, VALUE)), List.of("s"));
        ExpressionException error = assertThrows(ExpressionException.class, () -> OperatorHarness.run(factory,
                INPUT, List.of(List.of(row(Long.MAX_VALUE, 1L, "a")))));
        assertTrue(error.getMessage().contains("batch 7"), error.getMessage());
        assertTrue(error.getMessage().contains("BIGINT overflow in key + value: 9223372036854775807 + 1"),
                error.getMessage());
    }

    @Test
    void planErrorsAreFoundWhenTheFactoryIsBuilt() {
        assertThrows(ExpressionException.class, () -> factory(null, List.of(ref(5, BIGINT)), List.of("x")));
        assertThrows(ExpressionException.class, () -> factory(null, List.of(ref(2, BIGINT)), List.of("x")));
        assertThrows(ExpressionException.class, () -> factory(VALUE, List.of(KEY), List.of("x")));
        assertThrows(IllegalArgumentException.class, () -> factory(null, List.of(KEY), List.of()));
        assertThrows(IllegalArgumentException.class, () -> factory(null, List.of(KEY, VALUE), List.of("x", "x")));
    }

    @Test
    void operatorsChainThroughPipelines() {
        // value % 10 = 0, then key + 1 over the first Calc's output
        dev.sluice.planner.plan.proto.Operator first = dev.sluice.planner.plan.proto.Operator.newBuilder()
                .setCalc(calc(call(EQUALS, call(MOD, VALUE, lit(10)), lit(0)), List.of(KEY, VALUE),
                        List.of("key", "value"))).build();
        dev.sluice.planner.plan.proto.Operator second = dev.sluice.planner.plan.proto.Operator.newBuilder()
                .setCalc(calc(null, List.of(call(PLUS, ref(0, BIGINT), lit(1))), List.of("next_key"))).build();
        List<OperatorFactory> factories = Operators.factoriesFor(List.of(first, second), INPUT);
        assertEquals("next_key", factories.get(1).outputSchema().getFields().get(0).getName());
        List<List<Object>> output = new ArrayList<>();
        try (BufferAllocator root = new RootAllocator()) {
            try (BufferAllocator task = root.newChildAllocator("task", 0, Long.MAX_VALUE);
                    VectorSchemaRoot input = VectorSchemaRoot.create(INPUT, root);
                    OperatorChain chain = OperatorChain.create(factories, task, "query", 1, 0,
                            batch -> output.addAll(Batches.rows(batch)))) {
                Batches.fill(input, List.of(row(1L, 10L, "a"), row(2L, 11L, "b"), row(3L, 20L, "c")));
                chain.push(input);
                Batches.fill(input, List.of(row(4L, 30L, "d")));
                chain.push(input);
                chain.finish();
            }
        }
        assertEquals(List.of(row(2L), row(4L), row(5L)), output);
    }

    @Test
    void vectorsAreReusedAcrossBatchesThatGrowAndShrink() {
        CalcOperator.Factory factory = factory(call(EQUALS, call(MOD, VALUE, lit(3)), lit(0)),
                List.of(KEY, call(PLUS, VALUE, lit(1)), call(CONCAT, NAME, lit("."))), List.of("k", "v", "n"));
        List<List<List<Object>>> batches = new ArrayList<>();
        List<List<Object>> expected = new ArrayList<>();
        long key = 0;
        for (int size : new int[] {5000, 3, 0, 12_000, 1, 7000}) {
            List<List<Object>> batch = new ArrayList<>();
            for (int i = 0; i < size; i++, key++) {
                Long value = key % 11 == 0 ? null : key;
                String name = key % 13 == 0 ? null : "n" + key;
                batch.add(row(key, value, name));
                if (value != null && value % 3 == 0) {
                    expected.add(row(key, value + 1, name == null ? null : name + "."));
                }
            }
            batches.add(batch);
        }
        OperatorHarness.assertOutput(factory, INPUT, batches, expected);
    }

    @Test
    void nestedLazyBranchesUnderAFilterSeeOnlyTheirRows() {
        // WHERE key > 0 SELECT CASE WHEN value = 0 THEN -1 ELSE COALESCE(key / value, -2) END
        Expression expression = call(dev.sluice.planner.plan.proto.Call.Function.CASE, call(EQUALS, VALUE, lit(0)),
                lit(-1), call(dev.sluice.planner.plan.proto.Call.Function.COALESCE, call(DIVIDE, KEY, VALUE),
                        lit(-2)));
        CalcOperator.Factory factory = factory(call(GREATER_THAN, KEY, lit(0)), List.of(expression, KEY),
                List.of("q", "k"));
        OperatorHarness.assertOutput(factory, INPUT, List.of(
                        List.of(row(-5L, 0L, "a"), row(10L, 0L, "b"), row(10L, 3L, "c"), row(10L, null, "d")),
                        List.of(row(0L, 0L, "e"), row(8L, 2L, "f"))),
                List.of(row(-1L, 10L), row(3L, 10L), row(-2L, 10L), row(4L, 8L)));
    }

    @Test
    void operatorsOfOneFactoryKeepTheirOwnBuffers() {
        CalcOperator.Factory factory = factory(call(GREATER_THAN, VALUE, lit(0)),
                List.of(call(PLUS, KEY, VALUE), call(UPPER, NAME)), List.of("s", "n"));
        try (BufferAllocator root = new RootAllocator()) {
            try (VectorSchemaRoot firstInput = VectorSchemaRoot.create(INPUT, root);
                    VectorSchemaRoot secondInput = VectorSchemaRoot.create(INPUT, root);
                    Operator first = factory.create(new OperatorContext(root, "query", 1, 0));
                    Operator second = factory.create(new OperatorContext(root, "query", 1, 1))) {
                Batches.fill(firstInput, List.of(row(1L, 1L, "a"), row(2L, 2L, "b")));
                Batches.fill(secondInput, List.of(row(10L, -1L, "x"), row(20L, 20L, "y"), row(30L, 30L, "z")));
                first.addInput(firstInput);
                second.addInput(secondInput);
                // the first operator's output is still intact after the second evaluated the same expressions
                assertEquals(List.of(row(2L, "A"), row(4L, "B")), Batches.rows(first.getOutput()));
                assertEquals(List.of(row(40L, "Y"), row(60L, "Z")), Batches.rows(second.getOutput()));
            }
        }
    }
}
