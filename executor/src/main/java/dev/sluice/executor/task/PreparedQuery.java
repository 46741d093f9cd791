package dev.sluice.executor.task;

import static java.util.Objects.requireNonNull;

import dev.sluice.connector.Connectors;
import dev.sluice.connector.Sink;
import dev.sluice.connector.Source;
import dev.sluice.connector.TableContext;
import dev.sluice.executor.aggregate.AggregateOperatorFactory;
import dev.sluice.executor.operator.OperatorFactory;
import dev.sluice.executor.operator.Operators;
import dev.sluice.planner.plan.proto.Operator;
import dev.sluice.planner.plan.proto.Pipeline;
import dev.sluice.planner.plan.proto.QueryPlan;
import dev.sluice.planner.plan.proto.StateStage;
import dev.sluice.state.KeyGroups;
import dev.sluice.planner.plan.proto.TableDefinition;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A query as one executor holds it: the executor-side connectors and, per pipeline, the operator factories, all
 * built once when the query is prepared. Tasks only create readers, operators and writers from these.
 */
public final class PreparedQuery implements AutoCloseable {
    private final String queryId;
    private final String runId;
    private final QueryPlan plan;
    private final List<Source> sources;
    private final Sink sink;
    private final List<PreparedPipeline> pipelines;
    private final PreparedStateStage stateStage;
    private final StateStores stateStores;
    private Sink lateRowsSink;

    /**
     * One pipeline ready to run.
     *
     * @param sourceIndex the source it reads
     * @param operators the factories, in pipeline order
     */
    public record PreparedPipeline(int sourceIndex, List<OperatorFactory> operators) {
        public PreparedPipeline {
            operators = List.copyOf(requireNonNull(operators, "operators is null"));
        }
    }

    /**
     * The state stage of a stateful query, ready to run.
     *
     * @param aggregate the stateful operator's factory (partial on the scan side, stateful on the state side)
     * @param operators the factories of the operators after it, in order
     * @param keyGroups the query's key groups
     */
    public record PreparedStateStage(AggregateOperatorFactory aggregate, List<OperatorFactory> operators,
            int keyGroups) {
        public PreparedStateStage {
            requireNonNull(aggregate, "aggregate is null");
            operators = List.copyOf(requireNonNull(operators, "operators is null"));
        }
    }

    private PreparedQuery(String queryId, String runId, QueryPlan plan, List<Source> sources, Sink sink,
            List<PreparedPipeline> pipelines, PreparedStateStage stateStage, StateStores stateStores) {
        this.queryId = queryId;
        this.runId = runId;
        this.plan = plan;
        this.sources = List.copyOf(sources);
        this.sink = sink;
        this.pipelines = List.copyOf(pipelines);
        this.stateStage = stateStage;
        this.stateStores = stateStores;
    }

    /**
     * Builds the connectors and operator factories of {@code plan}.
     *
     * @throws RuntimeException naming the table or pipeline when the plan cannot run here (unknown connector, bad
     *     options, an unsupported operator, a pipeline whose output does not fit the sink)
     */
    public static PreparedQuery prepare(String queryId, String runId, QueryPlan plan, Connectors connectors) {
        return prepare(queryId, runId, plan, connectors, 0, null);
    }

    /**
     * Builds the connectors and operator factories of {@code plan}; a stateful plan needs its key groups.
     *
     * @param keyGroups the query's key groups (fixed at its first run); ignored for a stateless plan
     * @param stateStores where the state stage keeps its state; required for a stateful plan, closed with the query
     */
    public static PreparedQuery prepare(String queryId, String runId, QueryPlan plan, Connectors connectors,
            int keyGroups, StateStores stateStores) {
        requireNonNull(queryId, "queryId is null");
        requireNonNull(runId, "runId is null");
        requireNonNull(plan, "plan is null");
        requireNonNull(connectors, "connectors is null");
        List<Source> sources = new ArrayList<>();
        Sink sink = null;
        try {
            for (TableDefinition table : plan.getSourcesList()) {
                sources.add(connectors.createSource(context(table)));
            }
            sink = connectors.createSink(context(plan.getSink()));
            Schema sinkSchema = TableSchemas.schemaOf(plan.getSink());
            PreparedStateStage stateStage = null;
            Schema pipelineOutput = sinkSchema;
            String pipelineTarget = "sink " + plan.getSink().getName();
            if (plan.hasStateStage()) {
                if (stateStores == null) {
                    throw new IllegalArgumentException("query " + queryId + " is stateful, so the executor needs its"
                            + " checkpoint location to keep its state");
                }
                stateStage = prepareStateStage(plan, keyGroups, sinkSchema);
                pipelineOutput = stateStage.aggregate().inputSchema();
                pipelineTarget = "the input of " + plan.getStateStage().getAggregate().getOperatorId();
            }
            List<PreparedPipeline> pipelines = new ArrayList<>();
            for (int index = 0; index < plan.getPipelinesCount(); index++) {
                pipelines.add(preparePipeline(plan, index, sources, pipelineOutput, pipelineTarget));
            }
            PreparedQuery prepared = new PreparedQuery(queryId, runId, plan, sources, sink, pipelines, stateStage,
                    stateStores);
            if (plan.hasLateRowsSink()) {
                prepared.lateRowsSink = connectors.createSink(context(plan.getLateRowsSink()));
            }
            return prepared;
        } catch (RuntimeException e) {
            closeAll(sources, sink, e);
            throw e;
        }
    }

