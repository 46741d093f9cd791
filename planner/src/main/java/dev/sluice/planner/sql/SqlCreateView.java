package dev.sluice.planner.sql;

import static java.util.Objects.requireNonNull;

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

/** {@code CREATE VIEW name [(column, ...)] AS query}. */
public final class SqlCreateView extends SqlCreate {
    public static final SqlOperator OPERATOR = new SqlSpecialOperator("CREATE VIEW", SqlKind.CREATE_VIEW) {
        @Override
        public SqlCall createCall(SqlLiteral functionQualifier, SqlParserPos pos, SqlNode... operands) {
            return new SqlCreateView(pos, ((SqlLiteral) operands[0]).booleanValue(), (SqlIdentifier) operands[1],
                    (SqlNodeList) operands[2], operands[3]);
        }
    };

    private final SqlIdentifier name;
    private final SqlNodeList columnNames;
    private final SqlNode query;

    /** @param columnNames the renamed columns, or null when the view keeps the query's names */
    public SqlCreateView(SqlParserPos pos, boolean replace, SqlIdentifier name, SqlNodeList columnNames,
            SqlNode query) {
        super(OPERATOR, pos, replace, false);
        this.name = requireNonNull(name, "name is null");
        this.columnNames = columnNames;
        this.query = requireNonNull(query, "query is null");
    }

    public SqlIdentifier name() {
        return name;
    }

    /** The column list after the name, or null when there is none. */
    public SqlNodeList columnNames() {
        return columnNames;
    }

    public SqlNode query() {
        return query;
    }

    @Override
    public List<SqlNode> getOperandList() {
        return Arrays.asList(SqlLiteral.createBoolean(getReplace(), SqlParserPos.ZERO), name, columnNames, query);
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        writer.keyword("CREATE");
        if (getReplace()) {
            writer.keyword("OR REPLACE");
        }
        writer.keyword("VIEW");
        name.unparse(writer, 0, 0);
        if (columnNames != null) {
            SqlWriter.Frame frame = writer.startList("(", ")");
            for (SqlNode column : columnNames) {
                writer.sep(",");
                column.unparse(writer, 0, 0);
            }
            writer.endList(frame);
        }
        writer.keyword("AS");
        writer.newlineAndIndent();
        query.unparse(writer, 0, 0);
    }
}
