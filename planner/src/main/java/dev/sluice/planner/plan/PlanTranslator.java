package dev.sluice.planner.plan;

import static java.util.Objects.requireNonNull;

import dev.sluice.planner.catalog.CatalogTable;
import dev.sluice.planner.catalog.Column;
import dev.sluice.planner.catalog.ComputedColumn;
import dev.sluice.planner.catalog.PhysicalColumn;
import dev.sluice.planner.logical.LogicalWindowTableFunction;
import dev.sluice.planner.logical.TimeWindow;
import dev.sluice.planner.physical.SluiceAggregate;
import dev.sluice.planner.physical.SluiceCalc;
import dev.sluice.planner.physical.SluiceSink;
import dev.sluice.planner.physical.SluiceTableScan;
import dev.sluice.planner.physical.SluiceUnion;
import dev.sluice.planner.plan.proto.Aggregate;
import dev.sluice.planner.plan.proto.AggregateCall;
import dev.sluice.planner.plan.proto.Calc;
import dev.sluice.planner.plan.proto.ColumnDefinition;
import dev.sluice.planner.plan.proto.Expression;
import dev.sluice.planner.plan.proto.Operator;
import dev.sluice.planner.plan.proto.Pipeline;
import dev.sluice.planner.plan.proto.QueryPlan;
import dev.sluice.planner.plan.proto.StateStage;
import dev.sluice.planner.plan.proto.TableDefinition;
import dev.sluice.planner.plan.proto.Watermark;
import dev.sluice.planner.plan.proto.WindowSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.rel.RelNode;
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
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexLocalRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;

/**
 * Turns an optimised physical plan into a {@link QueryPlan}. Only physical nodes
 * ({@link dev.sluice.planner.physical.SluiceRel}) translate; a logical node left in the plan is something no rule
 * can run, and is reported as not supported, at the construct when it has a name.
 *
 * <p>Two shapes run:
 * <ul>
 *   <li>stateless: a {@link SluiceSink} over one branch or a {@link SluiceUnion} of branches, each branch a
 *       {@link SluiceTableScan} with at most one {@link SluiceCalc} on top. Each branch becomes a
 *       {@link Pipeline} that writes to the sink;</li>
 *   <li>stateful: a {@link SluiceSink} over at most one {@link SluiceCalc} over a {@link SluiceAggregate}, whose
 *       input is branches as above. The branches become the pipelines of the scan stage, all producing the
 *       aggregation's input columns; the aggregation and the Calc become the {@link StateStage}.</li>
 * </ul>
 * Each table read becomes one source (a table read by two branches is one source that two pipelines share). The
 * output mode, the settings, the fingerprint and the description are the caller's to fill in.
 */
public final class PlanTranslator {
    /** The stateful operator's id: its state directory under the checkpoint and its name in progress reports. */
    public static final String AGGREGATE_OPERATOR_ID = "aggregate-0";

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
     * A pipeline as translated, with what the event-time check needs.
     *
     * @param scan the branch's table scan
     * @param program the branch's Calc, if it has one
     */
    private record Branch(Pipeline pipeline, TableDefinition source, RelNode scan, Optional<RexProgram> program) {
        Branch {
            requireNonNull(pipeline, "pipeline is null");
            requireNonNull(source, "source is null");
            requireNonNull(scan, "scan is null");
            requireNonNull(program, "program is null");
        }
    }

    /** The tables read so far, in order of first use. */
    private final class Sources {
        private final Map<String, Integer> indexes = new LinkedHashMap<>();
        private final List<TableDefinition> definitions = new ArrayList<>();

        int indexOf(CatalogTable table) {
            return indexes.computeIfAbsent(table.name(), name -> {
                definitions.add(source(table));
                return definitions.size() - 1;
            });
        }
    }

    /**
     * @throws UnsupportedInStreamingException for any part of the plan that cannot run
     */
    public QueryPlan translate(SluiceSink modify) {
        CatalogTable sink = catalogTable(modify.getTable());
        List<ColumnDefinition> sinkColumns = columns(sink);
        Sources sources = new Sources();
        RelNode top = modify.getInput();
        SluiceCalc stateCalc = top instanceof SluiceCalc calc && calc.getInput() instanceof SluiceAggregate
                ? calc : null;
        SluiceAggregate aggregate = stateCalc != null ? (SluiceAggregate) stateCalc.getInput()
                : top instanceof SluiceAggregate found ? found : null;
        QueryPlan.Builder plan = QueryPlan.newBuilder();
        List<Branch> branches;
        if (aggregate == null) {
            branches = branches(top, sinkColumns, sources, Optional.empty());
        } else {
            List<ColumnDefinition> inputColumns = columns(aggregate.getInput().getRowType());
            branches = branches(aggregate.getInput(), inputColumns, sources, Optional.of(aggregate));
            StateStage.Builder stage = StateStage.newBuilder()
                    .setAggregate(aggregate(aggregate, inputColumns, branches))
                    .addAllOutputColumns(sinkColumns);
            if (stateCalc != null) {
                stage.addOperators(Operator.newBuilder().setCalc(calc(stateCalc.getProgram(), sinkColumns)));
            }
            plan.setStateStage(stage);
        }
        for (Branch branch : branches) {
            plan.addPipelines(branch.pipeline());
        }
        return plan.addAllSources(sources.definitions)
                .setSink(table(sink))
                .build();
    }

