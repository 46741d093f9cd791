package dev.sluice.planner.sql;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/** {@code name TYPE [NOT NULL]}: a column the connector reads or writes. */
public final class SqlPhysicalColumn extends SqlCall {
    public static final SqlOperator OPERATOR = new SqlSpecialOperator("PHYSICAL COLUMN", SqlKind.COLUMN_DECL) {
        @Override
        public SqlCall createCall(SqlLiteral functionQualifier, SqlParserPos pos, SqlNode... operands) {
            return new SqlPhysicalColumn(pos, (SqlIdentifier) operands[0], (SqlDataTypeSpec) operands[1],
                    ((SqlLiteral) operands[2]).booleanValue());
        }
    };

    private final SqlIdentifier name;
    private final SqlDataTypeSpec type;
    private final boolean notNull;

    public SqlPhysicalColumn(SqlParserPos pos, SqlIdentifier name, SqlDataTypeSpec type, boolean notNull) {
        super(pos);
        this.name = requireNonNull(name, "name is null");
        this.type = requireNonNull(type, "type is null");
        this.notNull = notNull;
    }

    public SqlIdentifier name() {
        return name;
    }

    /** The type as written; its nullability is not set ({@link #notNull()} says it). */
    public SqlDataTypeSpec type() {
        return type;
    }

    public boolean notNull() {
        return notNull;
    }

    @Override
    public SqlOperator getOperator() {
        return OPERATOR;
    }

    @Override
    public List<SqlNode> getOperandList() {
        return List.of(name, type, SqlLiteral.createBoolean(notNull, SqlParserPos.ZERO));
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        name.unparse(writer, 0, 0);
        type.unparse(writer, 0, 0);
        if (notNull) {
            writer.keyword("NOT NULL");
        }
    }
}
