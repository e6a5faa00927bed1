using System.Text;
using Akka.Actor;
using Akka.Hosting;
using ActorVision.Cluster.Hosting;
using ActorVision.Cluster.Jobs;
using ActorVision.Core.Validation;
using ActorVision.Node.Access;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using ActorVision.Domain.Jobs;
using ActorVision.Domain.Jobs.Messages;
using ActorVision.Persistence.Jobs;
using V1 = ActorVision.Protocol.V1;

namespace ActorVision.Node.Jobs;

/// <summary>
/// The Jobs gRPC service: submits go to the job's shard (the job id comes from the request id, so a retried submit
/// reaches the job its first attempt created), progress is read from the entity, results from its journal. An id
/// the <see cref="JobDirectory"/> does not know is NotFound before any entity is asked.
/// </summary>
public sealed class JobsService(
    IRequiredActor<JobRegion> region,
    ActorSystem system,
    JobSpecValidator validator,
    JobDirectory directory,
    ILogger<JobsService> logger) : V1.Jobs.JobsBase
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan WatchInterval = TimeSpan.FromMilliseconds(500);
    private const int ChunkSize = 64 * 1024;
    private const int ListParallelism = 8;

    [Requires(AccessRole.Admin)]
    public override async Task<V1.Job> SubmitJob(V1.SubmitJobRequest request, ServerCallContext context)
    {
        var errors = new List<FieldError>();
        // A rule set over the cap is refused before any rule of it is read.
        if (request.Spec is { } proto && proto.Rules.Count > validator.Limits.MaxRules)
            throw Invalid([new FieldError("spec.rules", $"{proto.Rules.Count} rules; a job may have at most {validator.Limits.MaxRules} (actorvision.cameras.max-rules)")]);
        var submitted = JobContract.FromProto(request.Spec, errors);
        var spec = submitted is null ? null : validator.Validate(submitted, errors);
        if (spec is null || errors.Count > 0) throw Invalid(errors);
        // Slots are shared between callers as the node knows them (the key), not as they name themselves.
        spec = spec with { Caller = Caller.Of(context.GetHttpContext().User)?.Name ?? Caller.Anonymous.Name };
        var requestId = string.IsNullOrWhiteSpace(request.RequestId) ? Guid.NewGuid().ToString("N") : request.RequestId;
        var jobId = JobIds.FromRequestId(requestId);
        var reply = await AskAsync(new SubmitJob(jobId, requestId, spec), context);
        return reply switch
        {
            JobAccepted accepted => JobContract.ToProto(accepted.Job),
            JobRejected rejected => throw Rejected(rejected),
            _ => throw Unexpected(reply),
        };
    }

    [Requires(AccessRole.Viewer)]
    public override async Task<V1.Job> GetJob(V1.JobIdRequest request, ServerCallContext context) =>
        JobContract.ToProto(await ViewAsync(request.JobId, context));

    [Requires(AccessRole.Admin)]
    public override async Task<V1.Job> CancelJob(V1.JobIdRequest request, ServerCallContext context)
    {
        await RequireKnownAsync(request.JobId, context);
        var reply = await AskAsync(new CancelJob(request.JobId), context);
        return reply switch
        {
            JobAccepted accepted => JobContract.ToProto(accepted.Job),
            JobRejected rejected => throw Rejected(rejected),
            _ => throw Unexpected(reply),
        };
    }

    [Requires(AccessRole.Viewer)]
    public override async Task<V1.ListJobsReply> ListJobs(V1.ListJobsRequest request, ServerCallContext context)
    {
        var size = request.PageSize == 0 ? DefaultPageSize : request.PageSize;
        if (size is < 1 or > MaxPageSize)
            throw Invalid([new FieldError("page_size", $"{request.PageSize} is out of range: use 1 to {MaxPageSize} (0: {DefaultPageSize})")]);
        int? before = null;
        if (request.PageToken.Length > 0)
        {
            if (!int.TryParse(request.PageToken, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var position) || position < 1)
                throw Invalid([new FieldError("page_token", "is not a token this node gave out (next_page_token of the previous page)")]);
            before = position;
        }
        var (ids, next) = await directory.NewestFirstAsync(before, size, context.CancellationToken);
        var jobs = new List<V1.Job>(ids.Count);
        foreach (var batch in ids.Chunk(ListParallelism))
        {
            var replies = await Task.WhenAll(batch.Select(id => AskAsync(new GetJob(id), context)));
            jobs.AddRange(replies.OfType<JobView>().Select(JobContract.ToProto));
        }
        var reply = new V1.ListJobsReply { NextPageToken = next?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "" };
        reply.Jobs.AddRange(jobs);
        return reply;
    }

    [Requires(AccessRole.Viewer)]
    public override async Task WatchJob(V1.JobIdRequest request, IServerStreamWriter<V1.Job> responseStream, ServerCallContext context)
    {
        V1.Job? last = null;
        while (!context.CancellationToken.IsCancellationRequested)
        {
            V1.Job current;
            try
            {
                current = JobContract.ToProto(await ViewAsync(request.JobId, context));
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Unavailable && last is not null)
            {
                // The job's node is failing over: keep the stream open and ask again.
                await Task.Delay(WatchInterval, context.CancellationToken);
                continue;
            }
            if (!current.Equals(last))
            {
                await responseStream.WriteAsync(current, context.CancellationToken);
                last = current;
            }
            if (current.State is V1.JobState.Completed or V1.JobState.Failed or V1.JobState.Cancelled) return;
            await Task.Delay(WatchInterval, context.CancellationToken);
        }
    }

    [Requires(AccessRole.Viewer)]
    public override async Task GetJobResults(V1.JobResultsRequest request, IServerStreamWriter<V1.JobResultChunk> responseStream, ServerCallContext context)
    {
        var view = await ViewAsync(request.JobId, context);
        var csv = request.Format == V1.ResultFormat.Csv;
        var buffer = new StringBuilder(ChunkSize + 1024);
        if (csv) buffer.Append(JobResultsFormat.CsvHeader).Append('\n');
        await foreach (var e in JobResultsReader.ReadAsync(system, view.JobId, context.CancellationToken))
        {
            buffer.Append(csv ? JobResultsFormat.CsvRow(e, view.JobId) : JobResultsFormat.JsonLine(e, view.JobId)).Append('\n');
            if (buffer.Length >= ChunkSize) await FlushAsync(buffer, responseStream, context);
        }
        if (buffer.Length > 0) await FlushAsync(buffer, responseStream, context);
    }

    private static async Task FlushAsync(StringBuilder buffer, IServerStreamWriter<V1.JobResultChunk> stream, ServerCallContext context)
    {
        await stream.WriteAsync(new V1.JobResultChunk { Data = Google.Protobuf.ByteString.CopyFromUtf8(buffer.ToString()) }, context.CancellationToken);
        buffer.Clear();
    }

    private async Task<JobView> ViewAsync(string jobId, ServerCallContext context)
    {
        await RequireKnownAsync(jobId, context);
        var reply = await AskAsync(new GetJob(jobId), context);
        return reply switch
        {
            JobView view => view,
            JobRejected rejected => throw Rejected(rejected),
            _ => throw Unexpected(reply),
        };
    }

    private async Task<object> AskAsync(IWithJobId message, ServerCallContext context)
    {
        try
        {
            var shards = await region.GetAsync(context.CancellationToken);
            return await shards.Ask<object>(message, AskTimeout, context.CancellationToken);
        }
        catch (AskTimeoutException)
        {
            // Most likely the job's node died and its shard is moving: the client retries.
            var metadata = new Metadata { { "retry-after-ms", "2000" } };
            throw new RpcException(new Grpc.Core.Status(StatusCode.Unavailable,
                $"job '{message.JobId}' did not answer within {AskTimeout.TotalSeconds:0} s (its node may be failing over); retry"), metadata);
        }
    }

    /// <summary>A well-formed id of a job that was submitted; checked before any entity is asked, so a made-up id starts none.</summary>
    private async Task RequireKnownAsync(string jobId, ServerCallContext context)
    {
        if (!JobIds.IsValid(jobId))
            throw Invalid([new FieldError("job_id", $"'{jobId}' is not a job id (they look like j-0123456789abcdef)")]);
        if (!await directory.ExistsAsync(jobId, context.CancellationToken))
            throw new RpcException(new Grpc.Core.Status(StatusCode.NotFound, $"job '{jobId}'"));
    }

    private static RpcException Invalid(IReadOnlyList<FieldError> errors)
    {
        var badRequest = new BadRequest();
        badRequest.FieldViolations.AddRange(errors.Select(e => new BadRequest.Types.FieldViolation { Field = e.Path, Description = e.Message }));
        var status = new Google.Rpc.Status
        {
            Code = (int)Code.InvalidArgument,
            Message = string.Join("; ", errors),
            Details = { Any.Pack(badRequest) },
        };
        return status.ToRpcException();
    }

    private static RpcException Rejected(JobRejected rejected) => rejected.Kind switch
    {
        JobRejectionKind.NotFound => new RpcException(new Grpc.Core.Status(StatusCode.NotFound, $"job '{rejected.JobId}'")),
        JobRejectionKind.AlreadyExists => new RpcException(new Grpc.Core.Status(StatusCode.AlreadyExists, rejected.Reason)),
        JobRejectionKind.ResourceExhausted => new RpcException(new Grpc.Core.Status(StatusCode.ResourceExhausted, rejected.Reason)),
        _ => Invalid(rejected.Errors.Count > 0 ? rejected.Errors : [new FieldError("spec", rejected.Reason)]),
    };

    private RpcException Unexpected(object reply)
    {
        logger.LogError("unexpected reply from a job entity: {Reply}", reply);
        return new RpcException(new Grpc.Core.Status(StatusCode.Internal, "unexpected reply from the job"));
    }
}
