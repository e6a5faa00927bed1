using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using ActorVision.Cli.Cameras;
using ActorVision.Cli.Resilience;
using ActorVision.Protocol.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace ActorVision.Cli.Connection;

/// <summary>
/// <see cref="IControlClient"/> over one gRPC channel. Every call carries the API key header (when set) and
/// shares one deadline across its retries, so --timeout bounds what the operator waits.
/// </summary>
public sealed class GrpcControlClient : IControlClient
{
    public const string ApiKeyHeader = "x-api-key";

    private readonly GrpcChannel _channel;
    private readonly ResilientCall _resilience;
    private readonly ClusterAdmin.ClusterAdminClient _cluster;
    private readonly Protocol.V1.Cameras.CamerasClient _cameras;
    private readonly Protocol.V1.Events.EventsClient _events;
    private readonly Models.ModelsClient _models;
    private readonly Protocol.V1.Jobs.JobsClient _jobs;
    private readonly Protocol.V1.Delivery.DeliveryClient _delivery;

    public GrpcControlClient(ConnectionSettings settings, ResilientCall resilience)
    {
        Settings = settings;
        _resilience = resilience;
        _channel = GrpcChannel.ForAddress(settings.Address, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler
            {
                ConnectTimeout = settings.Timeout,
                EnableMultipleHttp2Connections = true,
                // Long streams (events tail, job watch) must notice a node that vanished without closing TCP.
                KeepAlivePingDelay = TimeSpan.FromSeconds(15),
                KeepAlivePingTimeout = TimeSpan.FromSeconds(10),
                KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
                SslOptions = settings.CaFile is { } ca ? NodeCertificates.TrustOnly(ca) : new System.Net.Security.SslClientAuthenticationOptions(),
            },
            MaxReceiveMessageSize = 64 * 1024 * 1024,
        });
        _cluster = new ClusterAdmin.ClusterAdminClient(_channel);
        _cameras = new Protocol.V1.Cameras.CamerasClient(_channel);
        _events = new Protocol.V1.Events.EventsClient(_channel);
        _models = new Models.ModelsClient(_channel);
        _jobs = new Protocol.V1.Jobs.JobsClient(_channel);
        _delivery = new Protocol.V1.Delivery.DeliveryClient(_channel);
    }

    public ConnectionSettings Settings { get; }

    public Task<MembersReply> GetMembersAsync(CancellationToken cancellationToken) =>
        Unary(o => _cluster.GetMembersAsync(new GetMembersRequest(), o), cancellationToken);

    public Task<ClusterActionReply> LeaveAsync(string address, CancellationToken cancellationToken) =>
        Unary(o => _cluster.LeaveAsync(new AddressRequest { Address = address }, o), cancellationToken);

    public Task<ClusterActionReply> DownAsync(string address, CancellationToken cancellationToken) =>
        Unary(o => _cluster.DownAsync(new AddressRequest { Address = address }, o), cancellationToken);

    public Task<ClusterActionReply> DownUnreachableAsync(CancellationToken cancellationToken) =>
        Unary(o => _cluster.DownUnreachableAsync(new DownUnreachableRequest(), o), cancellationToken);

    public Task<ShardStatsReply> GetShardStatsAsync(string region, CancellationToken cancellationToken) =>
        Unary(o => _cluster.GetShardStatsAsync(new ShardStatsRequest { Region = region }, o), cancellationToken);

    public Task<CameraReply> AddCameraAsync(AddCameraRequest request, CancellationToken cancellationToken) =>
        Unary(o => _cameras.AddCameraAsync(request, o), cancellationToken, async (error, ct) =>
        {
            // AlreadyExists after an unanswered attempt: ours, if the stored camera holds what we asked for.
            if (error.StatusCode == StatusCode.AlreadyExists)
            {
                var stored = await GetCameraAsync(request.Spec.Id, ct).ConfigureAwait(false);
                if (stored.Camera?.Spec is { } spec && SpecCoverage.Covers(request.Spec, spec))
                    return stored;
            }
            ExceptionDispatchInfo.Throw(error);
            throw error;
        });

    public Task<CameraReply> UpdateCameraAsync(UpdateCameraRequest request, CancellationToken cancellationToken) =>
        Unary(o => _cameras.UpdateCameraAsync(request, o), cancellationToken);

    public Task<RemoveCameraReply> RemoveCameraAsync(string cameraId, CancellationToken cancellationToken) =>
        Unary(o => _cameras.RemoveCameraAsync(new CameraIdRequest { CameraId = cameraId }, o), cancellationToken, (error, _) =>
        {
            if (error.StatusCode == StatusCode.NotFound)
                return Task.FromResult(new RemoveCameraReply { CameraId = cameraId });
            ExceptionDispatchInfo.Throw(error);
            throw error;
        });

    public Task<CameraReply> GetCameraAsync(string cameraId, CancellationToken cancellationToken) =>
        Unary(o => _cameras.GetCameraAsync(new CameraIdRequest { CameraId = cameraId }, o), cancellationToken);

    public Task<ListCamerasReply> ListCamerasAsync(CancellationToken cancellationToken) =>
        Unary(o => _cameras.ListCamerasAsync(new ListCamerasRequest(), o), cancellationToken);

    public Task<CameraReply> StartCameraAsync(string cameraId, CancellationToken cancellationToken) =>
        Unary(o => _cameras.StartCameraAsync(new CameraIdRequest { CameraId = cameraId }, o), cancellationToken);

    public Task<CameraReply> StopCameraAsync(string cameraId, CancellationToken cancellationToken) =>
        Unary(o => _cameras.StopCameraAsync(new CameraIdRequest { CameraId = cameraId }, o), cancellationToken);

    public Task<CameraStatus> GetCameraStatusAsync(string cameraId, CancellationToken cancellationToken) =>
        Unary(o => _cameras.GetCameraStatusAsync(new CameraIdRequest { CameraId = cameraId }, o), cancellationToken);

    public Task<CameraReply> SetRulesAsync(SetRulesRequest request, CancellationToken cancellationToken) =>
        Unary(o => _cameras.SetRulesAsync(request, o), cancellationToken);

    public Task<EventPage> QueryEventsAsync(EventQuery query, CancellationToken cancellationToken) =>
        Unary(o => _events.QueryEventsAsync(query, o), cancellationToken);

    public async IAsyncEnumerable<AnalyticsEvent> SubscribeEventsAsync(
        EventSubscription subscription, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var call = _events.SubscribeEvents(subscription, Options(deadline: null, cancellationToken));
        await foreach (var item in call.ResponseStream.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            yield return item;
    }

    public Task<ListDeadLettersReply> ListDeadLettersAsync(ListDeadLettersRequest request, CancellationToken cancellationToken) =>
        Unary(o => _delivery.ListDeadLettersAsync(request, o), cancellationToken);

    public Task<ReplayDeadLettersReply> ReplayDeadLettersAsync(ReplayDeadLettersRequest request, CancellationToken cancellationToken) =>
        Unary(o => _delivery.ReplayDeadLettersAsync(request, o), cancellationToken);

    public Task<ListModelsReply> ListModelsAsync(CancellationToken cancellationToken) =>
        Unary(o => _models.ListModelsAsync(new ListModelsRequest(), o), cancellationToken);

    public Task<ListDevicesReply> ListDevicesAsync(CancellationToken cancellationToken) =>
        Unary(o => _models.ListDevicesAsync(new ListDevicesRequest(), o), cancellationToken);

    public Task<Job> SubmitJobAsync(SubmitJobRequest request, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(request.RequestId))
            throw new ArgumentException("A submit needs a request_id so that a retry cannot queue the job twice.", nameof(request));
        return Unary(o => _jobs.SubmitJobAsync(request, o), cancellationToken);
    }

    public Task<Job> GetJobAsync(string jobId, CancellationToken cancellationToken) =>
        Unary(o => _jobs.GetJobAsync(new JobIdRequest { JobId = jobId }, o), cancellationToken);

    public Task<ListJobsReply> ListJobsAsync(int pageSize, string pageToken, CancellationToken cancellationToken) =>
        Unary(o => _jobs.ListJobsAsync(new ListJobsRequest { PageSize = pageSize, PageToken = pageToken }, o), cancellationToken);

    public Task<Job> CancelJobAsync(string jobId, CancellationToken cancellationToken) =>
        Unary(o => _jobs.CancelJobAsync(new JobIdRequest { JobId = jobId }, o), cancellationToken);

    public async IAsyncEnumerable<Job> WatchJobAsync(string jobId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var call = _jobs.WatchJob(new JobIdRequest { JobId = jobId }, Options(deadline: null, cancellationToken));
        await foreach (var item in call.ResponseStream.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            yield return item;
    }

    public async IAsyncEnumerable<ReadOnlyMemory<byte>> GetJobResultsAsync(
        JobResultsRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var call = _jobs.GetJobResults(request, Options(deadline: null, cancellationToken));
        await foreach (var chunk in call.ResponseStream.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            yield return chunk.Data.Memory;
    }

    public ValueTask DisposeAsync()
    {
        _channel.Dispose();
        return ValueTask.CompletedTask;
    }

    private Task<T> Unary<T>(
        Func<CallOptions, AsyncUnaryCall<T>> call,
        CancellationToken cancellationToken,
        Func<RpcException, CancellationToken, Task<T>>? resolveAfterRetry = null) =>
        _resilience.RunAsync(
            async (deadline, ct) => await call(Options(deadline, ct)).ConfigureAwait(false),
            Settings.Timeout,
            cancellationToken,
            resolveAfterRetry);

    private CallOptions Options(DateTime? deadline, CancellationToken cancellationToken) =>
        CallOptionsFor(Settings, deadline, cancellationToken);

    /// <summary>The headers and deadline of one call: the API key travels as x-api-key, only when set.</summary>
    internal static CallOptions CallOptionsFor(ConnectionSettings settings, DateTime? deadline, CancellationToken cancellationToken)
    {
        var headers = new Metadata();
        if (settings.ApiKey is { } key)
            headers.Add(ApiKeyHeader, key);
        return new CallOptions(headers, deadline, cancellationToken);
    }
}
