package dev.sluice.planner.plan;

import static java.util.Objects.requireNonNull;

import dev.sluice.planner.catalog.CatalogTable;
import dev.sluice.planner.catalog.Column;
import dev.sluice.planner.catalog.ComputedColumn;
import dev.sluice.planner.catalog.PhysicalColumn;
import dev.sluice.planner.physical.SluiceCalc;
import dev.sluice.planner.physical.SluiceSink;
import dev.sluice.planner.physical.SluiceTableScan;
import dev.sluice.planner.physical.SluiceUnion;
import dev.sluice.planner.plan.proto.Calc;
import dev.sluice.planner.plan.proto.ColumnDefinition;
import dev.sluice.planner.plan.proto.Operator;
import dev.sluice.planner.plan.proto.Pipeline;
import dev.sluice.planner.plan.proto.QueryPlan;
import dev.sluice.planner.plan.proto.TableDefinition;
import dev.sluice.planner.plan.proto.Watermark;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.Correlate;
import org.apache.calcite.rel.core.Exchange;
import org.apache.calcite.rel.core.Intersect;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.Minus;
import org.apache.calcite.rel.core.Sort;
import org.apache.calcite.rel.core.TableFunctionScan;
import org.apache.calcite.rel.core.Union;
import org.apache.calcite.rel.core.Values;
import org.apache.calcite.rel.core.Window;
import org.apache.calcite.rex.RexLocalRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;

/**
 * Turns an optimised physical plan into a {@link QueryPlan}: a {@link SluiceSink} over one branch or a
 * {@link SluiceUnion} of branches, each branch a {@link SluiceTableScan} with at most one {@link SluiceCalc} on top.
 * Only physical nodes ({@link dev.sluice.planner.physical.SluiceRel}) translate; a logical node left in the plan is
 * something no rule can run yet, and is reported as not supported. Each branch becomes a
 * {@link Pipeline}; each table read becomes one source (a table read by two branches is one source that two
 * pipelines share). The fingerprint and the description are the caller's to fill in.
 */
public final class PlanTranslator {
    /** The event time of a source table's rows as an expression over its physical columns. */
    @FunctionalInterface
    public interface EventTime {
        RexNode of(CatalogTable table);
    }

    private final ExpressionTranslator expressions;
    private final EventTime eventTime;

    public PlanTranslator(ExpressionTranslator expressions, EventTime eventTime) {
        this.expressions = requireNonNull(expressions, "expressions is null");
        this.eventTime = requireNonNull(eventTime, "eventTime is null");
    }

    /**
     * @throws UnsupportedInStreamingException for any part of the plan a stateless pipeline cannot run
     */
    public QueryPlan translate(SluiceSink modify) {
        CatalogTable sink = catalogTable(modify.getTable());
        List<ColumnDefinition> sinkColumns = columns(sink);
        Map<String, Integer> sourceIndexes = new LinkedHashMap<>();
        List<TableDefinition> sources = new ArrayList<>();
        List<Pipeline> pipelines = new ArrayList<>();
        for (RelNode branch : branches(modify.getInput())) {
            SluiceCalc calc = branch instanceof SluiceCalc found ? found : null;
            RelNode input = calc == null ? branch : calc.getInput();
            if (input instanceof Values values && values.getTuples().isEmpty()) {
                // A branch whose filter is always false: it never produces a row, so it needs no pipeline.
                continue;
            }
            if (!(input instanceof SluiceTableScan scan)) {
                throw unsupported(calc == null ? branch : input);
            }
            CatalogTable table = catalogTable(scan.getTable());
            int sourceIndex = sourceIndexes.computeIfAbsent(table.name(), name -> {
                sources.add(source(table));
                return sources.size() - 1;
            });
            Pipeline.Builder pipeline = Pipeline.newBuilder()
                    .setSourceIndex(sourceIndex)
                    .addAllOutputColumns(sinkColumns);
            if (calc != null) {
                pipeline.addOperators(Operator.newBuilder().setCalc(calc(calc.getProgram(), sinkColumns)));
            }
            pipelines.add(pipeline.build());
        }
        if (pipelines.isEmpty()) {
            throw new UnsupportedInStreamingException("this INSERT can never write a row: its WHERE clause is always"
                    + " false", Optional.empty());
        }
        return QueryPlan.newBuilder()
                .addAllSources(sources)
                .setSink(table(sink))
                .addAllPipelines(pipelines)
                .build();
    }

