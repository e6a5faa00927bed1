using System.Globalization;

namespace ActorVision.Domain.Capacity;

/// <summary>
/// Estimates a node's load and headroom from what it can measure: the process's CPU time, the analysed and dropped
/// frames its cameras report, and its devices' busy workers and queues. CPU is measured for the node as a whole; it is
/// shared out to the cameras in proportion to their declared cost at the rate each actually analysed
/// (<see cref="CameraCostModel"/>), which turns declared costs into measured ones. Rates are smoothed exponentially
/// over <see cref="CapacitySettings.Window"/>. Feed it samples as they come and call <see cref="Estimate"/> on a
/// clock; not thread-safe.
/// </summary>
public sealed class NodeLoadEstimator(string node, CapacitySettings settings, CameraCostModel costs, Func<string, string> shardOf, double processorCount)
{
    /// <summary>Below this much declared CPU on the node, measured CPU says more about the node than its cameras.</summary>
    private const double MinDeclaredToCalibrate = 0.05;
    private const double MinCalibration = 0.25;
    private const double MaxCalibration = 4;

    private readonly Dictionary<string, CameraTrack> _cameras = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DeviceTrack> _devices = new(StringComparer.Ordinal);
    private DateTime? _lastEstimate;
    private TimeSpan _lastCpu;
    private double? _usedCores;

    /// <summary>Cores this node may use: configured, or what the process sees.</summary>
    public double Cores => settings.Cores > 0 ? settings.Cores : processorCount;

    /// <summary>A camera's latest report; one that does not run stays listed at no cost, so its shard is known to be cheap.</summary>
    public void Record(CameraUsage usage)
    {
        if (_cameras.TryGetValue(usage.Spec.Id, out var track)) track.Latest = usage;
        else _cameras[usage.Spec.Id] = new CameraTrack(usage);
    }

    /// <summary>The camera's entity stopped on this node (removed, moved away, the node leaving).</summary>
    public void Forget(string cameraId) => _cameras.Remove(cameraId);

    public void Record(DeviceUsage usage)
    {
        if (!_devices.TryGetValue(usage.Device, out var track)) _devices[usage.Device] = track = new DeviceTrack();
        var workers = Math.Max(1, usage.Workers);
        track.BusySum += Math.Clamp((double)usage.BusyWorkers / workers, 0, 1);
        track.QueueSum += (double)usage.QueuedLive / workers;
        track.Samples++;
    }

