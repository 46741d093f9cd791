package dev.sluice.planner;

import static java.util.Objects.requireNonNull;

import dev.sluice.planner.sql.SluiceSqlParser;
import dev.sluice.planner.sql.SqlNodes;
import dev.sluice.planner.sql.SqlSource;
import dev.sluice.planner.validate.NameLookup;
import dev.sluice.planner.validate.Validation;
import java.util.List;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.plan.Convention;
import org.apache.calcite.plan.ConventionTraitDef;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.RelTraitDef;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.plan.hep.HepPlanner;
import org.apache.calcite.plan.hep.HepProgram;
import org.apache.calcite.prepare.CalciteCatalogReader;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.rel.metadata.DefaultRelMetadataProvider;
import org.apache.calcite.rel.metadata.MetadataHandlerProvider;
import org.apache.calcite.rel.metadata.ProxyingMetadataHandlerProvider;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql2rel.SqlToRelConverter;

/**
 * Validates statements against a schema and converts them to Calcite's logical relational algebra, expanding views
 * (which is why it is a {@link RelOptTable.ViewExpander}). One instance converts into one {@link RelOptCluster}.
 */
final class LogicalPlanner implements RelOptTable.ViewExpander {
    // Expanding converts the table argument of SESSION(TABLE t PARTITION BY k, ...) into an exchange on k (without
    // it Calcite leaves a correlated placeholder), and turns IN/EXISTS sub-queries into joins right away.
    private static final SqlToRelConverter.Config CONVERTER_CONFIG = SqlToRelConverter.config()
            .withTrimUnusedFields(false)
            .withExpand(true);

    // Calcite's default metadata handlers are Java source compiled by Janino on first use: about half a second of
    // a fresh JVM's planning. Handlers that dispatch by reflection answer the same questions, and our plans are a
    // handful of nodes.
    private static final MetadataHandlerProvider METADATA =
            new ProxyingMetadataHandlerProvider(DefaultRelMetadataProvider.INSTANCE);

    private final Validation validation;
    private final SqlSource source;
    private final NameLookup names;
    private final CalciteCatalogReader catalogReader;
    private final RelOptCluster cluster;

    LogicalPlanner(Validation validation, CalciteSchema schema, SqlSource source, NameLookup names) {
        this.validation = requireNonNull(validation, "validation is null");
        this.source = requireNonNull(source, "source is null");
        this.names = requireNonNull(names, "names is null");
        this.catalogReader = validation.catalogReader(requireNonNull(schema, "schema is null"));
        // Conversion needs a cluster, and a cluster needs a planner; rules come later, so an empty program does.
        this.cluster = RelOptCluster.create(new ConventionAwareHepPlanner(), new RexBuilder(validation.typeFactory()));
        cluster.setMetadataQuerySupplier(() -> new RelMetadataQuery(METADATA));
    }

    /** Validates a copy of {@code statement} and converts it; a validation error is located in the script. */
    RelRoot convert(SqlNode statement) {
        SqlValidator validator = validation.validator(catalogReader);
        SqlNode validated = validation.validate(validator, SqlNodes.deepCopy(statement), source, names,
                statement.getParserPosition());
        return converter(validator).convertQuery(validated, false, true);
    }

    @Override
    public RelRoot expandView(RelDataType rowType, String queryString, List<String> schemaPath,
            List<String> viewPath) {
        // The catalog validated the view when it was created, and wrote this text itself.
        SqlNode query = SluiceSqlParser.parseTrusted(queryString);
        SqlValidator validator = validation.validator(catalogReader);
        SqlNode validated = validation.validate(validator, query, source, names, SqlParserPos.ZERO);
        return converter(validator).convertQuery(validated, true, false);
    }

    /**
     * A HepPlanner whose trait sets hold a convention, so that logical nodes carry {@link Convention#NONE} (a plain
     * HepPlanner's trait sets are empty) and the converter rules to Sluice's physical nodes, which match on
     * {@code NONE}, can fire.
     */
    private static final class ConventionAwareHepPlanner extends HepPlanner {
        ConventionAwareHepPlanner() {
            super(HepProgram.builder().build());
        }

        @Override
        public List<RelTraitDef> getRelTraitDefs() {
            return List.of(ConventionTraitDef.INSTANCE);
        }

        @Override
        public RelTraitSet emptyTraitSet() {
            return super.emptyTraitSet().plus(Convention.NONE);
        }
    }

    private SqlToRelConverter converter(SqlValidator validator) {
        return new SqlToRelConverter(this, validator, catalogReader, cluster, SluiceConvertletTable.INSTANCE,
                CONVERTER_CONFIG);
    }
}
