package dev.sluice.planner.sql;

import java.util.List;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.util.SqlShuttle;

/** Helpers over Calcite's parse trees. */
public final class SqlNodes {
    private SqlNodes() {
    }

    /**
     * A copy of {@code node} that shares no mutable node with it, with every position kept.
     *
     * <p>Calcite's validator rewrites the tree it validates (it expands {@code *}, qualifies identifiers, adds
     * aliases). Validating a copy keeps the parsed statements as written, so they can be unparsed, validated again
     * and converted again, and error positions still point at the user's text.
     */
    @SuppressWarnings("unchecked")
    public static <T extends SqlNode> T deepCopy(T node) {
        if (node == null) {
            return null;
        }
        return (T) node.accept(DeepCopier.INSTANCE);
    }

    /**
     * A deep copy of {@code expression} in which every simple identifier that names one of {@code columnNames}
     * (ignoring case) is spelt as in {@code columnNames}.
     */
    public static SqlNode respellColumns(SqlNode expression, List<String> columnNames) {
        return deepCopy(expression).accept(new SqlShuttle() {
            @Override
            public SqlNode visit(SqlIdentifier identifier) {
                if (!identifier.isSimple()) {
                    return identifier;
                }
                for (String column : columnNames) {
                    if (column.equalsIgnoreCase(identifier.getSimple())) {
                        return new SqlIdentifier(column, identifier.getParserPosition());
                    }
                }
                return identifier;
            }
        });
    }

    private static final class DeepCopier extends SqlShuttle {
        static final DeepCopier INSTANCE = new DeepCopier();

        @Override
        public SqlNode visit(SqlIdentifier identifier) {
            return identifier.clone(identifier.getParserPosition());
        }

        @Override
        public SqlNode visit(SqlCall call) {
            CallCopyingArgHandler handler = new CallCopyingArgHandler(call, true);
            call.getOperator().acceptCall(this, call, false, handler);
            return handler.result();
        }

        @Override
        public SqlNode visit(SqlNodeList list) {
            SqlNodeList copy = new SqlNodeList(list.getParserPosition());
            for (SqlNode element : list) {
                copy.add(element == null ? null : element.accept(this));
            }
            return copy;
        }
    }
}
