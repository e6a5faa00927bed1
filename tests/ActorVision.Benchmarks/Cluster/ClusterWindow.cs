using System.Diagnostics;
using ActorVision.Benchmarks.EndToEnd;
using ActorVision.Tests;

namespace ActorVision.Benchmarks.Cluster;

/// <summary>What one node did during a measured window.</summary>
/// <param name="Cameras">Cameras running on the node at both ends of the window.</param>
/// <param name="Sustained">Of those, cameras with fewer than 1 % of their due frames dropped or missing.</param>
/// <param name="CpuCores">User + system CPU of the node process over wall time.</param>
public sealed record NodeWindow(string Node, int Cameras, int Sustained, double AnalysedFps, double WorstDropFraction, double CpuCores, double ResidentMb);

/// <summary>
/// Measures node processes over a window: CPU and resident memory from /proc, frames per camera from each node's
/// <c>/metrics</c> (the engine's own counters, exact at the scrape, unlike the status that is sampled every second).
/// A camera counts for the node that reports it running at both ends of the window.
/// </summary>
public static class ClusterWindow
{
    public static async Task<IReadOnlyList<NodeWindow>> MeasureAsync(IReadOnlyList<NodeProcess> nodes, TimeSpan window, double analysisFps, CancellationToken cancellationToken)
    {
        var clients = nodes.Select(n => new HttpClient { BaseAddress = n.HttpAddress }).ToArray();
        try
        {
            var pids = nodes.Select(n => n.ProcessId ?? throw new InvalidOperationException($"node {n.Name} is not running")).ToArray();
            var before = await Task.WhenAll(clients.Select(PrometheusScrape.FetchAsync));
            var cpuBefore = pids.Select(p => ProcessUsage.CpuSeconds(p) ?? double.NaN).ToArray();
            var clock = Stopwatch.StartNew();
            await Task.Delay(window, cancellationToken);
            var cpuAfter = pids.Select(p => ProcessUsage.CpuSeconds(p) ?? double.NaN).ToArray();
            var seconds = clock.Elapsed.TotalSeconds;
            var after = await Task.WhenAll(clients.Select(PrometheusScrape.FetchAsync));
            var due = analysisFps * seconds;

            return nodes.Select((node, i) =>
            {
                var cameras = RunningCameras(before[i]).Intersect(RunningCameras(after[i]), StringComparer.Ordinal).ToArray();
                var drops = cameras.Select(camera =>
                {
                    var analysed = Delta("actorvision_camera_frames_analysed_total", camera);
                    var dropped = Delta("actorvision_camera_frames_dropped_total", camera, ("stage", "analysis"));
                    var droppedFraction = analysed + dropped == 0 ? 1 : dropped / (analysed + dropped);
                    return (Analysed: analysed, Drop: Math.Max(droppedFraction, LoadPoint.MissingFraction(analysed, due)));
                }).ToArray();
                return new NodeWindow(node.Name, cameras.Length, drops.Count(d => d.Drop < Sustain.MaxDropFraction),
                    drops.Sum(d => d.Analysed) / seconds, drops.Length == 0 ? 0 : drops.Max(d => d.Drop),
                    (cpuAfter[i] - cpuBefore[i]) / seconds, ProcessUsage.ResidentBytes(pids[i]) / (1024.0 * 1024));

                double Delta(string metric, string camera, params (string, string)[] labels)
                {
                    var filter = labels.Append(("camera", camera)).ToArray();
                    return after[i].Sum(metric, filter) - before[i].Sum(metric, filter);
                }
            }).ToArray();
        }
        finally
        {
            foreach (var client in clients) client.Dispose();
        }
    }

    /// <summary>Running cameras per node, from every node's <c>/metrics</c> (a node that does not answer counts none).</summary>
    public static async Task<IReadOnlyList<string[]>> RunningPerNodeAsync(IReadOnlyList<NodeProcess> nodes)
    {
        return await Task.WhenAll(nodes.Select(async node =>
        {
            using var client = new HttpClient { BaseAddress = node.HttpAddress, Timeout = TimeSpan.FromSeconds(5) };
            try
            {
                return RunningCameras(await PrometheusScrape.FetchAsync(client)).ToArray();
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                return [];
            }
        }));
    }

    private static IEnumerable<string> RunningCameras(PrometheusScrape scrape) =>
        scrape.Find("actorvision_camera_state", ("state", "running")).Where(s => s.Value >= 1).Select(s => s.Labels["camera"]);
}
