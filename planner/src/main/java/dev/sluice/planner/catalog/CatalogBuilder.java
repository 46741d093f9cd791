package dev.sluice.planner.catalog;

import static java.util.Objects.requireNonNull;

import dev.sluice.planner.sql.SluiceSqlParser;
import dev.sluice.planner.sql.SqlComputedColumn;
import dev.sluice.planner.sql.SqlCreateTable;
import dev.sluice.planner.sql.SqlCreateView;
import dev.sluice.planner.sql.SqlNodes;
import dev.sluice.planner.sql.SqlPhysicalColumn;
import dev.sluice.planner.sql.SqlSource;
import dev.sluice.planner.sql.SqlTableOption;
import dev.sluice.planner.sql.SqlWatermark;
import dev.sluice.planner.sql.Suggestions;
import dev.sluice.planner.validate.NameLookup;
import dev.sluice.planner.validate.SluiceTypeSystem;
import dev.sluice.planner.validate.Validation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rel.type.RelDataTypeImpl;
import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlIntervalLiteral;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlTypeNameSpec;
import org.apache.calcite.sql.SqlUserDefinedTypeNameSpec;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.parser.SqlParserUtil;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.util.SqlBasicVisitor;
import org.apache.calcite.sql.validate.SqlValidator;

/**
 * Builds a {@link Catalog} from a script's DDL, statement by statement, checking each one as it comes: a statement
 * sees the tables and views defined before it.
 *
 * <p>Every check throws a {@link dev.sluice.planner.sql.SqlScriptException} located at the offending name, type or
 * expression.
 */
public final class CatalogBuilder {
    private final SqlSource source;
    private final Validation validation;
    private final CalciteSchema schema = CalciteSchema.createRootSchema(false, false);
    // Keys are lower-case names: names match case-insensitively; values keep the declared spelling.
    private final Map<String, CatalogTable> tables = new LinkedHashMap<>();
    private final Map<String, CatalogView> views = new LinkedHashMap<>();
    private final Map<String, SqlCreateTable> definitions = new LinkedHashMap<>();

    public CatalogBuilder(SqlSource source, Validation validation) {
        this.source = requireNonNull(source, "source is null");
        this.validation = requireNonNull(validation, "validation is null");
    }

    /** The tables and views so far, as Calcite sees them; statements are validated against it. */
    public CalciteSchema calciteSchema() {
        return schema;
    }

    /** The names so far, for suggestions in error messages. */
    public NameLookup names() {
        return Catalog.names(tables, views);
    }

    public Optional<CatalogTable> table(String name) {
        return Optional.ofNullable(tables.get(key(name)));
    }

    public Optional<CatalogView> view(String name) {
        return Optional.ofNullable(views.get(key(name)));
    }

    public Catalog build() {
        return new Catalog(tables, views, definitions, schema, source);
    }

    /** Checks a {@code CREATE TABLE} and adds the table. */
    public CatalogTable addTable(SqlCreateTable ddl) {
        if (ddl.getReplace()) {
            throw source.error(ddl.getParserPosition(),
                    "CREATE OR REPLACE is not supported: a script defines each table once");
        }
        String name = newObjectName(ddl.name());

        Map<String, SqlNode> declarations = new LinkedHashMap<>();
        List<PhysicalColumn> physical = new ArrayList<>();
        for (SqlNode element : ddl.columns()) {
            SqlIdentifier columnName = element instanceof SqlPhysicalColumn stored ? stored.name()
                    : ((SqlComputedColumn) element).name();
            SqlNode previous = declarations.putIfAbsent(key(columnName.getSimple()), columnName);
            if (previous != null) {
                throw source.error(columnName.getParserPosition(), "duplicate column '" + columnName.getSimple()
                        + "' in table '" + name + "' (first declared at "
                        + SqlSource.describe(previous.getParserPosition()) + ")");
            }
            if (element instanceof SqlPhysicalColumn stored) {
                physical.add(new PhysicalColumn(columnName.getSimple(), columnType(stored, name), !stored.notNull()));
            }
        }

        List<Column> columns = new ArrayList<>();
        int physicalIndex = 0;
        for (SqlNode element : ddl.columns()) {
            if (element instanceof SqlPhysicalColumn) {
                columns.add(physical.get(physicalIndex++));
            } else {
                columns.add(computedColumn((SqlComputedColumn) element, name, physical, ddl));
            }
        }

        Optional<Watermark> watermark = watermark(ddl, name, columns);
        Map<String, String> options = options(ddl, name);
        CatalogTable table = new CatalogTable(name, columns, watermark, options, ddl.name().getParserPosition());
        tables.put(key(name), table);
        definitions.put(key(name), ddl);
        schema.add(name, new CalciteTable(table));
        return table;
    }

