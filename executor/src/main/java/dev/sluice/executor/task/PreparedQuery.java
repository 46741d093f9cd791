package dev.sluice.executor.task;

import static java.util.Objects.requireNonNull;

import dev.sluice.connector.Connectors;
import dev.sluice.connector.Sink;
import dev.sluice.connector.Source;
import dev.sluice.connector.TableContext;
import dev.sluice.executor.operator.OperatorFactory;
import dev.sluice.executor.operator.Operators;
import dev.sluice.planner.plan.proto.Operator;
import dev.sluice.planner.plan.proto.Pipeline;
import dev.sluice.planner.plan.proto.QueryPlan;
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

    private PreparedQuery(String queryId, String runId, QueryPlan plan, List<Source> sources, Sink sink,
            List<PreparedPipeline> pipelines) {
        this.queryId = queryId;
        this.runId = runId;
        this.plan = plan;
        this.sources = List.copyOf(sources);
        this.sink = sink;
        this.pipelines = List.copyOf(pipelines);
    }

    /**
     * Builds the connectors and operator factories of {@code plan}.
     *
     * @throws RuntimeException naming the table or pipeline when the plan cannot run here (unknown connector, bad
     *     options, an unsupported operator, a pipeline whose output does not fit the sink)
     */
    public static PreparedQuery prepare(String queryId, String runId, QueryPlan plan, Connectors connectors) {
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
            List<PreparedPipeline> pipelines = new ArrayList<>();
            for (int index = 0; index < plan.getPipelinesCount(); index++) {
                pipelines.add(preparePipeline(plan, index, sources, sinkSchema));
            }
            return new PreparedQuery(queryId, runId, plan, sources, sink, pipelines);
        } catch (RuntimeException e) {
            closeAll(sources, sink, e);
            throw e;
        }
    }

    /** A query from parts already built: for tests that bring their own operator factories. */
    static PreparedQuery of(String queryId, QueryPlan plan, List<Source> sources, Sink sink,
            List<PreparedPipeline> pipelines) {
        return new PreparedQuery(queryId, "test", plan, sources, sink, pipelines);
    }

    private static PreparedPipeline preparePipeline(QueryPlan plan, int index, List<Source> sources,
            Schema sinkSchema) {
        Pipeline pipeline = plan.getPipelines(index);
        int sourceIndex = pipeline.getSourceIndex();
        if (sourceIndex < 0 || sourceIndex >= sources.size()) {
            throw new IllegalArgumentException("pipeline " + index + " reads source " + sourceIndex + ", but the plan"
                    + " has " + sources.size() + " source(s)");
        }
        Schema schema = sources.get(sourceIndex).schema();
        List<OperatorFactory> factories = Operators.factoriesFor(pipeline.getOperatorsList(), schema);
        Schema output = factories.isEmpty() ? schema : factories.get(factories.size() - 1).outputSchema();
        checkFitsSink(index, output, sinkSchema, plan.getSink().getName());
        return new PreparedPipeline(sourceIndex, factories);
    }

    /** The sink writes columns by position; a pipeline must hand it exactly the sink's column types, in order. */
    private static void checkFitsSink(int index, Schema output, Schema sinkSchema, String sinkName) {
        if (output.getFields().size() != sinkSchema.getFields().size()) {
            throw new IllegalArgumentException("pipeline " + index + " produces " + output.getFields().size()
                    + " column(s), but sink " + sinkName + " has " + sinkSchema.getFields().size());
        }
        for (int column = 0; column < output.getFields().size(); column++) {
            var produced = output.getFields().get(column).getType();
            var expected = sinkSchema.getFields().get(column).getType();
            if (!produced.equals(expected)) {
                throw new IllegalArgumentException("pipeline " + index + " produces " + produced + " for column "
                        + sinkSchema.getFields().get(column).getName() + " of sink " + sinkName + ", which takes "
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
