using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Akka.Actor;
using ActorVision.Common.Telemetry;
using ActorVision.Domain.Cameras;
using ActorVision.Domain.Capacity;

namespace ActorVision.Cluster.Telemetry;

/// <summary>
/// The engine's OpenTelemetry instruments, on one <see cref="Meter"/> named <c>ActorVision</c> (the node exports it at
/// <c>/metrics</c>; names below are as Prometheus shows them). Recording is allocation-free: counters and histograms
/// take their tags as stack values, and gauges are read from the registered sources once per scrape.
/// <para>
/// Cameras (tag <c>camera</c>): <c>actorvision_camera_frames_in_total</c>, <c>..._frames_analysed_total</c>,
/// <c>..._frames_encoded_total</c>, <c>..._frames_dropped_total</c> (tag <c>stage</c>: <c>analysis</c>, <c>output</c>;
/// tag <c>reason</c>: <c>replaced</c>, <c>refused</c>, <c>failed</c>, <c>timeout</c>),
/// <c>..._reconnects_total</c>, <c>..._snapshots_failed_total</c>; histograms <c>actorvision_camera_decode_duration_seconds</c>,
/// <c>..._inference_duration_seconds</c>, <c>..._analysis_latency_seconds</c> (capture to analysed) and
/// <c>..._event_latency_seconds</c> (capture to event persisted); <c>actorvision_events_total</c> (tags <c>camera</c>,
/// <c>rule</c>, <c>type</c>); gauge <c>actorvision_camera_state</c> (tags <c>camera</c>, <c>state</c>, value 1).
/// </para>
/// <para>
/// Devices (tags <c>device</c>, <c>model</c>): <c>actorvision_device_batch_size</c> and
/// <c>actorvision_device_inference_duration_seconds</c> per model run, <c>actorvision_device_request_latency_seconds</c>
/// per request, <c>actorvision_device_requests_total</c> (tag <c>outcome</c>); gauges <c>actorvision_device_queue_depth</c>
/// (tag <c>priority</c>), <c>..._in_flight</c>, <c>..._workers</c>, <c>..._workers_busy</c>.
/// </para>
/// <para>
/// Node: <c>actorvision_cluster_members</c> (tag <c>status</c>), <c>actorvision_cluster_unreachable_members</c>; storage
/// (tag <c>folder</c>): <c>actorvision_storage_free_bytes</c>, <c>actorvision_storage_writes_paused</c>, and
/// <c>actorvision_retention_deleted_total</c> (tag <c>kind</c>); per camera <c>actorvision_camera_snapshots_skipped_total</c>
/// and <c>actorvision_camera_recording_frames_skipped_total</c> while disk space is low; capacity
/// (ingest nodes): <c>actorvision_node_cpu_used_cores</c>, <c>..._capacity_cores</c>, <c>..._headroom_cores</c>,
/// <c>actorvision_node_over_capacity</c> (tag <c>reason</c>: <c>cpu</c>, <c>drops</c>, <c>device_busy</c>,
/// <c>device_queue</c>; 1 while it holds), <c>actorvision_node_dropped_share</c>, <c>actorvision_node_cameras</c>, and per
/// camera <c>actorvision_camera_cost_cores</c> (measured) and <c>..._demand_cores</c> (at its analysis rate); CPU,
/// memory and GC come from the runtime and process instrumentation the node adds. Jobs: see <see cref="JobStateChanged"/>.
/// Event delivery (tag <c>sink</c>): see <c>DeliveryMetrics</c>.
/// </para>
/// <para>
/// One per actor system (<see cref="Get"/>), on the node's meter (see <see cref="ActorVisionMeter"/>): the gauges read
/// this node's cameras, jobs and devices only, even with several nodes in one process.
/// </para>
/// </summary>
public sealed class ActorVisionMetrics : IExtension
{
    public const string MeterName = ActorVisionMeter.Name;