    /**
     * The pipelines of {@code query}'s branches, each producing {@code outputColumns}.
     *
     * @param aggregate the aggregation the branches feed, if any (for messages)
     */
    private List<Branch> branches(RelNode query, List<ColumnDefinition> outputColumns, Sources sources,
            Optional<SluiceAggregate> aggregate) {
        List<Branch> branches = new ArrayList<>();
        for (RelNode branch : inputBranches(query)) {
            SluiceCalc calc = branch instanceof SluiceCalc found ? found : null;
            RelNode input = calc == null ? branch : calc.getInput();
            if (input instanceof Values values && values.getTuples().isEmpty()) {
                // A branch whose filter is always false: it never produces a row, so it needs no pipeline.
                continue;
            }
            if (!(input instanceof SluiceTableScan scan)) {
                throw unsupported(calc == null ? branch : input, aggregate);
            }
            CatalogTable table = catalogTable(scan.getTable());
            int sourceIndex = sources.indexOf(table);
            Pipeline.Builder pipeline = Pipeline.newBuilder()
                    .setSourceIndex(sourceIndex)
                    .addAllOutputColumns(outputColumns);
            if (calc != null) {
                pipeline.addOperators(Operator.newBuilder().setCalc(calc(calc.getProgram(), outputColumns)));
            }
            branches.add(new Branch(pipeline.build(), sources.definitions.get(sourceIndex), scan,
                    Optional.ofNullable(calc).map(SluiceCalc::getProgram)));
        }
        if (branches.isEmpty()) {
            throw new UnsupportedInStreamingException("this INSERT can never write a row: its WHERE clause is always"
                    + " false", Optional.empty());
        }
        return branches;
    }

