package io.nestauth.client.exception;


/** An answer that breaks the contract: a 2xx body that is not JSON, has the wrong shape or is too large. */
public class UnexpectedResponseException extends NestAuthException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception for an answer that breaks the contract.
   * The SDK creates these itself; the constructor is public so that tests of your own code can
   * create one.
   *
   * @param message the detail message; it must not contain passwords, tokens or one-time codes
   * @param details what is known about the failed call; null is {@link ErrorDetails#none()}
   * @param cause the underlying failure, or null
   */
  public UnexpectedResponseException(String message, ErrorDetails details, Throwable cause) {
    super(message, details, cause);
  }

  /**
   * Creates the exception for an answer of {@code method path} that breaks the contract, with only
   * what is known: no server code, no server message, no cause.
   *
   * @param message the detail message; it must not contain passwords, tokens or one-time codes
   *     (nor the offending body, which may hold one)
   * @param method the HTTP method of the operation, e.g. {@code GET}, or null
   * @param path the operation's path below the base URL, e.g. {@code /auth/me}, or null
   * @param status the HTTP status of the answer, or 0 when none arrived
   * @return the exception, to be thrown
   * @throws IllegalArgumentException when {@code status} is negative
   */
  public static UnexpectedResponseException of(String message, String method, String path, int status) {
    return new UnexpectedResponseException(message,
        ErrorDetails.builder().status(status).method(method).path(path).build(), null);
  }

}
