package dev.sluice.planner.validate;

import java.util.List;
import java.util.Optional;

/** The names an error message may suggest instead of a misspelt one. */
public interface NameLookup {
    /** Every table and view name, as declared. */
    List<String> objectNames();

    /** The column names of a table or view (name matched ignoring case), as declared. */
    Optional<List<String>> columnsOf(String objectName);
}