    private static List<RelNode> branches(RelNode query) {
        if (query instanceof SluiceUnion union) {
            // The rules flattened nested unions, so each input is a branch.
            return union.getInputs();
        }
        if (query instanceof Union union && !union.all) {
            throw new UnsupportedInStreamingException("UNION without ALL removes duplicates, which needs state,"
                    + " and is not supported in streaming queries yet; use UNION ALL", Optional.empty());
        }
        return List.of(query);
    }

    private Calc calc(RexProgram program, List<ColumnDefinition> sinkColumns) {
        Calc.Builder calc = Calc.newBuilder();
        RexLocalRef condition = program.getCondition();
        if (condition != null) {
            calc.setCondition(expressions.translate(program.expandLocalRef(condition)));
        }
        for (RexLocalRef projection : program.getProjectList()) {
            calc.addProjections(expressions.translate(program.expandLocalRef(projection)));
        }
        for (ColumnDefinition column : sinkColumns) {
            calc.addOutputNames(column.getName());
        }
        return calc.build();
    }

    private TableDefinition source(CatalogTable table) {
        TableDefinition.Builder definition = table(table).toBuilder();
        table.watermark().ifPresent(watermark -> {
            Column column = table.column(watermark.column()).orElseThrow(() -> new IllegalStateException(
                    "table " + table.name() + " has no watermark column " + watermark.column()));
            definition.setWatermark(Watermark.newBuilder()
                    .setColumnIndex(scanIndex(table, column))
                    .setColumnName(column.name())
                    .setDelayMs(watermark.delay().toMillis())
                    .setEventTime(expressions.translate(eventTime.of(table))));
        });
        return definition.build();
    }

    /** The column's index among the physical columns, then the computed ones (the scan's output order). */
    private static int scanIndex(CatalogTable table, Column column) {
        if (column instanceof PhysicalColumn physical) {
            return table.physicalColumns().indexOf(physical);
        }
        return table.physicalColumns().size() + table.computedColumns().indexOf((ComputedColumn) column);
    }

    private static TableDefinition table(CatalogTable table) {
        return TableDefinition.newBuilder()
                .setName(table.name())
                .setConnector(table.connector())
                .putAllOptions(table.options())
                .addAllColumns(columns(table))
                .build();
    }

    private static List<ColumnDefinition> columns(CatalogTable table) {
        List<ColumnDefinition> columns = new ArrayList<>();
        for (PhysicalColumn column : table.physicalColumns()) {
            columns.add(ColumnDefinition.newBuilder()
                    .setName(column.name())
                    .setType(DataTypes.of(column.type(), column.nullable()))
                    .build());
        }
        return columns;
    }

    static CatalogTable catalogTable(RelOptTable table) {
        CatalogTable catalogTable = table.unwrap(CatalogTable.class);
        if (catalogTable == null) {
            throw new IllegalStateException("not a catalog table: " + table.getQualifiedName());
        }
        return catalogTable;
    }

    private static UnsupportedInStreamingException unsupported(RelNode rel) {
        String what;
        if (rel instanceof Aggregate) {
            what = "GROUP BY and aggregate functions are";
        } else if (rel instanceof Join || rel instanceof Correlate) {
            what = "joins and sub-queries are";
        } else if (rel instanceof TableFunctionScan || rel instanceof Exchange) {
            what = "window table functions (TUMBLE, HOP, SESSION, CUMULATE) are";
        } else if (rel instanceof Sort) {
            what = "ORDER BY, LIMIT and OFFSET are";
        } else if (rel instanceof Window) {
            what = "OVER windows are";
        } else if (rel instanceof Minus || rel instanceof Intersect) {
            what = "EXCEPT and INTERSECT are";
        } else if (rel instanceof Values) {
            what = "queries that read no table (VALUES, SELECT without FROM) are";
        } else {
            what = "'" + rel.getRelTypeName() + "' is";
        }
        return new UnsupportedInStreamingException(what + " not supported in streaming queries yet",
                Optional.empty());
    }
}