    private static List<RelNode> inputBranches(RelNode query) {
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

    private Aggregate aggregate(SluiceAggregate aggregate, List<ColumnDefinition> inputColumns,
            List<Branch> branches) {
        List<RelDataTypeField> outputFields = aggregate.getRowType().getFieldList();
        int firstCall = outputFields.size() - aggregate.calls().size();
        Aggregate.Builder proto = Aggregate.newBuilder()
                .setOperatorId(AGGREGATE_OPERATOR_ID)
                .addAllInputColumns(inputColumns)
                .addAllGroupKeys(aggregate.groupKeys())
                .setEventTimeColumn(-1);
        for (int i = 0; i < aggregate.calls().size(); i++) {
            proto.addCalls(call(aggregate.calls().get(i), outputFields.get(firstCall + i)));
        }
        aggregate.window().ifPresent(window -> {
            proto.setWindow(window(window));
            if (isEventTime(window.timeColumn(), branches)) {
                proto.setEventTimeColumn(window.timeColumn());
            }
        });
        return proto.build();
    }

    private static WindowSpec window(TimeWindow window) {
        WindowSpec.Kind kind = switch (window.kind()) {
            case TUMBLE -> WindowSpec.Kind.TUMBLE;
            case HOP -> WindowSpec.Kind.HOP;
            case CUMULATE -> WindowSpec.Kind.CUMULATE;
            case SESSION -> WindowSpec.Kind.SESSION;
        };
        return WindowSpec.newBuilder()
                .setKind(kind)
                .setTimeColumn(window.timeColumn())
                .setSizeMs(window.sizeMs())
                .setSlideMs(window.slideMs())
                .setOffsetMs(window.offsetMs())
                .setGapMs(window.gapMs())
                .build();
    }

    /**
     * Whether input column {@code column} is, in every pipeline, its source's WATERMARK column: the event time the
     * watermark applies to, so that late rows can be dropped and windows closed.
     */
    private boolean isEventTime(int column, List<Branch> branches) {
        for (Branch branch : branches) {
            if (!branch.source().hasWatermark()) {
                return false;
            }
            Expression produced = branch.program()
                    .map(program -> expressions.translate(program.expandLocalRef(program.getProjectList().get(column))))
                    .orElseGet(() -> Expression.newBuilder()
                            .setType(DataTypes.of(branch.scan().getRowType().getFieldList().get(column)
                                    .getType()))
                            .setInputRef(column)
                            .build());
            if (!produced.equals(branch.source().getWatermark().getEventTime())) {
                return false;
            }
        }
        return true;
    }

    /** One aggregate call; COUNT(*), COUNT, COUNT(DISTINCT), SUM, MIN, MAX and AVG run, with FILTER. */
    private static AggregateCall call(org.apache.calcite.rel.core.AggregateCall call, RelDataTypeField output) {
        String name = call.getAggregation().getName();
        List<Integer> arguments = call.getArgList();
        AggregateCall.Function function = switch (call.getAggregation().getKind()) {
            case COUNT -> arguments.isEmpty() ? AggregateCall.Function.COUNT_STAR : AggregateCall.Function.COUNT;
            case SUM -> AggregateCall.Function.SUM;
            case MIN -> AggregateCall.Function.MIN;
            case MAX -> AggregateCall.Function.MAX;
            case AVG -> AggregateCall.Function.AVG;
            default -> throw UnsupportedInStreamingException.at("aggregate function " + name + " is not supported"
                    + " in streaming queries yet; use COUNT, SUM, MIN, MAX or AVG", name);
        };
        if (arguments.size() > 1) {
            throw UnsupportedInStreamingException.at(name + " over several columns is not supported in streaming"
                    + " queries yet", name);
        }
        if (call.hasCollation() || !call.rexList.isEmpty()) {
            throw UnsupportedInStreamingException.at(name + " with WITHIN GROUP is not supported in streaming"
                    + " queries yet", name);
        }
        boolean distinct = call.isDistinct();
        switch (function) {
            case SUM, AVG -> {
                if (distinct) {
                    throw UnsupportedInStreamingException.at(name + "(DISTINCT ...) is not supported in streaming"
                            + " queries yet; of the aggregate functions only COUNT takes DISTINCT", name);
                }
            }
            // MIN and MAX of the distinct values are MIN and MAX of all values.
            case MIN, MAX -> distinct = false;
            case COUNT_STAR, COUNT, FUNCTION_UNSPECIFIED, UNRECOGNIZED -> {
            }
        }
        return AggregateCall.newBuilder()
                .setFunction(function)
                .setArgument(arguments.isEmpty() ? -1 : arguments.get(0))
                .setDistinct(distinct)
                .setType(DataTypes.of(call.getType()))
                .setName(output.getName())
                .setFilterColumn(call.filterArg)
                .build();
    }

    private Calc calc(RexProgram program, List<ColumnDefinition> outputColumns) {
        Calc.Builder calc = Calc.newBuilder();
        RexLocalRef condition = program.getCondition();
        if (condition != null) {
            calc.setCondition(expressions.translate(program.expandLocalRef(condition)));
        }
        for (RexLocalRef projection : program.getProjectList()) {
            calc.addProjections(expressions.translate(program.expandLocalRef(projection)));
        }
        for (ColumnDefinition column : outputColumns) {
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

    /** A catalog table as connectors see it: name, connector, options and physical columns. */
    public static TableDefinition tableDefinition(CatalogTable table) {
        return table(table);
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

    private static List<ColumnDefinition> columns(RelDataType rowType) {
        List<ColumnDefinition> columns = new ArrayList<>();
        for (RelDataTypeField field : rowType.getFieldList()) {
            columns.add(ColumnDefinition.newBuilder()
                    .setName(field.getName())
                    .setType(DataTypes.of(field.getType()))
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

    /**
     * What a branch holds that cannot run, located at the construct where it has a name.
     *
     * @param aggregate the aggregation the branch feeds, if any
     */
    private static UnsupportedInStreamingException unsupported(RelNode rel, Optional<SluiceAggregate> aggregate) {
        if (rel instanceof SluiceAggregate inner) {
            String[] names = firstCallName(aggregate.orElse(inner));
            return aggregate.isPresent()
                    ? UnsupportedInStreamingException.at("an aggregation over the result of another aggregation is"
                            + " not supported in streaming queries yet", names)
                    : UnsupportedInStreamingException.at("an aggregation inside a branch of UNION ALL is not"
                            + " supported in streaming queries yet; aggregate over the UNION ALL instead", names);
        }
        if (rel instanceof LogicalWindowTableFunction window) {
            String function = window.window().kind().name();
            return UnsupportedInStreamingException.at(function + " is supported only right below GROUP BY"
                    + " window_start, window_end[, keys] (a window aggregation); other uses of window table functions"
                    + " are not supported in streaming queries yet", function);
        }
        if (rel instanceof org.apache.calcite.rel.core.Aggregate) {
            // The rules convert every GROUP BY but GROUPING SETS, ROLLUP and CUBE.
            return UnsupportedInStreamingException.at("GROUPING SETS, ROLLUP and CUBE are not supported in streaming"
                    + " queries yet; use one GROUP BY per INSERT", "ROLLUP", "CUBE", "GROUPING SETS");
        }
        if (rel instanceof Join) {
            return UnsupportedInStreamingException.at("joins are not supported in streaming queries yet", "JOIN");
        }
        String what;
        if (rel instanceof Correlate) {
            what = "sub-queries are";
        } else if (rel instanceof TableFunctionScan || rel instanceof Exchange) {
            what = "table functions other than the window functions (TUMBLE, HOP, SESSION, CUMULATE) are";
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

    private static String[] firstCallName(SluiceAggregate aggregate) {
        return aggregate.calls().isEmpty() ? new String[0]
                : new String[] {aggregate.calls().get(0).getAggregation().getName()};
    }
}
