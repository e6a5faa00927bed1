using System.Buffers;
using ActorVision.Core.Detections;
using ActorVision.Core.Imaging;
using Akka.Actor;

namespace ActorVision.Cluster.Devices;

// Messages of the device routers. Local only: requests carry a VideoFrame by reference (no serialization).
//
// Frame lifetime contract: the requester calls frame.Retain() once for the router before it sends a
// DetectRequest and never touches that hold again. The router side calls Release() exactly once: after the
// model ran (success or failure), or when it refuses or fails the request without running it. The requester
// releases its own hold whenever it likes (it may do so right after sending).
//
// Detections come back in an array rented from ArrayPool<Detection>.Shared (DetectResult.Buffer), so answering a
// frame allocates no array: the requester copies what it keeps and calls ReturnBuffer() once.

/// <summary>Live camera frames go before job (recorded video) frames, and only live ones are ever refused.</summary>
public enum RequestPriority
{
    Live,
    Job,
}

/// <summary>Detect objects in one frame with the named model. The reply (to the sender) is an <see cref="IDetectReply"/>.</summary>
public sealed record DetectRequest(string Model, VideoFrame Frame, RequestPriority Priority, long CorrelationId = 0);

/// <summary>What a requester gets back for a <see cref="DetectRequest"/>, exactly once.</summary>
public interface IDetectReply
{
    string Model { get; }
    long CorrelationId { get; }
}

/// <summary>The detections of the request's frame, in its pixel coordinates.</summary>
/// <param name="Buffer">The first <paramref name="Count"/> entries are the detections; rented from the shared array pool
/// (or empty): the requester gives it back with <see cref="ReturnBuffer"/> once it has read them.</param>
/// <param name="BatchSize">Frames in the model run this frame was part of.</param>
/// <param name="QueueTime">From the router receiving the request to the start of the run.</param>
/// <param name="InferenceTime">The run itself (preprocessing, model, decoding) for the whole batch.</param>
public sealed record DetectResult(
    string Model, long CorrelationId, Detection[] Buffer, int Count, int BatchSize, TimeSpan QueueTime, TimeSpan InferenceTime) : IDetectReply
{
    private int _returned;

    public ReadOnlySpan<Detection> Detections => Buffer.AsSpan(0, Count);

    /// <summary>A result whose buffer is rented from the shared pool and filled with <paramref name="detections"/>.</summary>
    public static DetectResult Rent(string model, long correlationId, ReadOnlySpan<Detection> detections, int batchSize, TimeSpan queueTime, TimeSpan inferenceTime)
    {
        var buffer = detections.IsEmpty ? [] : ArrayPool<Detection>.Shared.Rent(detections.Length);
        detections.CopyTo(buffer);
        return new DetectResult(model, correlationId, buffer, detections.Length, batchSize, queueTime, inferenceTime);
    }

    /// <summary>Gives the buffer back to the pool; later calls do nothing (a second return would hand it to two renters).</summary>
    public void ReturnBuffer()
    {
        if (Interlocked.Exchange(ref _returned, 1) == 0 && Buffer.Length > 0) ArrayPool<Detection>.Shared.Return(Buffer);
    }
}

/// <summary>
/// A live request that will not run because the model's live queue is full: refused on arrival, or later, when a newer
/// frame of the same camera or a camera waiting its turn took its place. The camera counts a dropped frame.
/// </summary>
public sealed record DetectRefused(string Model, long CorrelationId, string Reason) : IDetectReply;

/// <summary>The request's batch failed (session error, NaN output), or the model is unknown or cannot load.</summary>
public sealed record DetectFailed(string Model, long CorrelationId, string Error) : IDetectReply;

/// <summary>Ask a router for its <see cref="DeviceLoad"/> now (it also publishes it on the event stream every load-interval).</summary>
public sealed record GetDeviceLoad
{
    public static GetDeviceLoad Instance { get; } = new();
}

/// <summary>Reply <see cref="DeviceReady"/> once every worker of every model has loaded its session, or the model failed to load.</summary>
public sealed record WaitUntilReady
{
    public static WaitUntilReady Instance { get; } = new();
}

/// <param name="Unavailable">Models that could not load, with the reason.</param>
public sealed record DeviceReady(string Device, IReadOnlyDictionary<string, string> Unavailable);

/// <summary>
/// A router's load, for monitoring and for picking the least-loaded local device: published by each router on its
/// actor system's event stream every load-interval (subscribe to <see cref="DeviceLoad"/>), and the answer to <see cref="GetDeviceLoad"/>.
/// </summary>
/// <param name="Device">The device, e.g. <c>cpu</c>, <c>cuda:0</c>.</param>
/// <param name="Providers">Execution providers the loaded sessions actually run on (a GPU device that fell back shows <c>cpu</c>).</param>
/// <param name="QueuedLive">Live requests waiting, all models.</param>
/// <param name="QueuedJobs">Job requests waiting, all models.</param>
/// <param name="InFlight">Requests in model runs now.</param>
/// <param name="Workers">Worker sessions that are loaded.</param>
/// <param name="BusyWorkers">Workers running a batch now.</param>
/// <param name="RecentBatchSize">Mean frames per run over the statistics window.</param>
/// <param name="RecentInference">Mean run time over the window.</param>
/// <param name="LatencyP50">Median time from the router receiving a request to its batch finishing, over recent requests.</param>
/// <param name="LatencyP99">99th percentile of the same.</param>
/// <param name="Completed">Requests answered with detections since start.</param>
/// <param name="Refused">Live requests refused since start.</param>
/// <param name="Failed">Requests failed since start.</param>
public sealed record DeviceLoad(
    string Device, IReadOnlyList<string> Providers, int QueuedLive, int QueuedJobs, int InFlight, int Workers, int BusyWorkers,
    double RecentBatchSize, TimeSpan RecentInference, TimeSpan LatencyP50, TimeSpan LatencyP99, long Completed, long Refused, long Failed)
{
    /// <summary>Requests the device still has to finish.</summary>
    public int Pending => QueuedLive + QueuedJobs + InFlight;
}

/// <summary>A request the router holds, with who to answer and when it arrived (Stopwatch ticks).</summary>
internal sealed record PendingRequest(DetectRequest Request, IActorRef ReplyTo, long ReceivedTicks);

/// <summary>Router to worker: run these requests as one batch.</summary>
internal sealed record RunBatch(long BatchId, PendingRequest[] Requests);

/// <summary>Worker to router: a session is loaded (after start or restart).</summary>
internal sealed record WorkerReady(int MaxBatch, string Provider);

/// <summary>Worker to router: the session could not be created; the worker stops.</summary>
internal sealed record WorkerUnavailable(string Reason);

/// <summary>Worker to router: a batch was answered.</summary>
internal sealed record BatchCompleted(long BatchId, int Size, TimeSpan Inference);

/// <summary>Worker to router: a batch failed and was answered with <see cref="DetectFailed"/>; the worker restarts.</summary>
internal sealed record BatchFailed(long BatchId, int Size, string Error);

/// <summary>Timer: publish the router's load.</summary>
internal sealed record PublishLoad
{
    public static PublishLoad Instance { get; } = new();
}

/// <summary>Timer: the oldest request of a model's forming batch has waited max-delay.</summary>
internal sealed record BatchDeadline(string Model);
