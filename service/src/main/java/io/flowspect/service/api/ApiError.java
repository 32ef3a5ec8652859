package io.flowspect.service.api;

/**
 * The body of every error answer of the API.
 *
 * @param status the HTTP status
 * @param error what is wrong and, where it applies, the limit or the input at fault
 */
public record ApiError(int status, String error) {}
