package dev.sluice.planner.catalog;

import static java.util.Objects.requireNonNull;

import dev.sluice.planner.sql.SqlNodes;
import java.util.List;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.schema.ColumnStrategy;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql2rel.InitializerContext;
import org.apache.calcite.sql2rel.InitializerExpressionFactory;
import org.apache.calcite.sql2rel.NullInitializerExpressionFactory;

/**
 * A {@link CatalogTable} as Calcite sees it: every column, in declared order, with the computed ones marked
 * {@link ColumnStrategy#VIRTUAL}. Calcite then scans only the physical columns and computes the others in a
 * projection on top of the scan, and refuses INSERTs that would write a computed column.
 *
 * <p>{@code relOptTable.unwrap(CatalogTable.class)} gives the catalog table back.
 */
public final class CalciteTable extends AbstractTable {
    private final CatalogTable table;
    private final ComputedColumns computedColumns = new ComputedColumns();

    CalciteTable(CatalogTable table) {
        this.table = requireNonNull(table, "table is null");
    }

    public CatalogTable catalogTable() {
        return table;
    }

    @Override
    public RelDataType getRowType(RelDataTypeFactory typeFactory) {
        return rowType(table.columns(), typeFactory);
    }

    static RelDataType rowType(List<? extends Column> columns, RelDataTypeFactory typeFactory) {
        RelDataTypeFactory.Builder builder = typeFactory.builder();
        for (Column column : columns) {
            builder.add(column.name(), column.type().toRelDataType(typeFactory, column.nullable()));
        }
        return builder.build();
    }

    @Override
    public <C> C unwrap(Class<C> type) {
        if (type.isInstance(table)) {
            return type.cast(table);
        }
        if (type == InitializerExpressionFactory.class) {
            return type.cast(computedColumns);
        }
        return super.unwrap(type);
    }

    /** Tells Calcite which columns are computed and how. */
    private final class ComputedColumns extends NullInitializerExpressionFactory {
        @Override
        public ColumnStrategy generationStrategy(RelOptTable relOptTable, int column) {
            if (table.columns().get(column) instanceof ComputedColumn) {
                return ColumnStrategy.VIRTUAL;
            }
            return super.generationStrategy(relOptTable, column);
        }

        @Override
        public RexNode newColumnDefaultValue(RelOptTable relOptTable, int column, InitializerContext context) {
            if (!(table.columns().get(column) instanceof ComputedColumn computed)) {
                return super.newColumnDefaultValue(relOptTable, column, context);
            }
            // The catalog validated the expression when the table was created and spelt its column names as
            // declared, which is what the context resolves them by. Validate a copy: validation rewrites the tree.
            RelDataType physicalRowType = rowType(table.physicalColumns(), context.getRexBuilder().getTypeFactory());
            SqlNode validated = context.validateExpression(physicalRowType, SqlNodes.deepCopy(computed.expression()));
            RexNode expression = context.convertExpression(validated);
            RelDataType declared = computed.type()
                    .toRelDataType(context.getRexBuilder().getTypeFactory(), computed.nullable());
            return context.getRexBuilder().ensureType(declared, expression, true);
        }
    }
}