    private static readonly double[] LatencyBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
    private static readonly double[] DecodeBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 5];
    private static readonly int[] BatchBuckets = [1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 64];

    private readonly ConcurrentDictionary<string, CameraRunState> _cameraStates = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, JobReading> _jobs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Storage.NodeStorage, byte> _storages = new();
    private INodeObservations? _node;

    internal Counter<long> FramesIn { get; }
    internal Counter<long> FramesAnalysed { get; }
    internal Counter<long> FramesEncoded { get; }
    internal Counter<long> FramesDropped { get; }
    internal Counter<long> Reconnects { get; }
    internal Histogram<double> DecodeDuration { get; }
    internal Histogram<double> CameraInference { get; }
    internal Histogram<double> AnalysisLatency { get; }
    internal Histogram<double> EventLatency { get; }
    internal Counter<long> SnapshotsSkipped { get; }
    internal Counter<long> SnapshotsFailed { get; }
    internal Counter<long> RecordingFramesSkipped { get; }
    private Counter<long> RetentionDeleted { get; }
    private Counter<long> Events { get; }
    private Histogram<int> BatchSize { get; }
    private Histogram<double> BatchInference { get; }
    private Histogram<double> RequestLatency { get; }
    private Counter<long> Requests { get; }
    private Counter<long> JobStateChanges { get; }

    public Meter Meter { get; }

    /// <summary>This actor system's metrics, on the meter of its node's <see cref="IMeterFactory"/> when it has one.</summary>
    public static ActorVisionMetrics Get(ActorSystem system) => system.WithExtension<ActorVisionMetrics, ActorVisionMetricsProvider>();

    /// <param name="meter">The node's meter; the metrics own nothing else and may be made without an actor system (benchmarks).</param>
    public ActorVisionMetrics(Meter meter)
    {
        Meter = meter;
        FramesIn = Meter.CreateCounter<long>(
            "actorvision.camera.frames.in", "{frame}", "Frames decoded from the camera's source");
        FramesAnalysed = Meter.CreateCounter<long>(
            "actorvision.camera.frames.analysed", "{frame}", "Frames that went through detection, tracking and rules");
        FramesEncoded = Meter.CreateCounter<long>(
            "actorvision.camera.frames.encoded", "{frame}", "Frames written to the camera's annotated video outputs");
        FramesDropped = Meter.CreateCounter<long>(
            "actorvision.camera.frames.dropped", "{frame}", "Frames skipped to stay live (stage=analysis: due for analysis but not analysed; stage=output: not encoded), by reason (replaced, refused, failed, timeout)");
        Reconnects = Meter.CreateCounter<long>(
            "actorvision.camera.reconnects", "{reconnect}", "Times the camera's source came back after failing");
        DecodeDuration = Meter.CreateHistogram(
            "actorvision.camera.decode.duration", "s", "Time to read one frame: demux, decode and scale (on a live source, includes waiting for the camera's next frame)",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DecodeBuckets });
        CameraInference = Meter.CreateHistogram(
            "actorvision.camera.inference.duration", "s", "Time from asking the device router for detections to the answer, per analysed frame",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });
        AnalysisLatency = Meter.CreateHistogram(
            "actorvision.camera.analysis.latency", "s", "Time from capture (decode) to the end of the frame's analysis",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });
        EventLatency = Meter.CreateHistogram(
            "actorvision.camera.event.latency", "s", "End to end: time from capture of the frame that caused events to the events being persisted",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });
        SnapshotsFailed = Meter.CreateCounter<long>(
            "actorvision.camera.snapshots.failed", "{snapshot}", "Event snapshots not written (disk full or gone, too slow); the events themselves are persisted");
        SnapshotsSkipped = Meter.CreateCounter<long>(
            "actorvision.camera.snapshots.skipped", "{snapshot}", "Event snapshots not written because the node's disk space is low");
        RecordingFramesSkipped = Meter.CreateCounter<long>(
            "actorvision.camera.recording.frames.skipped", "{frame}", "Frames not recorded (MP4 outputs) because the node's disk space is low");
        RetentionDeleted = Meter.CreateCounter<long>(
            "actorvision.retention.deleted", "{item}", "Files, folders or rows deleted by retention (tag kind: snapshots, recordings, jobs, event-index, journal)");
        Events = Meter.CreateCounter<long>(
            "actorvision.events", "{event}", "Analytics events persisted, by camera, rule and event type");

        BatchSize = Meter.CreateHistogram(
            "actorvision.device.batch.size", "{frame}", "Frames per model run",
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = BatchBuckets });
        BatchInference = Meter.CreateHistogram(
            "actorvision.device.inference.duration", "s", "Time of one model run (preprocessing, model, decoding) for a whole batch",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });
        RequestLatency = Meter.CreateHistogram(
            "actorvision.device.request.latency", "s", "Time from the router receiving a request to its batch finishing (queue plus run)",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });
        Requests = Meter.CreateCounter<long>(
            "actorvision.device.requests", "{request}", "Detection requests a device router answered, by outcome (completed, refused, failed)");

        JobStateChanges = Meter.CreateCounter<long>(
            "actorvision.job.state_changes", "{change}", "Analysis jobs entering a state");

        meter.CreateObservableGauge("actorvision.camera.state", ObserveCameraStates, "{camera}",
            "1 for the state each camera entity on this node is in (tags camera, state)");
        meter.CreateObservableGauge("actorvision.cluster.members", ObserveMembers, "{member}",
            "Cluster members as this node sees them, by status");
        meter.CreateObservableGauge("actorvision.cluster.unreachable_members", ObserveUnreachable, "{member}",
            "Members this node's failure detector marks unreachable");
        meter.CreateObservableGauge("actorvision.device.queue.depth", () => ObserveDevices(DeviceGauge.Queue), "{request}",
            "Requests waiting in a device router (tag priority: live, job)");
        meter.CreateObservableGauge("actorvision.device.in_flight", () => ObserveDevices(DeviceGauge.InFlight), "{request}",
            "Requests in model runs now");
        meter.CreateObservableGauge("actorvision.device.workers", () => ObserveDevices(DeviceGauge.Workers), "{worker}",
            "Worker sessions loaded");
        meter.CreateObservableGauge("actorvision.device.workers.busy", () => ObserveDevices(DeviceGauge.BusyWorkers), "{worker}",
            "Workers running a batch now");
        meter.CreateObservableGauge("actorvision.node.cpu.used.cores", () => ObserveCapacity(c => c.UsedCores), "{core}",
            "CPU this node's process used, smoothed over actorvision.capacity.window");
        meter.CreateObservableGauge("actorvision.node.capacity.cores", () => ObserveCapacity(c => c.CapacityCores), "{core}",
            "CPU this node may use before it is over capacity (cores x cpu-target)");
        meter.CreateObservableGauge("actorvision.node.headroom.cores", () => ObserveCapacity(c => c.HeadroomCores), "{core}",
            "Capacity minus CPU used; negative when over capacity on CPU");
        meter.CreateObservableGauge("actorvision.node.dropped.share", () => ObserveCapacity(c => c.DroppedShare), "1",
            "Share of the frames due for analysis that live cameras dropped, smoothed");
        meter.CreateObservableGauge("actorvision.node.cameras", () => ObserveCapacity(c => c.Cameras), "{camera}",
            "Cameras running (or starting, or reconnecting) on this node");
        meter.CreateObservableGauge("actorvision.node.over_capacity", ObserveOverCapacity, "1",
            "1 while this node is over capacity for the reason tagged (cpu, drops, device_busy, device_queue), else 0");
        meter.CreateObservableGauge("actorvision.camera.cost.cores", () => ObserveCameraCosts(c => c.MeasuredCores), "{core}",
            "CPU a camera costs at the rate it analyses: the node's measured CPU shared out by declared cost");
        meter.CreateObservableGauge("actorvision.camera.demand.cores", () => ObserveCameraCosts(c => c.DemandCores), "{core}",
            "CPU a camera would cost analysing at its spec's rate");
        meter.CreateObservableGauge("actorvision.jobs", ObserveJobs, "{job}",
            "Analysis jobs on this node, by state");
        meter.CreateObservableGauge("actorvision.job.progress", ObserveJobProgress, "1",
            "Progress of each analysis job on this node, 0 to 1 (tag job)");
        meter.CreateObservableGauge("actorvision.storage.free", ObserveFreeSpace, "By",
            "Free space of the file system holding the node's data folder (tag folder)");
        meter.CreateObservableGauge("actorvision.storage.writes_paused", ObserveWritesPaused, "1",
            "1 while the node pauses snapshots and recordings for lack of disk space (tag folder)");
    }

    /// <summary>Tag for a camera's series; made once per pipeline.</summary>
    public static KeyValuePair<string, object?> CameraTag(string cameraId) => new("camera", cameraId);

    // ---- cameras -------------------------------------------------------------------------------------------------

    /// <summary>A camera entity's run state, for <c>actorvision_camera_state</c>. Call <see cref="CameraGone"/> when the entity stops.</summary>
    public void CameraStateChanged(string cameraId, CameraRunState state) => _cameraStates[cameraId] = state;

    public void CameraGone(string cameraId) => _cameraStates.TryRemove(cameraId, out _);

    /// <summary>Counts persisted analytics events.</summary>
    public void EventRecorded(string cameraId, string ruleId, string eventType) =>
        Events.Add(1, new KeyValuePair<string, object?>("camera", cameraId), new("rule", ruleId), new("type", eventType));

    // ---- devices -------------------------------------------------------------------------------------------------

    /// <summary>A device router finished a model run of <paramref name="size"/> frames.</summary>
    public void BatchCompleted(string device, string model, int size, TimeSpan inference)
    {
        var deviceTag = new KeyValuePair<string, object?>("device", device);
        var modelTag = new KeyValuePair<string, object?>("model", model);
        BatchSize.Record(size, deviceTag, modelTag);
        BatchInference.Record(inference.TotalSeconds, deviceTag, modelTag);
        Requests.Add(size, deviceTag, modelTag, new("outcome", "completed"));
    }

    /// <summary>One request of a finished batch: how long it was with the router.</summary>
    public void RequestCompleted(string device, string model, TimeSpan latency) =>
        RequestLatency.Record(latency.TotalSeconds, new KeyValuePair<string, object?>("device", device), new("model", model));

    /// <summary>Requests answered without detections (outcome <c>refused</c> or <c>failed</c>).</summary>
    public void RequestsNotServed(string device, string model, string outcome, int count = 1) =>
        Requests.Add(count, new KeyValuePair<string, object?>("device", device), new("model", model), new("outcome", outcome));

    // ---- node ----------------------------------------------------------------------------------------------------

    /// <summary>
    /// Registers what the node observes (cluster membership, device loads) for the gauges; dispose to unregister.
    /// </summary>
    public IDisposable Observe(INodeObservations node)
    {
        Volatile.Write(ref _node, node);
        return new Registration(() => Interlocked.CompareExchange(ref _node, null, node));
    }

    /// <summary>Reports a node's storage state on the storage gauges until <see cref="StopObservingStorage"/>.</summary>
    public void ObserveStorage(Storage.NodeStorage storage) => _storages[storage] = 0;

    public void StopObservingStorage(Storage.NodeStorage storage) => _storages.TryRemove(storage, out _);

    /// <summary>What a retention pass deleted, by kind.</summary>
    public void RetentionSwept(string kind, long deleted)
    {
        if (deleted > 0) RetentionDeleted.Add(deleted, new KeyValuePair<string, object?>("kind", kind));
    }

    // ---- jobs ----------------------------------------------------------------------------------------------------

    /// <summary>
    /// A job entity on this node is now in <paramref name="state"/> (a lower-case word: <c>queued</c>, <c>running</c>,
    /// <c>completed</c>, <c>failed</c>, <c>cancelled</c>). Counts the transition and sets the job's state for
    /// <c>actorvision_jobs{state}</c>. Call it on every transition and once after recovery.
    /// </summary>
    public void JobStateChanged(string jobId, string state)
    {
        _jobs.AddOrUpdate(jobId, static (_, s) => new JobReading(s, 0), static (_, old, s) => old with { State = s }, state);
        JobStateChanges.Add(1, new KeyValuePair<string, object?>("state", state));
    }

    /// <summary>How far a job is, 0 to 1, for <c>actorvision_job_progress{job}</c>. Cheap: call it as often as progress moves.</summary>
    public void JobProgress(string jobId, double fraction)
    {
        var clamped = double.IsNaN(fraction) ? 0 : Math.Clamp(fraction, 0, 1);
        _jobs.AddOrUpdate(jobId, static (_, f) => new JobReading("running", f), static (_, old, f) => old with { Progress = f }, clamped);
    }

    /// <summary>The job's entity stopped on this node (passivated, moved, deleted): its series disappear here.</summary>
    public void JobRemoved(string jobId) => _jobs.TryRemove(jobId, out _);

    // ---- observations --------------------------------------------------------------------------------------------

    private IEnumerable<Measurement<int>> ObserveCameraStates()
    {
        foreach (var (camera, state) in _cameraStates)
            yield return new Measurement<int>(1, new KeyValuePair<string, object?>("camera", camera), new("state", StateName(state)));
    }

    private IEnumerable<Measurement<int>> ObserveMembers()
    {
        if (Volatile.Read(ref _node) is not { } node) yield break;
        foreach (var (status, count) in node.MembersByStatus())
            yield return new Measurement<int>(count, new KeyValuePair<string, object?>("status", status));
    }

    private IEnumerable<Measurement<int>> ObserveUnreachable()
    {
        if (Volatile.Read(ref _node) is { } node) yield return new Measurement<int>(node.UnreachableMembers());
    }

    private enum DeviceGauge { Queue, InFlight, Workers, BusyWorkers }

    private IEnumerable<Measurement<int>> ObserveDevices(DeviceGauge gauge)
    {
        if (Volatile.Read(ref _node) is not { } node) yield break;
        foreach (var load in node.DeviceLoads())
        {
            var device = new KeyValuePair<string, object?>("device", load.Device);
            switch (gauge)
            {
                case DeviceGauge.Queue:
                    yield return new Measurement<int>(load.QueuedLive, device, new("priority", "live"));
                    yield return new Measurement<int>(load.QueuedJobs, device, new("priority", "job"));
                    break;
                case DeviceGauge.InFlight: yield return new Measurement<int>(load.InFlight, device); break;
                case DeviceGauge.Workers: yield return new Measurement<int>(load.Workers, device); break;
                case DeviceGauge.BusyWorkers: yield return new Measurement<int>(load.BusyWorkers, device); break;
            }
        }
    }

    private IEnumerable<Measurement<double>> ObserveCapacity(Func<NodeCapacity, double> value)
    {
        if (Volatile.Read(ref _node)?.Capacity() is { } estimate) yield return new Measurement<double>(value(estimate.Capacity));
    }

    private IEnumerable<Measurement<int>> ObserveOverCapacity()
    {
        if (Volatile.Read(ref _node)?.Capacity() is not { } estimate) yield break;
        foreach (var kind in Enum.GetValues<CapacityProblemKind>())
            yield return new Measurement<int>(estimate.Capacity.Problems.Any(p => p.Kind == kind) ? 1 : 0, new KeyValuePair<string, object?>("reason", ReasonName(kind)));
    }

    private IEnumerable<Measurement<double>> ObserveCameraCosts(Func<CameraLoad, double> value)
    {
        if (Volatile.Read(ref _node)?.Capacity() is not { } estimate) yield break;
        foreach (var camera in estimate.Cameras) yield return new Measurement<double>(value(camera), new KeyValuePair<string, object?>("camera", camera.CameraId));
    }

    private static string ReasonName(CapacityProblemKind kind) => kind switch
    {
        CapacityProblemKind.Cpu => "cpu",
        CapacityProblemKind.Drops => "drops",
        CapacityProblemKind.DeviceBusy => "device_busy",
        CapacityProblemKind.DeviceQueue => "device_queue",
        _ => kind.ToString().ToLowerInvariant(),
    };

    private IEnumerable<Measurement<int>> ObserveJobs()
    {
        foreach (var group in _jobs.Values.GroupBy(j => j.State))
            yield return new Measurement<int>(group.Count(), new KeyValuePair<string, object?>("state", group.Key));
    }

    private IEnumerable<Measurement<double>> ObserveJobProgress()
    {
        foreach (var (job, reading) in _jobs)
            yield return new Measurement<double>(reading.Progress, new KeyValuePair<string, object?>("job", job));
    }

    private IEnumerable<Measurement<long>> ObserveFreeSpace()
    {
        foreach (var state in _storages.Keys.Select(s => s.Current).Where(s => s.Space.TotalBytes > 0))
            yield return new Measurement<long>(state.Space.FreeBytes, new KeyValuePair<string, object?>("folder", state.Folder));
    }

    private IEnumerable<Measurement<int>> ObserveWritesPaused()
    {
        foreach (var state in _storages.Keys.Select(s => s.Current))
            yield return new Measurement<int>(state.WritesPaused ? 1 : 0, new KeyValuePair<string, object?>("folder", state.Folder));
    }

    private static string StateName(CameraRunState state) => state switch
    {
        CameraRunState.Stopped => "stopped",
        CameraRunState.Starting => "starting",
        CameraRunState.Running => "running",
        CameraRunState.Reconnecting => "reconnecting",
        CameraRunState.Failed => "failed",
        CameraRunState.Completed => "completed",
        _ => state.ToString().ToLowerInvariant(),
    };

    private sealed record JobReading(string State, double Progress);

    private sealed class Registration(Action dispose) : IDisposable
    {
        private Action? _dispose = dispose;
        public void Dispose() => Interlocked.Exchange(ref _dispose, null)?.Invoke();
    }
}

/// <summary>Makes one <see cref="ActorVisionMetrics"/> per actor system, on its node's meter factory when Akka.Hosting gave it one.</summary>
public sealed class ActorVisionMetricsProvider : ExtensionIdProvider<ActorVisionMetrics>
{
    public override ActorVisionMetrics CreateExtension(ExtendedActorSystem system) => new(NodeMeter.Create(system));
}
