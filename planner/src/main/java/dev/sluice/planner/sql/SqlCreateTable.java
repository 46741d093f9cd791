package dev.sluice.planner.sql;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCreate;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * {@code CREATE TABLE name (element, ...) [WITH ('key' = 'value', ...)]}, where each element is a
 * {@link SqlPhysicalColumn}, a {@link SqlComputedColumn} or a {@link SqlWatermark}, in the order written.
 *
 * <p>The parser only checks syntax; the catalog rejects duplicate names, unsupported types, a second watermark and
 * {@code OR REPLACE}, so that those errors can name the table and the column.
 */
public final class SqlCreateTable extends SqlCreate {
    public static final SqlOperator OPERATOR = new SqlSpecialOperator("CREATE TABLE", SqlKind.CREATE_TABLE) {
        @Override
        public SqlCall createCall(SqlLiteral functionQualifier, SqlParserPos pos, SqlNode... operands) {
            return new SqlCreateTable(pos, ((SqlLiteral) operands[0]).booleanValue(), (SqlIdentifier) operands[1],
                    (SqlNodeList) operands[2], (SqlNodeList) operands[3]);
        }
    };

    private final SqlIdentifier name;
    private final SqlNodeList elements;
    private final SqlNodeList options;

    public SqlCreateTable(SqlParserPos pos, boolean replace, SqlIdentifier name, SqlNodeList elements,
            SqlNodeList options) {
        super(OPERATOR, pos, replace, false);
        this.name = requireNonNull(name, "name is null");
        this.elements = requireNonNull(elements, "elements is null");
        this.options = requireNonNull(options, "options is null");
        for (SqlNode element : elements) {
            if (!(element instanceof SqlPhysicalColumn || element instanceof SqlComputedColumn
                    || element instanceof SqlWatermark)) {
                throw new IllegalArgumentException("not a table element: " + element);
            }
        }
        for (SqlNode option : options) {
            if (!(option instanceof SqlTableOption)) {
                throw new IllegalArgumentException("not a table option: " + option);
            }
        }
    }

    public SqlIdentifier name() {
        return name;
    }

    /** Columns and watermarks in the order they were written. */
    public SqlNodeList elements() {
        return elements;
    }

    /** The physical and computed columns, in the order written. */
    public List<SqlNode> columns() {
        List<SqlNode> columns = new ArrayList<>();
        for (SqlNode element : elements) {
            if (!(element instanceof SqlWatermark)) {
                columns.add(element);
            }
        }
        return List.copyOf(columns);
    }

    /** Every {@code WATERMARK FOR} clause; more than one is a catalog error, so the parser keeps them all. */
    public List<SqlWatermark> watermarks() {
        List<SqlWatermark> watermarks = new ArrayList<>();
        for (SqlNode element : elements) {
            if (element instanceof SqlWatermark watermark) {
                watermarks.add(watermark);
            }
        }
        return List.copyOf(watermarks);
    }

    /** The {@code WITH} options ({@link SqlTableOption}), empty without a {@code WITH} clause. */
    public SqlNodeList options() {
        return options;
    }

    @Override
    public List<SqlNode> getOperandList() {
        return Arrays.asList(SqlLiteral.createBoolean(getReplace(), SqlParserPos.ZERO), name, elements, options);
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        writer.keyword("CREATE");
        if (getReplace()) {
            writer.keyword("OR REPLACE");
        }
        writer.keyword("TABLE");
        name.unparse(writer, 0, 0);
        SqlWriter.Frame frame = writer.startList("(", ")");
        for (SqlNode element : elements) {
            writer.sep(",");
            element.unparse(writer, 0, 0);
        }
        writer.endList(frame);
        if (!options.isEmpty()) {
            writer.keyword("WITH");
            SqlWriter.Frame optionsFrame = writer.startList("(", ")");
            for (SqlNode option : options) {
                writer.sep(",");
                option.unparse(writer, 0, 0);
            }
            writer.endList(optionsFrame);
        }
    }
}