    /** Checks a {@code CREATE VIEW}, validating its query against the tables and views so far, and adds it. */
    public CatalogView addView(SqlCreateView ddl) {
        if (ddl.getReplace()) {
            throw source.error(ddl.getParserPosition(),
                    "CREATE OR REPLACE is not supported: a script defines each view once");
        }
        String name = newObjectName(ddl.name());
        SqlValidator validator = validation.validator(validation.catalogReader(schema));
        SqlNode validated = validation.validate(validator, SqlNodes.deepCopy(ddl.query()), source, names(),
                ddl.query().getParserPosition());
        RelDataType queryType = validator.getValidatedNodeType(validated);

        List<String> columnNames = new ArrayList<>();
        List<SqlParserPos> positions = new ArrayList<>();
        if (ddl.columnNames() != null) {
            if (ddl.columnNames().size() != queryType.getFieldCount()) {
                throw source.error(ddl.columnNames().getParserPosition(), "view '" + name + "' names "
                        + ddl.columnNames().size() + " columns but its query gives " + queryType.getFieldCount());
            }
            for (SqlNode column : ddl.columnNames()) {
                columnNames.add(((SqlIdentifier) column).getSimple());
                positions.add(column.getParserPosition());
            }
        } else {
            for (RelDataTypeField field : queryType.getFieldList()) {
                columnNames.add(field.getName());
                positions.add(ddl.query().getParserPosition());
            }
        }
        Map<String, String> seen = new LinkedHashMap<>();
        for (int i = 0; i < columnNames.size(); i++) {
            String column = columnNames.get(i);
            if (seen.putIfAbsent(key(column), column) != null) {
                throw source.error(positions.get(i), "duplicate column '" + column + "' in view '" + name
                        + "'; give one of them another name" + (ddl.columnNames() == null ? " with AS" : ""));
            }
        }

        RelDataTypeFactory typeFactory = validation.typeFactory();
        RelDataTypeFactory.Builder rowType = typeFactory.builder();
        for (int i = 0; i < columnNames.size(); i++) {
            rowType.add(columnNames.get(i), queryType.getFieldList().get(i).getType());
        }
        CatalogView view = new CatalogView(name, columnNames, SluiceSqlParser.unparse(ddl.query()),
                ddl.name().getParserPosition());
        views.put(key(name), view);
        schema.add(name, new CalciteView(view, RelDataTypeImpl.proto(rowType.build())));
        return view;
    }

    /** The name of a new table or view: simple and not taken. */
    private String newObjectName(SqlIdentifier identifier) {
        if (!identifier.isSimple()) {
            throw source.error(identifier.getParserPosition(), "use a plain name, not the qualified name '"
                    + String.join(".", identifier.names) + "': a script has one namespace of tables and views");
        }
        String name = identifier.getSimple();
        CatalogTable table = tables.get(key(name));
        if (table != null) {
            throw source.error(identifier.getParserPosition(), "table '" + table.name() + "' is already defined at "
                    + SqlSource.describe(table.position()));
        }
        CatalogView view = views.get(key(name));
        if (view != null) {
            throw source.error(identifier.getParserPosition(), "'" + view.name() + "' is already defined as a view at "
                    + SqlSource.describe(view.position()));
        }
        return name;
    }

