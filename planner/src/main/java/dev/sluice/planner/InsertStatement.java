package dev.sluice.planner;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.apache.calcite.sql.SqlInsert;

/**
 * A validated {@code INSERT INTO table SELECT ...} of a script.
 *
 * @param statement the statement as parsed (never mutated: {@link SqlScript#rel} validates a copy)
 * @param sinkTable the name of the table it writes, as declared
 * @param sourceTables the names of the tables it reads, as declared, views expanded, in order of first use
 */
public record InsertStatement(SqlInsert statement, String sinkTable, List<String> sourceTables) {
    public InsertStatement {
        requireNonNull(statement, "statement is null");
        requireNonNull(sinkTable, "sinkTable is null");
        sourceTables = List.copyOf(requireNonNull(sourceTables, "sourceTables is null"));
    }

    /** 1-based line of the statement's first token. */
    public int line() {
        return statement.getParserPosition().getLineNum();
    }
}
