using ActorVision.Delivery;
using Google.Protobuf.WellKnownTypes;
using ActorVision.Node.Access;
using Grpc.Core;
using V1 = ActorVision.Protocol.V1;

namespace ActorVision.Node.Api;

/// <summary>
/// Dead letters of the cluster's sinks: listed from the delivery tables (any node reads them), and replayed by marking
/// them in the store and nudging the sink wherever it runs. Nothing here holds more than one page or one request's
/// offsets in memory.
/// </summary>
public sealed class DeliveryService(DeliveryStore store, DeliverySinks sinks) : V1.Delivery.DeliveryBase
{
    private const int DefaultLimit = 100;
    private const int MaxLimit = 1000;

    [Requires(AccessRole.Viewer)]
    public override async Task<V1.ListDeadLettersReply> ListDeadLetters(V1.ListDeadLettersRequest request, ServerCallContext context)
    {
        var errors = new List<Core.Validation.FieldError>();
        if (request.Sink.Length > 0) CheckSinkName(request.Sink, errors);
        if (request.Limit is < 0 or > MaxLimit) errors.Add(new("limit", $"must be between 1 and {MaxLimit} (0: {DefaultLimit})"));
        if (request.AfterOffset < 0) errors.Add(new("afterOffset", "must not be negative"));
        if (errors.Count > 0) throw ApiErrors.InvalidArgument(errors);

        var limit = request.Limit == 0 ? DefaultLimit : request.Limit;
        var letters = await store.ListDeadLettersAsync(request.Sink, request.AfterOffset, limit, context.CancellationToken);
        var reply = new V1.ListDeadLettersReply { Total = await store.CountAllDeadLettersAsync(request.Sink, context.CancellationToken) };
        reply.Sinks.AddRange(sinks.Names.Order(StringComparer.Ordinal));
        reply.DeadLetters.AddRange(letters.Select(l => new V1.DeadLetter
        {
            Sink = l.Letter.Sink,
            Offset = l.Letter.Offset,
            EventId = l.Letter.EventId,
            CameraId = l.Letter.CameraId,
            RuleId = l.Letter.RuleId,
            Type = l.Letter.EventType,
            Attempts = l.Letter.Attempts,
            LastError = l.Letter.LastError,
            DeadAt = Timestamp.FromDateTime(DateTime.SpecifyKind(l.Letter.DeadAt, DateTimeKind.Utc)),
            ReplayPending = l.ReplayPending,
            Payload = request.IncludePayload ? l.Letter.Payload : "",
        }));
        return reply;
    }

    [Requires(AccessRole.Admin)]
    public override async Task<V1.ReplayDeadLettersReply> ReplayDeadLetters(V1.ReplayDeadLettersRequest request, ServerCallContext context)
    {
        var errors = new List<Core.Validation.FieldError>();
        CheckSinkName(request.Sink, errors);
        if (request.All == (request.Offsets.Count > 0)) errors.Add(new("offsets", "name the offsets to replay, or set all (not both)"));
        if (request.Offsets.Count > DeliveryStore.MaxReplayOffsets) errors.Add(new("offsets", $"at most {DeliveryStore.MaxReplayOffsets} per request"));
        if (request.Offsets.Any(o => o <= 0)) errors.Add(new("offsets", "offsets are positive"));
        if (errors.Count > 0) throw ApiErrors.InvalidArgument(errors);
        // Only a sink that runs can replay: dead letters of a sink removed from the configuration stay listed.
        if (!sinks.Contains(request.Sink)) throw ApiErrors.NotFound($"sink '{request.Sink}' (not configured or not enabled; `avctl delivery dead-letters ls` lists the sinks)");

        var marked = await store.RequestReplayAsync(request.Sink, request.All ? null : request.Offsets, context.CancellationToken);
        sinks.ReplayRequested(request.Sink);
        var reply = new V1.ReplayDeadLettersReply { Pending = marked.Pending };
        reply.NotFound.AddRange(marked.NotFound);
        return reply;
    }

    private static void CheckSinkName(string sink, List<Core.Validation.FieldError> errors)
    {
        if (sink.Length is 0 or > 64 || !sink.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            errors.Add(new("sink", "a sink name: 1-64 letters, digits, '-' or '_'"));
    }
}
