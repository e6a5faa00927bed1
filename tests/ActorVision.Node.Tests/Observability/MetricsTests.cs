using ActorVision.Node.Tests.Support;
using ActorVision.Tests;

namespace ActorVision.Node.Tests.Observability;

/// <summary>
/// <c>/metrics</c> of a node running a real RTSP camera: the camera's counters rise between scrapes and its histograms
/// fill. Runs beside other tests' nodes in this process: each node exports its own meter only.
/// </summary>
public sealed class MetricsTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_running_cameras_counters_rise_and_its_histograms_fill()
    {
        await using var running = await CrossingCameraNode.StartAsync("metrics");
        var (http, id) = (running.Http, running.CameraId);
        var camera = ("camera", id);

        var first = await Eventually.GetAsync(() => PrometheusScrape.FetchAsync(http),
            m => m.Sum("actorvision_camera_frames_analysed_total", camera) >= 3,
            Timeout, "frames analysed", m => Describe(m, id));

        // Counters keep rising, and a pass of the box over the line produces an event, counted by rule and type.
        var later = await Eventually.GetAsync(() => PrometheusScrape.FetchAsync(http),
            m => m.Sum("actorvision_camera_frames_in_total", camera) > first.Sum("actorvision_camera_frames_in_total", camera)
                 && m.Sum("actorvision_camera_frames_analysed_total", camera) > first.Sum("actorvision_camera_frames_analysed_total", camera)
                 && m.Sum("actorvision_events_total", camera, ("rule", CrossingCameraNode.LineRule), ("type", "LineCrossed")) >= 1
                 && m.Sum("actorvision_camera_event_latency_seconds_count", camera) >= 1
                 && m.Sum("actorvision_camera_cost_cores", camera) > 0,
            Timeout, "counters rising and a line-crossing event", m => Describe(m, id));

        // Camera histograms: every one has observations, and its +Inf bucket agrees with its count.
        foreach (var histogram in new[]
                 {
                     "actorvision_camera_decode_duration_seconds", "actorvision_camera_inference_duration_seconds",
                     "actorvision_camera_analysis_latency_seconds", "actorvision_camera_event_latency_seconds",
                 })
        {
            var count = later.Sum(histogram + "_count", camera);
            Assert.True(count > 0, $"{histogram} has no observations for {id}:\n{Describe(later, id)}");
            Assert.Equal(count, later.Sum(histogram + "_bucket", camera, ("le", "+Inf")));
            Assert.True(later.Sum(histogram + "_sum", camera) > 0, $"{histogram}_sum is 0");
        }
        Assert.Equal(1, later.Sum("actorvision_camera_state", camera, ("state", "running")));

        // Device instruments: the camera's BlazeFace requests ran in batches on the cpu router.
        var device = ("device", "cpu");
        var model = ("model", "face-front");
        Assert.True(later.Sum("actorvision_device_batch_size_count", device, model) > 0, "no batch recorded for face-front on cpu");
        Assert.True(later.Sum("actorvision_device_inference_duration_seconds_count", device, model) > 0);
        Assert.True(later.Sum("actorvision_device_request_latency_seconds_count", device, model) > 0);
        Assert.True(later.Sum("actorvision_device_requests_total", device, model, ("outcome", "completed")) > 0);
        Assert.Single(later.Find("actorvision_device_queue_depth", device, ("priority", "live")));
        Assert.True(later.Sum("actorvision_device_workers", device) >= 1);

        // Capacity: the camera's share of the node's CPU, and the node's capacity with a series per reason to be over it.
        Assert.True(later.Sum("actorvision_camera_demand_cores", camera) >= later.Sum("actorvision_camera_cost_cores", camera) * 0.5);
        Assert.True(later.Sum("actorvision_node_capacity_cores") > 0);
        Assert.NotEmpty(later.Find("actorvision_node_cpu_used_cores"));
        Assert.NotEmpty(later.Find("actorvision_node_headroom_cores"));
        Assert.True(later.Sum("actorvision_node_cameras") >= 1);
        foreach (var reason in new[] { "cpu", "drops", "device_busy", "device_queue" })
            Assert.Single(later.Find("actorvision_node_over_capacity", ("reason", reason)));

        // Node: membership, and CPU, memory and GC from the runtime and process instrumentation.
        Assert.True(later.Sum("actorvision_cluster_members", ("status", "up")) >= 1);
        Assert.NotEmpty(later.Find("process_cpu_time_seconds_total"));
        Assert.NotEmpty(later.Find("process_memory_usage_bytes"));
        Assert.NotEmpty(later.Find("dotnet_gc_collections_total"));
    }

    private static string Describe(PrometheusScrape scrape, string camera) =>
        string.Join('\n', scrape.Samples
            .Where(s => s.Name.StartsWith("actorvision_", StringComparison.Ordinal) && !s.Name.EndsWith("_bucket", StringComparison.Ordinal)
                        && (!s.Labels.TryGetValue("camera", out var c) || c == camera))
            .Select(s => $"{s.Name}{{{string.Join(',', s.Labels.Select(l => $"{l.Key}={l.Value}"))}}} {s.Value}"));
}