    /** A query from parts already built: for tests that bring their own operator factories. */
    static PreparedQuery of(String queryId, QueryPlan plan, List<Source> sources, Sink sink,
            List<PreparedPipeline> pipelines) {
        return new PreparedQuery(queryId, "test", plan, sources, sink, pipelines, null, null);
    }

    private static PreparedStateStage prepareStateStage(QueryPlan plan, int keyGroups, Schema sinkSchema) {
        if (keyGroups < 1 || keyGroups > KeyGroups.MAX_KEY_GROUPS) {
            throw new IllegalArgumentException("a stateful query needs its number of key groups, in [1, "
                    + KeyGroups.MAX_KEY_GROUPS + "]: " + keyGroups);
        }
        StateStage stage = plan.getStateStage();
        AggregateOperatorFactory aggregate = new AggregateOperatorFactory(stage.getAggregate(), plan.getOutputMode(),
                keyGroups);
        List<OperatorFactory> factories = Operators.factoriesFor(stage.getOperatorsList(), aggregate.outputSchema());
        Schema output = factories.isEmpty() ? aggregate.outputSchema()
                : factories.get(factories.size() - 1).outputSchema();
        checkFits("the state stage", output, sinkSchema, "sink " + plan.getSink().getName());
        return new PreparedStateStage(aggregate, factories, keyGroups);
    }

    private static PreparedPipeline preparePipeline(QueryPlan plan, int index, List<Source> sources,
            Schema targetSchema, String targetName) {
        Pipeline pipeline = plan.getPipelines(index);
        int sourceIndex = pipeline.getSourceIndex();
        if (sourceIndex < 0 || sourceIndex >= sources.size()) {
            throw new IllegalArgumentException("pipeline " + index + " reads source " + sourceIndex + ", but the plan"
                    + " has " + sources.size() + " source(s)");
        }
        Schema schema = sources.get(sourceIndex).schema();
        List<OperatorFactory> factories = Operators.factoriesFor(pipeline.getOperatorsList(), schema);
        Schema output = factories.isEmpty() ? schema : factories.get(factories.size() - 1).outputSchema();
        checkFits("pipeline " + index, output, targetSchema, targetName);
        return new PreparedPipeline(sourceIndex, factories);
    }

    /**
     * Columns go by position (to the sink, or to the stateful operator); what a stage produces must be exactly the
     * target's column types, in order.
     */
    private static void checkFits(String producer, Schema output, Schema target, String targetName) {
        if (output.getFields().size() != target.getFields().size()) {
            throw new IllegalArgumentException(producer + " produces " + output.getFields().size()
                    + " column(s), but " + targetName + " has " + target.getFields().size());
        }
        for (int column = 0; column < output.getFields().size(); column++) {
            var produced = output.getFields().get(column).getType();
            var expected = target.getFields().get(column).getType();
            if (!produced.equals(expected)) {
                throw new IllegalArgumentException(producer + " produces " + produced + " for column "
                        + target.getFields().get(column).getName() + " of " + targetName + ", which takes "
                        + expected);
            }
        }
    }

    private static TableContext context(TableDefinition table) {
        return TableContext.of(table.getName(), TableSchemas.schemaOf(table), table.getOptionsMap());
    }

    public String queryId() {
        return queryId;
    }

    public String runId() {
        return runId;
    }

    public QueryPlan plan() {
        return plan;
    }

    public Source source(int index) {
        return sources.get(index);
    }

    public Sink sink() {
        return sink;
    }

    /** The state stage of a stateful query; null for a stateless one. */
    public PreparedStateStage stateStage() {
        return stateStage;
    }

    /** The sink of the rows found behind the watermark ({@code SET 'late-rows.table'}); null without one. */
    public Sink lateRowsSink() {
        return lateRowsSink;
    }

    /** The state stores of a stateful query on this executor; null for a stateless one. */
    public StateStores stateStores() {
        return stateStores;
    }

    /** The pipeline with {@code index}; the error names the valid range. */
    public PreparedPipeline pipeline(int index) {
        if (index < 0 || index >= pipelines.size()) {
            throw new IllegalArgumentException("query " + queryId + " has no pipeline " + index + " (it has "
                    + pipelines.size() + ")");
        }
        return pipelines.get(index);
    }

    @Override
    public void close() {
        RuntimeException failure = new RuntimeException("closing query " + queryId);
        closeAll(sources, sink, failure);
        if (lateRowsSink != null) {
            try {
                lateRowsSink.close();
            } catch (RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
        if (stateStores != null) {
            try {
                stateStores.close();
            } catch (RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
        if (failure.getSuppressed().length > 0) {
            throw failure;
        }
    }

    private static void closeAll(List<Source> sources, Sink sink, Exception failure) {
        for (Source source : sources) {
            try {
                source.close();
            } catch (RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
        if (sink != null) {
            try {
                sink.close();
            } catch (RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
    }
}
