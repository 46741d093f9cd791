package dev.sluice.executor.server;

import dev.sluice.planner.plan.proto.Calc;
import dev.sluice.planner.plan.proto.ColumnDefinition;
import dev.sluice.planner.plan.proto.DataType;
import dev.sluice.planner.plan.proto.Expression;
import dev.sluice.planner.plan.proto.Operator;
import dev.sluice.planner.plan.proto.Pipeline;
import dev.sluice.planner.plan.proto.QueryPlan;
import dev.sluice.planner.plan.proto.TableDefinition;
import java.util.List;
import java.util.Map;

/** Plans for executor tests: built by hand, as the planner would for {@code INSERT INTO sink SELECT * FROM source}. */
final class TestPlans {
    private TestPlans() {}

    static List<ColumnDefinition> columns() {
        return List.of(column("id", DataType.Kind.BIGINT), column("name", DataType.Kind.VARCHAR));
    }

    static ColumnDefinition column(String name, DataType.Kind kind) {
        return ColumnDefinition.newBuilder().setName(name)
                .setType(DataType.newBuilder().setKind(kind).setNullable(true)).build();
    }

    static TableDefinition table(String name, Map<String, String> options) {
        return TableDefinition.newBuilder().setName(name).setConnector(options.get("connector"))
                .putAllOptions(options).addAllColumns(columns()).build();
    }

    static TableDefinition datagen(long rows) {
        return table("numbers", Map.of("connector", "datagen", "number-of-rows", Long.toString(rows),
                "fields.name.length", "5"));
    }

    static TableDefinition csv(String name, String path) {
        return table(name, Map.of("connector", "filesystem", "path", path, "format", "csv"));
    }

    static TableDefinition blackhole() {
        return table("nowhere", Map.of("connector", "blackhole"));
    }

    /** One pipeline copying source 0 to the sink. */
    static QueryPlan copy(TableDefinition source, TableDefinition sink) {
        return QueryPlan.newBuilder().addSources(source).setSink(sink)
                .addPipelines(Pipeline.newBuilder().setSourceIndex(0).addAllOutputColumns(columns()))
                .setFingerprint("test").setDescription("INSERT INTO " + sink.getName() + " SELECT * FROM "
                        + source.getName())
                .build();
    }

    /** Like {@link #copy} with a Calc that passes both columns through. */
    static QueryPlan withCalc(TableDefinition source, TableDefinition sink) {
        Calc calc = Calc.newBuilder()
                .addProjections(Expression.newBuilder().setInputRef(0).setType(columns().get(0).getType()))
                .addProjections(Expression.newBuilder().setInputRef(1).setType(columns().get(1).getType()))
                .addOutputNames("id").addOutputNames("name").build();
        QueryPlan copy = copy(source, sink);
        return copy.toBuilder().setPipelines(0, copy.getPipelines(0).toBuilder()
                .addOperators(Operator.newBuilder().setCalc(calc))).build();
    }
}
