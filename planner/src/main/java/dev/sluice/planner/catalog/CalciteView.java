package dev.sluice.planner.catalog;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelProtoDataType;
import org.apache.calcite.schema.TranslatableTable;
import org.apache.calcite.schema.impl.AbstractTable;

/**
 * A {@link CatalogView} as Calcite sees it: a table with the view's row type for validation, replaced by the view's
 * query when a statement is converted to relational algebra (through the converter's view expander, which parses
 * {@link CatalogView#querySql()}).
 */
public final class CalciteView extends AbstractTable implements TranslatableTable {
    private final CatalogView view;
    private final RelProtoDataType rowType;

    CalciteView(CatalogView view, RelProtoDataType rowType) {
        this.view = requireNonNull(view, "view is null");
        this.rowType = requireNonNull(rowType, "rowType is null");
    }

    public CatalogView catalogView() {
        return view;
    }

    @Override
    public RelDataType getRowType(RelDataTypeFactory typeFactory) {
        return rowType.apply(typeFactory);
    }

    @Override
    public RelNode toRel(RelOptTable.ToRelContext context, RelOptTable relOptTable) {
        RelDataType expected = relOptTable.getRowType();
        RelRoot root = context.expandView(expected, view.querySql(), List.of(), List.of(view.name()));
        // The view's column list may rename the query's columns.
        return RelOptUtil.createCastRel(root.project(), expected, true);
    }

    @Override
    public <C> C unwrap(Class<C> type) {
        if (type.isInstance(view)) {
            return type.cast(view);
        }
        return super.unwrap(type);
    }
}
