package io.gckpi.pipeline.ledger;

import io.gckpi.genesys.Interval;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.HashSet;
import java.util.Set;

/**
 * Reads the extraction ledger ({@code extraction_windows}). A row with status {@code complete} is
 * written only after the window's rows are committed (the pipeline waits on the table writes), so
 * "complete" here means "already in the tables"; {@code needs_reprocess} rows are never skipped.
 */
public final class WindowLedger {
  public static final String COMPLETE = "complete";
  public static final String NEEDS_REPROCESS = "needs_reprocess";

  private WindowLedger() {}

  /** Ids of the windows inside {@code range} that the ledger has complete. */
  public static Set<String> completeWindowIds(Connection connection, Interval range)
      throws SQLException {
    Set<String> ids = new HashSet<>();
    try (PreparedStatement statement =
            connection.prepareStatement(
                "SELECT window_id FROM extraction_windows"
                    + " WHERE status = ? AND window_start >= ? AND window_end <= ?")) {
      statement.setString(1, COMPLETE);
      statement.setTimestamp(2, Timestamp.from(range.start()));
      statement.setTimestamp(3, Timestamp.from(range.end()));
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getString(1));
        }
      }
    }
    return ids;
  }
}
