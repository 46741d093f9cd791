package dev.sluice.planner.validate;

import static java.util.Objects.requireNonNull;

import dev.sluice.planner.sql.SluiceSqlParser;
import dev.sluice.planner.sql.SqlScriptException;
import dev.sluice.planner.sql.SqlSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.config.CalciteConnectionConfig;
import org.apache.calcite.config.CalciteConnectionConfigImpl;
import org.apache.calcite.config.CalciteConnectionProperty;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.prepare.CalciteCatalogReader;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.runtime.CalciteException;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlSyntax;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.apache.calcite.sql.util.SqlOperatorTables;
import org.apache.calcite.sql.validate.SqlNameMatcher;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql.validate.SqlValidatorScope;
import org.apache.calcite.sql.validate.SqlValidatorUtil;
import org.apache.calcite.sql.validate.implicit.TypeCoercionImpl;

/**
 * Calcite's validator set up for Sluice: the type system ({@link SluiceTypeSystem}), the standard operators plus
 * {@code CUMULATE}, case-insensitive name matching (see {@link SluiceSqlParser} for the identifier policy), and
 * errors turned into {@link SqlScriptException}s.
 *
 * <p>One instance per script: every Calcite type of a script comes from its one type factory.
 */
public final class Validation {
    /** Flink's cumulating window table function, which Calcite lacks. */
    public static final SqlCumulateTableFunction CUMULATE = new SqlCumulateTableFunction();

    /** {@code SESSION} that also takes {@code TABLE t PARTITION BY k}. */
    public static final SqlPartitionedSessionTableFunction SESSION = new SqlPartitionedSessionTableFunction();

    /** Calcite's {@code TUMBLE}, adding {@code window_time}. */
    public static final SluiceTumbleTableFunction TUMBLE = new SluiceTumbleTableFunction();

    /** Calcite's {@code HOP}, adding {@code window_time}. */
    public static final SluiceHopTableFunction HOP = new SluiceHopTableFunction();

    /**
     * The functions and operators queries may use: Calcite's standard ones with TUMBLE, HOP and SESSION replaced
     * (all window functions add {@code window_time}, see {@link WindowColumns}), CUMULATE, and the functions of
     * {@link SluiceFunctions}.
     */
    public static final SqlOperatorTable OPERATORS = operators();

    /** The validator settings; identifier expansion is what the conversion to relational algebra expects. */
    public static final SqlValidator.Config VALIDATOR_CONFIG = SqlValidator.Config.DEFAULT
            .withIdentifierExpansion(true)
            .withConformance(SluiceSqlParser.CONFORMANCE)
            .withTypeCoercionFactory(StrictInsertCoercion::new);

    private static final CalciteConnectionConfig CONNECTION_CONFIG = connectionConfig();

    private final JavaTypeFactory typeFactory = new JavaTypeFactoryImpl(SluiceTypeSystem.INSTANCE);

    public JavaTypeFactory typeFactory() {
        return typeFactory;
    }

    /** A catalog reader over {@code root}, matching names case-insensitively. */
    public CalciteCatalogReader catalogReader(CalciteSchema root) {
        return new CalciteCatalogReader(root, List.of(), typeFactory, CONNECTION_CONFIG);
    }

    /** A new validator; Calcite's validators keep per-statement state, so use one per statement. */
    public SqlValidator validator(CalciteCatalogReader catalogReader) {
        return SqlValidatorUtil.newValidator(SqlOperatorTables.chain(OPERATORS, catalogReader), catalogReader,
                typeFactory, VALIDATOR_CONFIG);
    }

    /**
     * Validates {@code statement} (a copy: the validator rewrites it) and returns the validated tree.
     *
     * @param names what errors may suggest for misspelt names
     * @param fallback where to report an error Calcite gives no position for (the statement's start)
     * @throws SqlScriptException for any validation error
     */
    public SqlNode validate(SqlValidator validator, SqlNode statement, SqlSource source, NameLookup names,
            SqlParserPos fallback) {
        try {
            return validator.validate(statement);
        } catch (CalciteContextException e) {
            throw ValidationErrors.translate(source, e, validator, statement, names, fallback);
        } catch (CalciteException e) {
            throw source.error(fallback, ValidationErrors.translateMessage(e.getMessage()), e);
        } catch (RuntimeException | AssertionError e) {
            // Calcite reports some unsupported constructs with an assertion or an unchecked exception; the user
            // still gets a located one-line message rather than a stack trace.
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw source.error(fallback, "cannot validate this statement: " + reason, e);
        }
    }