    /// <param name="now">When the CPU time was read.</param>
    /// <param name="processCpu">The process's total CPU time so far (user and system, all threads).</param>
    public NodeEstimate Estimate(DateTime now, TimeSpan processCpu)
    {
        var elapsed = _lastEstimate is { } last ? (now - last).TotalSeconds : 0;
        var first = elapsed <= 0;
        var alpha = first ? 1 : 1 - Math.Exp(-elapsed / settings.Window.TotalSeconds);
        if (!first)
        {
            var cpuCores = Math.Max(0, (processCpu - _lastCpu).TotalSeconds / elapsed);
            _usedCores = _usedCores is { } used ? used + alpha * (cpuCores - used) : cpuCores;
        }
        _lastEstimate = now;
        _lastCpu = processCpu;

        foreach (var camera in _cameras.Values) camera.Advance(elapsed, alpha);
        foreach (var device in _devices.Values) device.Advance(alpha);

        var usedCores = _usedCores ?? 0;
        var running = _cameras.Values.Where(c => c.Latest.Running).ToArray();
        var analysedDeclared = running.Sum(c => costs.CoresAt(c.Latest.Spec, c.AnalysedFps));
        var calibration = analysedDeclared >= MinDeclaredToCalibrate && _usedCores is not null
            ? Math.Clamp(Math.Max(0, usedCores - settings.NodeOverheadCores) / analysedDeclared, MinCalibration, MaxCalibration)
            : 1;

        var cameras = _cameras.Values
            .Select(c =>
            {
                var spec = c.Latest.Spec;
                var declared = c.Latest.Running ? costs.CoresAt(spec, spec.AnalysisFps) : 0;
                var measured = c.Latest.Running ? costs.CoresAt(spec, c.AnalysedFps) : 0;
                var load = new CameraLoad(spec.Id, shardOf(spec.Id), c.AnalysedFps, c.DroppedFps, calibration * measured, calibration * declared);
                return (Load: load, Declared: declared);
            })
            .OrderBy(c => c.Load.CameraId, StringComparer.Ordinal)
            .ToArray();
        var shards = cameras
            .GroupBy(c => c.Load.ShardId, StringComparer.Ordinal)
            .Select(g => new ShardCost(g.Key, g.Count(), g.Sum(c => c.Declared), g.Sum(c => c.Load.DemandCores)))
            .OrderBy(s => s.ShardId, StringComparer.Ordinal)
            .ToArray();

        var live = running.Where(c => c.Latest.Spec.Mode == Core.Cameras.SourceMode.Live).ToArray();
        var due = live.Sum(c => c.AnalysedFps + c.DroppedFps);
        var droppedShare = due >= settings.MinDueFramesPerSecond ? live.Sum(c => c.DroppedFps) / due : 0;
        var busiest = _devices.OrderByDescending(d => d.Value.BusyShare).ThenBy(d => d.Key, StringComparer.Ordinal).FirstOrDefault();
        var queued = _devices.OrderByDescending(d => d.Value.Queue).ThenBy(d => d.Key, StringComparer.Ordinal).FirstOrDefault();

        var capacityCores = Cores * settings.CpuTarget;
        var problems = new List<CapacityProblem>();
        if (usedCores > capacityCores)
            problems.Add(new CapacityProblem(CapacityProblemKind.Cpu, Text(
                $"CPU {usedCores:0.00} of {capacityCores:0.00} cores ({Percent(settings.CpuTarget)} of {Cores:0.##})")));
        if (droppedShare > settings.MaxDroppedShare)
            problems.Add(new CapacityProblem(CapacityProblemKind.Drops, Text(
                $"{Percent(droppedShare)} of frames due for analysis dropped (limit {Percent(settings.MaxDroppedShare)})")));
        if (busiest.Value is { } busy && busy.BusyShare > settings.MaxDeviceBusyShare)
            problems.Add(new CapacityProblem(CapacityProblemKind.DeviceBusy, Text(
                $"device {busiest.Key} busy {Percent(busy.BusyShare)} of the time (limit {Percent(settings.MaxDeviceBusyShare)})")));
        if (queued.Value is { } queue && queue.Queue > settings.MaxDeviceQueuePerWorker)
            problems.Add(new CapacityProblem(CapacityProblemKind.DeviceQueue, Text(
                $"device {queued.Key}: {queue.Queue:0.#} live requests waiting per worker (limit {settings.MaxDeviceQueuePerWorker:0.#})")));

        var capacity = new NodeCapacity(node, now, Cores, capacityCores, usedCores, calibration, running.Length, droppedShare,
            busiest.Value?.BusyShare ?? 0, queued.Value?.Queue ?? 0, problems, shards);
        return new NodeEstimate(capacity, cameras.Select(c => c.Load).ToArray());
    }

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>"17%" (the invariant culture's percent format puts a space before the sign).</summary>
    public static string Percent(double share) => (share * 100).ToString("0", CultureInfo.InvariantCulture) + "%";

    private sealed class CameraTrack(CameraUsage first)
    {
        private long _analysed;
        private long _dropped;
        private bool _counting;
        private bool _rated;

        public CameraUsage Latest { get; set; } = first;
        public double AnalysedFps { get; private set; }
        public double DroppedFps { get; private set; }

        /// <summary>
        /// Moves the rates on by the frames counted since the last estimate; a restarted pipeline counts from zero. A
        /// camera first seen since the last estimate only starts counting: how long it ran in that interval is unknown.
        /// </summary>
        public void Advance(double elapsed, double alpha)
        {
            if (elapsed <= 0 || !_counting)
            {
                (_analysed, _dropped, _counting) = (Latest.FramesAnalysed, Latest.FramesDropped, true);
                return;
            }
            var analysed = Delta(Latest.FramesAnalysed, _analysed) / elapsed;
            var dropped = Delta(Latest.FramesDropped, _dropped) / elapsed;
            _analysed = Latest.FramesAnalysed;
            _dropped = Latest.FramesDropped;
            if (_rated)
            {
                AnalysedFps += alpha * (analysed - AnalysedFps);
                DroppedFps += alpha * (dropped - DroppedFps);
            }
            else
            {
                (AnalysedFps, DroppedFps, _rated) = (analysed, dropped, true);
            }
        }

        private static double Delta(long now, long before) => now >= before ? now - before : now;
    }

    private sealed class DeviceTrack
    {
        private bool _rated;
        public double BusySum { get; set; }
        public double QueueSum { get; set; }
        public int Samples { get; set; }
        public double BusyShare { get; private set; }
        public double Queue { get; private set; }

        public void Advance(double alpha)
        {
            if (Samples == 0) return;
            var busy = BusySum / Samples;
            var queue = QueueSum / Samples;
            (BusySum, QueueSum, Samples) = (0, 0, 0);
            if (_rated)
            {
                BusyShare += alpha * (busy - BusyShare);
                Queue += alpha * (queue - Queue);
            }
            else
            {
                (BusyShare, Queue, _rated) = (busy, queue, true);
            }
        }
    }
}
