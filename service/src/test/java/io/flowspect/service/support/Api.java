package io.flowspect.service.support;

import io.restassured.RestAssured;
import io.restassured.config.JsonConfig;
import io.restassured.path.json.config.JsonPathConfig;

/** What the REST tests share: the test profile's admin token and how JSON numbers are read. */
public final class Api {

  /** {@code %test.flowspect.api.admin-token} in application.properties. */
  public static final String ADMIN_TOKEN = "test-admin-token";

  /** The header value that passes the admin check. */
  public static final String ADMIN = "Bearer " + ADMIN_TOKEN;

  private Api() {}

  /**
   * Makes REST Assured read JSON numbers as doubles, not floats, so that values compare exactly.
   */
  public static void readNumbersAsDoubles() {
    RestAssured.config =
        RestAssured.config()
            .jsonConfig(
                JsonConfig.jsonConfig().numberReturnType(JsonPathConfig.NumberReturnType.DOUBLE));
  }
}
