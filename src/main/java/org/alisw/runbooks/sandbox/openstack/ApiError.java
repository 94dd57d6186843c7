package org.alisw.runbooks.sandbox.openstack;

/**
 * An error answered the way the OpenStack services do: Nova and Cinder wrap it in a key named
 * after the fault ({@code itemNotFound}, {@code badRequest}, {@code conflictingRequest}, {@code
 * overLimit}, {@code forbidden}, {@code computeFault}), Keystone in {@code error}.
 */
final class ApiError extends RuntimeException {

  private final int status;
  private final String key;

  ApiError(int status, String key, String message) {
    super(message, null, false, false);
    this.status = status;
    this.key = key;
  }

  static ApiError notFound(String message) {
    return new ApiError(404, "itemNotFound", message);
  }

  static ApiError badRequest(String message) {
    return new ApiError(400, "badRequest", message);
  }

  static ApiError conflict(String message) {
    return new ApiError(409, "conflictingRequest", message);
  }

  static ApiError unauthorized(String message) {
    return new ApiError(401, "error", message);
  }

  /** The key Nova uses for an injected status. */
  static ApiError forStatus(int status, String message) {
    String key =
        switch (status) {
          case 400 -> "badRequest";
          case 401 -> "error";
          case 403 -> "forbidden";
          case 404 -> "itemNotFound";
          case 409 -> "conflictingRequest";
          case 413 -> "overLimit";
          case 503 -> "serviceUnavailable";
          default -> status >= 500 ? "computeFault" : "badRequest";
        };
    return new ApiError(status, key, message);
  }

  int status() {
    return status;
  }

  String key() {
    return key;
  }
}