    private ColumnType columnType(SqlPhysicalColumn column, String table) {
        SqlDataTypeSpec spec = column.type();
        SqlTypeNameSpec typeName = spec.getTypeNameSpec();
        String written = Optional.ofNullable(source.text(spec.getParserPosition()))
                .orElseGet(() -> SluiceSqlParser.unparse(spec));
        String where = " for column '" + column.name().getSimple() + "' of table '" + table + "'";
        if (typeName instanceof SqlUserDefinedTypeNameSpec) {
            String simple = typeName.getTypeName().isSimple() ? typeName.getTypeName().getSimple() : "";
            if (simple.equalsIgnoreCase("STRING")) {
                return ColumnType.VARCHAR;
            }
            List<String> names = List.of("BOOLEAN", "INT", "INTEGER", "BIGINT", "DOUBLE", "DECIMAL", "VARCHAR",
                    "STRING", "DATE", "TIMESTAMP");
            throw source.error(spec.getParserPosition(), "unknown type '" + written + "'" + where
                    + Suggestions.didYouMean(simple, names) + "; supported types: " + ColumnType.SUPPORTED);
        }
        if (!(typeName instanceof SqlBasicTypeNameSpec basic)) {
            // Row, collection and map types: their position is not always the start of the type; point at the column.
            throw source.error(column.getParserPosition(), "unsupported type '" + SluiceSqlParser.unparse(spec)
                    .replace("`", "") + "'" + where + "; supported types: " + ColumnType.SUPPORTED);
        }
        SqlTypeName sqlType = SqlTypeName.get(basic.getTypeName().getSimple());
        if (sqlType == null) {
            throw unsupportedType(spec, written, where, "");
        }
        return switch (sqlType) {
            case BOOLEAN -> ColumnType.BOOLEAN;
            case INTEGER -> ColumnType.INT;
            case BIGINT -> ColumnType.BIGINT;
            case DOUBLE -> ColumnType.DOUBLE;
            // The length is accepted for compatibility and not enforced: strings are Arrow Utf8, of any length.
            case VARCHAR -> ColumnType.VARCHAR;
            case DATE -> ColumnType.DATE;
            case DECIMAL -> decimal(spec, basic);
            case TIMESTAMP -> {
                if (basic.getPrecision() != RelDataType.PRECISION_NOT_SPECIFIED
                        && basic.getPrecision() != SluiceTypeSystem.TIMESTAMP_PRECISION) {
                    throw source.error(spec.getParserPosition(), "unsupported type '" + written + "'" + where
                            + ": timestamps have millisecond precision; use TIMESTAMP(3)");
                }
                yield ColumnType.TIMESTAMP;
            }
            case TINYINT, SMALLINT -> throw unsupportedType(spec, written, where, "; use INT");
            case FLOAT, REAL -> throw unsupportedType(spec, written, where, "; use DOUBLE");
            case CHAR -> throw unsupportedType(spec, written, where, "; use VARCHAR");
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE, TIMESTAMP_TZ ->
                    throw unsupportedType(spec, written, where, "; use TIMESTAMP(3), which is UTC");
            default -> throw unsupportedType(spec, written, where, "");
        };
    }

    private ColumnType decimal(SqlDataTypeSpec spec, SqlBasicTypeNameSpec basic) {
        int precision = basic.getPrecision() == RelDataType.PRECISION_NOT_SPECIFIED
                ? SluiceTypeSystem.DEFAULT_DECIMAL_PRECISION : basic.getPrecision();
        int scale = basic.getScale() == RelDataType.SCALE_NOT_SPECIFIED ? 0 : basic.getScale();
        if (precision < 1 || precision > SluiceTypeSystem.MAX_DECIMAL_PRECISION) {
            throw source.error(spec.getParserPosition(), "DECIMAL precision must be 1 to "
                    + SluiceTypeSystem.MAX_DECIMAL_PRECISION + ", not " + precision);
        }
        if (scale > precision) {
            throw source.error(spec.getParserPosition(), "DECIMAL scale " + scale + " is larger than its precision "
                    + precision);
        }
        return ColumnType.decimal(precision, scale);
    }

    private RuntimeException unsupportedType(SqlDataTypeSpec spec, String written, String where, String hint) {
        return source.error(spec.getParserPosition(), "unsupported type '" + written + "'" + where + hint
                + "; supported types: " + ColumnType.SUPPORTED);
    }

