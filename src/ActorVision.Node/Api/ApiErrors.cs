using System.Globalization;
using ActorVision.Cluster.Cameras.Client;
using ActorVision.Core.Validation;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using ActorVision.Domain.Cameras.Messages;
using Status = Google.Rpc.Status;

namespace ActorVision.Node.Api;

/// <summary>
/// The error model every service follows (common.proto): InvalidArgument names the fields (a google.rpc.BadRequest
/// with one violation per field), NotFound says what, Unavailable carries retry advice (a <c>retry-after-ms</c>
/// trailer and a google.rpc.RetryInfo), a camera managed through the other door is FailedPrecondition, a node at its
/// camera cap is ResourceExhausted.
/// </summary>
public static class ApiErrors
{
    public const string RetryAfterTrailer = "retry-after-ms";
    private const string StatusDetailsTrailer = "grpc-status-details-bin";

    public static RpcException InvalidArgument(IReadOnlyList<FieldError> errors)
    {
        var badRequest = new BadRequest();
        badRequest.FieldViolations.AddRange(errors.Select(e => new BadRequest.Types.FieldViolation { Field = e.Path, Description = e.Message }));
        return new Status
        {
            Code = (int)Code.InvalidArgument,
            Message = string.Join("; ", errors.Select(e => e.ToString())),
            Details = { Any.Pack(badRequest) },
        }.ToRpcException();
    }

    public static RpcException InvalidArgument(string field, string problem) => InvalidArgument([new FieldError(field, problem)]);

    public static RpcException NotFound(string what) => new(new Grpc.Core.Status(StatusCode.NotFound, what));

    public static RpcException AlreadyExists(string reason) => new(new Grpc.Core.Status(StatusCode.AlreadyExists, reason));

    public static RpcException FailedPrecondition(string reason) => new(new Grpc.Core.Status(StatusCode.FailedPrecondition, reason));

    /// <summary>No room for what was asked; <paramref name="reason"/> names the numbers, <paramref name="metadata"/> repeats them for programs.</summary>
    public static RpcException ResourceExhausted(string reason, string errorReason, IReadOnlyDictionary<string, string> metadata)
    {
        var info = new ErrorInfo { Reason = errorReason, Domain = "actorvision" };
        foreach (var (key, value) in metadata) info.Metadata[key] = value;
        return WithDetails(new Status { Code = (int)Code.ResourceExhausted, Message = reason, Details = { Any.Pack(info) } }, []);
    }

    public static RpcException Unavailable(string reason, TimeSpan retryAfter)
    {
        var retryInfo = new RetryInfo { RetryDelay = Duration.FromTimeSpan(retryAfter) };
        var status = new Status { Code = (int)Code.Unavailable, Message = reason, Details = { Any.Pack(retryInfo) } };
        var trailers = new Metadata
        {
            { RetryAfterTrailer, ((long)retryAfter.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) },
        };
        return WithDetails(status, trailers);
    }

    /// <summary>The rich status travels in the standard grpc-status-details-bin trailer, next to any trailers of our own.</summary>
    private static RpcException WithDetails(Status status, Metadata trailers)
    {
        trailers.Add(StatusDetailsTrailer, status.ToByteArray());
        return new RpcException(new Grpc.Core.Status((StatusCode)status.Code, status.Message), trailers);
    }

    public static RpcException Unavailable(CameraUnavailableException error) => Unavailable(error.Message, error.RetryAfter);

    /// <param name="fieldPrefix">Where the camera's fields sit in the request, e.g. <c>spec.</c>; the entity names them relative to the spec.</param>
    public static RpcException From(CameraRejected rejection, string fieldPrefix) => rejection.Kind switch
    {
        RejectionKind.Invalid when rejection.Errors.Count > 0 =>
            InvalidArgument(rejection.Errors.Select(e => e with { Path = fieldPrefix + e.Path }).ToArray()),
        RejectionKind.Invalid => new RpcException(new Grpc.Core.Status(StatusCode.InvalidArgument, rejection.Reason)),
        RejectionKind.NotFound => NotFound($"camera '{rejection.CameraId}'"),
        RejectionKind.AlreadyExists => AlreadyExists(rejection.Reason),
        RejectionKind.ManagedElsewhere => FailedPrecondition(rejection.Reason),
        RejectionKind.ResourceExhausted => new RpcException(new Grpc.Core.Status(StatusCode.ResourceExhausted, rejection.Reason)),
        _ => new RpcException(new Grpc.Core.Status(StatusCode.Internal, rejection.Reason)),
    };
}
