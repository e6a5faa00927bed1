using ActorVision.Protocol.V1;

namespace ActorVision.Cli.Connection;

/// <summary>
/// Everything avctl asks of a node. Unary calls retry transient failures up to the connection's timeout;
/// streams are single attempts (their callers resume them: events tail from the last offset, job watch by id).
/// </summary>
public interface IControlClient : IAsyncDisposable
{
    ConnectionSettings Settings { get; }

    Task<MembersReply> GetMembersAsync(CancellationToken cancellationToken);
    Task<ClusterActionReply> LeaveAsync(string address, CancellationToken cancellationToken);
    Task<ClusterActionReply> DownAsync(string address, CancellationToken cancellationToken);
    Task<ClusterActionReply> DownUnreachableAsync(CancellationToken cancellationToken);
    Task<ShardStatsReply> GetShardStatsAsync(string region, CancellationToken cancellationToken);

    /// <summary>Not idempotent: a retry answered AlreadyExists is checked against what we asked for.</summary>
    Task<CameraReply> AddCameraAsync(AddCameraRequest request, CancellationToken cancellationToken);
    Task<CameraReply> UpdateCameraAsync(UpdateCameraRequest request, CancellationToken cancellationToken);
    /// <summary>A retry answered NotFound counts as removed: an earlier attempt did it.</summary>
    Task<RemoveCameraReply> RemoveCameraAsync(string cameraId, CancellationToken cancellationToken);
    Task<CameraReply> GetCameraAsync(string cameraId, CancellationToken cancellationToken);
    Task<ListCamerasReply> ListCamerasAsync(CancellationToken cancellationToken);
    Task<CameraReply> StartCameraAsync(string cameraId, CancellationToken cancellationToken);
    Task<CameraReply> StopCameraAsync(string cameraId, CancellationToken cancellationToken);
    Task<CameraStatus> GetCameraStatusAsync(string cameraId, CancellationToken cancellationToken);
    Task<CameraReply> SetRulesAsync(SetRulesRequest request, CancellationToken cancellationToken);

    Task<EventPage> QueryEventsAsync(EventQuery query, CancellationToken cancellationToken);
    IAsyncEnumerable<AnalyticsEvent> SubscribeEventsAsync(EventSubscription subscription, CancellationToken cancellationToken);

    Task<ListDeadLettersReply> ListDeadLettersAsync(ListDeadLettersRequest request, CancellationToken cancellationToken);
    /// <summary>Marking for replay is idempotent: a retry marks the same dead letters.</summary>
    Task<ReplayDeadLettersReply> ReplayDeadLettersAsync(ReplayDeadLettersRequest request, CancellationToken cancellationToken);

    Task<ListModelsReply> ListModelsAsync(CancellationToken cancellationToken);
    Task<ListDevicesReply> ListDevicesAsync(CancellationToken cancellationToken);

    /// <summary>Retried with the same request_id, so the node queues the job once.</summary>
    Task<Job> SubmitJobAsync(SubmitJobRequest request, CancellationToken cancellationToken);
    Task<Job> GetJobAsync(string jobId, CancellationToken cancellationToken);
    /// <summary>One page of jobs, newest first; <paramref name="pageToken"/> is the previous page's next_page_token ("" for the newest).</summary>
    Task<ListJobsReply> ListJobsAsync(int pageSize, string pageToken, CancellationToken cancellationToken);
    Task<Job> CancelJobAsync(string jobId, CancellationToken cancellationToken);
    IAsyncEnumerable<Job> WatchJobAsync(string jobId, CancellationToken cancellationToken);
    IAsyncEnumerable<ReadOnlyMemory<byte>> GetJobResultsAsync(JobResultsRequest request, CancellationToken cancellationToken);
}