    private ComputedColumn computedColumn(SqlComputedColumn column, String table, List<PhysicalColumn> physical,
            SqlCreateTable ddl) {
        String name = column.name().getSimple();
        List<String> physicalNames = physical.stream().map(PhysicalColumn::name).toList();
        // Computed columns are computed from the stored row, not from each other: say so rather than "unknown".
        column.expression().accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlIdentifier identifier) {
                if (identifier.isSimple()
                        && physicalNames.stream().noneMatch(name -> name.equalsIgnoreCase(identifier.getSimple()))) {
                    for (SqlNode element : ddl.columns()) {
                        if (element instanceof SqlComputedColumn other
                                && other.name().getSimple().equalsIgnoreCase(identifier.getSimple())) {
                            throw source.error(identifier.getParserPosition(), "computed column '" + name
                                    + "' cannot use computed column '" + other.name().getSimple()
                                    + "'; use the physical columns it is computed from");
                        }
                    }
                }
                return null;
            }
        });
        RelDataType rowType = CalciteTable.rowType(physical, validation.typeFactory());
        Validation.ValidatedExpression validated = validation.validateExpression(source, table, rowType,
                SqlNodes.deepCopy(column.expression()));
        checkRowLevel(validated.expression(), column, table);
        ColumnType type = ColumnType.of(validated.type()).orElseThrow(() -> source.error(
                column.expression().getParserPosition(), "computed column '" + name + "' of table '" + table
                        + "' is " + typeText(validated.type()) + ", which a table column cannot be; CAST it to one of "
                        + ColumnType.SUPPORTED));
        return new ComputedColumn(name, type, validated.type().isNullable(),
                SqlNodes.respellColumns(column.expression(), physicalNames));
    }

    /** Rejects what cannot be computed from one row, or not the same way when a batch is replayed. */
    private void checkRowLevel(SqlNode validated, SqlComputedColumn column, String table) {
        String prefix = "computed column '" + column.name().getSimple() + "' of table '" + table + "'";
        validated.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                SqlParserPos position = call.getParserPosition().getLineNum() >= 1 ? call.getParserPosition()
                        : column.expression().getParserPosition();
                if (call instanceof SqlSelect) {
                    throw source.error(position, prefix + " cannot contain a sub-query");
                }
                SqlOperator operator = call.getOperator();
                if (operator.isAggregator() || call.getKind() == SqlKind.OVER) {
                    throw source.error(position, prefix + " uses " + operator.getName()
                            + ", which needs many rows; a computed column is computed from one row");
                }
                if (!operator.isDeterministic() || operator.isDynamicFunction()) {
                    throw source.error(position, prefix + " uses " + operator.getName()
                            + ", which is not deterministic; a replayed batch must compute the same values");
                }
                return super.visit(call);
            }
        });
    }

    private Optional<Watermark> watermark(SqlCreateTable ddl, String table, List<Column> columns) {
        List<SqlWatermark> watermarks = ddl.watermarks();
        if (watermarks.isEmpty()) {
            return Optional.empty();
        }
        if (watermarks.size() > 1) {
            throw source.error(watermarks.get(1).getParserPosition(), "table '" + table
                    + "' has more than one WATERMARK (the first is at "
                    + SqlSource.describe(watermarks.get(0).getParserPosition()) + ")");
        }
        SqlWatermark watermark = watermarks.get(0);
        SqlIdentifier columnName = watermark.column();
        Column column = columns.stream().filter(c -> c.name().equalsIgnoreCase(columnName.getSimple())).findFirst()
                .orElseThrow(() -> source.error(columnName.getParserPosition(), "watermark on unknown column '"
                        + columnName.getSimple() + "' in table '" + table + "'"
                        + Suggestions.didYouMean(columnName.getSimple(), columns.stream().map(Column::name).toList())));
        if (column.type().kind() != ColumnType.Kind.TIMESTAMP) {
            throw source.error(columnName.getParserPosition(), "watermark column '" + column.name() + "' of table '"
                    + table + "' is " + column.type() + "; it must be TIMESTAMP(3)");
        }

        RelDataType rowType = CalciteTable.rowType(columns, validation.typeFactory());
        SqlNode expression = watermark.expression();
        Validation.ValidatedExpression validated = validation.validateExpression(source, table, rowType,
                SqlNodes.deepCopy(expression));
        if (ColumnType.of(validated.type()).filter(type -> type.kind() == ColumnType.Kind.TIMESTAMP).isEmpty()) {
            throw source.error(expression.getParserPosition(), "the watermark expression of table '" + table
                    + "' is " + typeText(validated.type()) + "; it must be TIMESTAMP(3), such as " + column.name()
                    + " - INTERVAL '5' SECOND");
        }
        Duration delay = delay(expression, column.name(), table);
        String expressionSql = Optional.ofNullable(source.text(expression.getParserPosition()))
                .orElseGet(() -> SluiceSqlParser.unparse(expression));
        return Optional.of(new Watermark(column.name(), delay, expressionSql));
    }

    /**
     * The delay of {@code column} or {@code column - INTERVAL ...}: the engine's watermark is the largest event
     * time seen minus a fixed delay (Spark's rule), so other expressions have no meaning for it.
     */
    private Duration delay(SqlNode expression, String column, String table) {
        String shape = "the watermark expression of table '" + table + "' must be '" + column + "' or '" + column
                + " - INTERVAL ...' (the watermark is the largest event time seen minus a fixed delay)";
        if (expression instanceof SqlIdentifier identifier) {
            if (identifier.isSimple() && identifier.getSimple().equalsIgnoreCase(column)) {
                return Duration.ZERO;
            }
            throw source.error(expression.getParserPosition(), shape);
        }
        if (!(expression instanceof SqlCall call) || call.getKind() != SqlKind.MINUS || call.operandCount() != 2
                || !(call.operand(0) instanceof SqlIdentifier identifier) || !identifier.isSimple()
                || !identifier.getSimple().equalsIgnoreCase(column)
                || !(call.operand(1) instanceof SqlIntervalLiteral interval)) {
            throw source.error(expression.getParserPosition(), shape);
        }
        SqlIntervalLiteral.IntervalValue value = interval.getValueAs(SqlIntervalLiteral.IntervalValue.class);
        if (value.getIntervalQualifier().isYearMonth()) {
            throw source.error(interval.getParserPosition(), "a watermark delay must be a fixed length of time"
                    + " (DAY, HOUR, MINUTE or SECOND), not months or years");
        }
        long millis = SqlParserUtil.intervalToMillis(value) * value.getSign();
        if (millis < 0) {
            throw source.error(interval.getParserPosition(), "a watermark delay cannot be negative");
        }
        return Duration.ofMillis(millis);
    }

    private Map<String, String> options(SqlCreateTable ddl, String table) {
        Map<String, String> options = new LinkedHashMap<>();
        for (SqlNode node : ddl.options()) {
            SqlTableOption option = (SqlTableOption) node;
            String key = option.keyText();
            if (key == null) {
                throw source.error(option.key().getParserPosition(), "an option key must be a string literal such as"
                        + " 'connector'");
            }
            String value = option.valueText();
            if (value == null) {
                throw source.error(option.value().getParserPosition(), "the value of option '" + key
                        + "' must be a string literal such as '10'");
            }
            if (options.putIfAbsent(key, value) != null) {
                throw source.error(option.key().getParserPosition(), "duplicate option '" + key + "' in table '"
                        + table + "'");
            }
        }
        if (!options.containsKey(CatalogTable.CONNECTOR_OPTION)) {
            SqlParserPos position = ddl.options().isEmpty() ? ddl.name().getParserPosition()
                    : ddl.options().getParserPosition();
            throw source.error(position, "table '" + table + "' has no 'connector' option;"
                    + " add WITH ('connector' = '...')"
                    + Suggestions.closest("connector", options.keySet())
                            .map(key -> " (is '" + key + "' meant to be 'connector'?)").orElse(""));
        }
        return options;
    }

    private static String typeText(RelDataType type) {
        return ColumnType.of(type).map(ColumnType::toString).orElseGet(() -> type.getFullTypeString()
                .replace(" NOT NULL", "").replaceAll(" CHARACTER SET \"[^\"]*\"", ""));
    }

    static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
