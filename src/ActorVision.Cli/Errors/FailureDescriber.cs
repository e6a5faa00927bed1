using ActorVision.Cli.Connection;
using ActorVision.Cli.Resilience;
using Google.Rpc;
using Grpc.Core;

namespace ActorVision.Cli.Errors;

/// <summary>
/// Turns whatever ended a command into an exit code and a single line an operator can act on:
/// InvalidArgument lists the field errors, NotFound says what was looked for, Unauthenticated says whether
/// the key is missing or wrong, PermissionDenied that a viewer key asked for a change, ResourceExhausted which
/// limit was reached, Unavailable says which node could not be reached.
/// </summary>
public static class FailureDescriber
{
    /// <summary>The ErrorInfo reason of a camera refused because no ingest node has room for it.</summary>
    public const string ClusterFull = "CLUSTER_FULL";

    /// <param name="subject">What the command was about, e.g. "camera 'lobby'", for NotFound and AlreadyExists.</param>
    public static Failure Describe(Exception error, ConnectionSettings? connection, string? subject = null)
    {
        var failure = error switch
        {
            UsageException usage => new Failure(ExitCodes.Usage, usage.Message),
            CommandFailedException failed => new Failure(failed.ExitCode, failed.Message),
            RetriesExhaustedException exhausted => Retried(exhausted, connection, subject),
            RpcException rpc => FromStatus(rpc, connection, subject),
            OperationCanceledException => new Failure(ExitCodes.Interrupted, "interrupted"),
            IOException io => new Failure(ExitCodes.Failure, io.Message),
            UnauthorizedAccessException denied => new Failure(ExitCodes.Failure, denied.Message),
            _ => new Failure(ExitCodes.Failure, $"unexpected error: {error.GetType().Name}: {error.Message}"),
        };
        return failure with { Reason = OneLine(failure.Reason, connection?.ApiKey) };
    }

    private static Failure Retried(RetriesExhaustedException exhausted, ConnectionSettings? connection, string? subject)
    {
        var last = FromStatus(exhausted.Last, connection, subject);
        return last with { Reason = $"{last.Reason} (gave up after {exhausted.Attempts} attempts in {DurationText.Format(exhausted.Elapsed)})" };
    }

    /// <summary>
    /// "camera 'x' not found", with the node's detail after a colon; a detail that starts by naming the subject again
    /// (the node's "camera 'x'", "member 'y' (see ...)") is not repeated, only what it adds.
    /// </summary>
    private static string Said(string what, string verdict, string detail)
    {
        if (Empty(detail)) return $"{what} {verdict}";
        if (detail.StartsWith(what, StringComparison.Ordinal)) return $"{what} {verdict}{detail[what.Length..]}";
        return $"{what} {verdict}: {detail}";
    }

    private static Failure FromStatus(RpcException error, ConnectionSettings? connection, string? subject)
    {
        var detail = error.Status.Detail;
        var node = connection is null ? "the node" : $"the node at {connection.Address.GetLeftPart(UriPartial.Authority)}";
        var what = subject ?? "the requested item";
        return error.StatusCode switch
        {
            StatusCode.InvalidArgument or StatusCode.OutOfRange =>
                new Failure(ExitCodes.Rejected, $"invalid request: {FieldErrors(error) ?? Or(detail, "rejected by the node")}"),
            StatusCode.NotFound => new Failure(ExitCodes.NotFound, Said(what, "not found", detail)),
            StatusCode.AlreadyExists => new Failure(ExitCodes.Conflict, Said(what, "already exists", detail)),
            StatusCode.FailedPrecondition or StatusCode.Aborted =>
                new Failure(ExitCodes.Conflict, Or(detail, $"{node} refused: the cluster is not in a state to do this")),
            StatusCode.Unauthenticated => new Failure(ExitCodes.Unauthenticated, connection?.ApiKey is null
                ? $"{node} requires an API key: pass --api-key or set {ConnectionResolver.ApiKeyVariable}"
                : $"{node} rejected the API key (wrong key?)"),
            StatusCode.PermissionDenied =>
                new Failure(ExitCodes.Unauthenticated, $"the API key may not do this: {Or(detail, "permission denied")}"),
            StatusCode.Unavailable =>
                new Failure(ExitCodes.Unavailable, $"{node} cannot be reached: {Or(detail, "unavailable")}"),
            StatusCode.DeadlineExceeded => new Failure(ExitCodes.Unavailable, connection is null
                ? "no answer in time"
                : $"no answer from {node} within {DurationText.Format(connection.Timeout)} (--timeout)"),
            StatusCode.Unimplemented =>
                new Failure(ExitCodes.Failure, $"{node} does not implement this call (is it an older version?): {detail}"),
            StatusCode.Cancelled => new Failure(ExitCodes.Interrupted, "cancelled"),
            StatusCode.ResourceExhausted when RichStatus.Of(error)?.GetDetail<ErrorInfo>() is { Reason: ClusterFull } =>
                new Failure(ExitCodes.NoCapacity, detail),
            StatusCode.ResourceExhausted => new Failure(ExitCodes.Failure, $"{node} is at a limit: {Or(detail, "resource exhausted")}"),
            _ => new Failure(ExitCodes.Failure, $"{node} failed ({error.StatusCode}): {Or(detail, "no detail")}"),
        };
    }

    /// <summary>google.rpc.BadRequest violations as "field: problem; field: problem", when the node sent them.</summary>
    private static string? FieldErrors(RpcException error)
    {
        var badRequest = RichStatus.Of(error)?.GetDetail<BadRequest>();
        if (badRequest is null || badRequest.FieldViolations.Count == 0)
            return null;
        return string.Join("; ", badRequest.FieldViolations.Select(v => Empty(v.Field) ? v.Description : $"{v.Field}: {v.Description}"));
    }

    private static string OneLine(string reason, string? apiKey)
    {
        var line = string.Join(' ', reason.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        // Defence in depth: a key must never reach a terminal or a CI log, even if something echoed it.
        return string.IsNullOrEmpty(apiKey) ? line : line.Replace(apiKey, "***", StringComparison.Ordinal);
    }

    private static bool Empty(string? text) => string.IsNullOrWhiteSpace(text);
    private static string Or(string? text, string fallback) => Empty(text) ? fallback : text!;
}