    /** An expression validated over one table's columns. */
    public record ValidatedExpression(SqlNode expression, RelDataType type) {
        public ValidatedExpression {
            requireNonNull(expression, "expression is null");
            requireNonNull(type, "type is null");
        }
    }

    /**
     * Validates {@code expression} (a copy) as {@code SELECT expression FROM tableName}, where the table has
     * {@code rowType}. The result is the validated select item (columns qualified by the table name, maybe
     * aliased), for checks; keep the expression as written for anything else.
     */
    public ValidatedExpression validateExpression(SqlSource source, String tableName, RelDataType rowType,
            SqlNode expression) {
        CalciteSchema root = CalciteSchema.createRootSchema(false, false);
        root.add(tableName, new AbstractTable() {
            @Override
            public RelDataType getRowType(RelDataTypeFactory factory) {
                return rowType;
            }
        });
        SqlSelect select = new SqlSelect(expression.getParserPosition(), null,
                SqlNodeList.of(expression), new SqlIdentifier(tableName, SqlParserPos.ZERO),
                null, null, null, null, null, null, null, null, null);
        List<String> columnNames = rowType.getFieldNames();
        NameLookup names = new NameLookup() {
            @Override
            public List<String> objectNames() {
                return List.of(tableName);
            }

            @Override
            public Optional<List<String>> columnsOf(String objectName) {
                return objectName.equalsIgnoreCase(tableName) ? Optional.of(columnNames) : Optional.empty();
            }
        };
        SqlValidator validator = validator(catalogReader(root));
        SqlSelect validated = (SqlSelect) validate(validator, select, source, names, expression.getParserPosition());
        RelDataType type = validator.getValidatedNodeType(validated).getFieldList().get(0).getType();
        return new ValidatedExpression(validated.getSelectList().get(0), type);
    }

    /**
     * Calcite's implicit type coercion, except that an INSERT does not turn a column into a type it cannot be
     * assigned to (VARCHAR into BIGINT, say): the validator then reports the mismatch instead of adding a CAST that
     * would fail on the first row it cannot convert. Assignable pairs (INT into BIGINT) still get their CAST.
     */
    private static final class StrictInsertCoercion extends TypeCoercionImpl {
        StrictInsertCoercion(RelDataTypeFactory typeFactory, SqlValidator validator) {
            super(typeFactory, validator);
        }

        @Override
        public boolean querySourceCoercion(SqlValidatorScope scope, RelDataType sourceRowType,
                RelDataType targetRowType, SqlNode query) {
            List<RelDataTypeField> sources = sourceRowType.getFieldList();
            List<RelDataTypeField> targets = targetRowType.getFieldList();
            for (int i = 0; i < Math.min(sources.size(), targets.size()); i++) {
                if (!SqlTypeUtil.canAssignFrom(targets.get(i).getType(), sources.get(i).getType())) {
                    return false;
                }
            }
            return super.querySourceCoercion(scope, sourceRowType, targetRowType, query);
        }
    }

    private static SqlOperatorTable operators() {
        return SqlOperatorTables.chain(new WithoutCalciteWindows(), SqlOperatorTables.of(TUMBLE, HOP, SESSION,
                CUMULATE, SluiceFunctions.DATE_FORMAT));
    }

    /**
     * Calcite's standard operators without its window table functions, which {@link #TUMBLE}, {@link #HOP} and
     * {@link #SESSION} replace; lookups are Calcite's own.
     */
    private static final class WithoutCalciteWindows implements SqlOperatorTable {
        private static final List<SqlOperator> REPLACED =
                List.of(SqlStdOperatorTable.TUMBLE, SqlStdOperatorTable.HOP, SqlStdOperatorTable.SESSION);

        private final SqlOperatorTable standard = SqlStdOperatorTable.instance();

        @Override
        public void lookupOperatorOverloads(SqlIdentifier name, SqlFunctionCategory category, SqlSyntax syntax,
                List<SqlOperator> operators, SqlNameMatcher nameMatcher) {
            List<SqlOperator> found = new ArrayList<>();
            standard.lookupOperatorOverloads(name, category, syntax, found, nameMatcher);
            found.removeAll(REPLACED);
            operators.addAll(found);
        }

        @Override
        public List<SqlOperator> getOperatorList() {
            List<SqlOperator> operators = new ArrayList<>(standard.getOperatorList());
            operators.removeAll(REPLACED);
            return operators;
        }
    }

    private static CalciteConnectionConfig connectionConfig() {
        Properties properties = new Properties();
        properties.setProperty(CalciteConnectionProperty.CASE_SENSITIVE.camelName(), "false");
        return new CalciteConnectionConfigImpl(properties);
    }
}
