package io.gckpi.genesys.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gckpi.genesys.client.GenesysApi.DetailsQuery;
import io.gckpi.genesys.client.GenesysApi.QueryPage;

/** The detail query endpoint (fresh data, small windows): one page of at most 100 a call. */
final class DetailQueryEndpoint {
  private static final String PATH = "/api/v2/analytics/conversations/details/query";

  private final GenesysHttp http;

  DetailQueryEndpoint(GenesysHttp http) {
    this.http = http;
  }

  QueryPage queryDetails(DetailsQuery query, int pageSize, int pageNumber) {
    if (pageSize < 1 || pageSize > 100) {
      throw new IllegalArgumentException(
          "Detail query pageSize must be between 1 and 100 (a Genesys limit), got " + pageSize);
    }
    if (pageNumber < 1) {
      throw new IllegalArgumentException("pageNumber counts from 1, got " + pageNumber);
    }
    ObjectNode body = http.detailsBody(query);
    body.putObject("paging").put("pageSize", pageSize).put("pageNumber", pageNumber);
    GenesysHttp.Parsed<DetailsPageParser.Page> parsed =
        http.execute(
            GenesysHttp.Call.post(PATH, body, GenesysClient.PERMISSION_DETAILS), http::detailsPage);
    DetailsPageParser.Page page = parsed.value();
    http.listener().onPage(page.conversations().size());
    return new QueryPage(
        page.conversations(), Math.max(page.totalHits(), 0), parsed.correlationId());
  }
}
