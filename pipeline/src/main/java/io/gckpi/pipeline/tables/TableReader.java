package io.gckpi.pipeline.tables;

import java.util.List;
import java.util.Map;

/**
 * A run's tables as text rows (column name to value, null or empty for SQL NULL), whatever sink
 * wrote them, so checks and tests read every sink alike. Each sink's package holds its reader.
 */
public interface TableReader {
  List<Map<String, String>> rows(String table);
}
